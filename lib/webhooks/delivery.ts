// The delivery worker. Every app process runs it (instrumentation.ts starts it, as it starts the
// scheduler; the loop is lib/queue/sweeper.ts): it claims due deliveries with FOR UPDATE SKIP
// LOCKED, pushing each one's nextAttemptAt past the request timeout in the same statement (a
// lease, lib/queue/claims.ts), so another process never takes it while it is being sent; then
// posts each, signed, and records the answer while its claim still holds. A failure is
// tried again after an exponential backoff with jitter (30 s, 1 min, 2 min, … up to an hour) until
// a day after the event, then marked failed. A process that dies mid-send leaves the lease to run
// out, and the delivery is sent again: at least once, never twice at the same time. Requests never
// send webhooks themselves, but a new delivery is sent at once: its commit NOTIFYs every process,
// which wakes its worker (lib/queue/wake.ts) rather than leaving it for the next sweep.

import "server-only";

import http from "node:http";
import https from "node:https";
import net from "node:net";

import { openSecret } from "@/lib/auth/secret-box";
import { retryDelayMs } from "@/lib/backoff";
import { Prisma, type WebhookDelivery } from "@/lib/generated/prisma/client";
import { claimDue, recordOutcome, type LeasedQueue } from "@/lib/queue/claims";
import { findSweeper, startSweeper, wakeSweeper } from "@/lib/queue/sweeper";
import { listenForWakes } from "@/lib/queue/wake";
import { env } from "@/lib/env.mjs";
import { absoluteUrl } from "@/lib/site";

import { allowsPrivateAddresses, resolveWebhookAddress, systemResolve, WebhookAddressError, type Resolver } from "./address";
import { DELIVERY_TIMEOUT_MS, FIRST_BACKOFF_MS, MAX_BACKOFF_MS, RETRY_FOR_MS } from "./limits";
import { DELIVERY_HEADER, EVENT_HEADER, EVENT_ID_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

const BATCH = 20;
/** Extra time a claim holds beyond the request timeout, for the lookup and recording the answer. */
const LEASE_MARGIN_MS = 30_000;
/** The most of an error message kept in the log. */
const MAX_ERROR_LENGTH = 500;

export interface DeliveryOptions {
  /** The time the sweep runs at (tests move it forward to reach a retry). */
  now?: Date;
  timeoutMs?: number;
  batch?: number;
  resolve?: Resolver;
  allowPrivate?: boolean;
  /** A number in [0, 1) for the jitter. */
  random?: () => number;
  /** Only these webhooks' deliveries: for tests, which share the database with others. */
  webhookIds?: readonly string[];
}

export interface DeliveryOutcome {
  id: string;
  event: string;
  status: "SUCCEEDED" | "PENDING" | "FAILED";
  responseCode: number | null;
  error: string | null;
}

interface Claimed {
  id: string;
  webhookId: string;
  eventId: string;
  event: string;
  payload: unknown;
  occurredAt: Date;
  attempts: number;
  createdAt: Date;
  url: string;
  secretSealed: string;
}

/** The wait before attempt `attempts + 1`: doubling from FIRST_BACKOFF_MS, capped, and jittered to half to all of it. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  return retryDelayMs(attempts, { baseMs: FIRST_BACKOFF_MS, maxMs: MAX_BACKOFF_MS }, random);
}

/** The payload as sent: every story's `path` also given as an absolute `url` on this site. */
export function withUrls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withUrls);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, withUrls(inner)] as const);
  const result: Record<string, unknown> = Object.fromEntries(entries);
  if (typeof result.path === "string" && result.path.startsWith("/")) result.url = absoluteUrl(result.path);
  return result;
}

/** The JSON body of a delivery. */
export function deliveryBody(delivery: { eventId: string; event: string; occurredAt: Date; payload: unknown }): string {
  return JSON.stringify({ id: delivery.eventId, type: delivery.event, createdAt: delivery.occurredAt.toISOString(), data: withUrls(delivery.payload) });
}

