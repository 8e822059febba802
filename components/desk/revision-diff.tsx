// A comparison of two revisions of a story as the desk's history page shows it: the headline,
// standfirst and body word by word (lib/stories/diff.ts), added words underlined on green and
// removed ones struck through on red, with words for screen readers, and the other changes listed.

import { formatDateTime, type DateStyle } from "@/lib/format";
import { hasChanges, splitParagraphs, type DiffParagraph, type Segment } from "@/lib/stories/diff";
import type { RevisionComparison } from "@/lib/stories/revisions";
import { DiffSegment, type DiffSides } from "@/components/ui/diff-segment";

/** Unchanged paragraphs kept around a change, so it can be read in context. */
const CONTEXT_PARAGRAPHS = 1;

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

const ADDED_AND_REMOVED: DiffSides = { added: "added", removed: "removed" };

function Segments({ segments }: { segments: readonly Segment[] }) {
  return segments.map((segment, index) => <DiffSegment key={index} segment={segment} sides={ADDED_AND_REMOVED} />);
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

export function ComparisonView({ comparison, dates }: { comparison: RevisionComparison; dates: DateStyle }) {
  const { from, to } = comparison;
  const bodyChanged = hasChanges(comparison.body);
  return (
    <div className="mt-6 space-y-6">
      <p className="text-sm">
        Changes from <strong>version {from.version}</strong> ({formatDateTime(from.createdAt, dates)}) to <strong>version {to.version}</strong> (
        {formatDateTime(to.createdAt, dates)}).{" "}
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
