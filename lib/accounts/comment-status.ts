// What a reader is told about one of their own comments, in plain words: whether readers can see
// it and, when they cannot, why. The hold reasons' words come from lib/comments/holds.ts, the same
// words the author saw when posting. Pure: the account page and its tests share it.

import { holdExplanation } from "@/lib/comments/holds";
import type { CommentStatus } from "@/lib/generated/prisma/enums";

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
    case "PENDING":
      return `Waiting for a moderator: ${holdExplanation(comment.holdReasons)}`;
    case "REJECTED":
      return comment.rejectReason ? `Not published: ${comment.rejectReason}` : "Not published";
    case "SPAM":
      return "Removed as spam";
  }
}
