// The background sender: every app instance runs it (instrumentation.ts), like the scheduler.
// The outbox is a leased queue (lib/queue/claims.ts): a batch of due messages is claimed in one
// statement (FOR UPDATE SKIP LOCKED, so two senders never claim one message), each marked SENDING
// with a lease (nextAttemptAt = now + LEASE_MS) and its attempt counted, and the claim commits
// before anything is sent, so no transaction stays open while a mail server thinks. A message
// whose sender died mid-send is claimed again when its lease runs out. Sent: SENT. Refused or timed
// out: QUEUED again after a backoff with jitter (backoff.ts), or FAILED after MAX_ATTEMPTS. Each
// outcome is written only while the row is SENDING with this claim's attempt number, so a sender
// that outlived its lease cannot overwrite a newer claim. The loop is lib/queue/sweeper.ts.

import "server-only";

import { retryDelayMs, type BackoffPolicy } from "@/lib/backoff";
import { fromAddress, messageIdDomain, siteName } from "@/lib/email/site";
import { configuredTransport, longestSendMs, type MailTransport } from "@/lib/email/transport";
import { Prisma, type EmailMessage } from "@/lib/generated/prisma/client";
import { claimDue, recordOutcome, type LeasedQueue } from "@/lib/queue/claims";
import { findSweeper, startSweeper, wakeSweeper } from "@/lib/queue/sweeper";

/** 30 s, 1 min, 2 min, 4 min … capped at 1 hour: eight tries span about two hours. */
export const EMAIL_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60_000 };
/** Tries before a message is given up as FAILED. */
export const MAX_ATTEMPTS = 8;
/** How long a claim holds a message: longer than any one send can take (transport.ts). */
export const LEASE_MS = longestSendMs() + 30_000;
const BATCH = 20;

interface ClaimedRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string> | null;
  attempts: number;
}

export interface SendOptions {
  transport: MailTransport;
  /** The clock (tests move it forward to reach a retry). */
  now?: Date;
  batch?: number;
  leaseMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Messages sent at once from this batch. */
  concurrency?: number;
  /** Only messages to addresses ending with this (tests and the bench share a database with others). */
  toSuffix?: string;
}

export interface SendOutcome {
  sent: number;
  retried: number;
  failed: number;
}

/** The outbox as a leased queue (lib/queue/claims.ts): a claimed message is SENDING until its outcome. */
export const OUTBOX: LeasedQueue<EmailMessage> = {
  table: "EmailMessage",
  dueAt: "nextAttemptAt",
  attempts: "attempts",
  // A SENDING message that is due again is one whose sender's lease ran out.
  claimable: Prisma.sql`q."status" IN ('QUEUED', 'SENDING')`,
  onClaim: Prisma.sql`"status" = 'SENDING'`,
  held: Prisma.sql`q."status" = 'SENDING'`,
  casts: { status: "EmailStatus" },
};

/** Claims due messages (at most `batch`), in one committed statement. */
function claimDueEmails(now: Date, batch: number, leaseMs: number, toSuffix: string): Promise<ClaimedRow[]> {
  const toPattern = `%${toSuffix.replace(/[\\%_]/g, "\\$&")}`;
  return claimDue<EmailMessage, ClaimedRow>(OUTBOX, {
    now,
    batch,
    leaseMs,
    where: Prisma.sql`q."to" LIKE ${toPattern}`,
    returning: Prisma.sql`q."id"::text AS "id", q."to", q."subject", q."text", q."html", q."headers", q."attempts"`,
  });
}

function describeError(error: unknown): string {
  const text = error instanceof Error ? `${(error as { code?: string }).code ? `${(error as { code?: string }).code}: ` : ""}${error.message}` : String(error);
  return text.slice(0, 1000);
}

async function sendOne(row: ClaimedRow, options: Required<Omit<SendOptions, "now">> & { now: Date; from: string }): Promise<keyof SendOutcome> {
  try {
    await options.transport.sendMail({
      from: options.from,
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html,
      // The same Message-ID on every attempt: a receiver that got a message whose answer was lost
      // can tell the retry is the same message.
      messageId: `<${row.id}@${messageIdDomain()}>`,
      headers: row.headers ?? {},
    });
  } catch (error) {
    const giveUp = row.attempts >= options.maxAttempts;
    const next = new Date(options.now.getTime() + retryDelayMs(row.attempts, options.backoff));
    await recordOutcome(OUTBOX, row, giveUp ? { status: "FAILED", lastError: describeError(error) } : { status: "QUEUED", nextAttemptAt: next, lastError: describeError(error) });
    return giveUp ? "failed" : "retried";
  }
  await recordOutcome(OUTBOX, row, { status: "SENT", sentAt: new Date(), lastError: null });
  return "sent";
}

/** Sends one batch of due messages; what happened to each. */
export async function sendDueEmails(options: SendOptions): Promise<SendOutcome & { claimed: number }> {
  const full = {
    now: options.now ?? new Date(),
    batch: options.batch ?? BATCH,
    leaseMs: options.leaseMs ?? LEASE_MS,
    maxAttempts: options.maxAttempts ?? MAX_ATTEMPTS,
    backoff: options.backoff ?? EMAIL_BACKOFF,
    concurrency: options.concurrency ?? 4,
    transport: options.transport,
    toSuffix: options.toSuffix ?? "",
  };
  const rows = await claimDueEmails(full.now, full.batch, full.leaseMs, full.toSuffix);
  const outcome: SendOutcome = { sent: 0, retried: 0, failed: 0 };
  if (rows.length === 0) return { claimed: 0, ...outcome };
  const from = fromAddress(await siteName());
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const row = rows[next++];
      if (row) outcome[await sendOne(row, { ...full, from })] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(full.concurrency, rows.length) }, worker));
  return { claimed: rows.length, ...outcome };
}

const SWEEPER = "email-sender";

/**
 * Starts this process's sender (instrumentation.ts). With no transport (SMTP_URL unset) nothing is
 * sent: messages wait in the outbox. A full batch is followed at once by the next; otherwise the
 * sender sleeps `intervalMs`, or until wakeEmailSender() says a message was queued here.
 */
export function startEmailSender(options: { intervalMs?: number; transport?: MailTransport | null } = {}): { stop: () => Promise<void> } {
  const running = findSweeper(SWEEPER);
  if (running) return running;
  const transport = options.transport === undefined ? configuredTransport() : options.transport;
  if (!transport) return { stop: async () => {} };
  return startSweeper({
    name: SWEEPER,
    intervalMs: options.intervalMs ?? 2000,
    sweep: async () => (await sendDueEmails({ transport, batch: BATCH })).claimed === BATCH,
    failure: "Sending email failed; will try again",
    onStop: () => transport.close(),
  });
}

/** A message was queued in this process: send it now rather than at the next tick. */
export function wakeEmailSender(): void {
  wakeSweeper(SWEEPER);
}
