import { describe, expect, it } from "vitest";

import { loadActor } from "@/lib/auth/actor";
import { authenticate, GENERIC_FAILURE, MAX_PAIR_FAILURES } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { makeUser, TEST_PASSWORD } from "@/tests/integration/factories";

const noSleep = async () => {};

describe("authenticate", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await makeUser("EDITOR");
    const result = await authenticate({ email: user.email.toUpperCase(), password: TEST_PASSWORD }, { sleep: noSleep });
    expect(result).toMatchObject({ ok: true, user: { id: user.id } });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { lastSignInAt: true } })).lastSignInAt).toBeInstanceOf(Date);
  });

  it("gives a wrong password and an unknown email the same answer", async () => {
    const user = await makeUser("READER");
    const wrong = await authenticate({ email: user.email, password: "wrong password" }, { sleep: noSleep });
    const unknown = await authenticate({ email: "nobody-at-all@example.test", password: TEST_PASSWORD }, { sleep: noSleep });
    expect(wrong).toEqual({ ok: false, reason: "INVALID", message: GENERIC_FAILURE });
    expect(unknown).toEqual(wrong);
  });

  it("slows repeated failures down, then refuses even the right password from that address until the window ends", async () => {
    const user = await makeUser("READER");
    const delays: number[] = [];
    const sleep = async (ms: number) => {
      delays.push(ms);
    };
    for (let i = 0; i < MAX_PAIR_FAILURES; i += 1) {
      expect((await authenticate({ email: user.email, password: "guess" }, { sleep })).ok).toBe(false);
    }
    expect(delays[0]).toBe(250);
    expect(delays.length).toBe(MAX_PAIR_FAILURES - 3);
    expect(delays.at(-1)).toBeGreaterThan(delays[0] ?? 0);
    const blocked = await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep });
    expect(blocked).toMatchObject({ ok: false, reason: "RATE_LIMITED" });
    const row = await db.rateLimit.findUniqueOrThrow({ where: { key: `signin-fail:email-ip:${user.email}|none` } });
    expect(row.count).toBe(MAX_PAIR_FAILURES);
  });

  it("refuses a banned account with the reason", async () => {
    const user = await makeUser("READER");
    await db.user.update({ where: { id: user.id }, data: { status: "BANNED", statusReason: "Repeated abuse" } });
    const result = await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep });
    expect(result).toEqual({ ok: false, reason: "BANNED", message: "This account has been banned and cannot sign in. Reason: Repeated abuse" });
  });
});

describe("loadActor", () => {
  it("sees a role change and a ban on the very next request", async () => {
    const user = await makeUser("EDITOR");
    expect((await loadActor(user.id))?.role).toBe("EDITOR");
    await db.user.update({ where: { id: user.id }, data: { role: "READER" } });
    expect((await loadActor(user.id))?.role).toBe("READER");
    await db.user.update({ where: { id: user.id }, data: { status: "BANNED" } });
    expect(await loadActor(user.id)).toBeNull();
  });

  it("treats a suspension that has run out as over", async () => {
    const user = await makeUser("READER");
    await db.user.update({ where: { id: user.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 60_000) } });
    expect((await loadActor(user.id))?.status).toBe("SUSPENDED");
    await db.user.update({ where: { id: user.id }, data: { suspendedUntil: new Date(Date.now() - 1000) } });
    expect((await loadActor(user.id))?.status).toBe("ACTIVE");
  });
});
