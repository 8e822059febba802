// A comment is plain text. It is normalised once, when posted or edited (trimmed, line ends made
// LF, at most one blank line between paragraphs), and rendered from the parse below as React text
// nodes and <a> elements: no HTML a reader typed ever reaches a page. Only http(s) URLs become
// links, and links carry rel="nofollow ugc noopener".


import { COMMENT_EMPTY } from "./sentences";
import { createHash } from "node:crypto";

import { AppError } from "@/lib/errors";
import { textProblem } from "@/lib/validation/text";

export const COMMENT_MAX_LENGTH = 5000;
export const COMMENT_LINK_REL = "nofollow ugc noopener";

export type CommentSegment = { kind: "text"; text: string } | { kind: "link"; text: string; href: string };
/** A paragraph is lines (single line breaks kept), each a run of text and link segments. */
export type CommentParagraph = CommentSegment[][];

/** Length as readers count it: characters, not UTF-16 units (an emoji is one). */
export function commentLength(text: string): number {
  return [...text].length;
}

export function normaliseCommentBody(raw: string): string {
  return (
    raw
      .replace(/\r\n?/g, "\n")
      // Control characters other than tab and newline have no place in a comment.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "")
      .split("\n")
      .map((line) => line.replace(/[ \t]+$/, ""))
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trim()
  );
}

/** What is wrong with a body, in words and as a reason, or null. Run on the normalised body. */
export function commentBodyProblem(body: string): { message: string; reason: "COMMENT_EMPTY" | "COMMENT_TOO_LONG" } | null {
  if (body === "") return { message: COMMENT_EMPTY, reason: "COMMENT_EMPTY" };
  const length = commentLength(body);
  if (length > COMMENT_MAX_LENGTH) {
    const message = `Comments can be at most ${COMMENT_MAX_LENGTH.toLocaleString("en-GB")} characters; this one has ${length.toLocaleString("en-GB")}.`;
    return { message, reason: "COMMENT_TOO_LONG" };
  }
  return null;
}

/**
 * Normalises and checks a body, or refuses it (INVALID_INPUT, on the field `body`). A control
 * character other than tab and line breaks, or a broken character, is refused with the reason
 * rather than quietly removed: the author sees what was wrong (lib/validation/text.ts).
 */
export function parseCommentBodyInput(raw: unknown): string {
  if (typeof raw !== "string") throw new AppError("INVALID_INPUT", COMMENT_EMPTY, { reason: "COMMENT_EMPTY", fieldErrors: { body: [COMMENT_EMPTY] } });
  const refused = textProblem(raw, "Your comment", "lines");
  if (refused) throw new AppError("INVALID_INPUT", refused, { reason: "COMMENT_CONTROL_CHARACTER", fieldErrors: { body: [refused] } });
  const body = normaliseCommentBody(raw);
  const problem = commentBodyProblem(body);
  if (problem) throw new AppError("INVALID_INPUT", problem.message, { reason: problem.reason, fieldErrors: { body: [problem.message] } });
  return body;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?*»”’)\]}]+$/;

/** Cuts sentence punctuation off a URL's end, but keeps a closing bracket the URL itself opened (Wikipedia's "(disambiguation)"). */
function trimUrl(candidate: string): string {
  let url = candidate;
  for (;;) {
    const match = TRAILING_PUNCTUATION.exec(url);
    if (!match) return url;
    const last = url.at(-1)!;
    const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    const opener = pairs[last];
    if (opener && url.split(opener).length - 1 >= url.split(last).length - 1) return url;
    url = url.slice(0, -1);
  }
}

function linkHref(text: string): string | null {
  try {
    const url = new URL(text);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.hostname === "") return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Splits one line into text and link segments. */
export function segmentLine(line: string): CommentSegment[] {
  const segments: CommentSegment[] = [];
  let text = "";
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const start = match.index;
    const candidate = trimUrl(match[0]);
    const href = linkHref(candidate);
    if (!href) continue;
    text += line.slice(last, start);
    if (text !== "") segments.push({ kind: "text", text });
    text = "";
    segments.push({ kind: "link", text: candidate, href });
    last = start + candidate.length;
  }
  text += line.slice(last);
  if (text !== "") segments.push({ kind: "text", text });
  return segments;
}

/** A stored (normalised) body as paragraphs of lines of segments, for rendering. */
export function parseCommentBody(body: string): CommentParagraph[] {
  if (body === "") return [];
  return body.split(/\n{2,}/).map((paragraph) => paragraph.split("\n").map(segmentLine));
}

export function hasLinks(body: string): boolean {
  return parseCommentBody(body).some((p) => p.some((line) => line.some((s) => s.kind === "link")));
}

/** A fingerprint for spotting the same text posted again: case, spacing and line breaks do not count. */
export function bodyHash(body: string): string {
  const canonical = body.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
  return createHash("sha256").update(canonical).digest("hex");
}
