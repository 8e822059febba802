// Admins' changes to webhooks. Each checks who is asking, validates, and writes the change with its
// audit record in one transaction. "Send test" and "Redeliver" only enqueue: the background worker
// (delivery.ts) sends, never the request.

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { sealSecret } from "@/lib/auth/secret-box";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

import { checkWebhookUrl, type Resolver } from "./address";
import { TEST_EVENT } from "./event-names";
import { MAX_WEBHOOKS } from "./limits";
import { createWebhookSchema } from "./schemas";
import { DELIVERY_NOT_FOUND, WEBHOOK_DISABLED_NO_SEND, WEBHOOK_NOT_FOUND, WEBHOOK_TOO_MANY, WEBHOOKS_ADMINS_ONLY } from "./sentences";
import { newWebhookSecret } from "./signature";

export interface CreatedWebhook {
  id: string;
  url: string;
  events: string[];
  /** The signing secret, in the clear: shown to the admin this once. */
  secret: string;
}

/** Options for tests: how host names resolve and whether private addresses pass. */
export interface UrlCheckOptions {
  resolve?: Resolver;
  allowPrivate?: boolean;
}

export async function createWebhook(actor: Actor | null, input: unknown, options: UrlCheckOptions = {}): Promise<CreatedWebhook> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const data = parseInput(createWebhookSchema, input, { message: FIELDS_NEED_ATTENTION });
  // Before the transaction: a lookup can take a while, and nothing is written if it refuses.
  const url = await checkWebhookUrl(data.url, options);
  const secret = newWebhookSecret();
  const secretSealed = sealSecret(secret);
  return db.$transaction(async (tx) => {
    // Serialises creates, so two at once cannot both pass the count.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('newsdesk.webhooks.create'))`;
    if ((await tx.webhook.count()) >= MAX_WEBHOOKS) throw new AppError("CONFLICT", WEBHOOK_TOO_MANY);
    const webhook = await tx.webhook.create({
      data: { url: url.href, description: data.description, events: data.events, secretSealed, createdById: admin.id },
      select: { id: true, url: true, events: true },
    });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "webhook.create",
      entityType: "webhook",
      entityId: webhook.id,
      data: { url: webhook.url, events: webhook.events },
    });
    return { ...webhook, secret };
  });
}

/**
 * Changes a webhook's receiver URL, description or events; its signing secret stays. Deliveries
 * already queued go to the URL it has when they are sent.
 */
export async function updateWebhook(actor: Actor | null, id: unknown, input: unknown, options: UrlCheckOptions = {}): Promise<UpdatedWebhook> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const webhook = webhookId(id);
  const data = parseInput(createWebhookSchema, input, { message: FIELDS_NEED_ATTENTION });
  // Before the transaction, as on create: nothing is written if the address is refused.
  const url = await checkWebhookUrl(data.url, options);
  return db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<Array<{ url: string; description: string; events: string[] }>>`
      SELECT "url", "description", "events" FROM "Webhook" WHERE "id" = ${webhook}::uuid FOR UPDATE`;
    if (!before) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
    const updated = await tx.webhook.update({
      where: { id: webhook },
      data: { url: url.href, description: data.description, events: data.events },
      select: { id: true, url: true, description: true, events: true },
    });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "webhook.update",
      entityType: "webhook",
      entityId: webhook,
      data: { before, after: { url: updated.url, description: updated.description, events: updated.events } },
    });
    return updated;
  });
}

/**
 * Gives a webhook a new signing secret, shown this once. The old one stops signing at once: every
 * delivery is signed with the secret the webhook has when the worker claims it (delivery.ts), so
 * queued and retried deliveries go out under the new one; only a request already on the wire
 * carries the old. The audit record says it happened, never what either secret is.
 */
export async function rotateWebhookSecret(actor: Actor | null, id: unknown): Promise<RotatedSecret> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const webhook = webhookId(id);
  const secret = newWebhookSecret();
  const secretSealed = sealSecret(secret);
  return db.$transaction(async (tx) => {
    const updated = await tx.webhook.updateMany({ where: { id: webhook }, data: { secretSealed } });
    if (updated.count === 0) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
    await recordAudit(tx, { actorId: admin.id, action: "webhook.rotateSecret", entityType: "webhook", entityId: webhook });
    return { id: webhook, secret };
  });
}

