// Checking a password (and, for accounts with two-factor sign-in, a code), with failures slowed
// down per email and refused per email *and* address together (MAX_PAIR_FAILURES) and per
// address (MAX_ADDRESS_FAILURES) in a 15-minute window. Refusing by the pair, not by the email
// alone, is what keeps a stranger from locking someone out: their failures lock their own address
// out of that account, while the owner on their usual address (or, on the same address, with a
// right second factor) still gets in. The counters live in PostgreSQL so a second app instance
// does not hand out a fresh set of guesses. Each lockout is logged (SignInLockout) for the admins.

import "server-only";

import { z } from "zod";

import { burnPasswordCheck, verifyPassword, MAX_PASSWORD_LENGTH } from "@/lib/auth/password";
import { hasTwoFactor, spendSecondFactor } from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clearRateLimit, hitRateLimits, minutesUntil, peekRateLimit, releaseAttempt, type RateLimitState } from "@/lib/rate-limit";
import type { Role } from "@/lib/generated/prisma/enums";
import { ENTER_YOUR_EMAIL, ENTER_A_VALID_EMAIL, ENTER_YOUR_PASSWORD } from "@/lib/accounts/sentences";
import { SIGN_IN_REQUIRED } from "@/lib/auth/actor";

export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Failures on one email before each further try is slowed down. */
export const FREE_FAILURES = 3;
/** Failures on one email from one address in the window after which that pair is refused until the window ends. */
export const MAX_PAIR_FAILURES = 10;
/** Failures from one address, on any emails, after which the address is refused until the window ends. */
export const MAX_ADDRESS_FAILURES = 50;
/**
 * Failures on one email from anywhere after which only the owner's usual addresses (one they
 * signed in from in the last USUAL_ADDRESS_DAYS) or a try with a second factor get through: the
 * pair limit alone would let guesses spread over many addresses go on forever, slowed only by the
 * delay.
 */
export const MAX_EMAIL_FAILURES = 100;
export const USUAL_ADDRESS_DAYS = 90;
const MAX_DELAY_MS = 4_000;
/** How long the second step of a two-factor sign-in waits for its code. */
export const CHALLENGE_TTL_MS = 5 * 60 * 1000;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, ENTER_YOUR_EMAIL).max(254).email(ENTER_A_VALID_EMAIL),
  password: z.string().min(1, ENTER_YOUR_PASSWORD).max(MAX_PASSWORD_LENGTH),
  /** Only when the pair is locked: the two-factor code that lets the owner in anyway. */
  code: z.string().max(64).optional(),
});

export type SignedInUser = { id: string; email: string; displayName: string; role: Role };

export type SignInResult =
  | { ok: true; user: SignedInUser }
  /** The password was right and the account has two-factor sign-in: ask for the code. */
  | { ok: false; reason: "SECOND_FACTOR"; challengeId: string; message: string }
  | { ok: false; reason: "INVALID" | "BANNED" | "RATE_LIMITED" | "WRONG_CODE" | "EXPIRED"; message: string; secondFactorMayHelp?: boolean };

export const GENERIC_FAILURE = "That email and password do not match an account.";
export const SECOND_FACTOR_PROMPT = "Enter the code from your authenticator app, or one of your recovery codes.";
export const WRONG_SECOND_FACTOR = "That code is not right.";
export const WRONG_WITH_CODE = "That email, password and code do not match an account.";
export const CHALLENGE_EXPIRED = "That sign-in took too long. Start again with your email and password.";

/** How long to hold back a try after this many recent failures: nothing at first, then doubling. */
export function failureDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, 250 * 2 ** (failures - FREE_FAILURES));
}

export function emailKey(email: string): string {
  return `signin-fail:email:${email}`;
}
export function pairKey(email: string, address: string | null): string {
  return `signin-fail:email-ip:${email}|${address ?? "none"}`;
}
export function addressKey(address: string): string {
  return `signin-fail:ip:${address}`;
}

interface Options {
  address?: string | null;
  sleep?: (ms: number) => Promise<void>;
  now?: number;
}

interface Counted {
  email: string;
  address: string | null;
  byEmail: RateLimitState;
  pair: RateLimitState;
  byAddress: RateLimitState | null;
}

type Throttled = { refused: SignInResult } | { counted: Counted };

function refuse(until: Date, secondFactorMayHelp = false): SignInResult {
  return {
    ok: false,
    reason: "RATE_LIMITED",
    message: secondFactorMayHelp
      ? `Too many failed sign-in attempts for this account from your network. Try again in ${minutesUntil(until)} minutes, or sign in with your password and a two-factor code.`
      : `Too many failed sign-in attempts. Try again in ${minutesUntil(until)} minutes.`,
    ...(secondFactorMayHelp ? { secondFactorMayHelp: true } : {}),
  };
}

