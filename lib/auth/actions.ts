"use server";

import { AuthError } from "next-auth";

import { signIn, signOut, SignInRefused } from "@/lib/auth/auth";
import { safeCallbackUrl } from "@/lib/auth/callback";
import { GENERIC_FAILURE, signInSchema } from "@/lib/auth/sign-in";

export interface SignInState {
  message: string | null;
  email: string;
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = String(formData.get("email") ?? "").slice(0, 254);
  const parsed = signInSchema.safeParse({ email, password: formData.get("password") });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? GENERIC_FAILURE, email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackUrl(formData.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) {
      const cause = error.cause?.err;
      if (cause instanceof SignInRefused) return { message: cause.publicMessage, email };
      if (error instanceof SignInRefused) return { message: error.publicMessage, email };
      return { message: GENERIC_FAILURE, email };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { message: null, email };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
