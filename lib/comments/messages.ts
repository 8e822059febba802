// What readers are told after a comment action without JavaScript: the action redirects with a key
// (?done=posted, ?error=too-long), never with text, and the page turns the key into words. A key
// not in these lists shows nothing, so nothing typed into a URL is ever reflected on the page.

import { AppError } from "@/lib/errors";

import { COMMENT_MAX_LENGTH } from "./text";

export const DONE_MESSAGES = {
  posted: "Your comment is published.",
  replied: "Your reply is published.",
  edited: "Your changes are saved.",
  deleted: "Your comment is deleted. Replies to it stay.",
  reported: "Thank you: your report is with our moderators.",
} as const;
export type DoneKey = keyof typeof DONE_MESSAGES | "held";

export const ERROR_MESSAGES = {
  empty: "Write something before posting: the comment is empty.",
  "too-long": `Comments can be at most ${COMMENT_MAX_LENGTH.toLocaleString("en-GB")} characters. Shorten yours and post again.`,
  banned: "Your comment contains a word we do not allow. Rephrase it and post again.",
  control: "Your comment contains an invisible control character or a broken character: remove it and try again.",
  closed: "Comments on this story are closed.",
  suspended: "Your account is suspended: you can read, but not comment or report comments.",
  rate: "You are doing that too quickly. Wait a minute and try again.",
  "not-found": "That comment is not shown any more.",
  parent: "You can only reply to a comment that is shown on this story.",
  "edit-window": "Comments can be edited for 10 minutes after posting, and that time has passed.",
  "not-own": "You can only change your own comments.",
  removed: "A moderator removed this comment, so it cannot be edited.",
  "report-reason": "Choose a reason for the report.",
  "report-text": "Tell us more: with Other, say what is wrong.",
  "report-long": "Keep the report under 1,000 characters.",
  "report-control": "Your report contains an invisible control character or a broken character: remove it and try again.",
  "report-own": "You cannot report your own comment; you can edit or delete it.",
  "report-twice": "You have already reported this comment. A moderator will look at it.",
  failed: "Your comment could not be posted.",
} as const;
export type ErrorKey = keyof typeof ERROR_MESSAGES;

export function isDoneKey(value: unknown): value is DoneKey {
  return typeof value === "string" && (value === "held" || Object.hasOwn(DONE_MESSAGES, value));
}

export function isErrorKey(value: unknown): value is ErrorKey {
  return typeof value === "string" && Object.hasOwn(ERROR_MESSAGES, value);
}

/** The key for a refusal from lib/comments (its messages are ours, so their openings are stable). */
export function errorKeyOf(error: { code: AppError["code"]; message: string }): ErrorKey {
  const m = error.message;
  if (error.code === "RATE_LIMITED") return "rate";
  if (m.startsWith("Write something")) return "empty";
  if (m.startsWith("Comments can be at most")) return "too-long";
  // lib/validation/text.ts: "… contains a NUL character (U+0000) …", "… contains a broken character …".
  if (m.startsWith("Your comment contains") && /contains (a NUL|an invisible control|a broken) character/.test(m)) return "control";
  if (m.startsWith("Your report contains")) return "report-control";
  if (m.startsWith("Your comment contains")) return "banned";
  if (m.startsWith("Your account is suspended")) return "suspended";
  if (m.startsWith("Comments closed") || m.startsWith("Comments on this story are closed") || m.startsWith("Comments are open only")) return "closed";
  if (m.includes("replying to") || m.startsWith("You can only reply")) return "parent";
  if (m.startsWith("Comments can be edited")) return "edit-window";
  if (m.startsWith("You can only change")) return "not-own";
  if (m.startsWith("A moderator removed")) return "removed";
  if (m.startsWith("Choose a reason")) return "report-reason";
  if (m.startsWith("Tell us more")) return "report-text";
  if (m.startsWith("Keep it under")) return "report-long";
  if (m.startsWith("You cannot report your own")) return "report-own";
  if (m.startsWith("You have already reported")) return "report-twice";
  if (error.code === "NOT_FOUND") return "not-found";
  return "failed";
}
