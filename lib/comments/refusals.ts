// The refusals every comment operation shares.

import { AppError } from "@/lib/errors";

export function notFoundStory(): AppError {
  return new AppError("NOT_FOUND", "That story does not exist.");
}

export function notFoundComment(): AppError {
  return new AppError("NOT_FOUND", "That comment does not exist.");
}
