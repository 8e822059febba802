// One run of words in a word-by-word comparison (lib/stories/diff.ts): added words underlined on
// green, removed words struck through on red, and hidden words that say the same for people who
// cannot see the colour or the line. The history page and the conflict screen name the two sides
// their own way ("added"/"removed", "only in theirs"/"only in yours").

import type { Segment } from "@/lib/stories/diff";

export interface DiffSides {
  /** What the hidden words call added text, e.g. "added" or "only in theirs". */
  added: string;
  removed: string;
}

export function DiffSegment({ segment, sides }: { segment: Segment; sides: DiffSides }) {
  if (segment.kind === "added") {
    return (
      <ins className="rounded-sm bg-green-100 px-0.5 text-green-950 underline decoration-2 underline-offset-2 dark:bg-green-900/60 dark:text-green-50">
        <span className="sr-only">({sides.added}: </span>
        {segment.text}
        <span className="sr-only">)</span>
      </ins>
    );
  }
  if (segment.kind === "removed") {
    return (
      <del className="rounded-sm bg-red-100 px-0.5 text-red-950 line-through decoration-2 dark:bg-red-900/60 dark:text-red-50">
        <span className="sr-only">({sides.removed}: </span>
        {segment.text}
        <span className="sr-only">)</span>
      </del>
    );
  }
  return <span>{segment.text}</span>;
}
