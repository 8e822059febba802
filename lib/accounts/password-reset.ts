// "Forgot password?": a reader or a member of staff asks for a link by email, and the link sets a
// new password. Asking gives the same answer whether or not the email has an account (and does the
// same counting first), so the form tells nobody who reads here. The link's token is one-time,
// expires in an hour and is stored hashed (lib/email/tokens.ts); using it sets the password by
// today's rules, ends every session of the person (whoever had their account is out), confirms
// their email (they just proved they read it) and is audited.

import "server-only";

import { z } from "zod";

import { passwordField, emailField } from "@/lib/accounts/schemas";
import { isPasswordTheEmail } from "@/lib/accounts/validation";
import { EMAIL_AS_PASSWORD } from "@/lib/accounts/sentences";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { wakeEmailSender } from "@/lib/email/sender";
import { PASSWORDS_DIFFER, RESET_LINK_INVALID, RESET_REQUESTED, TOO_MANY_RESET_REQUESTS } from "@/lib/email/sentences";
import { emailLink, siteName } from "@/lib/email/site";
import { consumeToken, issueToken, peekToken } from "@/lib/email/tokens";
import { AppError } from "@/lib/errors";
import { hitRateLimits } from "@/lib/rate-limit";
import { CHECK_HIGHLIGHTED_FIELDS, parseInput } from "@/lib/validation/parse-input";

export const RESET_TTL_MS = 60 * 60 * 1000;
const WINDOW_MS = 60 * 60 * 1000;
/** Links one address may ask for in an hour, for any emails. */
export const MAX_RESETS_PER_ADDRESS = 10;
/** Links one email may be sent in an hour. */
export const MAX_RESETS_PER_EMAIL = 3;

export interface RequestContext {
  /** clientAddress(headers) of the request. */
  address: string;
}

const requestSchema = z.object({ email: emailField });

/** Sends a reset link when the email has an account; the answer is RESET_REQUESTED either way. */
export async function requestPasswordReset(input: unknown, context: RequestContext): Promise<{ message: string }> {
  const { email } = parseInput(requestSchema, input ?? {}, { message: CHECK_HIGHLIGHTED_FIELDS });
  // Counted before the email is looked up, the same for every email.
  const [byAddress, byEmail] = await hitRateLimits([
    { key: `reset:ip:${context.address}`, windowMs: WINDOW_MS },
    { key: `reset:email:${email}`, windowMs: WINDOW_MS },
  ]);
  if ((byAddress?.count ?? 0) > MAX_RESETS_PER_ADDRESS || (byEmail?.count ?? 0) > MAX_RESETS_PER_EMAIL) {
    throw new AppError("RATE_LIMITED", TOO_MANY_RESET_REQUESTS);
  }
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, displayName: true, status: true } });
  // A banned account gets nothing: it cannot sign in, so a new password would only mislead.
  if (user && user.status !== "BANNED") {
    const site = await siteName();
    await db.$transaction(async (tx) => {
      const token = await issueToken(tx, user.id, "PASSWORD_RESET", RESET_TTL_MS);
      await enqueueEmail(tx, {
        kind: "password-reset",
        to: user.email,
        siteName: site,
        subject: `Choose a new password for ${site}`,
        content: {
          greeting: `Hello ${user.displayName},`,
          paragraphs: [`Someone, probably you, asked to choose a new password for your ${site} account.`],
          action: { label: "Choose a new password", url: emailLink(`/login/reset?token=${token}`) },
          footer: [
            "The link works once, for an hour. Choosing a new password signs you out everywhere else.",
            "If you did not ask for this, ignore this email: your password stays as it is.",
          ],
        },
      });
      await recordAudit(tx, { actorId: null, action: "account.password-reset-request", entityType: "user", entityId: user.id });
    });
    wakeEmailSender();
  }
  return { message: RESET_REQUESTED };
}

/** Whether a reset link still works, for the reset page (no actor: the link is the proof). */
export async function isResetLinkLive(token: unknown): Promise<boolean> {
  return (await peekToken(db, token, "PASSWORD_RESET")) !== null;
}

const resetSchema = z.object({
  token: z.string().max(100),
  newPassword: passwordField,
  confirmPassword: z.string().max(1000),
});

/** Sets a new password from a reset link; every session of the person ends. */
export async function resetPassword(input: unknown): Promise<{ endedSessions: number }> {
  const { token, newPassword, confirmPassword } = parseInput(resetSchema, input ?? {}, { message: CHECK_HIGHLIGHTED_FIELDS });
  if (newPassword !== confirmPassword) {
    throw new AppError("INVALID_INPUT", PASSWORDS_DIFFER, { fieldErrors: { confirmPassword: [PASSWORDS_DIFFER] } });
  }
  const holder = await peekToken(db, token, "PASSWORD_RESET");
  if (!holder) throw new AppError("INVALID_INPUT", RESET_LINK_INVALID);
  const user = await db.user.findUnique({ where: { id: holder.userId }, select: { email: true } });
  if (!user) throw new AppError("INVALID_INPUT", RESET_LINK_INVALID);
  if (isPasswordTheEmail(newPassword, user.email)) {
    throw new AppError("INVALID_INPUT", EMAIL_AS_PASSWORD, { fieldErrors: { newPassword: [EMAIL_AS_PASSWORD] } });
  }
  const passwordHash = await hashPassword(newPassword);
  return db.$transaction(async (tx) => {
    // Used here, once: of two submissions of one link, only one gets past this.
    const used = await consumeToken(tx, token, "PASSWORD_RESET");
    if (!used || used.userId !== holder.userId) throw new AppError("INVALID_INPUT", RESET_LINK_INVALID);
    const updated = await tx.user.updateMany({ where: { id: used.userId }, data: { passwordHash } });
    if (updated.count === 0) throw new AppError("INVALID_INPUT", RESET_LINK_INVALID);
    await tx.user.updateMany({ where: { id: used.userId, emailUnconfirmed: true }, data: { emailUnconfirmed: false } });
    const endedSessions = await revokeSessionsOf(tx, used.userId, "password");
    await recordAudit(tx, { actorId: used.userId, action: "account.password-reset", entityType: "user", entityId: used.userId, data: { endedSessions } });
    return { endedSessions };
  });
}
