// One error type for every refusal the newsroom makes. Actions turn it into a typed result;
// pages turn NOT_FOUND into notFound() and FORBIDDEN into forbidden().

export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "INVALID_INPUT"
  | "INVALID_TRANSITION"
  | "RATE_LIMITED";

export type FieldErrors = Record<string, string[] | undefined>;

/** A validation failure's messages by field (its path's first key; "form" for the input as a whole), in order. */
export function fieldErrorsOf(error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> }): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) (fieldErrors[String(issue.path[0] ?? "form")] ??= []).push(issue.message);
  return fieldErrors;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fieldErrors: FieldErrors | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
