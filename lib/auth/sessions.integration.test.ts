import { describe, expect, it } from "vitest";

import { changeOwnPassword, WRONG_CURRENT_PASSWORD } from "@/lib/accounts/password";
import { assertCan, LAST_SEEN_EVERY_MS, loadActor, loadSessionActor, REQUIRE_TWO_FACTOR_KEY, TWO_FACTOR_REQUIRED_MESSAGE } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { endOtherSessions, endOwnSession, listOwnSessions, revokeSession, startSession } from "@/lib/auth/sessions";
import { authenticate } from "@/lib/auth/sign-in";
import { db, getPool } from "@/lib/db";
import { banPerson, changeRole, signOutPersonEverywhere } from "@/lib/people/mutations";
import { makeActor, makeUser, TEST_PASSWORD } from "@/tests/integration/factories";

const noSleep = async () => {};
const CHROME_ON_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const SAFARI_ON_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

async function signedIn(userId: string, userAgent = CHROME_ON_WINDOWS) {
  const sessionId = await startSession(userId, { userAgent, address: "2001:db8::1" });
  const actor = await loadSessionActor({ userId, sessionId });
  if (!actor) throw new Error("a fresh session was not accepted");
  return actor;
}

describe("loadSessionActor", () => {
  it("accepts a session that stands, and nothing once it is revoked, expired, unknown or someone else's", async () => {
    const [user, other] = await Promise.all([makeUser("READER"), makeUser("READER")]);
    const sessionId = await startSession(user.id);
    expect(await loadSessionActor({ userId: user.id, sessionId })).toMatchObject({ id: user.id, sessionId });
    // Another person's session does not vouch for this one.
    expect(await loadSessionActor({ userId: other.id, sessionId })).toBeNull();
    expect(await loadSessionActor({ userId: user.id, sessionId: crypto.randomUUID() })).toBeNull();
    expect(await loadSessionActor({ userId: user.id, sessionId: "not-a-uuid" })).toBeNull();
    const expired = await db.session.create({ data: { userId: user.id, expiresAt: new Date(Date.now() - 1000) }, select: { id: true } });
    expect(await loadSessionActor({ userId: user.id, sessionId: expired.id })).toBeNull();
    await revokeSession(sessionId);
    expect(await loadSessionActor({ userId: user.id, sessionId })).toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).revokedWhy).toBe("sign-out");
    // Kept a while for the record, then cleared when the person next signs in.
    await db.session.update({ where: { id: sessionId }, data: { revokedAt: new Date(Date.now() - 31 * 86_400_000) } });
    await startSession(user.id);
    expect(await db.session.findUnique({ where: { id: sessionId } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: expired.id } })).not.toBeNull();
  });

  it("touches lastSeenAt in the same statement, but only when it is more than a few minutes old", async () => {
    const user = await makeUser("READER");
    const sessionId = await startSession(user.id);
    const recently = new Date(Date.now() - LAST_SEEN_EVERY_MS / 2);
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: recently } });
    await loadSessionActor({ userId: user.id, sessionId });
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt).toEqual(recently);
    const longAgo = new Date(Date.now() - LAST_SEEN_EVERY_MS * 2);
    await db.session.update({ where: { id: sessionId }, data: { lastSeenAt: longAgo } });
    const before = Date.now();
    await loadSessionActor({ userId: user.id, sessionId });
    expect((await db.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("refuses an admin without two-factor sign-in every desk permission while the site requires it, and not one who has it", async () => {
    const [bare, enrolled] = await Promise.all([makeUser("ADMIN"), makeUser("ADMIN")]);
    // Inside a transaction that is rolled back, so no other test ever sees the setting on.
    const client = await getPool().connect();
    try {
      await client.query("BEGIN");
      await client.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ($1, 'true'::jsonb, now()) ON CONFLICT ("key") DO UPDATE SET "value" = 'true'::jsonb`, [REQUIRE_TWO_FACTOR_KEY]);
      await client.query(`INSERT INTO "TwoFactor" ("userId", "secretEncrypted", "enabledAt") VALUES ($1::uuid, 'x', now())`, [enrolled.id]);
      const sessionId = (await client.query<{ id: string }>(`INSERT INTO "Session" ("id", "userId", "expiresAt") VALUES (gen_random_uuid(), $1::uuid, now() + interval '1 hour') RETURNING "id"::text AS "id"`, [bare.id])).rows[0]!.id;
      const owing = await loadSessionActor({ userId: bare.id, sessionId }, client);
      expect(owing).toMatchObject({ role: "ADMIN", hasTwoFactor: false, mustEnrolTwoFactor: true });
      expect(() => assertCan(owing, "people.manage")).toThrow(TWO_FACTOR_REQUIRED_MESSAGE);
      expect(() => assertCan(owing, "desk.open")).toThrow(TWO_FACTOR_REQUIRED_MESSAGE);
      expect(assertCan(owing, "comment.post")).toBe(owing);
      // A real mutation is refused before it touches anything.
      const reader = await makeUser("READER");
      await expect(changeRole(owing, { userId: reader.id, role: "EDITOR" })).rejects.toThrow(TWO_FACTOR_REQUIRED_MESSAGE);
      expect(await loadActor(enrolled.id, client)).toMatchObject({ hasTwoFactor: true, mustEnrolTwoFactor: false });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
    // Outside it, the setting is off: nothing owed.
    expect(await loadActor(bare.id)).toMatchObject({ mustEnrolTwoFactor: false });
  });
});

describe("a person's own sessions", () => {
  it("lists the sessions that stand in plain words, this one first, and ends another one or all the others", async () => {
    const user = await makeUser("READER");
    const phone = await signedIn(user.id, SAFARI_ON_IPHONE);
    const laptop = await signedIn(user.id, CHROME_ON_WINDOWS);
    const tablet = await signedIn(user.id, "");
    await revokeSession((await signedIn(user.id)).sessionId!);

    const listed = await listOwnSessions(laptop);
    expect(listed).toHaveLength(3);
    expect(listed[0]).toMatchObject({ id: laptop.sessionId, device: "Chrome on Windows", isCurrent: true });
    expect(new Set(listed.slice(1).map((session) => `${session.device} ${session.isCurrent}`))).toEqual(new Set(["Safari on iPhone false", "Unknown device false"]));
    expect(listed[0]).toMatchObject({ address: "2001:db8::1" });

    await expect(endOwnSession(laptop, { sessionId: laptop.sessionId })).rejects.toThrow(/sign out/);
    await endOwnSession(laptop, { sessionId: phone.sessionId });
    expect(await loadSessionActor({ userId: user.id, sessionId: phone.sessionId! })).toBeNull();
    // Ending it twice, or ending a stranger's, says it has ended and ends nothing.
    await expect(endOwnSession(laptop, { sessionId: phone.sessionId })).rejects.toThrow("That session has already ended.");
    const stranger = await signedIn((await makeUser("READER")).id);
    await expect(endOwnSession(laptop, { sessionId: stranger.sessionId })).rejects.toThrow("That session has already ended.");
    expect(await loadSessionActor({ userId: stranger.id, sessionId: stranger.sessionId! })).not.toBeNull();

    expect(await endOtherSessions(laptop)).toEqual({ ended: 1 });
    expect(await loadSessionActor({ userId: user.id, sessionId: tablet.sessionId! })).toBeNull();
    expect(await loadSessionActor({ userId: user.id, sessionId: laptop.sessionId! })).not.toBeNull();
    expect((await listOwnSessions(laptop)).map((session) => session.id)).toEqual([laptop.sessionId]);
  });
});

describe("changeOwnPassword", () => {
  it("needs the current password, keeps the sign-up rules, and ends every other session", async () => {
    const user = await makeUser("READER");
    const here = await signedIn(user.id);
    const elsewhere = await signedIn(user.id, SAFARI_ON_IPHONE);

    await expect(changeOwnPassword(here, { currentPassword: "not it", newPassword: "a brand new passphrase" })).rejects.toThrow(WRONG_CURRENT_PASSWORD);
    await expect(changeOwnPassword(here, { currentPassword: TEST_PASSWORD, newPassword: "short" })).rejects.toMatchObject({
      fieldErrors: { newPassword: ["Use a password of at least 12 characters."] },
    });
    await expect(changeOwnPassword(here, { currentPassword: TEST_PASSWORD, newPassword: "password1234" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(changeOwnPassword(here, { currentPassword: TEST_PASSWORD, newPassword: user.email })).rejects.toThrow(/email address/);
    // Nothing changed by the refusals.
    expect(await loadSessionActor({ userId: user.id, sessionId: elsewhere.sessionId! })).not.toBeNull();

    expect(await changeOwnPassword(here, { currentPassword: TEST_PASSWORD, newPassword: "a brand new passphrase" })).toEqual({ endedSessions: 1 });
    expect(await loadSessionActor({ userId: user.id, sessionId: elsewhere.sessionId! })).toBeNull();
    expect(await loadSessionActor({ userId: user.id, sessionId: here.sessionId! })).not.toBeNull();
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    expect(await verifyPassword(stored.passwordHash, "a brand new passphrase")).toBe(true);
    expect((await authenticate({ email: user.email, password: TEST_PASSWORD }, { sleep: noSleep })).ok).toBe(false);
    expect(await db.auditLog.count({ where: { entityId: user.id, action: "account.password" } })).toBe(1);
  });
});

describe("an admin ending someone's sessions", () => {
  it("signs a person out everywhere, and a ban ends every session in the same transaction", async () => {
    const admin = await makeActor("ADMIN");
    const [first, second] = await Promise.all([makeUser("READER"), makeUser("READER")]);
    const a = await signedIn(first.id);
    const b = await signedIn(first.id, SAFARI_ON_IPHONE);
    expect(await signOutPersonEverywhere(admin, { userId: first.id })).toMatchObject({ ended: 2 });
    expect(await loadSessionActor({ userId: first.id, sessionId: a.sessionId! })).toBeNull();
    expect(await loadSessionActor({ userId: first.id, sessionId: b.sessionId! })).toBeNull();
    expect(await db.auditLog.findFirst({ where: { entityId: first.id, action: "user.signOutEverywhere" }, select: { data: true } })).toEqual({ data: { ended: 2 } });
    await expect(signOutPersonEverywhere(await makeActor("EDITOR"), { userId: first.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const c = await signedIn(second.id);
    await banPerson(admin, { userId: second.id, reason: "Spam" });
    await db.user.update({ where: { id: second.id }, data: { status: "ACTIVE" } });
    // Reinstated by hand, the old cookie still does not come back.
    expect(await loadSessionActor({ userId: second.id, sessionId: c.sessionId! })).toBeNull();
    expect((await db.session.findUniqueOrThrow({ where: { id: c.sessionId! } })).revokedWhy).toBe("ban");
  });
});
