// The numbers of webhooks: how many, how long, how often. No imports, so the desk's forms share them.

export const MAX_WEBHOOK_URL_LENGTH = 2000;
export const MAX_WEBHOOKS = 50;
/** How long one delivery may take, connecting and answering, before it counts as failed. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** How long a delivery is retried after its event, before it is marked failed. */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
/** The first retry's delay; each next one doubles, up to MAX_BACKOFF_MS, each with jitter. */
export const FIRST_BACKOFF_MS = 30_000;
export const MAX_BACKOFF_MS = 60 * 60 * 1000;
/** Deliveries in the desk's log of one webhook. */
export const DELIVERY_LOG_LENGTH = 100;
