import Link from "next/link";
import { redirect } from "next/navigation";

import { LiveRefresh } from "@/components/desk/live-refresh";
import { MyMentions } from "@/components/desk/my-mentions";
import { ScheduledTime } from "@/components/desk/scheduled-time";
import { can } from "@/lib/auth/roles";
import { requirePagePermission } from "@/lib/auth/session";
import { listBylineOptions } from "@/lib/bylines/queries";
import { isAppError } from "@/lib/errors";
import { formatDateTime, type DateStyle } from "@/lib/format";
import { textValue } from "@/lib/http/values";
import { listSections } from "@/lib/sections/queries";
import {
  BOARD_VIEW_LABELS,
  BOARD_VIEW_ORDER,
  listStoryBoard,
  parseBoardInput,
  type BoardInput,
  type BoardStory,
  type BoardView,
} from "@/lib/stories/board";
import { STATUS_LABELS } from "@/lib/stories/workflow";
import { getSiteSettings } from "@/lib/cache/reader";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { FilterSelect, SearchField } from "@/components/ui/filter-fields";
import { IntentLink } from "@/components/ui/intent-link";

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** How often the board reads presence and changes again while the tab is visible. */
const REFRESH_MS = 15_000;

/** A draft may wait for its section until it is published. */
const NO_SECTION = "No section yet";

const fieldClass = "mt-1 w-full min-w-0 rounded border border-[var(--rule)] bg-transparent px-2 py-1.5";

/** Every time the board shows, in one place: the newsroom's zone, as the rest of the desk prints it. */
function boardTime(date: Date, dates: DateStyle): string {
  return formatDateTime(date, dates);
}

function When({ date, dates }: { date: Date; dates: DateStyle }) {
  return <time dateTime={date.toISOString()}>{boardTime(date, dates)}</time>;
}

/** The story's time that matters on the board: when it goes out, or when it went out; null for neither. */
function outTime(story: BoardStory): { label: string; date: Date } | null {
  if (story.status === "SCHEDULED" && story.scheduledFor) return { label: "Goes out", date: story.scheduledFor };
  if (story.publishedAt && (story.status === "PUBLISHED" || story.status === "UNPUBLISHED")) return { label: "Published", date: story.publishedAt };
  return null;
}

function OutTime({ story, newsroomZone, dates }: { story: BoardStory; newsroomZone: string; dates: DateStyle }) {
  const out = outTime(story);
  if (!out) return null;
  // A scheduled time in the newsroom's zone and, where it differs, the reader's own.
  if (story.status === "SCHEDULED") {
    return (
      <>
        {out.label} <ScheduledTime at={out.date.toISOString()} newsroomZone={newsroomZone} dates={dates} />
      </>
    );
  }
  return (
    <>
      {out.label} <When date={out.date} dates={dates} />
    </>
  );
}

/** "Embargoed until …" while an embargo holds, in the newsroom's zone. */
function Embargo({ story, newsroomZone, dates }: { story: BoardStory; newsroomZone: string; dates: DateStyle }) {
  if (!story.embargoUntil) return null;
  return (
    <span className="block font-semibold text-[var(--accent)]" data-testid="board-embargo">
      Embargoed until <ScheduledTime at={story.embargoUntil.toISOString()} newsroomZone={newsroomZone} dates={dates} />
    </span>
  );
}

/** Who has the story open; `labelled` says so in words on screen (the table's column header says it there). */
function OpenBy({ story, labelled = false }: { story: BoardStory; labelled?: boolean }) {
  if (story.openBy.length === 0) return null;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden="true" className="inline-block size-2 shrink-0 rounded-full bg-[var(--accent)]" />
      <span>
        <span className={labelled ? undefined : "sr-only"}>Open now by </span>
        {story.openBy.map((editor) => editor.displayName).join(", ")}
      </span>
    </span>
  );
}

function words(count: number): string {
  return `${count.toLocaleString("en-GB")} ${count === 1 ? "word" : "words"}`;
}

function LastChange({ story, dates }: { story: BoardStory; dates: DateStyle }) {
  return (
    <>
      <When date={story.updatedAt} dates={dates} />
      {story.updatedBy ? ` by ${story.updatedBy}` : null}
    </>
  );
}