/**
 * Counts this try as a failure before anything is checked, or refuses it. A pair or address whose
 * window is full is refused without counting another try. Otherwise every counter is bumped in
 * one atomic statement (hitRateLimits), so tries sent in parallel, to one instance or several,
 * cannot all pass the check before any of them is counted: at most MAX_PAIR_FAILURES of them
 * reach the check. `pairMayBeLocked`: a try that carries a second factor gets past a full pair
 * (the owner on a shared address), never past a full address.
 */
async function countTry(email: string, address: string | null, sleep: (ms: number) => Promise<void>, pairMayBeLocked: boolean): Promise<Throttled> {
  const [emailFailures, pairFailures, addressFailures] = await Promise.all([
    peekRateLimit(emailKey(email)),
    peekRateLimit(pairKey(email, address)),
    address ? peekRateLimit(addressKey(address)) : null,
  ]);
  if (addressFailures && addressFailures.count >= MAX_ADDRESS_FAILURES) return { refused: refuse(addressFailures.resetAt) };
  if (!pairMayBeLocked && pairFailures && pairFailures.count >= MAX_PAIR_FAILURES) return { refused: refuse(pairFailures.resetAt, true) };
  // Only once the email is under attack from many places is the address looked up, so an
  // ordinary sign-in costs no extra query.
  const emailLocked = !pairMayBeLocked && emailFailures !== null && emailFailures.count >= MAX_EMAIL_FAILURES;
  if (emailLocked && !(await isUsualAddress(email, address))) return { refused: refuse(emailFailures.resetAt, true) };

  const [byEmail, pair, byAddress] = await hitRateLimits([
    { key: emailKey(email), windowMs: FAILURE_WINDOW_MS },
    { key: pairKey(email, address), windowMs: FAILURE_WINDOW_MS },
    ...(address ? [{ key: addressKey(address), windowMs: FAILURE_WINDOW_MS }] : []),
  ]);
  if (byAddress && byAddress.count > MAX_ADDRESS_FAILURES) return { refused: refuse(byAddress.resetAt) };
  if (!pairMayBeLocked && pair!.count > MAX_PAIR_FAILURES) return { refused: refuse(pair!.resetAt, true) };
  if (!emailLocked && !pairMayBeLocked && byEmail!.count > MAX_EMAIL_FAILURES && !(await isUsualAddress(email, address))) {
    return { refused: refuse(byEmail!.resetAt, true) };
  }
  // Slowed by the email's failures from anywhere, and a little by the address's.
  const earlierFailures = Math.max(byEmail!.count - 1, Math.floor(((byAddress?.count ?? 1) - 1) / 5));
  const delay = failureDelayMs(earlierFailures);
  if (delay > 0) await sleep(delay);
  return { counted: { email, address, byEmail: byEmail!, pair: pair!, byAddress: byAddress ?? null } };
}

/**
 * Whether the account of this email was signed in from this address lately (its sessions keep the
 * address). An unknown email has no usual address, so the answer tells nothing about accounts.
 */
async function isUsualAddress(email: string, address: string | null): Promise<boolean> {
  if (!address) return false;
  const rows = await db.$queryRaw<unknown[]>`
    SELECT 1 FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE u."email" = ${email} AND s."address" = ${address}
      AND s."createdAt" > now() - ${USUAL_ADDRESS_DAYS} * interval '1 day'
    LIMIT 1`;
  return rows.length > 0;
}

/** The try was a failure: if it filled the pair's or the address's window, that lockout starts now. Log it. */
async function noteFailure(counted: Counted): Promise<void> {
  const { email, address, byEmail, pair, byAddress } = counted;
  const lockouts = [
    ...(byEmail.count === MAX_EMAIL_FAILURES ? [{ kind: "email", until: byEmail.resetAt }] : []),
    ...(pair.count === MAX_PAIR_FAILURES ? [{ kind: "email-address", until: pair.resetAt }] : []),
    ...(byAddress && byAddress.count === MAX_ADDRESS_FAILURES ? [{ kind: "address", until: byAddress.resetAt }] : []),
  ];
  for (const lockout of lockouts) {
    // The unique key keeps one record per lockout, should a released try let the count reach it twice.
    await db.$executeRaw`
      INSERT INTO "SignInLockout" ("kind", "email", "address", "until")
      VALUES (${lockout.kind}, ${email}, ${address ?? "none"}, ${lockout.until})
      ON CONFLICT ("kind", "email", "address", "until") DO NOTHING`;
  }
}

/** The try proved the person: give back what it counted (the pair's count goes entirely). */
async function releaseTry(counted: Counted): Promise<void> {
  await Promise.all([
    releaseAttempt(emailKey(counted.email)),
    clearRateLimit(pairKey(counted.email, counted.address)),
    counted.address ? releaseAttempt(addressKey(counted.address)) : null,
  ]);
}

