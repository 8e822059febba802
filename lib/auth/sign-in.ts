// Checking a password, with failures slowed down and then refused per email (MAX_EMAIL_FAILURES)
// and per address (MAX_ADDRESS_FAILURES) in a 15-minute window. The counters live in PostgreSQL so
// a second app instance does not hand out a fresh set of guesses.

import { z } from "zod";

import { burnPasswordCheck, verifyPassword, MAX_PASSWORD_LENGTH } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clearRateLimit, hitRateLimit, peekRateLimit } from "@/lib/rate-limit";
import type { Role } from "@/lib/generated/prisma/enums";

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failures on one email before each further try is slowed down. */
export const FREE_FAILURES = 3;
/** Failures on one email in the window after which sign-in is refused until the window ends. */
export const MAX_EMAIL_FAILURES = 10;
export const MAX_ADDRESS_FAILURES = 50;
const MAX_DELAY_MS = 4_000;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, "Enter your email.").max(254).email("Enter a valid email address."),
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH),
});

export type SignInResult =
  | { ok: true; user: { id: string; email: string; displayName: string; role: Role } }
  | { ok: false; reason: "INVALID" | "BANNED" | "RATE_LIMITED"; message: string };

export const GENERIC_FAILURE = "That email and password do not match an account.";

/** How long to hold back a try after this many recent failures: nothing at first, then doubling. */
export function failureDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - FREE_FAILURES));
}

function emailKey(email: string): string {
  return `signin-fail:email:${email}`;
}
function addressKey(address: string): string {
  return `signin-fail:ip:${address}`;
}

function minutesUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60_000));
}

// Takes back one counted failure: the try turned out to know the password.
async function releaseFailure(key: string): Promise<void> {
  await db.$executeRaw`UPDATE "RateLimit" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
}

export async function authenticate(
  input: unknown,
  options: { address?: string | null; sleep?: (ms: number) => Promise<void> } = {},
): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "INVALID", message: GENERIC_FAILURE };
  const { email, password } = parsed.data;
  const address = options.address ?? null;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const refuse = (until: Date): SignInResult => ({
    ok: false,
    reason: "RATE_LIMITED",
    message: `Too many failed sign-in attempts. Try again in ${minutesUntil(until)} minutes.`,
  });

  // A full window is refused without counting another try.
  const [emailFailures, addressFailures] = await Promise.all([
    peekRateLimit(emailKey(email)),
    address ? peekRateLimit(addressKey(address)) : Promise.resolve(null),
  ]);
  const blocked =
    (emailFailures && emailFailures.count >= MAX_EMAIL_FAILURES ? emailFailures : null) ??
    (addressFailures && addressFailures.count >= MAX_ADDRESS_FAILURES ? addressFailures : null);
  if (blocked) return refuse(blocked.resetAt);

  // Every try is counted as a failure before the password is checked, in one atomic statement per
  // counter, and given back if the password is right. So guesses sent in parallel, to one instance
  // or to several, cannot all pass the check above before any of them is counted: at most
  // MAX_EMAIL_FAILURES of them reach the password check.
  const [emailCount, addressCount] = await Promise.all([
    hitRateLimit(emailKey(email), FAILURE_WINDOW_MS),
    address ? hitRateLimit(addressKey(address), FAILURE_WINDOW_MS) : Promise.resolve(null),
  ]);
  const overLimit =
    (emailCount.count > MAX_EMAIL_FAILURES ? emailCount : null) ??
    (addressCount && addressCount.count > MAX_ADDRESS_FAILURES ? addressCount : null);
  if (overLimit) return refuse(overLimit.resetAt);
  const earlierFailures = Math.max(emailCount.count - 1, Math.floor(((addressCount?.count ?? 1) - 1) / 5));
  const delay = failureDelayMs(earlierFailures);
  if (delay > 0) await sleep(delay);

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, role: true, status: true, passwordHash: true, statusReason: true },
  });
  const matches = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  if (!user || !matches) return { ok: false, reason: "INVALID", message: GENERIC_FAILURE };

  // The password is right: this try was no guess. Only now may the person learn the account's status.
  await Promise.all([clearRateLimit(emailKey(email)), address ? releaseFailure(addressKey(address)) : null]);
  if (user.status === "BANNED") {
    const why = user.statusReason ? ` Reason: ${user.statusReason}` : "";
    return { ok: false, reason: "BANNED", message: `This account has been banned and cannot sign in.${why}` };
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } });
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
}

export function assertSignedIn<T>(actor: T | null): T {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  return actor;
}
