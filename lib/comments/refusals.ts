// The refusals every comment operation shares.

import { COMMENT_NOT_FOUND, COMMENTS_CLOSED, SIGN_IN_TO_COMMENT, STORY_NOT_FOUND } from "./sentences";
import { AppError } from "@/lib/errors";

import type { EffectivePolicy } from "./policy";

export function notFoundStory(): AppError {
  return new AppError("NOT_FOUND", STORY_NOT_FOUND, { reason: "STORY_NOT_FOUND" });
}

export function notFoundComment(): AppError {
  return new AppError("NOT_FOUND", COMMENT_NOT_FOUND, { reason: "COMMENT_NOT_FOUND" });
}

/** The story takes no comments now: in the words of its rules (closed on a date, only on published stories…). */
export function closedRefusal(effective: EffectivePolicy): AppError {
  return new AppError("FORBIDDEN", (effective.policy === "CLOSED" ? effective.reason : null) ?? COMMENTS_CLOSED, { reason: "STORY_CLOSED" });
}

/** The author is unknown: no such account, or (post_comment) a banned one or a session that no longer stands. */
export function signInToComment(): AppError {
  return new AppError("UNAUTHENTICATED", SIGN_IN_TO_COMMENT, { reason: "SIGNED_OUT" });
}
