// What the moderation queue shows of each comment, in words and formatted dates, built on the
// server so the browser renders exactly what the server did (one time zone, one clock).

import { HOLD_LABELS, isHoldCode } from "@/lib/comments/holds";
import { REPORT_REASON_LABELS } from "@/lib/comments/schemas";
import { formatDate, formatDateTime, type DateStyle } from "@/lib/format";
import type { CommentPolicy, CommentStatus, UserStatus } from "@/lib/generated/prisma/enums";
import type { ModerationItem } from "@/lib/moderation/queries";

export const COMMENT_STATUS_LABELS: Record<CommentStatus, string> = {
  PENDING: "Pending",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  SPAM: "Spam",
};

export const POLICY_LABELS: Record<CommentPolicy, string> = {
  OPEN: "Comments open",
  PREMODERATED: "Comments pre-moderated",
  CLOSED: "Comments closed",
};

const PERSON_STATUS_LABELS: Record<UserStatus, string> = { ACTIVE: "Active", SUSPENDED: "Suspended", BANNED: "Banned" };

export interface QueueItemView {
  id: string;
  authorName: string;
  body: string;
  status: string;
  created: { iso: string; text: string };
  edited: string | null;
  deleted: string | null;
  isDeleted: boolean;
  holdReasons: string[];
  rejectReason: string | null;
  story: { id: string; headline: string; href: string; policy: string; isClosed: boolean };
  parent: { authorName: string; excerpt: string; deleted: boolean } | null;
  author: {
    id: string;
    /** A reader who is not suspended or banned now: the queue offers to suspend them. */
    suspendable: boolean;
    joined: string;
    age: string;
    status: string;
    approved: number;
    rejected: number;
    spam: number;
  } | null;
  reports: Array<{ id: string; reason: string; text: string }>;
}

/** "3 days", "5 months", "under an hour": how long an account has existed. */
export function describeAge(since: Date, now: Date): string {
  const hours = Math.floor((now.getTime() - since.getTime()) / 3_600_000);
  if (hours < 1) return "under an hour";
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} days`;
  const months = Math.floor(days / 30.4);
  if (months < 24) return `${months} months`;
  return `${Math.floor(days / 365)} years`;
}

export function holdLabel(code: string): string {
  return isHoldCode(code) ? HOLD_LABELS[code] : code;
}

export function toQueueItemView(item: ModerationItem, now: Date, dates: DateStyle): QueueItemView {
  return {
    id: item.id,
    authorName: item.author?.displayName ?? "a deleted account",
    body: item.body,
    status: COMMENT_STATUS_LABELS[item.status],
    created: { iso: item.createdAt.toISOString(), text: formatDateTime(item.createdAt, dates) },
    edited: item.editedAt ? formatDateTime(item.editedAt, dates) : null,
    deleted: item.deletedAt ? formatDateTime(item.deletedAt, dates) : null,
    isDeleted: item.deletedAt !== null,
    holdReasons: item.holdReasons.map(holdLabel),
    rejectReason: item.rejectReason,
    story: {
      id: item.story.id,
      headline: item.story.headline || "(no headline)",
      href: item.story.href,
      policy: POLICY_LABELS[item.story.commentPolicy],
      isClosed: item.story.commentPolicy === "CLOSED",
    },
    parent: item.parent ? { authorName: item.parent.authorName ?? "a deleted account", excerpt: item.parent.excerpt, deleted: item.parent.deleted } : null,
    author: item.author
      ? {
          id: item.author.id,
          suspendable:
            item.author.role === "READER" &&
            (item.author.status === "ACTIVE" ||
              (item.author.status === "SUSPENDED" && item.author.suspendedUntil !== null && item.author.suspendedUntil <= now)),
          joined: formatDate(item.author.joinedAt, dates),
          age: describeAge(item.author.joinedAt, now),
          status:
            item.author.status === "SUSPENDED" && item.author.suspendedUntil
              ? `Suspended until ${formatDateTime(item.author.suspendedUntil, dates)}`
              : PERSON_STATUS_LABELS[item.author.status],
          approved: item.author.approved,
          rejected: item.author.rejected,
          spam: item.author.spam,
        }
      : null,
    reports: item.reports.map((report) => ({ id: report.id, reason: REPORT_REASON_LABELS[report.reason], text: report.text })),
  };
}
