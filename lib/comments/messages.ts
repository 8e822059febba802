// What readers are told after a comment action without JavaScript: the action redirects with a key
// (?done=posted, ?error=too-long), never with text, and the page turns the key into words. A key
// not in these lists shows nothing, so nothing typed into a URL is ever reflected on the page.

import { DEFAULT_DATE_STYLE } from "@/lib/format";
import { INTERNAL_FAILURE_MESSAGE, type AppErrorCode, type AppErrorReason } from "@/lib/errors";

import {
  COMMENT_EMPTY,
  COMMENT_NOT_POSTED,
  COMMENT_REMOVED,
  COMMENTS_CLOSED,
  CONFIRM_TO_COMMENT,
  EDIT_WINDOW_PASSED,
  NOT_OWN_COMMENT,
  REPORT_OWN_COMMENT,
  REPORT_REASON_MISSING,
  REPORT_TEXT_MISSING,
  REPORTED_TWICE,
  suspensionNotice,
} from "./sentences";
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
  empty: COMMENT_EMPTY,
  "too-long": `Comments can be at most ${COMMENT_MAX_LENGTH.toLocaleString("en-GB")} characters. Shorten yours and post again.`,
  banned: "Your comment contains a word we do not allow. Rephrase it and post again.",
  control: "Your comment contains an invisible control character or a broken character: remove it and try again.",
  closed: COMMENTS_CLOSED,
  suspended: suspensionNotice({ suspendedUntil: null, statusReason: null }, DEFAULT_DATE_STYLE),
  unconfirmed: CONFIRM_TO_COMMENT,
  rate: "You are doing that too quickly. Wait a minute and try again.",
  "not-found": "That comment is not shown any more.",
  parent: "You can only reply to a comment that is shown on this story.",
  "edit-window": EDIT_WINDOW_PASSED,
  "not-own": NOT_OWN_COMMENT,
  removed: COMMENT_REMOVED,
  "report-reason": REPORT_REASON_MISSING,
  "report-text": REPORT_TEXT_MISSING,
  "report-long": "Keep the report under 1,000 characters.",
  "report-control": "Your report contains an invisible control character or a broken character: remove it and try again.",
  "report-own": REPORT_OWN_COMMENT,
  "report-twice": REPORTED_TWICE,
  failed: COMMENT_NOT_POSTED,
  internal: INTERNAL_FAILURE_MESSAGE,
} as const;
export type ErrorKey = keyof typeof ERROR_MESSAGES;

export function isDoneKey(value: unknown): value is DoneKey {
  return typeof value === "string" && (value === "held" || Object.hasOwn(DONE_MESSAGES, value));
}

export function isErrorKey(value: unknown): value is ErrorKey {
  return typeof value === "string" && Object.hasOwn(ERROR_MESSAGES, value);
}

/** The outcome key of each reason a comment refusal can carry; a reason not here is told by its code. */
const KEY_OF_REASON: Partial<Record<AppErrorReason, ErrorKey>> = {
  COMMENT_EMPTY: "empty",
  COMMENT_TOO_LONG: "too-long",
  COMMENT_CONTROL_CHARACTER: "control",
  COMMENT_BANNED_WORD: "banned",
  SUSPENDED: "suspended",
  EMAIL_UNCONFIRMED: "unconfirmed",
  STORY_CLOSED: "closed",
  PARENT_NOT_FOUND: "parent",
  PARENT_ELSEWHERE: "parent",
  PARENT_HIDDEN: "parent",
  EDIT_WINDOW_PASSED: "edit-window",
  NOT_OWN_COMMENT: "not-own",
  COMMENT_REMOVED: "removed",
  REPORT_REASON_MISSING: "report-reason",
  REPORT_TEXT_MISSING: "report-text",
  REPORT_TOO_LONG: "report-long",
  REPORT_CONTROL_CHARACTER: "report-control",
  REPORT_OWN_COMMENT: "report-own",
  REPORTED_TWICE: "report-twice",
};

/** The key for a refusal from lib/comments, by its reason and code (never by its words). */
export function errorKeyOf(error: { code: AppErrorCode; reason?: AppErrorReason }): ErrorKey {
  if (error.code === "RATE_LIMITED") return "rate";
  if (error.code === "INTERNAL") return "internal";
  const byReason = error.reason ? KEY_OF_REASON[error.reason] : undefined;
  if (byReason) return byReason;
  if (error.code === "NOT_FOUND") return "not-found";
  return "failed";
}
