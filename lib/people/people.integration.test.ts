import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { createApiKey, revokeApiKey } from "@/lib/api-keys/mutations";
import { loadActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { banPerson, changeRole, reinstatePerson, suspendPerson } from "@/lib/people/mutations";
import { getPerson, listPeople } from "@/lib/people/queries";
import { makeActor, makeUser, unique } from "@/tests/integration/factories";

const HOUR = 3_600_000;
const auditsOf = (userId: string) =>
  db.auditLog.findMany({ where: { entityType: "user", entityId: userId }, orderBy: { id: "asc" }, select: { action: true, actorId: true, data: true } });

describe("changing a person's role", () => {
  it("takes effect on their next request and is audited with before and after", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    const changed = await changeRole(admin, { userId: reader.id, role: "MODERATOR", reason: "Joins the community team" });
    expect(changed.role).toBe("MODERATOR");
    expect((await loadActor(reader.id))?.role).toBe("MODERATOR");
    expect(await auditsOf(reader.id)).toEqual([
      {
        action: "user.role",
        actorId: admin.id,
        data: {
          before: { role: "READER", status: "ACTIVE", suspendedUntil: null, statusReason: null },
          after: { role: "MODERATOR", status: "ACTIVE", suspendedUntil: null, statusReason: null },
          reason: "Joins the community team",
        },
      },
    ]);
  });

  it("refuses the same role, an unknown role, an unknown person, and an admin demoting themself", async () => {
    const admin = await makeActor("ADMIN");
    const editor = await makeUser("EDITOR");
    await expect(changeRole(admin, { userId: editor.id, role: "EDITOR" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(changeRole(admin, { userId: editor.id, role: "OWNER" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(changeRole(admin, { userId: randomUUID(), role: "EDITOR" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(changeRole(admin, { userId: "nobody", role: "EDITOR" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(changeRole(admin, { userId: admin.id, role: "EDITOR" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You cannot change your own role. Ask another admin.",
    });
    expect((await loadActor(admin.id))?.role).toBe("ADMIN");
    expect(await auditsOf(admin.id)).toEqual([]);
  });

  it("lets an admin demote another admin while one remains", async () => {
    const admin = await makeActor("ADMIN");
    const other = await makeUser("ADMIN");
    await expect(changeRole(admin, { userId: other.id, role: "EDITOR" })).resolves.toMatchObject({ role: "EDITOR" });
  });
});

describe("suspending", () => {
  it("suspends for a time with the reason the person sees, audited; reinstating lifts it", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    const until = new Date(Date.now() + 24 * HOUR);
    await suspendPerson(admin, { userId: reader.id, until: until.toISOString(), reason: "Repeated personal attacks" });
    const actor = await loadActor(reader.id);
    expect(actor).toMatchObject({ status: "SUSPENDED", statusReason: "Repeated personal attacks" });
    expect(actor?.suspendedUntil?.getTime()).toBe(until.getTime());

    await reinstatePerson(admin, { userId: reader.id });
    expect(await loadActor(reader.id)).toMatchObject({ status: "ACTIVE", suspendedUntil: null, statusReason: null });
    const audits = await auditsOf(reader.id);
    expect(audits.map((a) => a.action)).toEqual(["user.suspend", "user.reinstate"]);
    expect(audits[0]?.data).toMatchObject({
      before: { status: "ACTIVE" },
      after: { status: "SUSPENDED", suspendedUntil: until.toISOString(), statusReason: "Repeated personal attacks" },
      reason: "Repeated personal attacks",
    });
    expect(audits[1]?.data).toMatchObject({ before: { status: "SUSPENDED" }, after: { status: "ACTIVE", statusReason: null } });
  });

  it("refuses less than an hour, more than a year, no reason, yourself and a banned person", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    await expect(suspendPerson(admin, { userId: reader.id, until: at(30 * 60_000), reason: "x" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(suspendPerson(admin, { userId: reader.id, until: at(400 * 24 * HOUR), reason: "x" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(suspendPerson(admin, { userId: reader.id, until: "soon", reason: "x" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(suspendPerson(admin, { userId: reader.id, until: at(2 * HOUR), reason: "  " })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { reason: ["Give a reason: the person is told it."] },
    });
    await expect(suspendPerson(admin, { userId: reader.id, until: at(2 * HOUR), reason: "x".repeat(501) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(suspendPerson(admin, { userId: admin.id, until: at(2 * HOUR), reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await banPerson(admin, { userId: reader.id, reason: "Spam account" });
    await expect(suspendPerson(admin, { userId: reader.id, until: at(2 * HOUR), reason: "x" })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    expect((await auditsOf(reader.id)).map((a) => a.action)).toEqual(["user.ban"]);
  });

  it("a suspension that has run out counts as none: reinstating it is refused as there is nothing to lift", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    await db.user.update({ where: { id: reader.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() - 1000), statusReason: "old" } });
    await expect(reinstatePerson(admin, { userId: reader.id })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    const page = await listPeople(admin, { query: reader.email });
    expect(page.people).toMatchObject([{ id: reader.id, status: "ACTIVE", suspendedUntil: null, statusReason: null }]);
  });
});

describe("banning", () => {
  it("bans with a reason: the person has no actor from their next request; reinstating brings them back", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    await banPerson(admin, { userId: reader.id, reason: "Posting other people's addresses" });
    expect(await loadActor(reader.id)).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { status: true, statusReason: true } })).toEqual({
      status: "BANNED",
      statusReason: "Posting other people's addresses",
    });
    await expect(banPerson(admin, { userId: reader.id, reason: "again" })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    await reinstatePerson(admin, { userId: reader.id, reason: "Appeal accepted" });
    expect(await loadActor(reader.id)).toMatchObject({ status: "ACTIVE" });
    const audits = await auditsOf(reader.id);
    expect(audits.map((a) => a.action)).toEqual(["user.ban", "user.reinstate"]);
    expect(audits[1]?.data).toMatchObject({ reason: "Appeal accepted", before: { status: "BANNED" }, after: { status: "ACTIVE" } });
  });

  it("refuses a reason or a note with a NUL byte, saying which and why, and changes nothing", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    await expect(banPerson(admin, { userId: reader.id, reason: "Spam\u0000bot" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "The reason contains a NUL character (U+0000): remove it and try again.",
    });
    await expect(changeRole(admin, { userId: reader.id, role: "MODERATOR", reason: "Joins\u0007" })).rejects.toMatchObject({ fieldErrors: { reason: [expect.stringMatching(/^The note contains an invisible control character \(U\+0007\)/)] } });
    expect(await loadActor(reader.id)).toMatchObject({ role: "READER", status: "ACTIVE" });
    expect(await db.auditLog.count({ where: { entityType: "user", entityId: reader.id } })).toBe(0);
    await expect(listPeople(admin, { query: "ada\u0000" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "The search contains a NUL character (U+0000): remove it and try again." });
  });

  it("refuses banning yourself and a ban without a reason", async () => {
    const admin = await makeActor("ADMIN");
    const reader = await makeUser("READER");
    await expect(banPerson(admin, { userId: admin.id, reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN", message: "You cannot ban yourself. Ask another admin." });
    await expect(banPerson(admin, { userId: reader.id })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(await loadActor(admin.id)).not.toBeNull();
    expect(await loadActor(reader.id)).toMatchObject({ status: "ACTIVE" });
  });
});

describe("who may manage people", () => {
  it("only admins: editors, moderators, reporters, readers and nobody are refused and nothing changes", async () => {
    const reader = await makeUser("READER");
    for (const role of ["EDITOR", "MODERATOR", "REPORTER", "READER"] as const) {
      const actor = await makeActor(role);
      await expect(changeRole(actor, { userId: reader.id, role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      // Editors and moderators may suspend readers (people.suspend): see the next test.
      if (role === "REPORTER" || role === "READER") {
        await expect(suspendPerson(actor, { userId: reader.id, until: new Date(Date.now() + 2 * HOUR), reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      }
      await expect(banPerson(actor, { userId: reader.id, reason: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(reinstatePerson(actor, { userId: reader.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listPeople(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(banPerson(null, { userId: reader.id, reason: "x" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await loadActor(reader.id)).toMatchObject({ role: "READER", status: "ACTIVE" });
    expect(await auditsOf(reader.id)).toEqual([]);
  });
});

describe("suspending without managing people (people.suspend)", () => {
  it("a moderator suspends a reader, audited as an admin's suspension is; cannot suspend staff, ban, promote or reinstate", async () => {
    const moderator = await makeActor("MODERATOR");
    const reader = await makeUser("READER");
    const until = new Date(Date.now() + 24 * HOUR);
    await expect(suspendPerson(moderator, { userId: reader.id, until, reason: "Spam links in three threads" })).resolves.toMatchObject({ status: "SUSPENDED" });
    expect(await loadActor(reader.id)).toMatchObject({ status: "SUSPENDED", statusReason: "Spam links in three threads" });
    expect(await auditsOf(reader.id)).toEqual([
      {
        action: "user.suspend",
        actorId: moderator.id,
        data: {
          before: { role: "READER", status: "ACTIVE", suspendedUntil: null, statusReason: null },
          after: { role: "READER", status: "SUSPENDED", suspendedUntil: until.toISOString(), statusReason: "Spam links in three threads" },
          reason: "Spam links in three threads",
        },
      },
    ]);

    const other = await makeUser("READER");
    await expect(banPerson(moderator, { userId: other.id, reason: "Spam" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeRole(moderator, { userId: other.id, role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(reinstatePerson(moderator, { userId: reader.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const reporter = await makeUser("REPORTER");
    await expect(suspendPerson(moderator, { userId: reporter.id, until, reason: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "You can suspend readers only: ask an admin about a staff account.",
    });
    expect(await loadActor(other.id)).toMatchObject({ role: "READER", status: "ACTIVE" });
    expect(await loadActor(reporter.id)).toMatchObject({ role: "REPORTER", status: "ACTIVE" });
    expect(await auditsOf(other.id)).toEqual([]);
    expect(await auditsOf(reporter.id)).toEqual([]);
  });
});

describe("listPeople", () => {
  it("finds people by part of their name or email, filters by role and pages", async () => {
    const admin = await makeActor("ADMIN");
    const tag = unique("zebra");
    const made = [];
    for (let i = 0; i < 3; i++) {
      const user = await makeUser(i === 0 ? "MODERATOR" : "READER", { email: `${tag}-${i}@example.test` });
      made.push(user);
    }
    await db.user.update({ where: { id: made[1]!.id }, data: { displayName: `Someone ${tag.toUpperCase()}` } });

    const all = await listPeople(admin, { query: tag });
    expect(all.total).toBe(3);
    expect(all.people.map((p) => p.id).sort()).toEqual(made.map((u) => u.id).sort());
    expect((await listPeople(admin, { query: tag, role: "MODERATOR" })).people.map((p) => p.id)).toEqual([made[0]!.id]);
    const first = await listPeople(admin, { query: tag, pageSize: 2 });
    const second = await listPeople(admin, { query: tag, pageSize: 2, page: 2 });
    expect(first.pageCount).toBe(2);
    expect([...first.people, ...second.people].map((p) => p.id).sort()).toEqual(made.map((u) => u.id).sort());
    expect(await listPeople(admin, { query: "no-such-person-at-all-xyz" })).toMatchObject({ total: 0, people: [] });
  });
});

describe("an integration's account", () => {
  it("is marked in the list and on its page, and people actions leave it to its key", async () => {
    const admin = await makeActor("ADMIN");
    const name = unique("Wire desk app");
    const key = await createApiKey(admin, { name, role: "EDITOR" });
    const account = await db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { userId: true } });

    const listed = await listPeople(admin, { query: name });
    expect(listed.people.map((person) => [person.displayName, person.integration])).toEqual([[`${name} (integration)`, { name, revoked: false }]]);
    expect((await getPerson(admin, account.userId)).integration).toEqual({ name, revoked: false });
    const person = (await listPeople(admin, { query: admin.email })).people[0];
    expect(person?.integration).toBeNull();

    const refused = `This account belongs to the integration “${name}”: it is changed or revoked with its key under Settings, Integrations. Nothing was changed.`;
    for (const attempt of [
      () => changeRole(admin, { userId: account.userId, role: "ADMIN", reason: "More access" }),
      () => suspendPerson(admin, { userId: account.userId, until: new Date(Date.now() + 86_400_000).toISOString(), reason: "Pause it" }),
      () => banPerson(admin, { userId: account.userId, reason: "Stop it" }),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "FORBIDDEN", message: refused });
    }
    expect(await db.user.findUniqueOrThrow({ where: { id: account.userId }, select: { role: true, status: true } })).toEqual({ role: "EDITOR", status: "ACTIVE" });

    await revokeApiKey(admin, key.id);
    expect((await getPerson(admin, account.userId)).integration).toEqual({ name, revoked: true });
  });
});
