// Word-level differences between two texts, for revision history: what an editor reads as "these
// words went, these came". A paragraph break ("\n\n" in bodyText) is a token of its own, so
// paragraphs line up and the result can be shown paragraph by paragraph (splitParagraphs).

export type SegmentKind = "same" | "added" | "removed";

export interface Segment {
  kind: SegmentKind;
  text: string;
}

/**
 * Largest comparison table (old tokens × new tokens, after the common start and end are set aside)
 * compared word by word in one go. Beyond it the texts are compared paragraph by paragraph first,
 * then word by word inside the paragraphs that changed. 4 million cells is about 8 MB and a few
 * tens of milliseconds.
 */
export const MAX_TABLE_CELLS = 4_000_000;

const PARAGRAPH_BREAK = /(\n{2,})/;
const SPACES = /(\s+)/;
const wordSegmenter = new Intl.Segmenter("en", { granularity: "word" });

function isParagraphBreak(text: string): boolean {
  return text.length >= 2 && /^\n+$/.test(text);
}

/**
 * Splits text into words, runs of spaces, single punctuation marks and paragraph breaks. The
 * Unicode word rules keep "don't", "3.5" and emoji sequences (👍🏽, 👩‍👩‍👧) whole. Joining the
 * tokens gives the text back exactly.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const known = new Map<string, string[]>();
  for (const part of text.split(PARAGRAPH_BREAK)) {
    if (part === "") continue;
    if (isParagraphBreak(part)) {
      tokens.push(part);
      continue;
    }
    // Segmenting word by word: the segmenter slows down badly on one long run of text.
    for (const chunk of part.split(SPACES)) {
      if (chunk === "") continue;
      if (/^\s/.test(chunk)) tokens.push(chunk);
      else tokens.push(...splitWords(chunk, known));
    }
  }
  return tokens;
}

// Plain words in Latin, Greek or Cyrillic letters need no segmenter: it would leave them whole.
const PLAIN_WORD = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{M}\p{Nd}]+$/u;

function splitWords(chunk: string, known: Map<string, string[]>): string[] {
  if (PLAIN_WORD.test(chunk)) return [chunk];
  let words = known.get(chunk);
  if (!words) {
    words = Array.from(wordSegmenter.segment(chunk), (s) => s.segment);
    known.set(chunk, words);
  }
  return words;
}

type Op = { kind: SegmentKind; text: string };

/**
 * The edit script between two token lists: the longest common subsequence by a table, after
 * setting aside the common start and end (most revisions change a little in the middle).
 * Null when the table would be larger than `maxCells`: the caller then compares coarser units.
 */
function diffTokens(a: readonly string[], b: readonly string[], maxCells: number): Op[] | null {
  return editScript(a, b, maxCells, "give-up");
}

/**
 * The same edit script as a list of kinds, for callers that align their own units (the conflict
 * screen's paragraphs). Past `maxCells` the middle between the common ends counts as removed, then
 * added, instead of giving up.
 */
export function alignTokens(a: readonly string[], b: readonly string[], maxCells: number): SegmentKind[] {
  return editScript(a, b, maxCells, "replace-middle")!.map((op) => op.kind);
}

function editScript(a: readonly string[], b: readonly string[], maxCells: number, tooLarge: "give-up" | "replace-middle"): Op[] | null {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const n = endA - start;
  const m = endB - start;
  const overflow = n > 0 && m > 0 && n * m > maxCells;
  if (overflow && tooLarge === "give-up") return null;

  const ops: Op[] = [];
  for (let i = 0; i < start; i += 1) ops.push({ kind: "same", text: a[i]! });
  if (overflow || n === 0 || m === 0) {
    for (let i = start; i < endA; i += 1) ops.push({ kind: "removed", text: a[i]! });
    for (let j = start; j < endB; j += 1) ops.push({ kind: "added", text: b[j]! });
  } else {
    ops.push(...lcsOps(a.slice(start, endA), b.slice(start, endB)));
  }
  for (let i = endA; i < a.length; i += 1) ops.push({ kind: "same", text: a[i]! });
  return ops;
}

