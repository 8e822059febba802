// The inputs of the comment operations, shared by the forms, the JSON endpoint and lib/comments.


import { COMMENT_NOT_FOUND, REPORT_REASON_MISSING, REPORT_TEXT_MISSING } from "./sentences";
import { z } from "zod";

import type { ReportReason } from "@/lib/generated/prisma/enums";
import { plainText } from "@/lib/validation/text";

export const REPORT_REASONS = ["SPAM", "ABUSE", "OFF_TOPIC", "ILLEGAL", "OTHER"] as const satisfies readonly ReportReason[];

export const REPORT_REASON_LABELS: Record<ReportReason, string> = {
  SPAM: "Spam",
  ABUSE: "Abuse or harassment",
  OFF_TOPIC: "Off-topic",
  ILLEGAL: "Illegal content",
  OTHER: "Other",
};

export const REPORT_TEXT_MAX = 1000;

/** A reader may edit their comment for this long after posting it. */
export const EDIT_WINDOW_MS = 10 * 60 * 1000;

export function isWithinEditWindow(createdAt: Date, now: Date = new Date()): boolean {
  return now.getTime() - createdAt.getTime() <= EDIT_WINDOW_MS;
}

export const SORTS = ["oldest", "newest", "replies"] as const;
export type CommentSort = (typeof SORTS)[number];

export const SORT_LABELS: Record<CommentSort, string> = { oldest: "Oldest", newest: "Newest", replies: "Most replied" };

export function parseSort(value: unknown): CommentSort {
  return typeof value === "string" && (SORTS as readonly string[]).includes(value) ? (value as CommentSort) : "oldest";
}

/** An optional id from a form: "" or absent is none. */
export const optionalIdSchema = z.preprocess((value) => (value === "" || value === null ? undefined : value), z.uuid({ error: COMMENT_NOT_FOUND }).optional());

export const postCommentSchema = z.object({
  storyId: z.unknown(),
  parentId: optionalIdSchema,
  body: z.unknown(),
  honeypot: z.string().optional(),
});
export type PostCommentInput = z.input<typeof postCommentSchema>;

export const editCommentSchema = z.object({ commentId: z.string(), body: z.unknown() });
export type EditCommentInput = z.input<typeof editCommentSchema>;

export const deleteCommentSchema = z.object({ commentId: z.string() });

export const reportCommentSchema = z
  .object({
    commentId: z.string(),
    reason: z.enum(REPORT_REASONS, { error: REPORT_REASON_MISSING }),
    text: plainText("Your report")
      .optional()
      .transform((text) => (text ?? "").replace(/\r\n?/g, "\n").trim())
      .refine((text) => text.length <= REPORT_TEXT_MAX, { error: `Keep it under ${REPORT_TEXT_MAX.toLocaleString("en-GB")} characters.`, params: { reason: "REPORT_TOO_LONG" } }),
  })
  .refine((input) => input.reason !== "OTHER" || input.text !== "", { error: REPORT_TEXT_MISSING, path: ["text"], params: { reason: "REPORT_TEXT_MISSING" } });
export type ReportCommentInput = z.input<typeof reportCommentSchema>;
