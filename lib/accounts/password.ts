// Changing one's own password. The current password is asked for (a borrowed session must not be
// enough), the new one meets the sign-up rules (lib/accounts/validation.ts), and every other
// session of the person ends in the same transaction: whoever else was signed in must sign in
// again, with the new password.

import "server-only";

import { changePasswordSchema } from "@/lib/accounts/schemas";
import { isPasswordTheEmail } from "@/lib/accounts/validation";
import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { revokeSessionsOf } from "@/lib/auth/sessions";
import { assertSignedIn } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { claimAttempt, clearRateLimit, minutesUntil } from "@/lib/rate-limit";
import { CHECK_HIGHLIGHTED_FIELDS, parseInput } from "@/lib/validation/parse-input";
import { ACCOUNT_GONE, EMAIL_AS_PASSWORD } from "@/lib/accounts/sentences";

/** Wrong current passwords before the form refuses for a while: a borrowed session must not become a password oracle. */
export const MAX_CHANGE_PASSWORD_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const WRONG_CURRENT_PASSWORD = "That is not your current password.";

export async function changeOwnPassword(actor: Actor | null, input: unknown): Promise<{ endedSessions: number }> {
  const person = assertSignedIn(actor);
  const { currentPassword, newPassword } = parseInput(changePasswordSchema, input ?? {}, { message: CHECK_HIGHLIGHTED_FIELDS });
  if (isPasswordTheEmail(newPassword, person.email)) {
    const message = EMAIL_AS_PASSWORD;
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { newPassword: [message] } });
  }

  const failureKey = `password-change-fail:user:${person.id}`;
  // Counted before the check (claimAttempt), so simultaneous guesses cannot slip past the limit.
  const refusedUntil = await claimAttempt(failureKey, FAILURE_WINDOW_MS, MAX_CHANGE_PASSWORD_FAILURES);
  if (refusedUntil) throw new AppError("RATE_LIMITED", `Too many wrong passwords. Try again in ${minutesUntil(refusedUntil)} minutes.`);
  const user = await db.user.findUnique({ where: { id: person.id }, select: { passwordHash: true } });
  if (!user) throw new AppError("NOT_FOUND", ACCOUNT_GONE);
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    throw new AppError("INVALID_INPUT", WRONG_CURRENT_PASSWORD, { fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } });
  }
  if (currentPassword === newPassword) {
    const message = "Choose a password different from your current one.";
    throw new AppError("INVALID_INPUT", message, { fieldErrors: { newPassword: [message] } });
  }

  const passwordHash = await hashPassword(newPassword);
  const endedSessions = await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: person.id }, data: { passwordHash }, select: { id: true } });
    const ended = await revokeSessionsOf(tx, person.id, "password", person.sessionId);
    await recordAudit(tx, { actorId: person.id, action: "account.password", entityType: "user", entityId: person.id, data: { endedSessions: ended } });
    return ended;
  });
  await clearRateLimit(failureKey);
  return { endedSessions };
}
