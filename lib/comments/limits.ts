// How often readers may post and report comments, counted in PostgreSQL.

import "server-only";

import type { Tx } from "@/lib/db";
import { env } from "@/lib/env.mjs";
import { AppError } from "@/lib/errors";
import { hitRateLimits } from "@/lib/rate-limit";

/**
 * Rate limits, fixed windows counted in PostgreSQL (lib/rate-limit.ts) so they hold across app
 * instances. Posting: 5 a minute and 60 an hour per account (a fast, chatty reader writes a comment
 * every 20 seconds or so at most), 30 a minute per address (a newsroom or a university behind one
 * address). Reporting: 20 an hour per account, 60 an hour per address. NEWSDESK_COMMENT_RATE_SCALE
 * multiplies every limit, for load benchmarks only (e.g. 1000); it defaults to 1.
 */
export const COMMENT_RATE_LIMITS = {
  postPerAccountMinute: { limit: 5, windowMs: 60_000 },
  postPerAccountHour: { limit: 60, windowMs: 3_600_000 },
  postPerAddressMinute: { limit: 30, windowMs: 60_000 },
  reportPerAccountHour: { limit: 20, windowMs: 3_600_000 },
  reportPerAddressHour: { limit: 60, windowMs: 3_600_000 },
} as const;

type LimitName = keyof typeof COMMENT_RATE_LIMITS;

export function rateScale(): number {
  // 1 unless set; lib/env.mjs refuses it in production outside a benchmark.
  return env.NEWSDESK_COMMENT_RATE_SCALE;
}

function waitWords(resetAt: Date): string {
  const seconds = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Which refusal a limit gives, and what it calls the thing done too quickly. */
export type LimitReason = "RATE_LIMITED_COMMENTS" | "RATE_LIMITED_REPORTS";
const DOING: Record<LimitReason, string> = { RATE_LIMITED_COMMENTS: "posting comments", RATE_LIMITED_REPORTS: "sending reports" };

/** Counts one attempt against each limit (one statement) and returns the refusal if any is now over. */
export async function countLimits(checks: ReadonlyArray<{ name: LimitName; key: string }>, reason: LimitReason, client?: Tx): Promise<AppError | null> {
  const scale = rateScale();
  const states = await hitRateLimits(
    checks.map(({ name, key }) => ({ key, windowMs: COMMENT_RATE_LIMITS[name].windowMs })),
    client,
  );
  for (const [index, { name }] of checks.entries()) {
    const state = states[index]!;
    if (state.count > COMMENT_RATE_LIMITS[name].limit * scale) return limitRefusal(reason, state.resetAt);
  }
  return null;
}

/** "You are posting comments too quickly. Wait 40 seconds and try again.", with Retry-After's seconds. */
export function limitRefusal(reason: LimitReason, resetAt: Date): AppError {
  return new AppError("RATE_LIMITED", `You are ${DOING[reason]} too quickly. Wait ${waitWords(resetAt)} and try again.`, {
    reason,
    details: { retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)) },
  });
}

export interface RequestMeta {
  /** The client's address (clientAddress(headers)), for per-address limits. */
  address?: string;
}
