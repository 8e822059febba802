// Signing a delivery: HMAC-SHA256 over "<unix seconds>.<body>" with the webhook's secret, sent as
// `Newsdesk-Signature: t=<unix seconds>,v1=<hex>`. The timestamp is inside what is signed, so a
// receiver that refuses old timestamps (docs/webhooks.md: five minutes) refuses a replayed request.
// Pure, so receivers' tests and the docs' snippet can use the same code.

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Newsdesk-Signature";
export const EVENT_HEADER = "Newsdesk-Event";
export const EVENT_ID_HEADER = "Newsdesk-Event-Id";
export const DELIVERY_HEADER = "Newsdesk-Delivery";

/** How old a signed timestamp a receiver should accept, as docs/webhooks.md advises. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

/** A new signing secret: "whsec_" and 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header's value for a body sent at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * What a receiver does: true when `header` signs `body` with `secret` and its timestamp is within
 * `toleranceSeconds` of `now`.
 */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  { now = Date.now(), toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS }: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  if (!header) return false;
  const parts = new Map(header.split(",").map((part) => part.trim().split("=", 2) as [string, string | undefined]));
  const timestamp = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(signatureOf(secret, timestamp, body), "hex"));
}
