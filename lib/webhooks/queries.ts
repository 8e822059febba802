// What admins read about webhooks: the list, and one webhook with its delivery log.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { WebhookDeliveryStatus } from "@/lib/generated/prisma/enums";
import { isUuid } from "@/lib/validation/uuid";

import { DELIVERY_LOG_LENGTH } from "./limits";
import { WEBHOOK_NOT_FOUND, WEBHOOKS_ADMINS_ONLY } from "./sentences";

export interface DeliverySummary {
  id: string;
  eventId: string;
  event: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  responseCode: number | null;
  lastError: string | null;
  durationMs: number | null;
  redeliveryOf: string | null;
}

export interface WebhookSummary {
  id: string;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  lastDelivery: DeliverySummary | null;
}

const deliverySelect = {
  id: true,
  eventId: true,
  event: true,
  status: true,
  attempts: true,
  createdAt: true,
  lastAttemptAt: true,
  nextAttemptAt: true,
  responseCode: true,
  lastError: true,
  durationMs: true,
  redeliveryOf: true,
} as const;

export async function listWebhooks(admin: Actor | null): Promise<WebhookSummary[]> {
  assertCan(admin, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  const rows = await db.webhook.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      enabled: true,
      createdAt: true,
      deliveries: { orderBy: { createdAt: "desc" }, take: 1, select: deliverySelect },
    },
  });
  return rows.map(({ deliveries, ...row }) => ({ ...row, lastDelivery: deliveries[0] ?? null }));
}

export interface WebhookDetail extends Omit<WebhookSummary, "lastDelivery"> {
  deliveries: DeliverySummary[];
}

/** One webhook and its newest deliveries (DELIVERY_LOG_LENGTH of them). */
export async function getWebhook(admin: Actor | null, id: unknown): Promise<WebhookDetail> {
  assertCan(admin, "settings.manage", WEBHOOKS_ADMINS_ONLY);
  if (!isUuid(id)) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
  const row = await db.webhook.findUnique({
    where: { id },
    select: {
      id: true,
      url: true,
      description: true,
      events: true,
      enabled: true,
      createdAt: true,
      deliveries: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: DELIVERY_LOG_LENGTH, select: deliverySelect },
    },
  });
  if (!row) throw new AppError("NOT_FOUND", WEBHOOK_NOT_FOUND);
  return row;
}
