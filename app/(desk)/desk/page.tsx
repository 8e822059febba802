import Link from "next/link";

import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { listBylineOptions } from "@/lib/bylines/queries";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { textValue } from "@/lib/http/values";
import { listSections } from "@/lib/sections/queries";
import { listDeskStories } from "@/lib/stories/queries";
import { STATUS_LABELS } from "@/lib/stories/workflow";
import { isUuid } from "@/lib/validation/uuid";

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

const fieldClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5";

export default async function DeskPage({ searchParams }: Props) {
  const actor = await requirePagePermission("desk.open", "/desk");
  const params = await searchParams;
  // Anything unrecognised in the address is ignored rather than trusted.
  const statusParam = textValue(params.status) ?? "";
  const status = statusParam in STATUS_LABELS ? (statusParam as StoryStatus) : undefined;
  const sectionParam = textValue(params.section);
  const sectionId = isUuid(sectionParam) ? sectionParam : undefined;
  const bylineParam = textValue(params.byline);
  const bylineId = isUuid(bylineParam) ? bylineParam : undefined;
  const query = (textValue(params.q) ?? "").slice(0, 200);
  const canWrite = can(actor.role, "story.editOwn");
  // A search with a control character in it is refused with the reason; the list is shown unsearched.
  const listed = listDeskStories(actor, { status, sectionId, bylineId, query }).then(
    (found) => ({ found, problem: null }),
    async (error: unknown) => {
      if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
      return { found: await listDeskStories(actor, { status, sectionId, bylineId }), problem: error.message };
    },
  );
  const [{ found: stories, problem }, sections, bylines] = await Promise.all([
    listed,
    listSections(),
    canWrite ? listBylineOptions(actor) : Promise.resolve([]),
  ]);
  const filtered = Boolean(status || sectionId || bylineId || query);

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl font-bold">Stories</h1>
        {can(actor.role, "story.create") ? (
          <Link href="/desk/stories/new" className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
            New story
          </Link>
        ) : null}
      </div>
      {canWrite ? (
        <form method="get" role="search" aria-label="Filter stories" className="mt-4 grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-5">
          <div className="lg:col-span-2">
            <label htmlFor="q" className="font-semibold">
              Search headlines
            </label>
            <input
              id="q"
              name="q"
              type="search"
              defaultValue={problem ? query.replace(/[\p{Cc}\p{Cs}]/gu, "") : query}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? "search-problem" : undefined}
              className={fieldClass}
            />
          </div>
          <div>
            <label htmlFor="status" className="font-semibold">
              Status
            </label>
            <select id="status" name="status" defaultValue={status ?? ""} className={fieldClass}>
              <option value="">Any status</option>
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="section" className="font-semibold">
              Section
            </label>
            <select id="section" name="section" defaultValue={sectionId ?? ""} className={fieldClass}>
              <option value="">Any section</option>
              {sections.map((section) => (
                <option key={section.id} value={section.id}>
                  {section.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="byline" className="font-semibold">
              Byline
            </label>
            <select id="byline" name="byline" defaultValue={bylineId ?? ""} className={fieldClass}>
              <option value="">Any byline</option>
              {bylines.map((byline) => (
                <option key={byline.id} value={byline.id}>
                  {byline.name}
                </option>
              ))}
            </select>
          </div>
          <div className="flex items-end gap-3 lg:col-span-5">
            <button type="submit" className="rounded border border-[var(--ink)] px-4 py-1.5 font-semibold">
              Filter
            </button>
            {filtered ? (
              <Link href="/desk" className="underline">
                Clear filters
              </Link>
            ) : null}
          </div>
        </form>
      ) : null}
      {problem ? (
        <p id="search-problem" role="alert" className="mt-4 font-semibold text-[var(--accent)]">
          {problem}
        </p>
      ) : null}
      {stories.length === 0 ? (
        <p className="mt-6 text-[var(--muted)]">{filtered ? "No stories match these filters." : "No stories to show."}</p>
      ) : (
        <table className="mt-6 w-full text-left text-sm">
          <caption className="sr-only">Stories, most recently changed first</caption>
          <thead className="border-b border-[var(--rule)]">
            <tr>
              <th scope="col" className="py-2 pr-3">Headline</th>
              <th scope="col" className="py-2 pr-3">Status</th>
              <th scope="col" className="py-2 pr-3">Section</th>
              <th scope="col" className="py-2 pr-3">Bylines</th>
              <th scope="col" className="py-2">Last change</th>
            </tr>
          </thead>
          <tbody>
            {stories.map((story) => (
              <tr key={story.id} className="border-b border-[var(--rule)]">
                <td className="py-2 pr-3">
                  <Link href={`/desk/stories/${story.id}`} className="font-semibold underline">
                    {story.headline || "(no headline)"}
                  </Link>
                </td>
                <td className="py-2 pr-3">{STATUS_LABELS[story.status]}</td>
                <td className="py-2 pr-3">{story.section ?? "—"}</td>
                <td className="py-2 pr-3">{story.bylines.join(", ")}</td>
                <td className="py-2">
                  <time dateTime={story.updatedAt.toISOString()}>{formatDateTime(story.updatedAt)}</time>
                  {story.updatedBy ? ` by ${story.updatedBy}` : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
