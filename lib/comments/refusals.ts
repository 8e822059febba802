// The refusals every comment operation shares.

import type { z } from "zod";

import { AppError, fieldErrorsOf } from "@/lib/errors";

export function invalid(error: z.ZodError, message = "Some fields need attention."): AppError {
  const fieldErrors = fieldErrorsOf(error);
  const first = Object.values(fieldErrors)[0]?.[0];
  return new AppError("INVALID_INPUT", first ?? message, { fieldErrors });
}

export function notFoundStory(): AppError {
  return new AppError("NOT_FOUND", "That story does not exist.");
}

export function notFoundComment(): AppError {
  return new AppError("NOT_FOUND", "That comment does not exist.");
}
