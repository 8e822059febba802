// Every text that comes from outside is checked for characters that have no place in it, at
// validation, before anything else reads it: C0 control characters (tab and line breaks only where
// the text may have several lines), DEL, C1 control characters, and lone UTF-16 surrogate halves.
// PostgreSQL refuses a NUL byte in text with an error that says nothing useful, a lone surrogate
// turns silently into U+FFFD on the way to the database, and the others are invisible in a page.
// Each refusal names the field and the character. The zod builders are for schemas; textProblem is
// for code that checks text by hand (the comment body, the story body's text, the search query).
// docs/security.md, "Control characters".

import { z } from "zod";

/** "line": one line (no tab, no line break); "lines": tabs and line breaks allowed. */
export type TextShape = "line" | "lines";

const FORBIDDEN_IN_LINE = /[\u0000-\u001f\u007f-\u009f]/;
const FORBIDDEN_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * Why `text` cannot be taken for a field, in a sentence that starts with the field's name
 * (`field`: "The headline", "Your comment"), or null when it can.
 */
export function textProblem(text: string, field: string, shape: TextShape): string | null {
  if (shape === "line" && /[\n\r]/.test(text)) return `${field} must be on one line: remove the line break.`;
  if (shape === "line" && text.includes("\t")) return `${field} must be on one line: remove the tab.`;
  const control = (shape === "line" ? FORBIDDEN_IN_LINE : FORBIDDEN_IN_LINES).exec(text);
  if (control) {
    const what = control[0] === "\u0000" ? "a NUL character" : "an invisible control character";
    return `${field} contains ${what} (${codePointName(control[0])}): remove it and try again.`;
  }
  if (!text.isWellFormed()) return `${field} contains a broken character (half of a surrogate pair): retype it and try again.`;
  return null;
}

function checked(shape: TextShape, field: string, error?: string) {
  return z
    .string({ error: error ?? `${field} must be text.` })
    .trim()
    .superRefine((value, context) => {
      const problem = textProblem(value, field, shape);
      if (problem) context.addIssue({ code: "custom", message: problem, continue: false });
    });
}

/**
 * One line of text (a headline, a name, a search), trimmed, without control characters. Chain the
 * field's own length rules after it. `error` is the message for a value that is not text at all.
 */
export function singleLine(field: string, options: { error?: string } = {}) {
  return checked("line", field, options.error);
}

/** Text of one or more lines (a report, a reason, a bio), trimmed; tabs and line breaks allowed. */
export function plainText(field: string, options: { error?: string } = {}) {
  return checked("lines", field, options.error);
}
