import type { Metadata } from "next";
import Form from "next/form";
import { notFound } from "next/navigation";

import { RestoreRevisionButton } from "@/components/desk/restore-revision-button";
import { ComparisonView } from "@/components/desk/revision-diff";
import { StoryTabs } from "@/components/desk/story-tabs";
import type { Actor } from "@/lib/auth/actor";
import { requirePagePermission } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDateTime, formatShortDateTime, type DateStyle } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { textValue } from "@/lib/http/values";
import { getStoryForEdit } from "@/lib/stories/queries";
import { compareRevisions, listRevisions, REVISION_KIND_LABELS, type RevisionComparison, type RevisionSummary } from "@/lib/stories/revisions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "History" };

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function describeKind(revision: RevisionSummary): string {
  if (revision.kind === "RESTORE" && revision.restoredFrom !== null) return `Restored version ${revision.restoredFrom}`;
  return REVISION_KIND_LABELS[revision.kind];
}

function optionLabel(revision: RevisionSummary, dates: DateStyle): string {
  return `Version ${revision.version} · ${describeKind(revision)} · ${formatShortDateTime(revision.createdAt, dates)}${revision.createdBy ? ` · ${revision.createdBy}` : ""}`;
}

/** The comparison the URL asks for, or the latest change when it asks for nothing (or for revisions this story does not have). */
async function loadComparison(
  actor: Actor,
  storyId: string,
  revisions: RevisionSummary[],
  asked: { from: string | undefined; to: string | undefined },
): Promise<{ comparison: RevisionComparison | null; problem: string | null }> {
  const latest = revisions[0];
  if (!latest) return { comparison: null, problem: null };
  const defaults = { from: (revisions[1] ?? latest).id, to: latest.id };
  const wanted = { from: asked.from || defaults.from, to: asked.to || defaults.to };
  try {
    return { comparison: await compareRevisions(actor, storyId, wanted.from, wanted.to), problem: null };
  } catch (error) {
    if (!isAppError(error) || error.code !== "NOT_FOUND") throw error;
  }
  const problem = "The revisions in the address are not part of this story’s history, so the latest change is shown instead. Choose revisions from the lists.";
  return { comparison: await refusedAsPage(compareRevisions(actor, storyId, defaults.from, defaults.to)), problem };
}

export default async function StoryHistoryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/desk/stories/${id}/history`);
  const { dates } = await getSiteSettings();
  if (!isUuid(id)) notFound();
  const [story, revisions] = await refusedAsPage(Promise.all([getStoryForEdit(actor, id), listRevisions(actor, id)]));
  const query = await searchParams;
  const { comparison, problem } = await loadComparison(actor, story.id, revisions, { from: textValue(query.from), to: textValue(query.to) });
  const selectClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2";

  return (
    <>
      <h1 className="mb-4 font-serif text-3xl font-bold">{story.headline || "Untitled story"}</h1>
      <StoryTabs storyId={story.id} current="history" />

      <section aria-labelledby="revisions-heading">
        <h2 id="revisions-heading" className="text-xl font-bold">
          Revisions
        </h2>
        <p className="mt-1 text-sm text-[var(--muted)]">
          A revision is kept on every save and publish, and every few minutes while the story is being edited.
          {story.canEdit ? " Restoring one puts its text back as a new version; the story keeps its current slug." : " You can read this history, but not restore revisions of this story."}
        </p>
        {revisions.length === 0 ? (
          <p className="mt-4">This story has no revisions yet.</p>
        ) : (
          <div className="mt-4 overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Revisions of this story, newest first</caption>
              <thead className="border-b border-[var(--rule)]">
                <tr>
                  <th scope="col" className="py-2 pr-3">Version</th>
                  <th scope="col" className="py-2 pr-3">What happened</th>
                  <th scope="col" className="py-2 pr-3">By</th>
                  <th scope="col" className="py-2 pr-3">When</th>
                  <th scope="col" className="py-2 pr-3">Headline</th>
                  {story.canEdit ? (
                    <th scope="col" className="py-2">
                      <span className="sr-only">Restore</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {revisions.map((revision) => (
                  <tr key={revision.id} className="border-b border-[var(--rule)] align-top">
                    <td className="py-2 pr-3 font-semibold">
                      {revision.version}
                      {revision.version === story.version && revision.id === revisions[0]?.id ? <span className="ml-1 font-normal text-[var(--muted)]">(current)</span> : null}
                    </td>
                    <td className="py-2 pr-3">{describeKind(revision)}</td>
                    <td className="py-2 pr-3">{revision.createdBy ?? "A former member of staff"}</td>
                    <td className="py-2 pr-3">
                      <time dateTime={revision.createdAt.toISOString()}>{formatDateTime(revision.createdAt, dates)}</time>
                    </td>
                    <td className="py-2 pr-3">{revision.headline}</td>
                    {story.canEdit ? (
                      <td className="py-2">
                        <RestoreRevisionButton storyId={story.id} revisionId={revision.id} revisionVersion={revision.version} storyVersion={story.version} />
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {comparison ? (
        <section aria-labelledby="compare-heading" className="mt-10 max-w-4xl">
          <h2 id="compare-heading" className="text-xl font-bold">
            Compare revisions
          </h2>
          <Form action={`/desk/stories/${story.id}/history`} className="mt-3 grid items-end gap-4 md:grid-cols-[1fr_1fr_auto]">
            <div>
              <label htmlFor="compare-from" className="block text-sm font-semibold">
                From revision
              </label>
              <select key={comparison.from.id} id="compare-from" name="from" defaultValue={comparison.from.id} className={selectClass}>
                {revisions.map((revision) => (
                  <option key={revision.id} value={revision.id}>
                    {optionLabel(revision, dates)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="compare-to" className="block text-sm font-semibold">
                To revision
              </label>
              <select key={comparison.to.id} id="compare-to" name="to" defaultValue={comparison.to.id} className={selectClass}>
                {revisions.map((revision) => (
                  <option key={revision.id} value={revision.id}>
                    {optionLabel(revision, dates)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
              Compare
            </button>
          </Form>
          {problem ? (
            <p role="alert" className="mt-4 rounded border border-[var(--accent)] p-3 text-sm">
              {problem}
            </p>
          ) : null}
          {revisions.length === 1 ? <p className="mt-4 text-sm">This story has only one revision so far: there is nothing earlier to compare it with.</p> : null}
          <ComparisonView comparison={comparison} dates={dates} />
        </section>
      ) : null}
    </>
  );
}
