"use server";

// The account page's session and security forms. Public endpoints: every lib function checks who
// is asking (and that they may) and validates its input; these only pass the form through.

import { revalidatePath } from "next/cache";

import { changeOwnPassword } from "@/lib/accounts/password";
import { runAction } from "@/lib/actions/safe-action";
import { endOtherSessions, endOwnSession } from "@/lib/auth/sessions";
import { beginTwoFactorEnrolment, confirmTwoFactorEnrolment, disableTwoFactor } from "@/lib/auth/two-factor";
import type { FieldErrors } from "@/lib/errors";
import { formText } from "@/lib/http/values";

export type AccountFormState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors };

function refused(attempt: number, result: { message: string; fieldErrors?: FieldErrors }): AccountFormState {
  return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {} };
}

export async function changePasswordAction(previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => changeOwnPassword(actor, { currentPassword: formText(form, "currentPassword"), newPassword: formText(form, "newPassword") }));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  const ended = result.data.endedSessions;
  const others = ended === 0 ? "" : ended === 1 ? " Your other session has been signed out." : ` Your ${ended} other sessions have been signed out.`;
  return { status: "done", attempt, message: `Your password has been changed.${others}` };
}

export async function endSessionAction(previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => endOwnSession(actor, { sessionId: formText(form, "sessionId") }));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  return { status: "done", attempt, message: "That session has been signed out." };
}

export async function endOtherSessionsAction(previous: AccountFormState): Promise<AccountFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => endOtherSessions(actor));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  const ended = result.data.ended;
  return { status: "done", attempt, message: ended === 0 ? "You were not signed in anywhere else." : `Signed out everywhere else (${ended} ${ended === 1 ? "session" : "sessions"}).` };
}

export async function beginTwoFactorAction(previous: AccountFormState): Promise<AccountFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => beginTwoFactorEnrolment(actor));
  if (!result.ok) return refused(attempt, result);
  // The page shows the pending secret (getTwoFactorState): it is re-rendered, not returned here.
  revalidatePath("/account");
  return { status: "done", attempt, message: "Add the key to your authenticator app, then enter the code it shows." };
}

export type ConfirmTwoFactorState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; recoveryCodes: string[] }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors };

export async function confirmTwoFactorAction(previous: ConfirmTwoFactorState, form: FormData): Promise<ConfirmTwoFactorState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => confirmTwoFactorEnrolment(actor, { code: formText(form, "code") }));
  if (!result.ok) return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {} };
  revalidatePath("/account");
  return { status: "done", attempt, recoveryCodes: result.data.recoveryCodes };
}

export async function disableTwoFactorAction(previous: AccountFormState, form: FormData): Promise<AccountFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => disableTwoFactor(actor, { password: formText(form, "password"), code: formText(form, "code") }));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  return { status: "done", attempt, message: "Two-factor sign-in is off." };
}
