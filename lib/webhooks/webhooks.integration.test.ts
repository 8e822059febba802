// Webhooks against the real database and a real HTTP receiver on loopback: what is enqueued by
// which change, the signature, retries and their backoff, a receiver that hangs, two workers at
// once, redelivery, and the refusal of private addresses in a production configuration.

import http from "node:http";
import type { AddressInfo } from "node:net";

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

import type { Actor } from "@/lib/auth/actor";
import { addCorrection } from "@/lib/corrections/mutations";
import { postComment } from "@/lib/comments/post";
import { db, getPool } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { moderateComments } from "@/lib/moderation/mutations";
import { changeStoryStatus, saveStory } from "@/lib/stories/mutations";
import { publishDueStories } from "@/lib/stories/scheduler";
import { backoffMs, deliverDueWebhooks, startWebhookDelivery, type DeliveryOptions } from "@/lib/webhooks/delivery";
import { WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";
import { FIRST_BACKOFF_MS, RETRY_FOR_MS } from "@/lib/webhooks/limits";
import { createWebhook, deleteWebhook, redeliver, rotateWebhookSecret, sendTestEvent, setWebhookEnabled, updateWebhook } from "@/lib/webhooks/mutations";
import { getWebhook } from "@/lib/webhooks/queries";
import { WEBHOOK_URL_INVALID, WEBHOOK_URL_PRIVATE, WEBHOOKS_ADMINS_ONLY } from "@/lib/webhooks/sentences";
import { verifySignature } from "@/lib/webhooks/signature";
import { doc, makeActor, makeStory } from "@/tests/integration/factories";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback; `answer` decides each request's status, or "hang" to never answer. */
class Receiver {
  readonly received: Received[] = [];
  answer: (request: Received) => number | "hang" = () => 200;
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const got = { headers: request.headers, body: Buffer.concat(chunks).toString("utf8") };
      this.received.push(got);
      const status = this.answer(got);
      if (status !== "hang") response.writeHead(status).end("ok");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  reset(): void {
    this.received.length = 0;
    this.answer = () => 200;
  }
}

const receiver = new Receiver();
let receiverUrl = "";

beforeAll(async () => {
  receiverUrl = await receiver.start();
});

afterAll(async () => {
  await receiver.stop();
});

// Other test files share the database (and may add webhooks): these tests read and send only
// the webhooks their own admins added.
const admins: string[] = [];

async function makeAdmin(): Promise<Actor> {
  const admin = await makeActor("ADMIN");
  admins.push(admin.id);
  return admin;
}

async function myWebhookIds(): Promise<string[]> {
  return (await db.webhook.findMany({ where: { createdById: { in: admins } }, select: { id: true } })).map((row) => row.id);
}

async function sweep(options: Omit<DeliveryOptions, "webhookIds"> = {}) {
  return deliverDueWebhooks({ ...options, webhookIds: await myWebhookIds() });
}

afterEach(async () => {
  receiver.reset();
  await db.webhook.deleteMany({ where: { createdById: { in: admins } } });
});

async function refusal(work: Promise<unknown>) {
  try {
    await work;
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function publishedStory(editorId?: string) {
  const editor = await makeActor("EDITOR");
  const story = await makeStory({ createdById: editorId });
  const published = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish", acknowledgeWarnings: true });
  return { editor, story: { ...story, version: published.version } };
}

describe("registering a webhook", () => {
  it("gives the secret once, keeps it sealed, and audits who added it", async () => {
    const admin = await makeAdmin();
    const created = await createWebhook(admin, { url: receiverUrl, events: ["story.published", "comment.posted"], description: "Search index" });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const row = await db.webhook.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ url: receiverUrl, events: ["story.published", "comment.posted"], enabled: true, description: "Search index" });
    expect(row.secretSealed).not.toContain(created.secret);
    expect(await db.auditLog.count({ where: { entityType: "webhook", entityId: created.id, action: "webhook.create", actorId: admin.id } })).toBe(1);
  });

  it("refuses other roles, addresses that are not http(s), and no events, saving nothing", async () => {
    const admin = await makeAdmin();
    const editor = await makeActor("EDITOR");
    expect((await refusal(createWebhook(editor, { url: receiverUrl, events: ["story.published"] }))).message).toBe(WEBHOOKS_ADMINS_ONLY);
    for (const url of ["ftp://example.org/hook", "file:///etc/passwd", "javascript:alert(1)", "not an address"]) {
      const error = await refusal(createWebhook(admin, { url, events: ["story.published"] }));
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.fieldErrors?.url).toEqual([WEBHOOK_URL_INVALID]);
    }
    // Both fields' problems at once, each beside its field.
    const both = await refusal(createWebhook(admin, { url: "ftp://example.org/hook", events: [] }));
    expect(both.fieldErrors?.url).toEqual([WEBHOOK_URL_INVALID]);
    expect(both.fieldErrors?.events).toBeDefined();
    const noEvents = await refusal(createWebhook(admin, { url: receiverUrl, events: [] }));
    expect(noEvents.fieldErrors?.events).toBeDefined();
    const unknown = await refusal(createWebhook(admin, { url: receiverUrl, events: ["story.exploded"] }));
    expect(unknown.code).toBe("INVALID_INPUT");
    expect(await db.webhook.count({ where: { createdById: admin.id } })).toBe(0);
  });
});

