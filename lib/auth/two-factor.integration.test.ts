import { describe, expect, it } from "vitest";

import { loadActor } from "@/lib/auth/actor";
import { getAuthSettings, updateAuthSettings } from "@/lib/auth/settings";
import { authenticate, completeSecondFactor, MAX_PAIR_FAILURES, pairKey, WRONG_WITH_CODE } from "@/lib/auth/sign-in";
import { totpCode } from "@/lib/auth/totp";
import {
  beginTwoFactorEnrolment,
  confirmTwoFactorEnrolment,
  disableTwoFactor,
  getTwoFactorState,
  RECOVERY_CODE_COUNT,
  STAFF_ONLY_MESSAGE,
  WRONG_CODE_MESSAGE,
} from "@/lib/auth/two-factor";
import { db } from "@/lib/db";
import { makeActor, TEST_PASSWORD } from "@/tests/integration/factories";
import { freshAddress as freshTestAddress } from "@/tests/addresses";

const noSleep = async () => {};
const STEP = 30_000;

const freshAddress = () => freshTestAddress("7");

/** A staff member with two-factor sign-in on, enrolled at `at`; returns the secret and recovery codes. */
async function enrolled(at: number) {
  const actor = await makeActor("EDITOR");
  const { secret } = await beginTwoFactorEnrolment(actor);
  const { recoveryCodes } = await confirmTwoFactorEnrolment(actor, { code: totpCode(secret, at) }, at);
  return { actor: (await loadActor(actor.id))!, secret, recoveryCodes };
}

describe("enrolling", () => {
  it("shows a secret, turns on only with a right code, then gives ten recovery codes, stored hashed and the secret encrypted", async () => {
    const actor = await makeActor("MODERATOR");
    expect(await getTwoFactorState(actor)).toEqual({ status: "off" });
    const { secret, uri } = await beginTwoFactorEnrolment(actor);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toContain(`secret=${secret}`);
    expect(await getTwoFactorState(actor)).toEqual({ status: "pending", secret, uri });
    const stored = await db.twoFactor.findUniqueOrThrow({ where: { userId: actor.id } });
    expect(stored.secretEncrypted).not.toContain(secret);
    expect(stored.enabledAt).toBeNull();

    const now = Date.now();
    await expect(confirmTwoFactorEnrolment(actor, { code: "12345" })).rejects.toThrow("Enter the six-digit code your app shows.");
    const wrong = totpCode(secret, now + 10 * STEP);
    await expect(confirmTwoFactorEnrolment(actor, { code: wrong }, now)).rejects.toThrow(WRONG_CODE_MESSAGE);
    expect((await db.twoFactor.findUniqueOrThrow({ where: { userId: actor.id } })).enabledAt).toBeNull();

    const { recoveryCodes } = await confirmTwoFactorEnrolment(actor, { code: totpCode(secret, now) }, now);
    expect(recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODE_COUNT);
    const hashes = await db.recoveryCode.findMany({ where: { userId: actor.id }, select: { codeHash: true } });
    expect(hashes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(hashes.some((row) => recoveryCodes.some((code) => row.codeHash.includes(code.replace("-", ""))))).toBe(false);
    expect(await getTwoFactorState(actor)).toMatchObject({ status: "on", recoveryCodesLeft: RECOVERY_CODE_COUNT });
    await expect(beginTwoFactorEnrolment(actor)).rejects.toThrow("Two-factor sign-in is already on.");
  });

  it("is for staff only", async () => {
    const reader = await makeActor("READER");
    await expect(beginTwoFactorEnrolment(reader)).rejects.toThrow(STAFF_ONLY_MESSAGE);
    await expect(getTwoFactorState(reader)).rejects.toThrow(STAFF_ONLY_MESSAGE);
  });
});

describe("signing in with two-factor", () => {
  it("asks for the code after the password, counts a wrong code as a failure, and never takes one code twice", async () => {
    const start = Date.now();
    const { actor, secret } = await enrolled(start);
    const address = freshAddress();
    const first = await authenticate({ email: actor.email, password: TEST_PASSWORD }, { sleep: noSleep, address });
    expect(first).toMatchObject({ ok: false, reason: "SECOND_FACTOR" });
    const challengeId = first.ok || first.reason !== "SECOND_FACTOR" ? "" : first.challengeId;
    // The right password is no failure.
    expect(await db.rateLimit.findUnique({ where: { key: pairKey(actor.email, address) } })).toBeNull();

    const later = start + 3 * STEP;
    expect(await completeSecondFactor({ challengeId, code: totpCode(secret, later + 10 * STEP) }, { sleep: noSleep, address, now: later })).toMatchObject({
      ok: false,
      reason: "WRONG_CODE",
    });
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: pairKey(actor.email, address) } })).count).toBe(1);

    const code = totpCode(secret, later);
    expect(await completeSecondFactor({ challengeId, code }, { sleep: noSleep, address, now: later })).toMatchObject({ ok: true, user: { id: actor.id } });
    // The challenge is spent, and the code cannot be replayed through a new one.
    expect(await completeSecondFactor({ challengeId, code }, { sleep: noSleep, address, now: later })).toMatchObject({ reason: "EXPIRED" });
    const again = await authenticate({ email: actor.email, password: TEST_PASSWORD }, { sleep: noSleep, address });
    const againId = again.ok || again.reason !== "SECOND_FACTOR" ? "" : again.challengeId;
    expect(await completeSecondFactor({ challengeId: againId, code }, { sleep: noSleep, address, now: later })).toMatchObject({ reason: "WRONG_CODE" });
    // Nor the previous step's code, once a later one was used.
    expect(await completeSecondFactor({ challengeId: againId, code: totpCode(secret, later - STEP) }, { sleep: noSleep, address, now: later })).toMatchObject({ reason: "WRONG_CODE" });
    expect(await completeSecondFactor({ challengeId: againId, code: totpCode(secret, later + STEP) }, { sleep: noSleep, address, now: later })).toMatchObject({ ok: true });
  });

  it("takes a recovery code once, in any case and with or without its dash", async () => {
    const { actor, recoveryCodes } = await enrolled(Date.now());
    const address = freshAddress();
    const challenge = async () => {
      const result = await authenticate({ email: actor.email, password: TEST_PASSWORD }, { sleep: noSleep, address });
      return result.ok || result.reason !== "SECOND_FACTOR" ? "" : result.challengeId;
    };
    const code = recoveryCodes[0]!;
    expect(await completeSecondFactor({ challengeId: await challenge(), code: code.toUpperCase().replace("-", " ") }, { sleep: noSleep, address })).toMatchObject({ ok: true });
    expect(await completeSecondFactor({ challengeId: await challenge(), code }, { sleep: noSleep, address })).toMatchObject({ reason: "WRONG_CODE" });
    expect(await getTwoFactorState(actor)).toMatchObject({ recoveryCodesLeft: RECOVERY_CODE_COUNT - 1 });
  });

  it("lets the owner past a locked email-and-address with password and code together, and tells a guesser nothing there", async () => {
    const now = Date.now();
    const { actor, secret } = await enrolled(now - 5 * STEP);
    const address = freshAddress();
    for (let i = 0; i < MAX_PAIR_FAILURES; i += 1) await authenticate({ email: actor.email, password: `guess ${i}` }, { sleep: noSleep, address });
    const locked = await authenticate({ email: actor.email, password: TEST_PASSWORD }, { sleep: noSleep, address });
    expect(locked).toMatchObject({ ok: false, reason: "RATE_LIMITED", secondFactorMayHelp: true });
    // Wrong password or wrong code: the same answer.
    const wrongPassword = await authenticate({ email: actor.email, password: "guess", code: totpCode(secret, now) }, { sleep: noSleep, address, now });
    const wrongCode = await authenticate({ email: actor.email, password: TEST_PASSWORD, code: "000000" === totpCode(secret, now) ? "111111" : "000000" }, { sleep: noSleep, address, now });
    expect(wrongPassword).toEqual({ ok: false, reason: "INVALID", message: WRONG_WITH_CODE });
    expect(wrongCode).toEqual(wrongPassword);
    expect(await authenticate({ email: actor.email, password: TEST_PASSWORD, code: totpCode(secret, now) }, { sleep: noSleep, address, now })).toMatchObject({ ok: true });
  });

  it("refuses a locked email-and-address to an account without two-factor, whatever the password, in the same words", async () => {
    const reader = await makeActor("READER");
    const address = freshAddress();
    for (let i = 0; i < MAX_PAIR_FAILURES; i += 1) await authenticate({ email: reader.email, password: `guess ${i}` }, { sleep: noSleep, address });
    const right = await authenticate({ email: reader.email, password: TEST_PASSWORD, code: "123456" }, { sleep: noSleep, address });
    const wrong = await authenticate({ email: reader.email, password: "guess", code: "123456" }, { sleep: noSleep, address });
    expect(right).toEqual({ ok: false, reason: "INVALID", message: WRONG_WITH_CODE });
    expect(wrong).toEqual(right);
  });
});

