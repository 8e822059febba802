// What a story's comments area lets readers do, and the sentence that tells them why. A story
// takes comments only while it is published and not closed: closed by hand (its policy is CLOSED),
// at a set time (commentsClosedAt), or automatically N days after publication when its section
// says so (Section.commentsCloseAfterDays). Otherwise its own policy decides: OPEN comments appear
// at once and are moderated after; PREMODERATED ones wait for a moderator.


import { COMMENTS_CLOSED } from "./sentences";
import type { CommentPolicy, StoryStatus } from "@/lib/generated/prisma/enums";
import { formatDayMonth, type DateStyle } from "@/lib/format";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface StoryCommentRules {
  status: StoryStatus;
  commentPolicy: CommentPolicy;
  commentsClosedAt: Date | null;
  publishedAt: Date | null;
  commentsCloseAfterDays: number | null;
}

export interface EffectivePolicy {
  policy: CommentPolicy;
  /** The plain-words sentence readers see above the form (or instead of it); null when nothing needs saying. */
  reason: string | null;
  /** When comments close automatically, if they are open now and will close. */
  closesAt: Date | null;
}

function days(n: number): string {
  return n === 1 ? "1 day" : `${n} days`;
}

/**
 * Dates are written without the year (readers know the year of a story they are reading), in the
 * newsroom's style. Posting decides CLOSED in SQL, in the function "post_comment"
 * (prisma/migrations/20261127132700_post_comment_function), which mirrors the three closing cases
 * below and returns the story's rules so this function still words the refusal: change both.
 */
export function effectiveCommentPolicy(story: StoryCommentRules, dates: DateStyle, now: Date = new Date()): EffectivePolicy {
  if (story.status !== "PUBLISHED") {
    return { policy: "CLOSED", reason: "Comments are open only on published stories.", closesAt: null };
  }
  if (story.commentsClosedAt && story.commentsClosedAt <= now) {
    return { policy: "CLOSED", reason: `Comments closed on ${formatDayMonth(story.commentsClosedAt, dates)}.`, closesAt: null };
  }
  if (story.commentPolicy === "CLOSED") {
    return { policy: "CLOSED", reason: COMMENTS_CLOSED, closesAt: null };
  }
  let closesAt: Date | null = story.commentsClosedAt;
  if (story.commentsCloseAfterDays !== null && story.publishedAt) {
    const byAge = new Date(story.publishedAt.getTime() + story.commentsCloseAfterDays * DAY_MS);
    if (byAge <= now) {
      return {
        policy: "CLOSED",
        reason: `Comments closed on ${formatDayMonth(byAge, dates)}, ${days(story.commentsCloseAfterDays)} after publication.`,
        closesAt: null,
      };
    }
    if (!closesAt || byAge < closesAt) closesAt = byAge;
  }
  if (story.commentPolicy === "PREMODERATED") {
    return { policy: "PREMODERATED", reason: "Comments on this story are checked by a moderator before they appear.", closesAt };
  }
  return { policy: "OPEN", reason: null, closesAt };
}
