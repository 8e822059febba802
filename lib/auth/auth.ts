// next-auth with email and password. The token carries only the user's id: role and status are
// read from the database on every request (lib/auth/session.ts), so a ban or a role change takes
// effect on the person's very next request rather than when the token expires.

import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";

import { authenticate } from "@/lib/auth/sign-in";
import { clientAddress } from "@/lib/http/client-address";

export class SignInRefused extends CredentialsSignin {
  /** What the person is told. AuthError decorates `message` with a link, so it is kept apart. */
  readonly publicMessage: string;

  constructor(code: "invalid" | "banned" | "rate_limited", publicMessage: string) {
    super(publicMessage);
    this.code = code;
    this.publicMessage = publicMessage;
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
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const result = await authenticate(credentials, { address: clientAddress(request.headers) });
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.displayName };
        throw new SignInRefused(
          result.reason === "BANNED" ? "banned" : result.reason === "RATE_LIMITED" ? "rate_limited" : "invalid",
          result.message,
        );
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
});