describe("turning two-factor off", () => {
  it("needs the password and a code", async () => {
    const now = Date.now();
    const { actor, secret, recoveryCodes } = await enrolled(now - 3 * STEP);
    await expect(disableTwoFactor(actor, { password: "not it", code: totpCode(secret, now) })).rejects.toThrow("That password is not right.");
    await expect(disableTwoFactor(actor, { password: TEST_PASSWORD, code: "000000" === totpCode(secret, now) ? "111111" : "000000" })).rejects.toThrow(WRONG_CODE_MESSAGE);
    expect(await getTwoFactorState(actor)).toMatchObject({ status: "on" });
    await disableTwoFactor(actor, { password: TEST_PASSWORD, code: recoveryCodes[3] });
    expect(await getTwoFactorState(actor)).toEqual({ status: "off" });
    expect(await db.recoveryCode.count({ where: { userId: actor.id } })).toBe(0);
    expect(await authenticate({ email: actor.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() })).toMatchObject({ ok: true });
  });
});

describe("requiring two-factor sign-in for admins", () => {
  it("cannot be turned on by an admin who does not have it, nor by anyone but an admin", async () => {
    const admin = await makeActor("ADMIN");
    await expect(updateAuthSettings(admin, { requireTwoFactorForAdmins: true })).rejects.toThrow(/Turn on two-factor sign-in for your own account first/);
    await expect(updateAuthSettings(await makeActor("EDITOR"), { requireTwoFactorForAdmins: false })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await getAuthSettings(admin)).toEqual({ requireTwoFactorForAdmins: false });
    await expect(getAuthSettings(await makeActor("EDITOR"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
