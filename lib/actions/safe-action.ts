// Every server action runs through here: find who is asking, run the lib function (which checks
// permission and validates), and turn refusals into a typed result the form can show.

import { unstable_rethrow } from "next/navigation";

import { getActor, type Actor } from "@/lib/auth/session";
import { INTERNAL_FAILURE_MESSAGE, isAppError, type AppErrorCode, type AppErrorReason, type FieldErrors } from "@/lib/errors";

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; code: AppErrorCode; reason?: AppErrorReason; message: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

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
        ...(error.reason ? { reason: error.reason } : {}),
        message: error.message,
        ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}),
        ...(error.details ? { details: error.details } : {}),
      };
    }
    console.error("Action failed", error);
    return { ok: false, code: "INTERNAL", message: INTERNAL_FAILURE_MESSAGE };
  }
}
