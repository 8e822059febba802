// Two-factor sign-in for staff (anyone who can open the desk): a TOTP secret (lib/auth/totp.ts),
// kept encrypted (lib/auth/secret-box.ts), and ten one-time recovery codes, kept as SHA-256
// hashes. Enrolling takes two steps: the secret is shown, and it is on only once the person has
// typed a code from it. A code is never accepted twice: the last accepted time step is kept and
// a code must be for a later one (one atomic UPDATE, so two requests racing with one code cannot
// both win); a recovery code is marked used in the same way.

import "server-only";

import { createHash, randomBytes } from "node:crypto";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import type { Actor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { can } from "@/lib/auth/roles";
import { openSecret, sealSecret } from "@/lib/auth/secret-box";
import { REQUIRE_TWO_FACTOR_KEY, SIGN_IN_REQUIRED } from "@/lib/auth/actor";
import { matchTotp, newTotpSecret, otpauthUri } from "@/lib/auth/totp";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { claimAttempt, clearRateLimit, minutesUntil } from "@/lib/rate-limit";
import { readSiteSettings } from "@/lib/settings/site";
import { parseInput } from "@/lib/validation/parse-input";
import { ENTER_YOUR_PASSWORD, WRONG_PASSWORD_MESSAGE } from "@/lib/accounts/sentences";

const ENTER_THE_CODE = "Enter the six-digit code your app shows.";
const TWO_FACTOR_ALREADY_ON = "Two-factor sign-in is already on.";

export const RECOVERY_CODE_COUNT = 10;
/** Wrong codes (or passwords) on the enrol and turn-off forms before they refuse for a while. */
export const MAX_FORM_FAILURES = 5;
const FORM_FAILURE_WINDOW_MS = 15 * 60 * 1000;

export const STAFF_ONLY_MESSAGE = "Two-factor sign-in is for newsroom staff.";
export const WRONG_CODE_MESSAGE = "That code is not right. Check the time on your device and try the newest code.";

// Recovery codes: ten characters from an alphabet without look-alikes (no 0/o, 1/l/i), in two
// groups of five: 50 bits each, far past guessing at the sign-in limits, so a plain SHA-256 is
// enough to store them (a slow hash guards guessable secrets; these are not).
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => RECOVERY_ALPHABET[byte % RECOVERY_ALPHABET.length]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

/** What a typed recovery code is compared as: lower case, without spaces or dashes. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(normaliseRecoveryCode(code)).digest("hex");
}

/** A typed code: six digits from the app, or a recovery code. Spaces are forgiven. */
export function parseSecondFactorCode(raw: unknown): { kind: "totp" | "recovery"; code: string } | null {
  if (typeof raw !== "string" || raw.length > 64) return null;
  const compact = raw.replace(/\s/g, "");
  if (/^\d{6}$/.test(compact)) return { kind: "totp", code: compact };
  const recovery = normaliseRecoveryCode(raw);
  if (recovery.length === 10 && [...recovery].every((char) => RECOVERY_ALPHABET.includes(char))) return { kind: "recovery", code: recovery };
  return null;
}

function assertStaff(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", SIGN_IN_REQUIRED);
  // Not assertCan: an admin who must enrol is refused every desk permission until they have.
  if (!can(actor.role, "desk.open")) throw new AppError("FORBIDDEN", STAFF_ONLY_MESSAGE);
  return actor;
}

export type TwoFactorState =
  | { status: "off" }
  | { status: "pending"; secret: string; uri: string }
  | { status: "on"; enabledAt: Date; recoveryCodesLeft: number };

/** The person's two-factor sign-in: off, waiting for its first code (with the secret to show), or on. */
export async function getTwoFactorState(actor: Actor | null): Promise<TwoFactorState> {
  const person = assertStaff(actor);
  const row = await db.twoFactor.findUnique({ where: { userId: person.id }, select: { secretEncrypted: true, enabledAt: true } });
  if (!row) return { status: "off" };
  if (row.enabledAt) {
    const recoveryCodesLeft = await db.recoveryCode.count({ where: { userId: person.id, usedAt: null } });
    return { status: "on", enabledAt: row.enabledAt, recoveryCodesLeft };
  }
  const secret = openSecret(row.secretEncrypted);
  if (!secret) return { status: "off" }; // sealed under a secret this server no longer has: start again
  return { status: "pending", secret, uri: otpauthUri(secret, person.email, (await readSiteSettings()).name) };
}

/** Starts (or starts again) enrolment: a new secret, not yet in force. */
export async function beginTwoFactorEnrolment(actor: Actor | null): Promise<{ secret: string; uri: string }> {
  const person = assertStaff(actor);
  const secret = newTotpSecret();
  const sealed = sealSecret(secret);
  await db.$transaction(async (tx) => {
    const existing = await tx.twoFactor.findUnique({ where: { userId: person.id }, select: { enabledAt: true } });
    if (existing?.enabledAt) throw new AppError("CONFLICT", TWO_FACTOR_ALREADY_ON);
    await tx.twoFactor.upsert({
      where: { userId: person.id },
      create: { userId: person.id, secretEncrypted: sealed },
      update: { secretEncrypted: sealed, lastUsedStep: null },
      select: { userId: true },
    });
  });
  return { secret, uri: otpauthUri(secret, person.email, (await readSiteSettings()).name) };
}

// Counted before the code is checked (claimAttempt), so simultaneous guesses cannot slip past.
async function claimFormAttempt(key: string): Promise<void> {
  const refusedUntil = await claimAttempt(key, FORM_FAILURE_WINDOW_MS, MAX_FORM_FAILURES);
  if (refusedUntil) throw new AppError("RATE_LIMITED", `Too many wrong tries. Try again in ${minutesUntil(refusedUntil)} minutes.`);
}

const codeSchema = z.object({ code: z.string().max(64) });

/** Turns two-factor sign-in on once the person types a right code; returns the recovery codes, shown once. */
export async function confirmTwoFactorEnrolment(actor: Actor | null, input: unknown, now: number = Date.now()): Promise<{ recoveryCodes: string[] }> {
  const person = assertStaff(actor);
  const parsed = codeSchema.safeParse(input ?? {});
  const code = parsed.success ? parseSecondFactorCode(parsed.data.code) : null;
  if (!code || code.kind !== "totp") {
    throw new AppError("INVALID_INPUT", ENTER_THE_CODE, { fieldErrors: { code: [ENTER_THE_CODE] } });
  }
  const failureKey = `2fa-enrol-fail:user:${person.id}`;
  await claimFormAttempt(failureKey);
  const row = await db.twoFactor.findUnique({ where: { userId: person.id }, select: { secretEncrypted: true, enabledAt: true } });
  if (!row) throw new AppError("INVALID_TRANSITION", "Start setting up two-factor sign-in first.");
  if (row.enabledAt) throw new AppError("CONFLICT", TWO_FACTOR_ALREADY_ON);
  const secret = openSecret(row.secretEncrypted);
  const step = secret ? matchTotp(secret, code.code, now) : null;
  if (step === null) {
    throw new AppError("INVALID_INPUT", WRONG_CODE_MESSAGE, { fieldErrors: { code: [WRONG_CODE_MESSAGE] } });
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$transaction(async (tx) => {
    // Only the pending row with this very secret: a second "set up" in another tab since wins.
    const { count } = await tx.twoFactor.updateMany({
      where: { userId: person.id, enabledAt: null, secretEncrypted: row.secretEncrypted },
      data: { enabledAt: new Date(now), lastUsedStep: BigInt(step) },
    });
    if (count === 0) throw new AppError("CONFLICT", "Two-factor sign-in changed in another window. Reload the page.");
    await tx.recoveryCode.deleteMany({ where: { userId: person.id } });
    await tx.recoveryCode.createMany({ data: recoveryCodes.map((recovery) => ({ userId: person.id, codeHash: hashRecoveryCode(recovery) })) });
    await recordAudit(tx, { actorId: person.id, action: "account.twoFactor.enable", entityType: "user", entityId: person.id });
  });
  await clearRateLimit(failureKey);
  return { recoveryCodes };
}

/**
 * Checks a second-factor code for a person with two-factor sign-in on and uses it up: a TOTP code
 * for a step after the last one accepted, or an unused recovery code. Returns which kind matched,
 * or null. Counting the try against the sign-in limits is the caller's (lib/auth/sign-in.ts).
 */
export async function spendSecondFactor(userId: string, raw: unknown, now: number = Date.now()): Promise<"totp" | "recovery" | null> {
  const code = parseSecondFactorCode(raw);
  if (!code) return null;
  if (code.kind === "recovery") {
    const used = await db.$executeRaw`
      UPDATE "RecoveryCode" SET "usedAt" = now()
      WHERE "userId" = ${userId}::uuid AND "codeHash" = ${hashRecoveryCode(code.code)} AND "usedAt" IS NULL
        AND EXISTS (SELECT 1 FROM "TwoFactor" t WHERE t."userId" = ${userId}::uuid AND t."enabledAt" IS NOT NULL)`;
    return used > 0 ? "recovery" : null;
  }
  const row = await db.twoFactor.findUnique({ where: { userId }, select: { secretEncrypted: true, enabledAt: true } });
  if (!row?.enabledAt) return null;
  const secret = openSecret(row.secretEncrypted);
  const step = secret ? matchTotp(secret, code.code, now) : null;
  if (step === null) return null;
  // The replay guard: only a step after the last accepted one, decided in one statement.
  const claimed = await db.$executeRaw`
    UPDATE "TwoFactor" SET "lastUsedStep" = ${step}::bigint
    WHERE "userId" = ${userId}::uuid AND "enabledAt" IS NOT NULL AND ("lastUsedStep" IS NULL OR "lastUsedStep" < ${step}::bigint)`;
  return claimed > 0 ? "totp" : null;
}

/** Whether the person has two-factor sign-in on (sign-in asks for a code then). */
export async function hasTwoFactor(userId: string): Promise<boolean> {
  const row = await db.twoFactor.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(row?.enabledAt);
}

const disableSchema = z.object({
  password: z.string({ error: ENTER_YOUR_PASSWORD }).min(1, ENTER_YOUR_PASSWORD).max(800),
  code: z.string().max(64),
});

/** Turns two-factor sign-in off: needs the password and a code (from the app, or a recovery code). */
export async function disableTwoFactor(actor: Actor | null, input: unknown): Promise<{ disabled: true }> {
  const person = assertStaff(actor);
  const { password, code } = parseInput(disableSchema, input ?? {}, { message: "Enter your password and a code." });
  if (!(await hasTwoFactor(person.id))) throw new AppError("INVALID_TRANSITION", "Two-factor sign-in is not on.");
  if (person.role === "ADMIN") {
    const required = await db.setting.findUnique({ where: { key: REQUIRE_TWO_FACTOR_KEY }, select: { value: true } });
    if (required?.value === true) throw new AppError("FORBIDDEN", "This site requires two-factor sign-in for admins, so it cannot be turned off.");
  }
  const failureKey = `2fa-disable-fail:user:${person.id}`;
  await claimFormAttempt(failureKey);
  const user = await db.user.findUnique({ where: { id: person.id }, select: { passwordHash: true } });
  const passwordRight = user ? await verifyPassword(user.passwordHash, password) : false;
  // The code is only used up when the password is right: a wrong password costs no recovery code.
  const codeRight = passwordRight && (await spendSecondFactor(person.id, code)) !== null;
  if (!passwordRight || !codeRight) {
    const message = passwordRight ? WRONG_CODE_MESSAGE : WRONG_PASSWORD_MESSAGE;
    throw new AppError("INVALID_INPUT", message, { fieldErrors: passwordRight ? { code: [message] } : { password: [message] } });
  }
  await db.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId: person.id } });
    await tx.twoFactor.delete({ where: { userId: person.id }, select: { userId: true } });
    await recordAudit(tx, { actorId: person.id, action: "account.twoFactor.disable", entityType: "user", entityId: person.id });
  });
  await clearRateLimit(failureKey);
  return { disabled: true };
}