describe("editing a webhook", () => {
  it("changes its address, description and events, keeps its secret, and audits before and after", async () => {
    const admin = await makeAdmin();
    const created = await createWebhook(admin, { url: receiverUrl, events: ["story.published"], description: "Search index" });
    const sealed = (await db.webhook.findUniqueOrThrow({ where: { id: created.id }, select: { secretSealed: true } })).secretSealed;
    const moved = `${receiverUrl}?v=2`;
    const updated = await updateWebhook(admin, created.id, { url: moved, events: ["comment.posted", "story.deleted"], description: "Search index, v2" });
    expect(updated).toEqual({ id: created.id, url: moved, description: "Search index, v2", events: ["story.deleted", "comment.posted"] });
    expect(await db.webhook.findUniqueOrThrow({ where: { id: created.id }, select: { url: true, events: true, secretSealed: true } })).toEqual({
      url: moved,
      events: ["story.deleted", "comment.posted"],
      secretSealed: sealed,
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: created.id, action: "webhook.update" }, select: { actorId: true, data: true } });
    expect(audit).toEqual({
      actorId: admin.id,
      data: {
        before: { url: receiverUrl, description: "Search index", events: ["story.published"] },
        after: { url: moved, description: "Search index, v2", events: ["story.deleted", "comment.posted"] },
      },
    });
  });

  it("refuses other roles, bad fields and an unknown webhook, changing nothing", async () => {
    const admin = await makeAdmin();
    const created = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    expect((await refusal(updateWebhook(await makeActor("EDITOR"), created.id, { url: receiverUrl, events: ["story.deleted"] }))).message).toBe(WEBHOOKS_ADMINS_ONLY);
    const bad = await refusal(updateWebhook(admin, created.id, { url: "javascript:alert(1)", events: [] }));
    expect(bad.fieldErrors?.url).toEqual([WEBHOOK_URL_INVALID]);
    expect(bad.fieldErrors?.events).toBeDefined();
    expect((await refusal(updateWebhook(admin, "00000000-0000-4000-8000-000000000000", { url: receiverUrl, events: ["story.deleted"] }))).code).toBe("NOT_FOUND");
    expect(await db.webhook.findUniqueOrThrow({ where: { id: created.id }, select: { url: true, events: true } })).toEqual({ url: receiverUrl, events: ["story.published"] });
    expect(await db.auditLog.count({ where: { entityId: created.id, action: "webhook.update" } })).toBe(0);
  });
});