async function finishSignIn(user: SignedInUser & { status: string; statusReason: string | null }): Promise<SignInResult> {
  if (user.status === "BANNED") {
    const why = user.statusReason ? ` Reason: ${user.statusReason}` : "";
    return { ok: false, reason: "BANNED", message: `This account has been banned and cannot sign in.${why}` };
  }
  await db.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() }, select: { id: true } });
  return { ok: true, user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role } };
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The first step of signing in: email and password. For an account with two-factor sign-in the
 * answer is SECOND_FACTOR with a challenge to complete (completeSecondFactor), unless a code came
 * with the password (the way past a locked pair), which is checked here too.
 */
export async function authenticate(input: unknown, options: Options = {}): Promise<SignInResult> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "INVALID", message: GENERIC_FAILURE };
  const { email, password } = parsed.data;
  const code = parsed.data.code?.trim() ? parsed.data.code : undefined;
  const address = options.address ?? null;
  const throttled = await countTry(email, address, options.sleep ?? defaultSleep, code !== undefined);
  if ("refused" in throttled) return throttled.refused;
  const { counted } = throttled;

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, displayName: true, role: true, status: true, passwordHash: true, statusReason: true },
  });
  const matches = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
  // Past a locked pair (a code came with the password), every failure reads the same, so this way
  // in cannot be used to learn whether a password is right.
  const pastLockedPair = code !== undefined && counted.pair.count > MAX_PAIR_FAILURES;
  if (!user || !matches) {
    await noteFailure(counted);
    return { ok: false, reason: "INVALID", message: pastLockedPair ? WRONG_WITH_CODE : GENERIC_FAILURE };
  }

  if (await hasTwoFactor(user.id)) {
    if (code !== undefined) {
      // Password and code together: one answer for either being wrong, so this way in tells nothing.
      if (!(await spendSecondFactor(user.id, code, options.now))) {
        await noteFailure(counted);
        return { ok: false, reason: "INVALID", message: WRONG_WITH_CODE };
      }
      await releaseTry(counted);
      return finishSignIn(user);
    }
    // The password was no guess: give the try back. The code is counted as a try of its own.
    await releaseTry(counted);
    await db.signInChallenge.deleteMany({ where: { OR: [{ userId: user.id }, { expiresAt: { lt: new Date() } }] } });
    const challenge = await db.signInChallenge.create({
      data: { userId: user.id, email, address, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) },
      select: { id: true },
    });
    return { ok: false, reason: "SECOND_FACTOR", challengeId: challenge.id, message: SECOND_FACTOR_PROMPT };
  }
  // Past a locked pair only with a second factor, and this account has none.
  if (pastLockedPair) return { ok: false, reason: "INVALID", message: WRONG_WITH_CODE };
  // The password is right: this try was no guess. Only now may the person learn the account's status.
  await releaseTry(counted);
  return finishSignIn(user);
}

const challengeSchema = z.object({ challengeId: z.uuid(), code: z.string().max(64) });

/** The second step: the code for a challenge the password step gave. A wrong code counts as a failed sign-in. */
export async function completeSecondFactor(input: unknown, options: Options = {}): Promise<SignInResult> {
  const parsed = challengeSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "EXPIRED", message: CHALLENGE_EXPIRED };
  const challenge = await db.signInChallenge.findFirst({
    where: { id: parsed.data.challengeId, expiresAt: { gt: new Date() } },
    select: { id: true, email: true, user: { select: { id: true, email: true, displayName: true, role: true, status: true, statusReason: true } } },
  });
  if (!challenge) return { ok: false, reason: "EXPIRED", message: CHALLENGE_EXPIRED };
  const throttled = await countTry(challenge.email, options.address ?? null, options.sleep ?? defaultSleep, false);
  if ("refused" in throttled) return throttled.refused;
  const { counted } = throttled;
  if (!(await spendSecondFactor(challenge.user.id, parsed.data.code, options.now))) {
    await noteFailure(counted);
    return { ok: false, reason: "WRONG_CODE", message: WRONG_SECOND_FACTOR };
  }
  // Used once: a second request with the same challenge finds nothing.
  const { count } = await db.signInChallenge.deleteMany({ where: { id: challenge.id } });
  if (count === 0) return { ok: false, reason: "EXPIRED", message: CHALLENGE_EXPIRED };
  await releaseTry(counted);
  return finishSignIn(challenge.user);
}

export function assertSignedIn<T>(actor: T | null): T {
  if (!actor) throw new AppError("UNAUTHENTICATED", SIGN_IN_REQUIRED);
  return actor;
}
