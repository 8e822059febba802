// "Forgot password?" against the real database: the same answer for every email, a one-time
// hashed token that expires, and a reset that ends the person's sessions.

import { describe, expect, it } from "vitest";

import { requestPasswordReset, resetPassword, isResetLinkLive, MAX_RESETS_PER_EMAIL } from "@/lib/accounts/password-reset";
import { authenticate } from "@/lib/auth/sign-in";
import { startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { RESET_LINK_INVALID, RESET_REQUESTED } from "@/lib/email/sentences";
import { hashToken } from "@/lib/email/tokens";
import { makeUser, unique } from "@/tests/integration/factories";

/** The reset link's token, read out of the queued email the way a reader would read it. */
async function tokenFromOutbox(email: string): Promise<string> {
  const message = await db.emailMessage.findFirstOrThrow({ where: { to: email, kind: "password-reset" }, orderBy: { createdAt: "desc" } });
  const match = /\/login\/reset\?token=([A-Za-z0-9_-]+)/.exec(message.text);
  if (!match?.[1]) throw new Error("no reset link in the email");
  expect(message.html).toContain(`/login/reset?token=${match[1]}`);
  return match[1];
}

const address = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique("a")}`;

describe("password reset", () => {
  it("answers the same for an email with an account and one without, and mails only the account", async () => {
    const user = await makeUser("READER");
    const stranger = `${unique("nobody")}@example.test`;
    const known = await requestPasswordReset({ email: user.email.toUpperCase() }, { address: address() });
    const unknown = await requestPasswordReset({ email: stranger }, { address: address() });
    expect(known).toEqual({ message: RESET_REQUESTED });
    expect(unknown).toEqual(known);
    expect(await db.emailMessage.count({ where: { to: user.email, kind: "password-reset" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { to: stranger } })).toBe(0);
  });

  it("keeps only the token's hash, and the link sets a new password once, ending every session", async () => {
    const user = await makeUser("EDITOR");
    const session = await startSession(user.id);
    await requestPasswordReset({ email: user.email }, { address: address() });
    const token = await tokenFromOutbox(user.email);
    const stored = await db.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: "PASSWORD_RESET" } });
    expect(stored.tokenHash).toBe(hashToken(token));
    expect(stored.tokenHash).not.toContain(token);
    expect(await isResetLinkLive(token)).toBe(true);

    const result = await resetPassword({ token, newPassword: "a fresh reset passphrase", confirmPassword: "a fresh reset passphrase" });
    expect(result.endedSessions).toBe(1);
    expect((await db.session.findUniqueOrThrow({ where: { id: session } })).revokedAt).not.toBeNull();
    expect((await authenticate({ email: user.email, password: "a fresh reset passphrase" })).ok).toBe(true);
    expect(await db.auditLog.count({ where: { action: "account.password-reset", entityId: user.id } })).toBe(1);

    // Used: the link works no more.
    expect(await isResetLinkLive(token)).toBe(false);
    await expect(resetPassword({ token, newPassword: "yet another passphrase", confirmPassword: "yet another passphrase" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: RESET_LINK_INVALID,
    });
  });

  it("refuses an expired link, a made-up one, a weak password and two different passwords", async () => {
    const user = await makeUser("READER");
    await requestPasswordReset({ email: user.email }, { address: address() });
    const token = await tokenFromOutbox(user.email);
    await expect(resetPassword({ token, newPassword: "short", confirmPassword: "short" })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { newPassword: [expect.any(String)] } });
    await expect(resetPassword({ token, newPassword: "a fine long passphrase", confirmPassword: "another long passphrase" })).rejects.toMatchObject({
      fieldErrors: { confirmPassword: [expect.any(String)] },
    });
    await expect(resetPassword({ token: "x".repeat(43), newPassword: "a fine long passphrase", confirmPassword: "a fine long passphrase" })).rejects.toMatchObject({ message: RESET_LINK_INVALID });

    await db.accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await isResetLinkLive(token)).toBe(false);
    await expect(resetPassword({ token, newPassword: "a fine long passphrase", confirmPassword: "a fine long passphrase" })).rejects.toMatchObject({ message: RESET_LINK_INVALID });
    expect((await authenticate({ email: user.email, password: "a fine long passphrase" })).ok).toBe(false);
  });

  it("a newer link replaces an older one, and two uses of one link at once let only one through", async () => {
    const user = await makeUser("READER");
    await requestPasswordReset({ email: user.email }, { address: address() });
    const first = await tokenFromOutbox(user.email);
    await new Promise((resolve) => setTimeout(resolve, 5));
    await requestPasswordReset({ email: user.email }, { address: address() });
    const second = await tokenFromOutbox(user.email);
    expect(second).not.toBe(first);
    expect(await isResetLinkLive(first)).toBe(false);
    const input = { token: second, newPassword: "racing passphrase one", confirmPassword: "racing passphrase one" };
    const results = await Promise.allSettled([resetPassword(input), resetPassword(input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("is rate limited per email, the same for an email without an account", async () => {
    const user = await makeUser("READER");
    const stranger = `${unique("nobody")}@example.test`;
    for (const email of [user.email, stranger]) {
      for (let i = 0; i < MAX_RESETS_PER_EMAIL; i++) await requestPasswordReset({ email }, { address: address() });
      await expect(requestPasswordReset({ email }, { address: address() })).rejects.toMatchObject({ code: "RATE_LIMITED" });
    }
  });
});
