"use server";

// The forms of email and one-time links: forgot and reset password, confirming an email, the
// notification preferences, unsubscribing, and the admin's confirmation setting. Public
// endpoints: each lib function checks who is asking (or the link's token) and validates its input.

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";

import { confirmEmail, resendConfirmation, updateEmailConfirmationSetting } from "@/lib/accounts/confirm-email";
import { requestPasswordReset, resetPassword } from "@/lib/accounts/password-reset";
import { KIND_LABEL, unsubscribe, updateEmailPreferences } from "@/lib/email/notifications";
import { CONFIRMATION_SENT, EMAIL_CONFIRMED, PASSWORD_RESET_DONE } from "@/lib/email/sentences";
import { runAction } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { formText } from "@/lib/http/values";

export type EmailFormState =
  | { status: "idle"; attempt: number }
  | { status: "done"; attempt: number; message: string }
  | { status: "refused"; attempt: number; message: string; fieldErrors: FieldErrors };

function refused(attempt: number, result: { message: string; fieldErrors?: FieldErrors }): EmailFormState {
  return { status: "refused", attempt, message: result.message, fieldErrors: result.fieldErrors ?? {} };
}

function raw(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export async function requestPasswordResetAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const address = clientAddress(await headers());
  const result = await runAction(() => requestPasswordReset({ email: formText(form, "email").slice(0, 500) }, { address }));
  if (!result.ok) return refused(attempt, result);
  return { status: "done", attempt, message: result.data.message };
}

export async function resetPasswordAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction(() =>
    resetPassword({ token: formText(form, "token"), newPassword: raw(form, "newPassword"), confirmPassword: raw(form, "confirmPassword") }),
  );
  if (!result.ok) return refused(attempt, result);
  return { status: "done", attempt, message: PASSWORD_RESET_DONE };
}

export async function confirmEmailAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction(() => confirmEmail(formText(form, "token")));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  return { status: "done", attempt, message: EMAIL_CONFIRMED };
}

export async function resendConfirmationAction(previous: EmailFormState): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => resendConfirmation(actor));
  if (!result.ok) return refused(attempt, result);
  return { status: "done", attempt, message: CONFIRMATION_SENT };
}

export async function saveEmailPreferencesAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  // An unticked box sends nothing: that means "no". Only staff's form has the mention box (and says so).
  const choices = {
    emailOnReply: form.get("emailOnReply") === "on",
    emailOnDecision: form.get("emailOnDecision") === "on",
    ...(form.has("mentionChoice") ? { emailOnMention: form.get("emailOnMention") === "on" } : {}),
  };
  const result = await runAction((actor) => updateEmailPreferences(actor, choices));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/account");
  return { status: "done", attempt, message: "Your email choices are saved." };
}

export async function unsubscribeAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction(() => unsubscribe(formText(form, "token")));
  if (!result.ok) return refused(attempt, result);
  return { status: "done", attempt, message: `Done: we will not email you about ${KIND_LABEL[result.data.kind]} any more. You can turn them on again on your account page.` };
}

export async function saveEmailConfirmationSettingAction(previous: EmailFormState, form: FormData): Promise<EmailFormState> {
  const attempt = previous.attempt + 1;
  const result = await runAction((actor) => updateEmailConfirmationSetting(actor, { requireEmailConfirmation: form.get("requireEmailConfirmation") === "on" }));
  if (!result.ok) return refused(attempt, result);
  revalidatePath("/desk/settings");
  return {
    status: "done",
    attempt,
    message: result.data.requireEmailConfirmation
      ? "Saved. New readers get a confirmation link, and comment once they have followed it."
      : "Saved. New readers can comment without confirming their email.",
  };
}
