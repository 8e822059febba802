// Creating a reader's account. Refusals write no account and no audit record; the only thing a
// refused attempt leaves behind is its count in the per-address and per-email limits (PostgreSQL,
// so every app instance shares them), and only once the input was valid, so typos cost nothing.
// The limits are counted before the email is looked up: asking "does this email have an account?"
// over and over costs the same as creating accounts.

import "server-only";

import { confirmationAtSignUp } from "@/lib/accounts/confirm-email";
import { emailBlockedMessage, findEmailBlock } from "@/lib/accounts/email-block";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { signUpSchema } from "@/lib/accounts/schemas";
import { recordAudit } from "@/lib/audit";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { wakeEmailSender } from "@/lib/email/sender";
import { AppError } from "@/lib/errors";
import { hitRateLimit, minutesUntil } from "@/lib/rate-limit";
import { CHECK_HIGHLIGHTED_FIELDS, parseInput } from "@/lib/validation/parse-input";

export const SIGNUP_WINDOW_MS = 60 * 60 * 1000;
/** Accounts one address may try to create in an hour. */
export const MAX_SIGNUPS_PER_ADDRESS = 5;
/** Tries at creating an account for one email in an hour. */
export const MAX_SIGNUPS_PER_EMAIL = 3;

// Saying that an email has an account tells a stranger that its owner reads us; on a news site
// that is little, and a vaguer message would leave people who forgot they signed up stuck. The
// limits above keep anyone from checking emails in bulk. See docs/accounts.md.
export const DUPLICATE_EMAIL_MESSAGE = "An account with that email already exists. Sign in instead.";
/** What a form with its honeypot filled in gets: nothing that tells a bot which field gave it away. */
export const HONEYPOT_MESSAGE = "We could not create your account. Try again.";

export interface SignUpContext {
  /** clientAddress(headers) of the request. */
  address: string;
  /** The hidden field only bots fill in. */
  honeypot?: unknown;
}

export interface NewAccount {
  id: string;
  email: string;
  displayName: string;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/** Creates a READER account, or refuses with an AppError (INVALID_INPUT, RATE_LIMITED, CONFLICT, FORBIDDEN). */
export async function signUpReader(input: unknown, context: SignUpContext): Promise<NewAccount> {
  if (typeof context.honeypot === "string" && context.honeypot !== "") {
    throw new AppError("INVALID_INPUT", HONEYPOT_MESSAGE);
  }
  const { displayName, email, password } = parseInput(signUpSchema, input, { message: CHECK_HIGHLIGHTED_FIELDS });

  const byAddress = await hitRateLimit(`signup:ip:${context.address}`, SIGNUP_WINDOW_MS);
  if (byAddress.count > MAX_SIGNUPS_PER_ADDRESS) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many accounts have been created from your network. Try again in ${minutesUntil(byAddress.resetAt)} minutes.`,
    );
  }
  const byEmail = await hitRateLimit(`signup:email:${email}`, SIGNUP_WINDOW_MS);
  if (byEmail.count > MAX_SIGNUPS_PER_EMAIL) {
    throw new AppError("RATE_LIMITED", `Too many tries for this email. Try again in ${minutesUntil(byEmail.resetAt)} minutes.`);
  }

  const conflict = () => new AppError("CONFLICT", DUPLICATE_EMAIL_MESSAGE, { fieldErrors: { email: [DUPLICATE_EMAIL_MESSAGE] } });
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw conflict();
  // A suspension or ban on this address (or the same address under another "+tag") is not escaped
  // by a new account: lib/accounts/email-block.ts.
  const block = await findEmailBlock(email);
  if (block) {
    const message = emailBlockedMessage(block, await newsroomDateStyle());
    throw new AppError("FORBIDDEN", message, { fieldErrors: { email: [message] } });
  }

  const passwordHash = await hashPassword(password);
  try {
    const { user, mailed } = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { email, displayName, passwordHash, role: "READER" },
        select: { id: true, email: true, displayName: true },
      });
      await recordAudit(tx, { actorId: user.id, action: "account.create", entityType: "user", entityId: user.id });
      // With "confirm new readers' email" on, the link is queued with the account (lib/accounts/confirm-email.ts).
      return { user, mailed: await confirmationAtSignUp(tx, user) };
    });
    if (mailed) wakeEmailSender();
    return user;
  } catch (error) {
    // Two sign-ups for one email at once: the unique index lets one through.
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}
