// The background sender: every app instance runs it (instrumentation.ts), like the scheduler.
// A batch of due messages is claimed in one statement (FOR UPDATE SKIP LOCKED, so two senders
// never claim one message): each is marked SENDING with a lease (nextAttemptAt = now + LEASE) and
// its attempt counted, and the claim commits before anything is sent, so no transaction stays open
// while a mail server thinks. A message whose sender died mid-send is claimed again when its lease
// runs out. Sent: SENT. Refused or timed out: QUEUED again after a backoff with jitter (backoff.ts),
// or FAILED after MAX_ATTEMPTS. Each outcome is written only if the row still carries this claim's
// attempt number, so a sender that outlived its lease cannot overwrite a newer claim.

import "server-only";

import { db } from "@/lib/db";
import { retryDelayMs, type BackoffPolicy } from "@/lib/backoff";
import { fromAddress, messageIdDomain, siteName } from "@/lib/email/site";
import { configuredTransport, longestSendMs, type MailTransport } from "@/lib/email/transport";

/** Tries before a message is given up as FAILED. */
/** 30 s, 1 min, 2 min, 4 min … capped at 1 hour: eight tries span about two hours. */
export const EMAIL_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 60 * 60_000 };
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

/** Claims due messages (at most `batch`), in one committed statement. */
async function claimDue(now: Date, batch: number, leaseMs: number, toSuffix: string): Promise<ClaimedRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const toPattern = `%${toSuffix.replace(/[\\%_]/g, "\\$&")}`;
  return db.$queryRaw<ClaimedRow[]>`
    UPDATE "EmailMessage" m
    SET "status" = 'SENDING', "attempts" = m."attempts" + 1, "nextAttemptAt" = ${leaseUntil}
    WHERE m."id" IN (
      SELECT "id" FROM "EmailMessage"
      WHERE "status" IN ('QUEUED', 'SENDING') AND "nextAttemptAt" <= ${now} AND "to" LIKE ${toPattern}
      ORDER BY "nextAttemptAt"
      LIMIT ${batch}
      FOR UPDATE SKIP LOCKED)
    RETURNING m."id"::text AS "id", m."to", m."subject", m."text", m."html", m."headers", m."attempts"`;
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
    await db.emailMessage.updateMany({
      where: { id: row.id, status: "SENDING", attempts: row.attempts },
      data: giveUp ? { status: "FAILED", lastError: describeError(error) } : { status: "QUEUED", nextAttemptAt: next, lastError: describeError(error) },
    });
    return giveUp ? "failed" : "retried";
  }
  await db.emailMessage.updateMany({
    where: { id: row.id, status: "SENDING", attempts: row.attempts },
    data: { status: "SENT", sentAt: new Date(), lastError: null },
  });
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
  const rows = await claimDue(full.now, full.batch, full.leaseMs, full.toSuffix);
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

let running: { stop: () => Promise<void>; wake: () => void } | undefined;

/**
 * Starts this process's sender (instrumentation.ts). With no transport (SMTP_URL unset) nothing is
 * sent: messages wait in the outbox. A full batch is followed at once by the next; otherwise the
 * sender sleeps `intervalMs`, or until wakeEmailSender() says a message was queued here.
 */
export function startEmailSender(options: { intervalMs?: number; transport?: MailTransport | null } = {}): { stop: () => Promise<void> } {
  if (running) return running;
  const transport = options.transport === undefined ? configuredTransport() : options.transport;
  const intervalMs = options.intervalMs ?? 2000;
  if (!transport) return { stop: async () => {} };
  let stopped = false;
  let sleeping: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  const sleep = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        sleeping = null;
        resolve();
      }, intervalMs);
      timer.unref();
      sleeping = { timer, resolve };
    });
  const loop = (async () => {
    while (!stopped) {
      try {
        const { claimed } = await sendDueEmails({ transport, batch: BATCH });
        if (claimed === BATCH) continue;
      } catch (error) {
        console.error("Sending email failed; will try again", error);
      }
      if (!stopped) await sleep();
    }
  })();
  const wake = () => {
    if (!sleeping) return;
    clearTimeout(sleeping.timer);
    const { resolve } = sleeping;
    sleeping = null;
    resolve();
  };
  running = {
    wake,
    stop: async () => {
      stopped = true;
      wake();
      await loop;
      transport.close();
      running = undefined;
    },
  };
  return running;
}

/** A message was queued in this process: send it now rather than at the next tick. */
export function wakeEmailSender(): void {
  running?.wake();
}
