// When to try again after a failed attempt: exponential backoff with jitter. Pure; the email
// sender (lib/email/sender.ts) and the webhook deliveries (lib/webhooks/delivery.ts) both use it,
// each with its own policy.

export interface BackoffPolicy {
  /** The delay after the first failure, before jitter. */
  baseMs: number;
  /** No delay is longer than this, before jitter. */
  maxMs: number;
}

/**
 * The delay before attempt `failed + 1`, after `failed` failures (1 or more): base·2^(failed−1),
 * capped, then spread over its upper half ("equal jitter"), so senders that failed together do not
 * all come back at the same moment, and no retry comes sooner than half its step.
 */
export function retryDelayMs(failed: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failed - 1, 30)));
  return Math.round(step / 2 + (step / 2) * random());
}
