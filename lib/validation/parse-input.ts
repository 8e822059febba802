// The one way lib functions read input they were handed: a zod schema, and on failure an AppError
// the forms can show (INVALID_INPUT with every field's messages), or another refusal the caller
// names for a field (NOT_FOUND for an id that is not even an id).

import type { z } from "zod";

import { AppError, fieldErrorsOf, isAppErrorReason, type AppErrorReason, type FieldErrors } from "@/lib/errors";

export interface ParseInputOptions {
  /**
   * The refusal's sentence: a fixed one ("Check the highlighted fields."), one made from the field
   * errors, or by default the first problem's own words.
   */
  message?: string | ((fieldErrors: FieldErrors) => string);
  /**
   * Fields whose problems are another refusal: an id that is not even an id names nothing, so it is
   * NOT_FOUND, not INVALID_INPUT. Checked in this order before anything else. "ids.*" is any item of
   * the list ids (a problem with the list itself, empty say, is still INVALID_INPUT).
   */
  fieldRefusals?: Readonly<Record<string, () => AppError>>;
  /**
   * The refusal's reason, by the field of the first problem (the one the sentence speaks of). A
   * refinement can name its own instead: `.refine(check, { error, params: { reason } })`.
   */
  reasons?: Readonly<Record<string, AppErrorReason>>;
}

/** The refusal's sentence for a form whose fields each say what is wrong with them. */
export const FIELDS_NEED_ATTENTION = "Some fields need attention.";

/** The same, for forms that mark the fields at fault (the account forms). */
export const CHECK_HIGHLIGHTED_FIELDS = "Check the highlighted fields.";

function matches(pattern: string, path: ReadonlyArray<PropertyKey>): boolean {
  const [field, rest] = pattern.split(".", 2);
  if (String(path[0]) !== field) return false;
  return rest === "*" ? path.length > 1 : true;
}

/** The schema's output for this input, or the refusal (AppError) that says what is wrong with it. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, options: ParseInputOptions = {}): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  for (const [pattern, refusal] of Object.entries(options.fieldRefusals ?? {})) {
    if (issues.some((issue) => matches(pattern, issue.path))) throw refusal();
  }
  const fieldErrors = fieldErrorsOf(parsed.error);
  const message =
    typeof options.message === "function" ? options.message(fieldErrors) : (options.message ?? issues[0]?.message ?? FIELDS_NEED_ATTENTION);
  const first = issues[0];
  const own: unknown = first?.code === "custom" ? first.params?.reason : undefined;
  const reason = isAppErrorReason(own) ? own : options.reasons?.[String(first?.path[0])];
  throw new AppError("INVALID_INPUT", message, { fieldErrors, ...(reason ? { reason } : {}) });
}
