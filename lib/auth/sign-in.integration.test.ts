import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { authenticate, GENERIC_FAILURE, MAX_ADDRESS_FAILURES, MAX_EMAIL_FAILURES, MAX_PAIR_FAILURES } from "@/lib/auth/sign-in";
import { startSession } from "@/lib/auth/sessions";
import { db } from "@/lib/db";
import { makeUser, TEST_PASSWORD } from "@/tests/integration/factories";
import { freshAddress as freshTestAddress } from "@/tests/addresses";

const noSleep = async () => {};

const freshAddress = () => freshTestAddress("2");

describe("sign-in refusals", () => {
  it("tells a banned person why only once the password is right", async () => {
    const user = await makeUser("READER");
    await db.user.update({ where: { id: user.id }, data: { status: "BANNED", statusReason: "Threats against another reader" } });
    const wrong = await authenticate({ email: user.email, password: "not the password" }, { sleep: noSleep, address: freshAddress() });
    expect(wrong).toEqual({ ok: false, reason: "INVALID", message: GENERIC_FAILURE });
    const right = await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() });
    expect(right).toEqual({ ok: false, reason: "BANNED", message: "This account has been banned and cannot sign in. Reason: Threats against another reader" });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastSignInAt: true } })).lastSignInAt).toBeNull();
  });

  it("lets a suspended person sign in (they may read)", async () => {
    const user = await makeUser("READER");
    await db.user.update({ where: { id: user.id }, data: { status: "SUSPENDED", statusReason: "Off-topic posting", suspendedUntil: new Date(Date.now() + 86_400_000) } });
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep })).ok).toBe(true);
  });

  it("holds the email-and-address limit when guesses arrive all at once", async () => {
    const user = await makeUser("READER");
    const address = freshAddress();
    const guesses = Array.from({ length: MAX_PAIR_FAILURES + 6 }, (_, i) =>
      authenticate({ email: user.email, password: `guess number ${i}` }, { sleep: noSleep, address }),
    );
    const results = await Promise.all(guesses);
    // Only MAX_PAIR_FAILURES of them reached the password check; the rest were refused unread.
    expect(results.filter((result) => !result.ok && result.reason === "INVALID")).toHaveLength(MAX_PAIR_FAILURES);
    expect(results.filter((result) => !result.ok && result.reason === "RATE_LIMITED")).toHaveLength(6);
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address })).ok).toBe(false);
  });

  it("does not let failures from other addresses lock the owner out: they are slowed down, the owner's address still gets in", async () => {
    const user = await makeUser("READER");
    const attacker = freshAddress();
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    for (let i = 0; i < MAX_PAIR_FAILURES + 2; i += 1) await authenticate({ email: user.email, password: `guess ${i}` }, { sleep, address: attacker });
    // Spread over many addresses, guesses on the email are still slowed down...
    await authenticate({ email: user.email, password: "from elsewhere" }, { sleep, address: freshAddress() });
    expect(delays.at(-1)).toBeGreaterThanOrEqual(2000);
    // ...and the attacker's address is refused on this account, even with the right password...
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: attacker })).toMatchObject({ ok: false, reason: "RATE_LIMITED" });
    // ...but the owner, on their own address, signs in.
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() })).toMatchObject({ ok: true, user: { id: user.id } });
  });

  it(`after ${MAX_EMAIL_FAILURES} failures on an email from many addresses, only the owner's usual address gets in`, async () => {
    const user = await makeUser("READER");
    const usual = freshAddress();
    await startSession(user.id, { userAgent: "test", address: usual });
    // Spread so that no address and no pair reaches its own limit.
    const guessers = Array.from({ length: Math.ceil(MAX_EMAIL_FAILURES / (MAX_PAIR_FAILURES - 1)) }, freshAddress);
    for (let i = 0; i < MAX_EMAIL_FAILURES; i += 1) {
      await authenticate({ email: user.email, password: `guess ${i}` }, { sleep: noSleep, address: guessers[i % guessers.length]! });
    }
    // A new address, even with the right password, is refused now...
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() })).toMatchObject({ ok: false, reason: "RATE_LIMITED" });
    // ...an unknown email is refused the same way, so the refusal says nothing about accounts...
    const unknown = `nobody-${randomUUID()}@example.org`;
    for (let i = 0; i < MAX_EMAIL_FAILURES; i += 1) {
      await authenticate({ email: unknown, password: `guess ${i}` }, { sleep: noSleep, address: guessers[i % guessers.length]! });
    }
    expect(await authenticate({ email: unknown, password: "x" }, { sleep: noSleep, address: freshAddress() })).toMatchObject({ ok: false, reason: "RATE_LIMITED" });
    // ...but the owner on the address they signed in from before gets in, and the lockout is logged.
    expect(await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: usual })).toMatchObject({ ok: true, user: { id: user.id } });
    expect(await db.signInLockout.count({ where: { email: user.email, kind: "email" } })).toBe(1);
    // Two hundred real password checks (argon2, by design slow) in turn: more than the usual
    // 30 s limit on a busy machine.
  }, 180_000);

  it("logs each lockout once, with the email, the address and until when", async () => {
    const user = await makeUser("READER");
    const address = freshAddress();
    for (let i = 0; i < MAX_PAIR_FAILURES + 3; i += 1) await authenticate({ email: user.email, password: `guess ${i}` }, { sleep: noSleep, address });
    const lockouts = await db.signInLockout.findMany({ where: { email: user.email }, select: { kind: true, address: true, lockedAt: true, until: true } });
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ kind: "email-address", address });
    const window = lockouts[0]!.until.getTime() - lockouts[0]!.lockedAt.getTime();
    expect(window).toBeGreaterThan(14 * 60_000);
    expect(window).toBeLessThanOrEqual(15 * 60_000);
  });

  it(`refuses an address after ${MAX_ADDRESS_FAILURES} failures on any emails, even a right password, and other addresses go on`, async () => {
    const address = freshAddress();
    const user = await makeUser("READER");
    const stamp = randomUUID().slice(0, 8);
    // Unknown emails fail as slowly as wrong passwords; run them in parallel to keep the test short.
    await Promise.all(
      Array.from({ length: MAX_ADDRESS_FAILURES }, (_, i) =>
        authenticate({ email: `nobody-${stamp}-${i}@example.test`, password: "guess" }, { sleep: noSleep, address }),
      ),
    );
    const refused = await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address });
    expect(refused).toMatchObject({ ok: false, reason: "RATE_LIMITED" });
    expect(refused.ok ? "" : refused.message).toMatch(/Too many failed sign-in attempts\. Try again in \d+ minutes\./);
    const logged = await db.signInLockout.findMany({ where: { address, kind: "address" }, select: { email: true } });
    expect(logged).toHaveLength(1);
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() })).ok).toBe(true);
  });

  it("does not count a right password against the address or the email", async () => {
    const address = freshAddress();
    const user = await makeUser("READER");
    await authenticate({ email: user.email, password: "wrong" }, { sleep: noSleep, address });
    for (let i = 0; i < 3; i += 1) expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address })).ok).toBe(true);
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: `signin-fail:ip:${address}` } })).count).toBe(1);
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: `signin-fail:email:${user.email}` } })).count).toBe(1);
    // A right password from the address forgives its earlier typos on this account.
    expect(await db.rateLimit.findUnique({ where: { key: `signin-fail:email-ip:${user.email}|${address}` } })).toBeNull();
  });
});