describe("rotating a webhook's secret", () => {
  it("gives a new secret once; from then on every delivery, a retry of an earlier event included, is signed with it and not the old", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    // An event queued and refused once before the rotation...
    receiver.answer = () => 503;
    const { deliveryId } = await sendTestEvent(admin, hook.id);
    await sweep();
    expect(verifySignature(hook.secret, receiver.received[0]!.headers["newsdesk-signature"] as string, receiver.received[0]!.body)).toBe(true);

    const rotated = await rotateWebhookSecret(admin, hook.id);
    expect(rotated.id).toBe(hook.id);
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(rotated.secret).not.toBe(hook.secret);
    const row = await db.webhook.findUniqueOrThrow({ where: { id: hook.id }, select: { secretSealed: true } });
    expect(row.secretSealed).not.toContain(rotated.secret);

    // ...is retried under the new secret, and so is a new one.
    receiver.answer = () => 200;
    const retry = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: { nextAttemptAt: true } });
    await sweep({ now: new Date(retry.nextAttemptAt.getTime() + 1) });
    await sendTestEvent(admin, hook.id);
    await sweep({ now: new Date(retry.nextAttemptAt.getTime() + 1) });
    const after = receiver.received.slice(1);
    expect(after).toHaveLength(2);
    for (const got of after) {
      const signature = got.headers["newsdesk-signature"] as string;
      expect(verifySignature(rotated.secret, signature, got.body)).toBe(true);
      expect(verifySignature(hook.secret, signature, got.body)).toBe(false);
    }

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: hook.id, action: "webhook.rotateSecret" }, select: { actorId: true, data: true } });
    expect(audit.actorId).toBe(admin.id);
    expect(JSON.stringify(audit.data ?? null)).not.toContain("whsec_");
  });

  it("refuses other roles and an unknown webhook, changing nothing", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    const before = (await db.webhook.findUniqueOrThrow({ where: { id: hook.id }, select: { secretSealed: true } })).secretSealed;
    for (const role of ["EDITOR", "REPORTER", "MODERATOR", "READER"] as const) {
      expect((await refusal(rotateWebhookSecret(await makeActor(role), hook.id))).message).toBe(WEBHOOKS_ADMINS_ONLY);
    }
    expect((await refusal(rotateWebhookSecret(null, hook.id))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(rotateWebhookSecret(admin, "00000000-0000-4000-8000-000000000000"))).code).toBe("NOT_FOUND");
    expect((await refusal(rotateWebhookSecret(admin, "not-an-id"))).code).toBe("NOT_FOUND");
    expect((await db.webhook.findUniqueOrThrow({ where: { id: hook.id }, select: { secretSealed: true } })).secretSealed).toBe(before);
    expect(await db.auditLog.count({ where: { entityId: hook.id, action: "webhook.rotateSecret" } })).toBe(0);
  });
});

describe("events", () => {
  it("are enqueued with the changes that make them, carrying only what readers may see", async () => {
    const admin = await makeAdmin();
    await createWebhook(admin, { url: receiverUrl, events: [...WEBHOOK_EVENTS] });
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const events = async () =>
      (await db.webhookDelivery.findMany({ where: { webhookId: { in: await myWebhookIds() } }, orderBy: { createdAt: "asc" }, select: { event: true, payload: true } })).map((row) => ({
        event: row.event,
        payload: row.payload as Record<string, Record<string, unknown>>,
      }));

    // A draft's save is nobody's business outside the newsroom.
    const draft = await saveStory(editor, story.id, story.version, { headline: "Secret draft headline", sectionId: story.sectionId, body: doc("Draft words") });
    expect(await events()).toEqual([]);

    const published = await changeStoryStatus(editor, { storyId: story.id, version: draft.version, action: "publish", acknowledgeWarnings: true });
    const saved = await saveStory(editor, story.id, published.version, { headline: "Council approves the bridge", sectionId: story.sectionId, body: doc("Public words") });
    await addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: "An earlier version misnamed the river." });
    const reader = await makeActor("READER");
    const comment = await postComment(reader, { storyId: story.id, body: "Good to see the bridge at last." });
    await moderateComments(editor, { ids: [comment.id], decision: "reject", reason: "Off topic" });
    await changeStoryStatus(editor, { storyId: story.id, version: saved.version, action: "unpublish" });
    await db.story.delete({ where: { id: story.id } });

    const all = await events();
    expect(all.map((e) => e.event)).toEqual([
      "story.published",
      "story.updated",
      "story.corrected",
      "comment.posted",
      "comment.moderated",
      "story.unpublished",
      "story.deleted",
    ]);
    const section = await db.section.findUniqueOrThrow({ where: { id: story.sectionId! }, select: { slug: true, name: true } });
    expect(all[0]!.payload.story).toMatchObject({ id: story.id, headline: "Secret draft headline", path: `/${section.slug}/${story.slug}`, section });
    expect(all[1]!.payload.story).toMatchObject({ headline: "Council approves the bridge" });
    expect(all[2]!.payload.correction).toMatchObject({ kind: "CORRECTION", text: "An earlier version misnamed the river." });
    expect(all[3]!.payload.comment).toMatchObject({ id: comment.id, status: comment.status });
    // Rejected: readers cannot see its words, so neither does the receiver.
    expect(all[4]!.payload.comment).toMatchObject({ id: comment.id, status: "REJECTED" });
    expect(all[4]!.payload.comment).not.toHaveProperty("body");
    for (const { payload } of all) {
      expect(JSON.stringify(payload)).not.toContain("Draft words");
      expect(JSON.stringify(payload)).not.toContain("Public words");
    }
  });

  it("go only to enabled webhooks that asked for them; the scheduler's publishing counts", async () => {
    const admin = await makeAdmin();
    const wanted = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    const other = await createWebhook(admin, { url: receiverUrl, events: ["comment.posted"] });
    const off = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    await setWebhookEnabled(admin, off.id, false);
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: { status: "SCHEDULED", scheduledFor: new Date(Date.now() - 1000) } });
    await publishDueStories();
    const rows = await db.webhookDelivery.findMany({ where: { webhookId: { in: await myWebhookIds() } }, select: { webhookId: true, event: true } });
    expect(rows).toEqual([{ webhookId: wanted.id, event: "story.published" }]);
    expect(other.id).not.toBe(wanted.id);
  });
});

