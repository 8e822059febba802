"use server";

import { AuthError } from "next-auth";
import { cookies, headers } from "next/headers";

import { signIn, signOut, SignInRefused } from "@/lib/auth/auth";
import { explicitCallbackUrl } from "@/lib/auth/callback";
import { signedInPath } from "@/lib/auth/landing";
import { CHALLENGE_TTL_MS, GENERIC_FAILURE, signInSchema } from "@/lib/auth/sign-in";
import { formText } from "@/lib/http/values";

/** Carries a two-factor sign-in's challenge from the password step to the code step; HttpOnly, so page scripts never see it. */
const CHALLENGE_COOKIE = "newsdesk.signin-challenge";

export interface SignInState {
  message: string | null;
  email: string;
  /** "code": the password was right, the code is next. "password": email and password (and a code, when the pair is locked). */
  step: "password" | "code";
  /** The email is locked on this address: a two-factor code with the password gets past it. */
  offerCode: boolean;
}

function refusalOf(error: unknown): SignInRefused | null {
  if (!(error instanceof AuthError)) return null;
  const cause = error.cause?.err;
  if (cause instanceof SignInRefused) return cause;
  return error instanceof SignInRefused ? error : null;
}

export async function signInAction(_previous: SignInState, formData: FormData): Promise<SignInState> {
  const email = formText(formData, "email").slice(0, 254);
  // A page the visitor asked for, when it is a safe one; else the landing page for their role,
  // which knows the role only once they are signed in (app/(auth)/signed-in/page.tsx).
  const redirectTo = explicitCallbackUrl(formData.get("callbackUrl")) ?? signedInPath(explicitCallbackUrl(formData.get("from")));
  const jar = await cookies();
  const code = formText(formData, "code").slice(0, 64);

  if (formData.get("step") === "code") {
    const challengeId = jar.get(CHALLENGE_COOKIE)?.value ?? "";
    try {
      await signIn("credentials", { challengeId, code, redirectTo });
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) {
        if (error instanceof AuthError) return { message: GENERIC_FAILURE, email, step: "password", offerCode: false };
        jar.delete(CHALLENGE_COOKIE);
        throw error; // the redirect after a successful sign-in
      }
      if (refused.refusal === "wrong_code") return { message: refused.publicMessage, email, step: "code", offerCode: false };
      jar.delete(CHALLENGE_COOKIE);
      return { message: refused.publicMessage, email, step: "password", offerCode: refused.secondFactorMayHelp };
    }
    return { message: null, email, step: "password", offerCode: false };
  }

  const parsed = signInSchema.safeParse({ email, password: formData.get("password"), code: code || undefined });
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? GENERIC_FAILURE, email, step: "password", offerCode: false };
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, ...(code ? { code } : {}), redirectTo });
  } catch (error) {
    const refused = refusalOf(error);
    if (!refused) {
      if (error instanceof AuthError) return { message: GENERIC_FAILURE, email, step: "password", offerCode: false };
      throw error; // the redirect after a successful sign-in
    }
    if (refused.refusal === "second_factor" && refused.challengeId) {
      const secure = (await headers()).get("x-forwarded-proto") === "https";
      jar.set(CHALLENGE_COOKIE, refused.challengeId, { httpOnly: true, sameSite: "strict", secure, path: "/", maxAge: CHALLENGE_TTL_MS / 1000 });
      return { message: null, email, step: "code", offerCode: false };
    }
    return { message: refused.publicMessage, email, step: "password", offerCode: refused.secondFactorMayHelp || (code !== "" && refused.refusal === "invalid") };
  }
  return { message: null, email, step: "password", offerCode: false };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
