import type { Metadata } from "next";
import Form from "next/form";
import { notFound } from "next/navigation";

import { RestoreRevisionButton } from "@/components/desk/restore-revision-button";
import { StoryTabs } from "@/components/desk/story-tabs";
import type { Actor } from "@/lib/auth/actor";
import { requirePagePermission } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { formatDateTime, SITE_TIME_ZONE } from "@/lib/format";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { textValue } from "@/lib/http/values";
import { hasChanges, splitParagraphs, type DiffParagraph, type Segment } from "@/lib/stories/diff";
import { getStoryForEdit } from "@/lib/stories/queries";
import { compareRevisions, listRevisions, REVISION_KIND_LABELS, type RevisionComparison, type RevisionSummary } from "@/lib/stories/revisions";
import { isUuid } from "@/lib/validation/uuid";

export const metadata: Metadata = { title: "History" };

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Unchanged paragraphs kept around a change, so it can be read in context. */
const CONTEXT_PARAGRAPHS = 1;

function describeKind(revision: RevisionSummary): string {
  if (revision.kind === "RESTORE" && revision.restoredFrom !== null) return `Restored version ${revision.restoredFrom}`;
  return REVISION_KIND_LABELS[revision.kind];
}

const shortDateTime = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: SITE_TIME_ZONE });

function optionLabel(revision: RevisionSummary): string {
  return `Version ${revision.version} · ${describeKind(revision)} · ${shortDateTime.format(revision.createdAt)}${revision.createdBy ? ` · ${revision.createdBy}` : ""}`;
}