/** The deliveries as a leased queue (lib/queue/claims.ts): a claimed delivery stays PENDING, its lease in nextAttemptAt. */
const DELIVERIES: LeasedQueue<WebhookDelivery> = {
  table: "WebhookDelivery",
  dueAt: "nextAttemptAt",
  attempts: "attempts",
  claimable: Prisma.sql`q."status" = 'PENDING'`,
  held: Prisma.sql`q."status" = 'PENDING'`,
  casts: { status: "WebhookDeliveryStatus" },
};

/** Claims due deliveries of enabled webhooks (at most `batch`), each with its webhook's address and sealed secret. */
function claimDueDeliveries(now: Date, batch: number, leaseMs: number, webhookIds: readonly string[] | null): Promise<Claimed[]> {
  const only = webhookIds ? [...webhookIds] : null;
  return claimDue<WebhookDelivery, Claimed>(DELIVERIES, {
    now,
    batch,
    leaseMs,
    join: { table: "Webhook", alias: "w", on: Prisma.sql`w."id" = q."webhookId"` },
    where: Prisma.sql`w."enabled" AND (${only}::uuid[] IS NULL OR w."id" = ANY(${only}::uuid[]))`,
    set: Prisma.sql`"lastAttemptAt" = ${now}`,
    returning: Prisma.sql`q."id", q."webhookId", q."eventId"::text AS "eventId", q."event", q."payload", q."occurredAt", q."attempts", q."createdAt", w."url", w."secretSealed"`,
  });
}

interface Answer {
  status: number;
}

class DeliveryError extends Error {}