describe("delivery", () => {
  it("posts the event signed with the webhook's secret, with an event id, and logs the answer", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    const { story } = await publishedStory();
    const outcomes = await sweep();
    expect(outcomes.map((o) => o.status)).toEqual(["SUCCEEDED"]);

    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    const signature = got!.headers["newsdesk-signature"] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(hook.secret, signature, got!.body)).toBe(true);
    expect(verifySignature(hook.secret, signature, got!.body.replace("story", "storx"))).toBe(false);
    expect(verifySignature("whsec_other", signature, got!.body)).toBe(false);
    // A replay ten minutes later fails the five-minute tolerance.
    expect(verifySignature(hook.secret, signature, got!.body, { now: Date.now() + 10 * 60_000 })).toBe(false);

    const body = JSON.parse(got!.body) as { id: string; type: string; data: { story: Record<string, unknown> } };
    expect(body.type).toBe("story.published");
    expect(got!.headers["newsdesk-event"]).toBe("story.published");
    expect(got!.headers["newsdesk-event-id"]).toBe(body.id);
    expect(body.data.story).toMatchObject({ id: story.id, slug: story.slug });
    expect(body.data.story.url).toMatch(new RegExp(`^https?://[^/]+/[^/]+/${story.slug}$`));
    expect(body.data.story).not.toHaveProperty("body");

    const log = await getWebhook(admin, hook.id);
    expect(log.deliveries).toMatchObject([{ event: "story.published", status: "SUCCEEDED", attempts: 1, responseCode: 200, lastError: null }]);
  });

  it("sends a new delivery as soon as it is committed, not at the next sweep", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    // A worker whose sweep comes only once an hour (and not at its start), sending this webhook's deliveries alone.
    const worker = startWebhookDelivery(60 * 60_000, { delivery: { webhookIds: [hook.id] }, delayFirst: true });
    try {
      await worker.listening;
      const { story } = await publishedStory();
      await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 10_000 });
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: "story.published", data: { story: { id: story.id } } });
      // Again, from another kind of change: a test event queued from the webhook's page.
      const sent = await sendTestEvent(admin, hook.id);
      await vi.waitFor(() => expect(receiver.received.map((request) => request.headers["newsdesk-delivery"])).toContain(sent.deliveryId), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await db.webhookDelivery.count({ where: { webhookId: hook.id, status: "SUCCEEDED" } })).toBe(2));
    } finally {
      await worker.stop();
    }
  });

  it("retries after a 500 with backoff, then succeeds; gives up a day after the event", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    await publishedStory();
    receiver.answer = () => (receiver.received.length === 1 ? 500 : 200);
    const now = new Date();
    expect((await sweep({ now })).map((o) => o.status)).toEqual(["PENDING"]);
    const first = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
    expect(first).toMatchObject({ status: "PENDING", attempts: 1, responseCode: 500, lastError: "The receiver answered 500." });
    expect(first.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(now.getTime() + FIRST_BACKOFF_MS / 2);

    // Not due yet: nothing is sent.
    expect(await sweep({ now })).toEqual([]);
    expect(receiver.received).toHaveLength(1);

    expect((await sweep({ now: first.nextAttemptAt })).map((o) => o.status)).toEqual(["SUCCEEDED"]);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.headers["newsdesk-event-id"]).toBe(receiver.received[1]!.headers["newsdesk-event-id"]);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 2, responseCode: 200, lastError: null });

    // The waits double, with jitter between half and all of each.
    expect(backoffMs(1, () => 0)).toBe(FIRST_BACKOFF_MS / 2);
    expect(backoffMs(3, () => 0.999_999)).toBe(FIRST_BACKOFF_MS * 4);

    // A delivery still failing a day after its event is marked failed.
    receiver.answer = () => 503;
    const test = await sendTestEvent(admin, hook.id);
    const dayLater = new Date(Date.now() + RETRY_FOR_MS);
    expect((await sweep({ now: dayLater })).map((o) => o.status)).toEqual(["FAILED"]);
    expect(await db.webhookDelivery.findUniqueOrThrow({ where: { id: test.deliveryId } })).toMatchObject({ status: "FAILED", responseCode: 503 });
  });

  it("gives up on a receiver that does not answer within the timeout, and tries again later", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    receiver.answer = () => "hang";
    await sendTestEvent(admin, hook.id);
    const outcomes = await sweep({ timeoutMs: 300 });
    expect(outcomes).toMatchObject([{ status: "PENDING", responseCode: null, error: "No answer within 300 ms." }]);
    expect(receiver.received).toHaveLength(1);
    expect(await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } })).toMatchObject({ status: "PENDING", attempts: 1, responseCode: null });
  });

  it("never sends one delivery twice when two workers sweep at once", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 1) ids.push((await sendTestEvent(admin, hook.id)).deliveryId);
    const [a, b] = await Promise.all([sweep({ batch: 4 }), sweep({ batch: 4 })]);
    expect([...a, ...b].map((o) => o.id).sort()).toEqual([...ids].sort());
    expect(receiver.received.map((r) => r.headers["newsdesk-delivery"]).sort()).toEqual([...ids].sort());
    expect(await db.webhookDelivery.count({ where: { webhookId: hook.id, status: "SUCCEEDED", attempts: 1 } })).toBe(30);
  });

  it("redelivers an event as a new delivery with the same event id", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    await publishedStory();
    await sweep();
    const original = await db.webhookDelivery.findFirstOrThrow({ where: { webhookId: hook.id } });
    const again = await redeliver(admin, original.id);
    expect(again.deliveryId).not.toBe(original.id);
    await sweep();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.headers["newsdesk-event-id"]).toBe(original.eventId);
    expect(receiver.received[1]!.headers["newsdesk-delivery"]).toBe(again.deliveryId);
    expect(JSON.parse(receiver.received[1]!.body)).toEqual(JSON.parse(receiver.received[0]!.body));
    const log = await getWebhook(admin, hook.id);
    expect(log.deliveries.map((d) => [d.id, d.status, d.redeliveryOf])).toEqual([
      [again.deliveryId, "SUCCEEDED", original.id],
      [original.id, "SUCCEEDED", null],
    ]);
    expect((await refusal(redeliver(await makeActor("EDITOR"), original.id))).code).toBe("FORBIDDEN");
  });

  it("sends nothing to a webhook turned off or deleted", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.published"] });
    await sendTestEvent(admin, hook.id);
    await setWebhookEnabled(admin, hook.id, false);
    expect(await sweep()).toEqual([]);
    expect((await refusal(sendTestEvent(admin, hook.id))).code).toBe("INVALID_TRANSITION");
    await deleteWebhook(admin, hook.id);
    expect(await db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("in a production configuration", () => {
  const saved = { NODE_ENV: process.env.NODE_ENV, allow: process.env.NEWSDESK_WEBHOOKS_ALLOW_PRIVATE };
  afterEach(() => {
    (process.env as Record<string, string | undefined>).NODE_ENV = saved.NODE_ENV;
    if (saved.allow === undefined) delete process.env.NEWSDESK_WEBHOOKS_ALLOW_PRIVATE;
    else process.env.NEWSDESK_WEBHOOKS_ALLOW_PRIVATE = saved.allow;
    reloadEnv();
  });

  function production(allowPrivate: boolean) {
    (process.env as Record<string, string | undefined>).NODE_ENV = "production";
    process.env.NEWSDESK_WEBHOOKS_ALLOW_PRIVATE = allowPrivate ? "1" : "0";
    reloadEnv();
  }

  it("refuses private, loopback and link-local addresses unless allowed, saving nothing", async () => {
    production(false);
    const admin = await makeAdmin();
    for (const url of [receiverUrl, "http://localhost:8080/hook", "http://10.1.2.3/hook", "http://169.254.169.254/latest", "http://[::1]:9000/hook", "http://192.168.0.5/x"]) {
      const error = await refusal(createWebhook(admin, { url, events: ["story.published"] }));
      expect(error.fieldErrors?.url).toEqual([WEBHOOK_URL_PRIVATE]);
    }
    expect(await db.webhook.count({ where: { createdById: admin.id } })).toBe(0);
    const publicHook = await createWebhook(admin, { url: "https://hooks.example.org/newsdesk", events: ["story.published"] }, { resolve: async () => ["93.184.215.14"] });
    expect(publicHook.url).toBe("https://hooks.example.org/newsdesk");

    production(true);
    expect((await createWebhook(admin, { url: receiverUrl, events: ["story.published"] })).url).toBe(receiverUrl);
  });

  it("refuses an edit to a private address as it refuses one on create, changing nothing", async () => {
    production(false);
    const admin = await makeAdmin();
    const resolve = async () => ["93.184.215.14"];
    const hook = await createWebhook(admin, { url: "https://hooks.example.org/edit-me", events: ["story.published"] }, { resolve });
    const error = await refusal(updateWebhook(admin, hook.id, { url: "http://10.1.2.3/hook", events: ["story.published"] }));
    expect(error.fieldErrors?.url).toEqual([WEBHOOK_URL_PRIVATE]);
    expect(await db.webhook.findUniqueOrThrow({ where: { id: hook.id }, select: { url: true } })).toEqual({ url: "https://hooks.example.org/edit-me" });
  });

  it("checks the address again at delivery: a host that now resolves to loopback is refused", async () => {
    production(false);
    const admin = await makeAdmin();
    const port = new URL(receiverUrl).port;
    const hook = await createWebhook(admin, { url: `http://hooks.example.org:${port}/hooks`, events: ["story.published"] }, { resolve: async () => ["93.184.215.14"] });
    await sendTestEvent(admin, hook.id);
    const outcomes = await sweep({ resolve: async () => ["127.0.0.1"] });
    expect(outcomes).toMatchObject([{ status: "PENDING", error: "Refused: hooks.example.org resolves to 127.0.0.1, a private, loopback or link-local address." }]);
    expect(receiver.received).toHaveLength(0);
  });
});

describe("a webhook deleted while an event is enqueued", () => {
  it("is skipped, and the change that made the event goes through", async () => {
    const admin = await makeAdmin();
    const hook = await createWebhook(admin, { url: receiverUrl, events: ["story.deleted"] });
    // Webhooks the tests before this one left on this database take the event too; this one must not.
    const others = await db.webhook.count({ where: { enabled: true, events: { has: "story.deleted" }, id: { not: hook.id } } });
    const deleting = await getPool().connect();
    const enqueuing = await getPool().connect();
    try {
      await deleting.query("BEGIN");
      await deleting.query(`DELETE FROM "Webhook" WHERE "id" = $1`, [hook.id]);
      const enqueued = enqueuing.query<{ n: number }>(`SELECT newsdesk_enqueue_webhook('story.deleted', '{}'::jsonb) AS "n"`);
      // Wait until the enqueue is waiting on the deleting transaction's row lock, then commit it.
      await expect
        .poll(async () => (await db.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS "n" FROM pg_stat_activity WHERE "wait_event_type" = 'Lock' AND "query" LIKE '%newsdesk_enqueue_webhook%'`)[0]?.n, { interval: 20 })
        .toBe(1);
      await deleting.query("COMMIT");
      expect((await enqueued).rows[0]?.n).toBe(others);
      expect(await db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(0);
    } finally {
      deleting.release();
      enqueuing.release();
    }
  });
});