function lcsOps(a: readonly string[], b: readonly string[]): Op[] {
  // Tokens as numbers: comparing small integers in the inner loop is much cheaper than strings.
  const ids = new Map<string, number>();
  const idOf = (token: string) => {
    let id = ids.get(token);
    if (id === undefined) {
      id = ids.size;
      ids.set(token, id);
    }
    return id;
  };
  const x = Int32Array.from(a, idOf);
  const y = Int32Array.from(b, idOf);
  const n = x.length;
  const m = y.length;
  const width = m + 1;
  // table[i * width + j] = length of the common subsequence of x[i..] and y[j..].
  const table = Math.min(n, m) < 65_535 ? new Uint16Array((n + 1) * width) : new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    const row = i * width;
    const below = row + width;
    const xi = x[i];
    for (let j = m - 1; j >= 0; j -= 1) {
      table[row + j] = xi === y[j] ? table[below + j + 1]! + 1 : Math.max(table[below + j]!, table[row + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) {
      ops.push({ kind: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (table[(i + 1) * width + j]! >= table[i * width + j + 1]!) {
      // On a tie, removals first: "old words, then new words" reads best.
      ops.push({ kind: "removed", text: a[i]! });
      i += 1;
    } else {
      ops.push({ kind: "added", text: b[j]! });
      j += 1;
    }
  }
  for (; i < n; i += 1) ops.push({ kind: "removed", text: a[i]! });
  for (; j < m; j += 1) ops.push({ kind: "added", text: b[j]! });
  return ops;
}

function wholeReplacement(removed: string, added: string): Op[] {
  return [
    ...(removed ? [{ kind: "removed" as const, text: removed }] : []),
    ...(added ? [{ kind: "added" as const, text: added }] : []),
  ];
}

/** Too large to compare word by word at once: line paragraphs up first, then compare the words of the ones that changed. */
function diffByParagraph(oldText: string, newText: string, maxCells: number): Op[] {
  const units = (text: string) => text.split(PARAGRAPH_BREAK).filter((part) => part !== "");
  const paragraphs = diffTokens(units(oldText), units(newText), maxCells);
  if (!paragraphs) return wholeReplacement(oldText, newText);

  const ops: Op[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed === "" && added === "") return;
    const words = diffTokens(tokenize(removed), tokenize(added), maxCells);
    ops.push(...(words ?? wholeReplacement(removed, added)));
    removed = "";
    added = "";
  };
  for (const op of paragraphs) {
    if (op.kind === "same") {
      flush();
      ops.push(op);
    } else if (op.kind === "removed") {
      removed += op.text;
    } else {
      added += op.text;
    }
  }
  flush();
  return ops;
}

/**
 * Makes the edit script read like an editor's markup: spaces between two changes join them
 * ("~~quick brown~~ slow red", not "~~quick~~ slow ~~brown~~ red"), each run of changes shows
 * what was removed before what was added, and neighbours of one kind are merged.
 */
function tidy(ops: readonly Op[]): Segment[] {
  const merged = mergeNeighbours(ops);
  const result: Op[] = [];
  let removed = "";
  let added = "";
  const flush = () => {
    if (removed) result.push({ kind: "removed", text: removed });
    if (added) result.push({ kind: "added", text: added });
    removed = "";
    added = "";
  };
  merged.forEach((op, index) => {
    if (op.kind === "removed") {
      removed += op.text;
    } else if (op.kind === "added") {
      added += op.text;
    } else if (isJoiningSpace(op.text) && index > 0 && index < merged.length - 1) {
      // Between two changes (neighbours are never "same" after merging): part of both.
      removed += op.text;
      added += op.text;
    } else {
      flush();
      result.push(op);
    }
  });
  flush();
  return mergeNeighbours(result);
}

function isJoiningSpace(text: string): boolean {
  return /^\s+$/.test(text) && !text.includes("\n\n");
}

function mergeNeighbours(ops: readonly Op[]): Segment[] {
  const segments: Segment[] = [];
  for (const op of ops) {
    if (op.text === "") continue;
    const last = segments[segments.length - 1];
    if (last && last.kind === op.kind) last.text += op.text;
    else segments.push({ kind: op.kind, text: op.text });
  }
  return segments;
}

/**
 * The word-level difference between two texts. Joining the "same" and "removed" segments gives
 * the old text back; joining "same" and "added" gives the new one.
 */
export function diffWords(oldText: string, newText: string, options: { maxCells?: number } = {}): Segment[] {
  const maxCells = options.maxCells ?? MAX_TABLE_CELLS;
  if (oldText === newText) return oldText === "" ? [] : [{ kind: "same", text: oldText }];
  const ops = diffTokens(tokenize(oldText), tokenize(newText), maxCells) ?? diffByParagraph(oldText, newText, maxCells);
  return tidy(ops);
}

/** True when the segments record any change. */
export function hasChanges(segments: readonly Segment[]): boolean {
  return segments.some((segment) => segment.kind !== "same");
}

export interface DiffParagraph {
  segments: Segment[];
  /** Set when this paragraph was split off from (added) or joined to (removed) the one before. */
  breakBefore?: "added" | "removed";
}

/**
 * The segments cut at paragraph breaks, for showing a body paragraph by paragraph. A break that
 * was itself added or removed is noted on the paragraph after it, unless a whole paragraph was
 * added or removed there (that already says it).
 */
export function splitParagraphs(segments: readonly Segment[]): DiffParagraph[] {
  const paragraphs: Array<{ segments: Segment[]; breakKind: SegmentKind | null }> = [{ segments: [], breakKind: null }];
  for (const segment of segments) {
    for (const part of segment.text.split(PARAGRAPH_BREAK)) {
      if (part === "") continue;
      if (isParagraphBreak(part)) {
        paragraphs.push({ segments: [], breakKind: segment.kind });
      } else {
        paragraphs[paragraphs.length - 1]!.segments.push({ kind: segment.kind, text: part });
      }
    }
  }
  const isWhollyOf = (paragraph: { segments: Segment[] } | undefined, kind: SegmentKind) =>
    paragraph !== undefined && paragraph.segments.length > 0 && paragraph.segments.every((s) => s.kind === kind);
  return paragraphs
    .map((paragraph, index) => {
      const { breakKind } = paragraph;
      const noteBreak =
        breakKind !== null && breakKind !== "same" && !isWhollyOf(paragraph, breakKind) && !isWhollyOf(paragraphs[index - 1], breakKind);
      return noteBreak ? { segments: paragraph.segments, breakBefore: breakKind } : { segments: paragraph.segments };
    })
    .filter((paragraph) => paragraph.segments.length > 0 || paragraph.breakBefore !== undefined);
}
