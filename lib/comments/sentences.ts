// The sentences readers are told about comments, each written once: the refusals lib/comments
// throws and the outcome messages the discussion page shows after a redirect (messages.ts) use the
// same words. Code never reads them; it goes by AppError's code and reason.

import { formatDateTime, type DateStyle } from "@/lib/format";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";

export const COMMENT_EMPTY = "Write something before posting: the comment is empty.";
export const COMMENT_NOT_POSTED = "Your comment could not be posted.";
export const COMMENTS_CLOSED = "Comments on this story are closed.";
export const CANNOT_COMMENT = "Your account cannot post comments.";
export const SIGN_IN_TO_COMMENT = "Sign in to comment.";
export const CONFIRM_TO_COMMENT = "Confirm your email to comment: follow the link we sent you when you signed up. You can send a new link from your account page.";
export { STORY_NOT_FOUND };
export const COMMENT_NOT_FOUND = "That comment does not exist.";
export const NOT_OWN_COMMENT = "You can only change your own comments.";
export const COMMENT_REMOVED = "A moderator removed this comment, so it cannot be edited.";
export const EDIT_WINDOW_PASSED = "Comments can be edited for 10 minutes after posting, and that time has passed.";
export const REPORT_REASON_MISSING = "Choose a reason for the report.";
export const REPORT_TEXT_MISSING = "Tell us more: with Other, say what is wrong.";
export const REPORT_OWN_COMMENT = "You cannot report your own comment; you can edit or delete it.";
export const REPORTED_TWICE = "You have already reported this comment. A moderator will look at it.";

/**
 * What a suspended person is told wherever commenting is closed to them (a refused post, the
 * discussion page, their account page): until when (in the newsroom's date style), and the reason
 * given when there is one.
 */
export function suspensionNotice(person: { suspendedUntil: Date | null; statusReason: string | null }, dates: DateStyle): string {
  const until = person.suspendedUntil ? ` until ${formatDateTime(person.suspendedUntil, dates)}` : "";
  const why = person.statusReason ? ` The reason given: ${person.statusReason}` : "";
  return `Your account is suspended${until}: you can read, but not comment or report comments.${why}`;
}