function describeChanged(comparison: RevisionComparison): string {
  const text = [
    ...(hasChanges(comparison.headline) ? ["headline"] : []),
    ...(hasChanges(comparison.standfirst) ? ["standfirst"] : []),
    ...(hasChanges(comparison.body) ? ["body"] : []),
    ...(comparison.otherChanges.length > 0 ? ["other details"] : []),
  ];
  if (text.length === 0) return "Nothing differs between them.";
  const last = text.pop()!;
  return `Changed: ${text.length > 0 ? `${text.join(", ")} and ${last}` : last}.`;
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

function SegmentText({ segment }: { segment: Segment }) {
  // The hidden words say what the colour and line say, for people who cannot see either.
  if (segment.kind === "added") {
    return (
      <ins className="rounded-sm bg-green-100 px-0.5 text-green-950 underline decoration-2 underline-offset-2 dark:bg-green-900/60 dark:text-green-50">
        <span className="sr-only">(added: </span>
        {segment.text}
        <span className="sr-only">)</span>
      </ins>
    );
  }
  if (segment.kind === "removed") {
    return (
      <del className="rounded-sm bg-red-100 px-0.5 text-red-950 line-through decoration-2 dark:bg-red-900/60 dark:text-red-50">
        <span className="sr-only">(removed: </span>
        {segment.text}
        <span className="sr-only">)</span>
      </del>
    );
  }
  return <span>{segment.text}</span>;
}

function Segments({ segments }: { segments: readonly Segment[] }) {
  return segments.map((segment, index) => <SegmentText key={index} segment={segment} />);
}

function BreakNote({ kind }: { kind: "added" | "removed" }) {
  const Tag = kind === "added" ? "ins" : "del";
  return (
    <Tag className={`mr-1 rounded-sm px-1 text-sm no-underline ${kind === "added" ? "bg-green-100 text-green-950 dark:bg-green-900/60 dark:text-green-50" : "bg-red-100 text-red-950 dark:bg-red-900/60 dark:text-red-50"}`}>
      <span aria-hidden="true">¶</span>
      <span className="sr-only">{kind === "added" ? "(new paragraph break)" : "(paragraph break removed)"}</span>
    </Tag>
  );
}

function ParagraphDiff({ paragraph }: { paragraph: DiffParagraph | undefined }) {
  if (!paragraph) return null;
  return (
    <p className="whitespace-pre-wrap">
      {paragraph.breakBefore ? <BreakNote kind={paragraph.breakBefore} /> : null}
      <Segments segments={paragraph.segments} />
    </p>
  );
}

/** Paragraphs that changed, with a little unchanged context; long unchanged stretches are folded into a count. */
function BodyDiff({ paragraphs }: { paragraphs: DiffParagraph[] }) {
  const changed = paragraphs.map((p) => p.breakBefore !== undefined || hasChanges(p.segments));
  const shown = paragraphs.map((_, index) => {
    for (let near = index - CONTEXT_PARAGRAPHS; near <= index + CONTEXT_PARAGRAPHS; near += 1) if (changed[near]) return true;
    return false;
  });
  const blocks: Array<{ kind: "paragraph"; index: number } | { kind: "folded"; count: number; index: number }> = [];
  paragraphs.forEach((_, index) => {
    const last = blocks[blocks.length - 1];
    if (shown[index]) blocks.push({ kind: "paragraph", index });
    else if (last?.kind === "folded") last.count += 1;
    else blocks.push({ kind: "folded", count: 1, index });
  });
  return (
    <div className="space-y-3 font-serif text-lg leading-relaxed">
      {blocks.map((block) =>
        block.kind === "folded" ? (
          <p key={`folded-${block.index}`} className="font-sans text-sm text-[var(--muted)] italic">
            {block.count === 1 ? "1 unchanged paragraph" : `${block.count} unchanged paragraphs`}
          </p>
        ) : (
          <ParagraphDiff key={block.index} paragraph={paragraphs[block.index]} />
        ),
      )}
    </div>
  );
}

function FieldDiff({ title, segments, emptyText }: { title: string; segments: Segment[]; emptyText: string }) {
  return (
    <div>
      <h3 className="text-sm font-bold tracking-wider uppercase">
        {title}
        {hasChanges(segments) ? null : <span className="ml-2 font-normal tracking-normal text-[var(--muted)] normal-case">no change</span>}
      </h3>
      <p className="mt-1 whitespace-pre-wrap">{segments.length === 0 ? <span className="text-[var(--muted)]">{emptyText}</span> : <Segments segments={segments} />}</p>
    </div>
  );
}

function ComparisonView({ comparison }: { comparison: RevisionComparison }) {
  const { from, to } = comparison;
  const bodyChanged = hasChanges(comparison.body);
  return (
    <div className="mt-6 space-y-6">
      <p className="text-sm">
        Changes from <strong>version {from.version}</strong> ({formatDateTime(from.createdAt)}) to <strong>version {to.version}</strong> (
        {formatDateTime(to.createdAt)}).{" "}
        {describeChanged(comparison)}
      </p>
      <p className="text-sm text-[var(--muted)]">
        Added words are <ins className="bg-green-100 text-green-950 underline decoration-2 dark:bg-green-900/60 dark:text-green-50">underlined on green</ins>; removed words are{" "}
        <del className="bg-red-100 text-red-950 line-through decoration-2 dark:bg-red-900/60 dark:text-red-50">struck through on red</del>.
      </p>
      <FieldDiff title="Headline" segments={comparison.headline} emptyText="No headline." />
      <FieldDiff title="Standfirst" segments={comparison.standfirst} emptyText="No standfirst." />
      <div>
        <h3 className="text-sm font-bold tracking-wider uppercase">
          Body
          {bodyChanged ? null : <span className="ml-2 font-normal tracking-normal text-[var(--muted)] normal-case">no change</span>}
        </h3>
        <div className="mt-1">
          {comparison.body.length === 0 ? (
            <p className="text-[var(--muted)]">No body text.</p>
          ) : bodyChanged ? (
            <BodyDiff paragraphs={splitParagraphs(comparison.body)} />
          ) : (
            <p className="text-sm text-[var(--muted)]">The body text is the same in both versions.</p>
          )}
        </div>
      </div>
      <div>
        <h3 className="text-sm font-bold tracking-wider uppercase">Other changes</h3>
        {comparison.otherChanges.length === 0 ? (
          <p className="mt-1 text-sm text-[var(--muted)]">Section, dateline, slug and bylines are the same.</p>
        ) : (
          <ul className="mt-1 list-disc pl-5">
            {comparison.otherChanges.map((change) => (
              <li key={change}>{change}.</li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export default async function StoryHistoryPage({ params, searchParams }: Props) {
  const { id } = await params;
  const actor = await requirePagePermission("desk.open", `/desk/stories/${id}/history`);
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
                      <time dateTime={revision.createdAt.toISOString()}>{formatDateTime(revision.createdAt)}</time>
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
                    {optionLabel(revision)}
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
                    {optionLabel(revision)}
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
          <ComparisonView comparison={comparison} />
        </section>
      ) : null}
    </>
  );
}