/** One POST to `url`, connected to `address` (already checked), within `timeoutMs`. */
function post(url: URL, address: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        // The connection goes to the address that was checked; TLS still verifies the host name.
        lookup: (_hostname, options, callback) => {
          const family = net.isIPv6(address) ? 6 : 4;
          if ((options as { all?: boolean }).all) (callback as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
      },
      (response) => {
        // Only the status matters; the body is read and dropped so the connection can close.
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0 }));
        response.on("error", () => resolve({ status: response.statusCode ?? 0 }));
      },
    );
    const timer = setTimeout(() => request.destroy(new DeliveryError(`No answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} seconds` : `${timeoutMs} ms`}.`)), timeoutMs);
    request.on("close", () => clearTimeout(timer));
    request.on("error", (error) => reject(error instanceof DeliveryError ? error : new DeliveryError(`The request failed: ${error.message || "the connection closed"}.`)));
    request.end(body);
  });
}

async function attempt(delivery: Claimed, options: Required<Pick<DeliveryOptions, "timeoutMs" | "resolve" | "allowPrivate">>): Promise<{ status: number | null; error: string | null; durationMs: number }> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const secret = openSecret(delivery.secretSealed);
  if (secret === null) return { status: null, error: "The signing secret cannot be opened (was AUTH_SECRET changed?). Delete the webhook and add it again.", durationMs: 0 };
  try {
    const url = new URL(delivery.url);
    // Resolved and checked again now: an address that turned private since it was saved is refused.
    const address = await resolveWebhookAddress(url, { resolve: options.resolve, allowPrivate: options.allowPrivate });
    const body = deliveryBody(delivery);
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await post(
      url,
      address,
      {
        "content-type": "application/json",
        "user-agent": "Newsdesk-Webhooks/1",
        [SIGNATURE_HEADER]: signatureHeader(secret, timestamp, body),
        [EVENT_HEADER]: delivery.event,
        [EVENT_ID_HEADER]: delivery.eventId,
        [DELIVERY_HEADER]: delivery.id,
      },
      body,
      options.timeoutMs,
    );
    const ok = answer.status >= 200 && answer.status < 300;
    return { status: answer.status, error: ok ? null : `The receiver answered ${answer.status}${answer.status >= 300 && answer.status < 400 ? " (redirects are not followed)" : ""}.`, durationMs: elapsed() };
  } catch (error) {
    const message = error instanceof WebhookAddressError || error instanceof DeliveryError ? error.message : `The request failed: ${error instanceof Error ? error.message : String(error)}`;
    return { status: null, error: message.slice(0, MAX_ERROR_LENGTH), durationMs: elapsed() };
  }
}

/** Sends every due delivery once (a batch at a time until none is due). Returns what happened. */
export async function deliverDueWebhooks(options: DeliveryOptions = {}): Promise<DeliveryOutcome[]> {
  const now = options.now ?? new Date();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const batch = options.batch ?? BATCH;
  const random = options.random ?? Math.random;
  const settings = { timeoutMs, resolve: options.resolve ?? systemResolve, allowPrivate: options.allowPrivate ?? allowsPrivateAddresses() };
  const outcomes: DeliveryOutcome[] = [];
  for (;;) {
    const claimed = await claimDueDeliveries(now, batch, timeoutMs + LEASE_MARGIN_MS, options.webhookIds ?? null);
    if (claimed.length === 0) break;
    const results = await Promise.all(
      claimed.map(async (delivery): Promise<DeliveryOutcome> => {
        const result = await attempt(delivery, settings);
        const at = new Date(now.getTime() + result.durationMs);
        const succeeded = result.error === null;
        const retryAt = new Date(at.getTime() + backoffMs(delivery.attempts, random));
        const status = succeeded ? "SUCCEEDED" : retryAt.getTime() - delivery.createdAt.getTime() > RETRY_FOR_MS ? "FAILED" : "PENDING";
        // Only while this claim still holds it (attempts unchanged): a lease that ran out is someone else's now.
        await recordOutcome(DELIVERIES, delivery, {
          status,
          responseCode: result.status,
          lastError: result.error,
          durationMs: result.durationMs,
          nextAttemptAt: status === "PENDING" ? retryAt : at,
          ...(status === "PENDING" ? {} : { finishedAt: at }),
        });
        return { id: delivery.id, event: delivery.event, status, responseCode: result.status, error: result.error };
      }),
    );
    outcomes.push(...results);
    if (claimed.length < batch) break;
  }
  return outcomes;
}

/** Where a statement that queues deliveries says so (the trigger of migration *_webhook_wake). */
export const WEBHOOKS_CHANNEL = "newsdesk_webhooks";
const SWEEPER = "webhook-delivery";

export interface WebhookWorker {
  /** Resolves once the worker hears of new deliveries (its LISTEN is in place). */
  listening: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the worker in this process (called once from instrumentation.ts): a sweep every
 * `intervalMs` for retries that come due, and at once whenever any process commits a new
 * delivery (the NOTIFY on WEBHOOKS_CHANNEL, heard here on a connection of its own).
 * `delivery` narrows what it sends (tests); `delayFirst` waits for a wake before the first sweep.
 */
export function startWebhookDelivery(intervalMs: number, options: { delivery?: DeliveryOptions; delayFirst?: boolean; databaseUrl?: string } = {}): WebhookWorker {
  const running = findSweeper(SWEEPER);
  if (running) return { listening: Promise.resolve(), stop: running.stop };
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  const listener = databaseUrl ? listenForWakes({ channel: WEBHOOKS_CHANNEL, databaseUrl, wake: () => wakeSweeper(SWEEPER) }) : null;
  const sweeper = startSweeper({
    name: SWEEPER,
    intervalMs,
    delayFirst: options.delayFirst,
    sweep: async () => void (await deliverDueWebhooks(options.delivery)),
    failure: "Webhook delivery failed; will try again",
    onStop: () => listener?.stop(),
  });
  return { listening: listener?.listening ?? Promise.resolve(), stop: sweeper.stop };
}
