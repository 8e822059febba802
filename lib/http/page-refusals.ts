// A page's answer to a refusal from lib/: NOT_FOUND is the 404 page (notFound()), FORBIDDEN the 403
// page (forbidden()); anything else is thrown on (the error page).

import { forbidden, notFound } from "next/navigation";

import { isAppError } from "@/lib/errors";

/** What `work` gives, or the page's answer to its refusal. */
export async function refusedAsPage<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    if (isAppError(error) && error.code === "FORBIDDEN") forbidden();
    throw error;
  }
}
