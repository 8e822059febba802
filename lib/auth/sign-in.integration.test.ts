import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { authenticate, GENERIC_FAILURE, MAX_ADDRESS_FAILURES, MAX_EMAIL_FAILURES } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { makeUser, TEST_PASSWORD } from "@/tests/integration/factories";

const noSleep = async () => {};

function freshAddress(): string {
  const bytes = randomUUID().replaceAll("-", "");
  return `2001:db8:${bytes.slice(0, 4)}:${bytes.slice(4, 8)}::2`;
}

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

  it("holds the per-email limit when guesses arrive all at once", async () => {
    const user = await makeUser("READER");
    const guesses = Array.from({ length: MAX_EMAIL_FAILURES + 6 }, (_, i) =>
      authenticate({ email: user.email, password: `guess number ${i}` }, { sleep: noSleep, address: freshAddress() }),
    );
    const results = await Promise.all(guesses);
    // Only MAX_EMAIL_FAILURES of them reached the password check; the rest were refused unread.
    expect(results.filter((result) => !result.ok && result.reason === "INVALID")).toHaveLength(MAX_EMAIL_FAILURES);
    expect(results.filter((result) => !result.ok && result.reason === "RATE_LIMITED")).toHaveLength(6);
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep })).ok).toBe(false);
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
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address: freshAddress() })).ok).toBe(true);
  });

  it("does not count a right password against the address or the email", async () => {
    const address = freshAddress();
    const user = await makeUser("READER");
    await authenticate({ email: user.email, password: "wrong" }, { sleep: noSleep, address });
    for (let i = 0; i < 3; i += 1) expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep, address })).ok).toBe(true);
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: `signin-fail:ip:${address}` } })).count).toBe(1);
    expect(await db.rateLimit.findUnique({ where: { key: `signin-fail:email:${user.email}` } })).toBeNull();
  });
});
