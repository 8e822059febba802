"use server";

// The account forms' server actions. Both forms work without JavaScript (useActionState posts the
// form and the page re-renders with the returned state); the lib functions do all the checking.

import { AuthError } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";

import { deleteOwnAccount } from "@/lib/accounts/delete";
import { signUpReader } from "@/lib/accounts/signup";
import { runAction } from "@/lib/actions/safe-action";
import { signIn, signOut } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback";
import { isAppError, type FieldErrors } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { formText } from "@/lib/http/values";

export interface SignUpState {
  message: string | null;
  /** The email is taken: the form offers the sign-in link. */
  isDuplicate: boolean;
  fieldErrors: FieldErrors;
  displayName: string;
  email: string;
}

export async function signUpAction(_previous: SignUpState, formData: FormData): Promise<SignUpState> {
  const displayName = formText(formData, "displayName").slice(0, 500);
  const email = formText(formData, "email").slice(0, 254);
  const password = formData.get("password") ?? "";
  const callbackUrl = safeCallbackUrl(formData.get("callbackUrl"));
  let account;
  try {
    account = await signUpReader({ displayName, email, password }, { address: clientAddress(await headers()), honeypot: formData.get("website") });
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { message: error.message, isDuplicate: error.code === "CONFLICT", fieldErrors: error.fieldErrors ?? {}, displayName, email };
  }
  try {
    await signIn("credentials", { email: account.email, password, redirectTo: callbackUrl });
  } catch (error) {
    // The account exists but signing in was refused (say, this address has too many failed
    // sign-ins): the sign-in page says why.
    if (error instanceof AuthError) redirect(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    throw error; // the redirect after a successful sign-in
  }
  return { message: null, isDuplicate: false, fieldErrors: {}, displayName, email };
}

export interface DeleteAccountState {
  message: string | null;
  fieldErrors: FieldErrors;
  comments: string;
}

export async function deleteAccountAction(_previous: DeleteAccountState, formData: FormData): Promise<DeleteAccountState> {
  const comments = formText(formData, "comments");
  const result = await runAction((actor) =>
    deleteOwnAccount(actor, { comments: comments === "" ? undefined : comments, password: formData.get("password") ?? "" }),
  );
  if (!result.ok) return { message: result.message, fieldErrors: result.fieldErrors ?? {}, comments };
  // The front page is the same cached page for everyone, so the confirmation is on the account page.
  await signOut({ redirectTo: "/account?deleted=1" });
  return { message: null, fieldErrors: {}, comments };
}
