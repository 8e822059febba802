// One error type for every refusal the newsroom makes. Actions turn it into a typed result;
// pages turn NOT_FOUND into notFound() and FORBIDDEN into forbidden() (refusedAsPage).
// The code says what kind of refusal it is; the reason, where code must tell refusals of one kind
// apart, says exactly which; the message is for people and is never read by code.

export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "INVALID_TRANSITION"
  | "RATE_LIMITED"
  /** Not a refusal: something failed that should not have (a bug, the database down). Nothing was saved. */
  | "INTERNAL";

/** What people are told when something failed that should not have (INTERNAL): not their fault, and nothing changed. */
export const INTERNAL_FAILURE_MESSAGE = "Something went wrong on our side. Nothing was saved; try again.";

/** Every reason a refusal can carry. */
export const APP_ERROR_REASONS = [
  // Who may comment (lib/comments/standing.ts, post_comment).
  "SIGNED_OUT",
  "CANNOT_COMMENT",
  "SUSPENDED",
  "EMAIL_UNCONFIRMED",
  // Limits (lib/comments/limits.ts, post_comment).
  "RATE_LIMITED_COMMENTS",
  "RATE_LIMITED_REPORTS",
  // The story and the thread.
  "STORY_NOT_FOUND",
  "STORY_CLOSED",
  "COMMENT_NOT_FOUND",
  "PARENT_NOT_FOUND",
  "PARENT_ELSEWHERE",
  "PARENT_HIDDEN",
  // The comment's text.
  "COMMENT_EMPTY",
  "COMMENT_TOO_LONG",
  "COMMENT_CONTROL_CHARACTER",
  "COMMENT_BANNED_WORD",
  "HONEYPOT",
  // Changing one's own comment.
  "NOT_OWN_COMMENT",
  "EDIT_WINDOW_PASSED",
  "COMMENT_REMOVED",
  "COMMENT_DELETED",
  // Reports.
  "REPORT_REASON_MISSING",
  "REPORT_TEXT_MISSING",
  "REPORT_TOO_LONG",
  "REPORT_CONTROL_CHARACTER",
  "REPORT_OWN_COMMENT",
  "REPORTED_TWICE",
  "REPORT_NOT_SHOWN",
] as const;
export type AppErrorReason = (typeof APP_ERROR_REASONS)[number];

export function isAppErrorReason(value: unknown): value is AppErrorReason {
  return typeof value === "string" && (APP_ERROR_REASONS as readonly string[]).includes(value);
}

export type FieldErrors = Record<string, string[] | undefined>;

/** A validation failure's messages by field (its path's first key; "form" for the input as a whole), in order. */
export function fieldErrorsOf(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return fieldErrors;
}

export interface AppErrorOptions {
  reason?: AppErrorReason;
  fieldErrors?: FieldErrors;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly reason: AppErrorReason | undefined;
  readonly fieldErrors: FieldErrors | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: AppErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.reason = options.reason;
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
