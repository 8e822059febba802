// next-auth with email and password (and a code, for accounts with two-factor sign-in). The token
// carries the user's id and the id of the session row made at sign-in (lib/auth/sessions.ts):
// role, status and whether that session still stands are read from the database on every request
// (lib/auth/session.ts), so a ban, a role change or a sign-out takes effect on the very next
// request rather than when the token expires.

import "server-only";

import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { revokeSession, SESSION_MAX_AGE_S, startSession } from "@/lib/auth/sessions";
import { authenticate, completeSecondFactor, type SignInResult } from "@/lib/auth/sign-in";
import { clientAddress } from "@/lib/http/client-address";
import { textValue } from "@/lib/http/values";

declare module "next-auth" {
  interface User {
    /** The session row this sign-in made. */
    sid?: string;
  }
}

export type RefusalCode = "invalid" | "banned" | "rate_limited" | "second_factor" | "wrong_code" | "expired";

const CODES: Record<Exclude<SignInResult, { ok: true }>["reason"], RefusalCode> = {
  INVALID: "invalid",
  BANNED: "banned",
  RATE_LIMITED: "rate_limited",
  SECOND_FACTOR: "second_factor",
  WRONG_CODE: "wrong_code",
  EXPIRED: "expired",
};

export class SignInRefused extends CredentialsSignin {
  /** What the person is told. AuthError decorates `message` with a link, so it is kept apart. */
  readonly publicMessage: string;
  readonly refusal: RefusalCode;
  /** SECOND_FACTOR: the challenge the code completes. */
  readonly challengeId: string | null;
  /** RATE_LIMITED on this email and address: a two-factor code with the password gets past it. */
  readonly secondFactorMayHelp: boolean;

  constructor(result: Exclude<SignInResult, { ok: true }>) {
    super(result.message);
    this.refusal = CODES[result.reason];
    this.code = this.refusal;
    this.publicMessage = result.message;
    this.challengeId = result.reason === "SECOND_FACTOR" ? result.challengeId : null;
    this.secondFactorMayHelp = "secondFactorMayHelp" in result && result.secondFactorMayHelp === true;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  // A refused sign-in is an answer, not a server error: keep it out of the error log.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || (error as { type?: string }).type === "CredentialsSignin") return;
      console.error(error);
    },
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
        challengeId: { type: "hidden" },
      },
      async authorize(credentials, request) {
        const address = clientAddress(request.headers);
        const challengeId = textValue(credentials.challengeId);
        const result = challengeId
          ? await completeSecondFactor({ challengeId, code: textValue(credentials.code) ?? "" }, { address })
          : await authenticate({ email: credentials.email, password: credentials.password, code: textValue(credentials.code) || undefined }, { address });
        if (!result.ok) throw new SignInRefused(result);
        const sid = await startSession(result.user.id, { userAgent: request.headers.get("user-agent"), address });
        return { id: result.user.id, email: result.user.email, name: result.user.displayName, sid };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      if (user?.sid) token.sid = user.sid;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
  events: {
    // Every way of signing out (the forms' signOut(), POST /api/auth/signout) ends the session row,
    // so a copy of the cookie stops working too.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string") await revokeSession(sid, "sign-out");
    },
  },
});