export interface RotatedSecret {
  id: string;
  /** The new signing secret, in the clear: shown to the admin this once. */
  secret: string;
}

export interface UpdatedWebhook {
  id: string;
  url: string;
  description: string;
  events: string[];
}

function webhookId(id: unknown): string {
  if (!isUuid(id)) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
  return id;
}

/** Turns a webhook on or off. Off, nothing is sent to it; what was queued waits until it is on again. */
export async function setWebhookEnabled(actor: Actor | null, id: unknown, enabled: boolean): Promise<{ id: string; enabled: boolean }> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const webhook = webhookId(id);
  return db.$transaction(async (tx) => {
    const updated = await tx.webhook.updateMany({ where: { id: webhook }, data: { enabled } });
    if (updated.count === 0) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
    await recordAudit(tx, { actorId: admin.id, action: enabled ? "webhook.enable" : "webhook.disable", entityType: "webhook", entityId: webhook });
    return { id: webhook, enabled };
  });
}

/** Deletes a webhook and its delivery log; nothing more is sent to it. */
export async function deleteWebhook(actor: Actor | null, id: unknown): Promise<{ id: string }> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const webhook = webhookId(id);
  return db.$transaction(async (tx) => {
    const deleted = await tx.webhook.deleteMany({ where: { id: webhook } });
    if (deleted.count === 0) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
    await recordAudit(tx, { actorId: admin.id, action: "webhook.delete", entityType: "webhook", entityId: webhook });
    return { id: webhook };
  });
}

/** Queues a "webhook.test" event for one webhook. */
export async function sendTestEvent(actor: Actor | null, id: unknown): Promise<{ deliveryId: string }> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const webhook = webhookId(id);
  return db.$transaction(async (tx) => {
    const found = await tx.webhook.findUnique({ where: { id: webhook }, select: { enabled: true } });
    if (!found) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
    if (!found.enabled) throw new AppError("INVALID_TRANSITION", WEBHOOK_DISABLED_NO_SEND);
    const delivery = await tx.webhookDelivery.create({
      data: { webhookId: webhook, eventId: crypto.randomUUID(), event: TEST_EVENT, payload: { webhook: { id: webhook }, test: true } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: admin.id, action: "webhook.test", entityType: "webhook", entityId: webhook, data: { deliveryId: delivery.id } });
    return { deliveryId: delivery.id };
  });
}

/** Sends a delivery's event again, as a new delivery with the same event id (receivers may drop a repeat). */
export async function redeliver(actor: Actor | null, deliveryId: unknown): Promise<{ deliveryId: string; webhookId: string }> {
  const admin = assertCan(actor, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  if (!isUuid(deliveryId)) throw new AppError("NOT_FOUND", DELIVERY_NOT_FOUND);
  return db.$transaction(async (tx) => {
    const original = await tx.webhookDelivery.findUnique({
      where: { id: deliveryId },
      select: { id: true, webhookId: true, eventId: true, event: true, payload: true, occurredAt: true, webhook: { select: { enabled: true } } },
    });
    if (!original) throw new AppError("NOT_FOUND", DELIVERY_NOT_FOUND);
    if (!original.webhook.enabled) throw new AppError("INVALID_TRANSITION", WEBHOOK_DISABLED_NO_SEND);
    const delivery = await tx.webhookDelivery.create({
      data: {
        webhookId: original.webhookId,
        eventId: original.eventId,
        event: original.event,
        payload: original.payload ?? {},
        occurredAt: original.occurredAt,
        redeliveryOf: original.id,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: admin.id,
      action: "webhook.redeliver",
      entityType: "webhook",
      entityId: original.webhookId,
      data: { deliveryId: delivery.id, of: original.id, event: original.event },
    });
    return { deliveryId: delivery.id, webhookId: original.webhookId };
  });
}