export default async function DeskPage({ searchParams }: Props) {
  const actor = await requirePagePermission("desk.open", "/desk");
  // A moderator has no stories: their work is the moderation queue.
  if (!can(actor.role, "story.editOwn")) redirect("/desk/moderation");
  const params = await searchParams;
  const input: BoardInput = {
    view: params.view,
    status: params.status,
    sectionId: params.section,
    bylineId: params.byline,
    query: params.q,
    page: params.page,
  };
  // A search with a control character in it is refused with the reason; the board is shown unsearched.
  const listed = listStoryBoard(actor, input).then(
    (board) => ({ board, problem: null }),
    async (error: unknown) => {
      if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
      return { board: await listStoryBoard(actor, { ...input, query: "" }), problem: error.message };
    },
  );
  const [{ board, problem }, sections, bylines, newsroomZone, { dates }] = await Promise.all([
    listed,
    listSections(),
    listBylineOptions(actor),
    getNewsroomTimeZone(),
    getSiteSettings(),
  ]);
  const filters = problem ? parseBoardInput({ ...input, query: "" }) : parseBoardInput(input);
  const query = (textValue(params.q) ?? "").slice(0, 200);
  const view = board.view;
  const filtered = Boolean(filters.status || filters.sectionId || filters.bylineId || filters.query);

  /** This board's address with some of its parameters changed. */
  const hrefWith = (changes: Record<string, string | number | undefined>): string => {
    const next = new URLSearchParams();
    const current: Record<string, string | number | undefined> = {
      view: view === "all" ? undefined : view,
      q: filters.query || undefined,
      status: filters.status,
      section: filters.sectionId,
      byline: filters.bylineId,
      page: board.page > 1 ? board.page : undefined,
      ...changes,
    };
    for (const [name, value] of Object.entries(current)) if (value !== undefined && value !== "") next.set(name, String(value));
    const search = next.toString();
    return search ? `/desk?${search}` : "/desk";
  };
  const first = board.total === 0 ? 0 : (board.page - 1) * board.pageSize + 1;
  const last = Math.min(board.total, board.page * board.pageSize);

  return (
    <>
      <LiveRefresh intervalMs={REFRESH_MS} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="font-serif text-3xl font-bold">Stories</h1>
        {can(actor.role, "story.create") ? (
          // Prefetched in full (the page and its code) while the board is read: a click opens the
          // editor without a round trip to the server.
          <Link href="/desk/stories/new" prefetch className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] no-underline">
            New story
          </Link>
        ) : null}
      </div>

      <MyMentions actor={actor} dates={dates} />

      <nav aria-label="Saved views" className="mt-4 border-b border-[var(--rule)]">
        <ul className="flex flex-wrap gap-x-1 text-sm">
          {BOARD_VIEW_ORDER.map((name: BoardView) => (
            <li key={name}>
              <Link
                href={name === "all" ? "/desk" : `/desk?view=${name}`}
                aria-current={name === view ? "page" : undefined}
                className="-mb-px inline-block border-b-2 border-transparent px-2 py-2 no-underline hover:underline aria-[current=page]:border-[var(--ink)] aria-[current=page]:font-semibold"
              >
                {BOARD_VIEW_LABELS[name]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <form method="get" role="search" aria-label="Filter stories" className="mt-4 grid grid-cols-2 gap-3 text-sm lg:grid-cols-5">
        {view === "all" ? null : <input type="hidden" name="view" value={view} />}
        <div className="col-span-2 min-w-0">
          <SearchField label="Search headlines" query={query} problem={problem} className={fieldClass} />
        </div>
        {view === "all" ? (
          <div className="min-w-0">
            <FilterSelect
              id="status"
              name="status"
              label="Status"
              anyLabel="Any status"
              value={filters.status ?? ""}
              options={Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label }))}
              className={fieldClass}
            />
          </div>
        ) : null}
        <div className="min-w-0">
          <FilterSelect
            id="section"
            name="section"
            label="Section"
            anyLabel="Any section"
            value={filters.sectionId ?? ""}
            options={sections.map((section) => ({ value: section.id, label: section.name }))}
            className={fieldClass}
          />
        </div>
        <div className="min-w-0">
          <FilterSelect
            id="byline"
            name="byline"
            label="Byline"
            anyLabel="Any byline"
            value={filters.bylineId ?? ""}
            options={bylines.map((byline) => ({ value: byline.id, label: byline.name }))}
            className={fieldClass}
          />
        </div>
        <div className="col-span-2 flex flex-wrap items-end gap-3 lg:col-span-5">
          <button type="submit" className="rounded border border-[var(--ink)] px-4 py-1.5 font-semibold">
            Filter
          </button>
          {filtered ? (
            <Link href={view === "all" ? "/desk" : `/desk?view=${view}`} className="underline">
              Clear filters
            </Link>
          ) : null}
        </div>
      </form>
      {problem ? (
        <p id="search-problem" role="alert" className="mt-4 font-semibold text-[var(--accent)]">
          {problem}
        </p>
      ) : null}

      {board.total === 0 ? (
        <p className="mt-6 text-[var(--muted)]">
          {filtered ? "No stories match these filters." : view === "all" ? "No stories to show." : `Nothing in ${BOARD_VIEW_LABELS[view]} now.`}
        </p>
      ) : (
        <>
          <p className="mt-6 text-sm text-[var(--muted)]">
            {BOARD_VIEW_LABELS[view]}: {first.toLocaleString("en-GB")}–{last.toLocaleString("en-GB")} of {board.total.toLocaleString("en-GB")}{" "}
            {board.total === 1 ? "story" : "stories"}. Updates every {REFRESH_MS / 1000} seconds.
          </p>

          {/* A desk: one row per story. */}
          <table className="board-table mt-3 hidden w-full text-left text-sm md:table">
            <caption className="sr-only">Stories in {BOARD_VIEW_LABELS[view]}</caption>
            <thead>
              <tr>
                <th scope="col">Headline</th>
                <th scope="col">Status</th>
                <th scope="col">Section</th>
                <th scope="col">Bylines</th>
                <th scope="col">Scheduled or published</th>
                <th scope="col">Open now</th>
                <th scope="col" className="text-right">Words</th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {board.stories.map((story) => (
                <tr key={story.id}>
                  <td>
                    <IntentLink href={`/desk/stories/${story.id}`} className="font-semibold underline">
                      {story.headline || "(no headline)"}
                    </IntentLink>
                  </td>
                  <td>
                    {STATUS_LABELS[story.status]}
                    <Embargo story={story} newsroomZone={newsroomZone} dates={dates} />
                  </td>
                  <td>{story.section ?? NO_SECTION}</td>
                  <td>{story.bylines.join(", ")}</td>
                  <td>
                    <OutTime story={story} newsroomZone={newsroomZone} dates={dates} />
                  </td>
                  <td>
                    <OpenBy story={story} />
                  </td>
                  <td className="text-right tabular-nums">{story.wordCount.toLocaleString("en-GB")}</td>
                  <td>
                    <LastChange story={story} dates={dates} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {/* A phone: one card per story. */}
          <ol aria-label={`Stories in ${BOARD_VIEW_LABELS[view]}`} className="board-cards mt-3 grid gap-3 md:hidden">
            {board.stories.map((story) => (
              <li key={story.id}>
                <article aria-labelledby={`card-${story.id}`}>
                  <h2 id={`card-${story.id}`}>
                    <IntentLink href={`/desk/stories/${story.id}`} className="underline">
                      {story.headline || "(no headline)"}
                    </IntentLink>
                  </h2>
                  <p className="font-semibold">
                    {STATUS_LABELS[story.status]} · {story.section ?? NO_SECTION}
                  </p>
                  <Embargo story={story} newsroomZone={newsroomZone} dates={dates} />
                  {story.bylines.length ? <p>{story.bylines.join(", ")}</p> : null}
                  {outTime(story) ? (
                    <p className="muted">
                      <OutTime story={story} newsroomZone={newsroomZone} dates={dates} />
                    </p>
                  ) : null}
                  {story.openBy.length ? (
                    <p>
                      <OpenBy story={story} labelled />
                    </p>
                  ) : null}
                  <p className="muted">
                    {words(story.wordCount)} · Changed <LastChange story={story} dates={dates} />
                  </p>
                </article>
              </li>
            ))}
          </ol>

          {board.pageCount > 1 ? (
            <nav aria-label="Pages" className="mt-6 flex flex-wrap items-center gap-4 text-sm">
              {board.page > 1 ? (
                <Link href={hrefWith({ page: board.page - 1 === 1 ? undefined : board.page - 1 })} rel="prev" className="underline">
                  Previous page
                </Link>
              ) : null}
              <span aria-current="page">
                Page {board.page} of {board.pageCount}
              </span>
              {board.page < board.pageCount ? (
                <Link href={hrefWith({ page: board.page + 1 })} rel="next" className="underline">
                  Next page
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
