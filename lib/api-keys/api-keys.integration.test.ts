// Managing API keys: admins only, validated, the secret shown once and stored as a hash, revoking
// audited and final.

import { describe, expect, it } from "vitest";

import { authenticateApiRequest, flushApiKeyUsage } from "@/lib/api-keys/authenticate";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/mutations";
import { listApiKeys } from "@/lib/api-keys/queries";
import { hashKeySecret } from "@/lib/api-keys/secrets";
import { loadActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { makeActor, unique } from "@/tests/integration/factories";

describe("API keys", () => {
  it("are created by admins only, for a named integration with a role, and the secret is stored only as its hash", async () => {
    const admin = await makeActor("ADMIN");
    for (const role of ["EDITOR", "REPORTER", "MODERATOR", "READER"] as const) {
      await expect(createApiKey(await makeActor(role), { name: unique("Nope"), role: "READER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(createApiKey(null, { name: unique("Nope"), role: "READER" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const name = unique("Mobile app");
    const created = await createApiKey(admin, { name, role: "EDITOR" });
    expect(created.secret).toMatch(/^nd_[A-Za-z0-9_-]{40}$/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretHash).toBe(hashKeySecret(created.secret));
    expect(row).toMatchObject({ name, role: "EDITOR", createdById: admin.id, revokedAt: null });
    // The integration's own account carries the role, and cannot sign in (nobody knows its password).
    const account = await loadActor(row.userId);
    expect(account).toMatchObject({ role: "EDITOR", displayName: `${name} (integration)` });
    const listed = (await listApiKeys(admin)).find((key) => key.id === created.id);
    expect(listed).toMatchObject({ name, prefix: created.secret.slice(0, 10), lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: created.id, action: "apiKey.create" }, select: { actorId: true } });
    expect(audit.actorId).toBe(admin.id);
  });

  it("refuse a missing name, a name with control characters and a role a key may not have, creating nothing", async () => {
    const admin = await makeActor("ADMIN");
    const before = await db.apiKey.count({ where: { createdById: admin.id } });
    await expect(createApiKey(admin, { name: "  ", role: "READER" })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { name: [expect.any(String)] } });
    await expect(createApiKey(admin, { name: "Bad\u0007name", role: "READER" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(createApiKey(admin, { name: unique("Root"), role: "ADMIN" })).rejects.toMatchObject({ code: "INVALID_INPUT", fieldErrors: { role: [expect.any(String)] } });
    expect(await db.apiKey.count({ where: { createdById: admin.id } })).toBe(before);
  });

  it("are revoked by admins only, once, audited; a revoked key is refused from the next request", async () => {
    const admin = await makeActor("ADMIN");
    const created = await createApiKey(admin, { name: unique("Wire"), role: "READER" });
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    expect((await authenticateApiRequest(headers)).ok).toBe(true);
    await expect(revokeApiKey(await makeActor("EDITOR"), created.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await revokeApiKey(admin, created.id);
    await expect(revokeApiKey(admin, created.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(revokeApiKey(admin, "not-an-id")).rejects.toMatchObject({ code: "NOT_FOUND" });
    const refused = await authenticateApiRequest(headers);
    expect(refused).toMatchObject({ ok: false, refusal: { status: 401, code: "KEY_REVOKED" } });
    expect(await db.auditLog.count({ where: { entityId: created.id, action: "apiKey.revoke", actorId: admin.id } })).toBe(1);
    const listed = (await listApiKeys(admin)).find((key) => key.id === created.id);
    expect(listed?.revokedAt).toBeInstanceOf(Date);
  });

  it("record when they were last used, at most once a minute, and add their requests to the shared count", async () => {
    const admin = await makeActor("ADMIN");
    const created = await createApiKey(admin, { name: unique("Newsletter"), role: "READER" });
    const headers = new Headers({ "x-api-key": created.secret });
    await authenticateApiRequest(headers);
    await authenticateApiRequest(headers);
    // Counted in memory first; the flush (every 200 ms, or now) writes the count and the time.
    await flushApiKeyUsage();
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: `api:key:${created.id}` } })).count).toBe(2);
    const first = (await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { lastUsedAt: true } })).lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await authenticateApiRequest(headers);
    await flushApiKeyUsage();
    expect((await db.rateLimit.findUniqueOrThrow({ where: { key: `api:key:${created.id}` } })).count).toBe(3);
    const second = (await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { lastUsedAt: true } })).lastUsedAt;
    expect(second?.getTime()).toBe(first?.getTime());
    await db.apiKey.update({ where: { id: created.id }, data: { lastUsedAt: new Date(Date.now() - 5 * 60_000) } });
    await authenticateApiRequest(headers);
    await flushApiKeyUsage();
    const third = (await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { lastUsedAt: true } })).lastUsedAt;
    expect(Math.abs(third!.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("the integration's account", () => {
  it("banned by an admin, shuts its key out as revoking would", async () => {
    const admin = await makeActor("ADMIN");
    const created = await createApiKey(admin, { name: unique("Banned"), role: "EDITOR" });
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    expect((await authenticateApiRequest(headers)).ok).toBe(true);
    const { userId } = await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { userId: true } });
    await db.user.update({ where: { id: userId }, data: { status: "BANNED" } });
    expect(await authenticateApiRequest(headers)).toMatchObject({ ok: false, refusal: { status: 401, code: "KEY_REVOKED" } });
  });
});

describe("the shared count", () => {
  it("judges a key by what other instances counted as well as by this process's own requests", async () => {
    const admin = await makeActor("ADMIN");
    const created = await createApiKey(admin, { name: unique("Shared"), role: "READER" });
    await db.apiKey.update({ where: { id: created.id }, data: { rateLimit: 5 } });
    const headers = new Headers({ authorization: `Bearer ${created.secret}` });
    expect((await authenticateApiRequest(headers)).ok).toBe(true);
    await flushApiKeyUsage();
    // Another instance counted four in this window meanwhile.
    await db.rateLimit.update({ where: { key: `api:key:${created.id}` }, data: { count: { increment: 4 } } });
    // This process learns of it with its next flush; from then on the key is over its limit.
    expect((await authenticateApiRequest(headers)).ok).toBe(true);
    await flushApiKeyUsage();
    expect(await authenticateApiRequest(headers)).toMatchObject({ ok: false, refusal: { status: 429, code: "RATE_LIMITED" } });
  });
});
