// Every server action runs through here: find who is asking, run the lib function (which checks
// permission and validates), and turn refusals into a typed result the form can show.

import { unstable_rethrow } from "next/navigation";

import { getActor, type Actor } from "@/lib/auth/session";
import { isAppError, type AppErrorCode, type FieldErrors } from "@/lib/errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode; message: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

export async function runAction<T>(operation: (actor: Actor | null) => Promise<T>): Promise<ActionResult<T>> {
  try {
    const actor = await getActor();
    return { ok: true, data: await operation(actor) };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) {
      return {
        ok: false,
        code: error.code,
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.details ? { details: error.details } : {}),
      };
    }
    console.error("Action failed", error);
    return { ok: false, code: "INVALID_INPUT", message: "Something went wrong on our side. Nothing was saved; try again." };
  }
}
