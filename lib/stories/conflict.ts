// What the conflict screen shows when someone else saved a story after this editor opened it: when
// they saved, in words, and where the two bodies differ, paragraph by paragraph and word by word,
// so each changed paragraph can be taken from their version on its own. Pure: the editor's panel
// (components/editor/conflict-panel.tsx) renders it.

import { alignTokens, diffWords, type Segment } from "@/lib/stories/diff";
import { documentToPlainText, safeParseStoryDocument } from "@/lib/stories/document";

/** A body as the editor holds it (Tiptap JSON): only its top-level blocks are compared. */
export interface BodyJson {
  type?: string;
  content?: unknown[];
  [key: string]: unknown;
}

/** One place where the bodies differ: blocks [mineStart, mineEnd) of yours against [theirsStart, theirsEnd) of theirs. */
export interface BodyChange {
  mineStart: number;
  mineEnd: number;
  theirsStart: number;
  theirsEnd: number;
  /** Yours → theirs, word by word: "removed" words are only in yours, "added" only in theirs. */
  segments: Segment[];
}

/** Past this many block pairs the middle of the bodies is compared as one change. */
const MAX_BLOCK_CELLS = 1_000_000;

function blocksOf(body: BodyJson | null | undefined): unknown[] {
  return Array.isArray(body?.content) ? body.content : [];
}

function blockText(block: unknown): string {
  const parsed = safeParseStoryDocument({ type: "doc", content: [block] });
  return parsed.ok ? documentToPlainText(parsed.document) : "(this part could not be read)";
}

function textOfBlocks(blocks: unknown[]): string {
  return blocks
    .map(blockText)
    .filter((text) => text.trim() !== "")
    .join("\n\n");
}

/**
 * Where the two bodies differ, a change a paragraph where one paragraph of yours stands against one
 * of theirs, so each can be taken on its own; paragraphs only one side has are changes of their own.
 */
export function bodyChanges(mine: BodyJson | null | undefined, theirs: BodyJson | null | undefined): BodyChange[] {
  const a = blocksOf(mine);
  const b = blocksOf(theirs);
  const ops = alignTokens(
    a.map((block) => JSON.stringify(block)),
    b.map((block) => JSON.stringify(block)),
    MAX_BLOCK_CELLS,
  );
  const changes: BodyChange[] = [];
  let i = 0;
  let j = 0;
  let k = 0;
  while (k < ops.length) {
    if (ops[k] === "same") {
      i += 1;
      j += 1;
      k += 1;
      continue;
    }
    const mineStart = i;
    const theirsStart = j;
    while (k < ops.length && ops[k] !== "same") {
      if (ops[k] === "removed") i += 1;
      else j += 1;
      k += 1;
    }
    // Paragraphs that stand against each other are paired one to one; the rest stand alone.
    const pairs = Math.min(i - mineStart, j - theirsStart);
    const ranges: Array<[number, number, number, number]> = [];
    for (let p = 0; p < pairs; p += 1) ranges.push([mineStart + p, mineStart + p + 1, theirsStart + p, theirsStart + p + 1]);
    if (i - mineStart > pairs || j - theirsStart > pairs) ranges.push([mineStart + pairs, i, theirsStart + pairs, j]);
    for (const [ms, me, ts, te] of ranges) {
      changes.push({
        mineStart: ms,
        mineEnd: me,
        theirsStart: ts,
        theirsEnd: te,
        segments: diffWords(textOfBlocks(a.slice(ms, me)), textOfBlocks(b.slice(ts, te))),
      });
    }
  }
  return changes;
}

/** Yours with one change taken from theirs: the paragraphs of that change replaced by their version's. */
export function takeTheirsChange<T extends BodyJson>(mine: T, theirs: BodyJson, change: BodyChange): T {
  const a = blocksOf(mine);
  const b = blocksOf(theirs);
  const content = [...a.slice(0, change.mineStart), ...b.slice(change.theirsStart, change.theirsEnd), ...a.slice(change.mineEnd)];
  return { ...mine, content: content.length > 0 ? content : [{ type: "paragraph" }] };
}

/** "less than a minute ago", "3 minutes ago", "2 hours ago", "4 days ago". */
export function timeAgo(then: Date, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - then.getTime()) / 1000));
  if (seconds < 60) return "less than a minute ago";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? "1 minute ago" : `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return hours === 1 ? "1 hour ago" : `${hours} hours ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? "1 day ago" : `${days} days ago`;
}

/**
 * When a version was saved, in words and on the clock of `timeZone` (the reader's own when
 * undefined): "3 minutes ago, at 10:42", or with the date when it was not today.
 */
export function savedWhen(then: Date, now: Date, timeZone?: string): string {
  const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(then);
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone });
  const sameDay = day.format(then) === day.format(now);
  return `${timeAgo(then, now)}, at ${clock}${sameDay ? "" : ` on ${day.format(then)}`}`;
}
