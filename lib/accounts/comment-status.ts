// What a reader is told about one of their own comments, in plain words: whether readers can see
// it and, when they cannot, why. Pure: the account page and its tests share it.

import type { CommentStatus } from "@/lib/generated/prisma/enums";

// Hold reasons as lib/comments records them, in words for the comment's author. Anything not
// listed is shown as recorded (a sentence), or, if it is a code, made readable.
const HOLD_REASON_WORDS: Record<string, string> = {
  PREMODERATED: "comments on this story are checked before they appear",
  PRE_MODERATED: "comments on this story are checked before they appear",
  BANNED_WORD: "it contains a word this site does not allow",
  BANNED_WORDS: "it contains a word this site does not allow",
  SUSPECT_WORD: "it contains a word a moderator checks first",
  SUSPECT_WORDS: "it contains a word a moderator checks first",
  NEW_ACCOUNT_LINK: "it contains a link and your account is less than a day old",
  LINK_FROM_NEW_ACCOUNT: "it contains a link and your account is less than a day old",
  REPEATED: "it repeats a comment you have already posted",
  DUPLICATE: "it repeats a comment you have already posted",
  FIRST_COMMENT: "it is your first comment here, and first comments are checked",
  REPORTED: "several readers reported it",
};

export function describeHoldReason(reason: string): string {
  const known = HOLD_REASON_WORDS[reason] ?? HOLD_REASON_WORDS[reason.toUpperCase().replace(/[\s-]+/g, "_")];
  if (known) return known;
  if (/^[A-Z0-9_]+$/.test(reason)) return reason.toLowerCase().replaceAll("_", " ");
  return reason;
}

export interface OwnCommentState {
  status: CommentStatus;
  holdReasons: readonly string[];
  rejectReason: string | null;
  deletedAt: Date | null;
}

/** One line for the comment's author: "Published", "Waiting for a moderator: …", and so on. */
export function describeOwnCommentStatus(comment: OwnCommentState): string {
  if (comment.deletedAt) return "Deleted by you";
  switch (comment.status) {
    case "APPROVED":
      return "Published";
    case "PENDING": {
      const reasons = [...new Set(comment.holdReasons.map(describeHoldReason))];
      return reasons.length > 0 ? `Waiting for a moderator: ${reasons.join("; ")}` : "Waiting for a moderator";
    }
    case "REJECTED":
      return comment.rejectReason ? `Not published: ${comment.rejectReason}` : "Not published";
    case "SPAM":
      return "Removed as spam";
  }
}
