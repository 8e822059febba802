// The outbox: every email Newsdesk sends is first a row here, written in the transaction of the
// event that causes it (a reset asked for, a reply posted, a comment decided), so nothing is sent
// for something that did not happen and nothing that happened goes unsent. The sender
// (sender.ts) delivers the rows; with no SMTP_URL they stay QUEUED and admins read them at
// /desk/outbox, so a demo without a mail server still shows every message.

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { EmailStatus } from "@/lib/generated/prisma/enums";
import { renderHtml, renderText, type EmailContent } from "@/lib/email/render";
import { siteName } from "@/lib/email/site";
import { OUTBOX_MESSAGE_NOT_FOUND, ONLY_ADMINS_READ_OUTBOX } from "@/lib/email/sentences";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

export type EmailKind = "password-reset" | "confirm-email" | "reply" | "decision" | "mention" | "bench";

export interface NewEmail {
  kind: EmailKind;
  to: string;
  subject: string;
  content: EmailContent;
  headers?: Record<string, string>;
  /** The site's name for the HTML's heading; read from the settings when not given. */
  siteName?: string;
}

type Client = Pick<Tx, "emailMessage">;

/** Queues one email, plain text and HTML, in the caller's transaction (or on its own). */
export async function enqueueEmail(client: Client, email: NewEmail): Promise<{ id: string }> {
  const row = await client.emailMessage.create({
    data: {
      kind: email.kind,
      to: email.to,
      subject: email.subject,
      text: renderText(email.content),
      html: renderHtml(email.subject, email.content, email.siteName ?? (await siteName())),
      headers: email.headers ?? {},
    },
    select: { id: true },
  });
  return row;
}

export interface OutboxRow {
  id: string;
  kind: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  sentAt: Date | null;
  createdAt: Date;
}

const listSchema = z.object({ status: z.enum(["QUEUED", "SENDING", "SENT", "FAILED"]).optional() });
export const OUTBOX_PAGE = 100;

/** The newest messages, for admins (settings.manage) at /desk/outbox. */
export async function listOutbox(actor: Actor | null, input: unknown = {}): Promise<{ rows: OutboxRow[]; counts: Record<EmailStatus, number> }> {
  assertCan(actor, "settings.manage", ONLY_ADMINS_READ_OUTBOX);
  const { status } = parseInput(listSchema, input ?? {});
  const [rows, grouped] = await Promise.all([
    db.emailMessage.findMany({
      where: status ? { status } : {},
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: OUTBOX_PAGE,
      select: { id: true, kind: true, to: true, subject: true, status: true, attempts: true, nextAttemptAt: true, lastError: true, sentAt: true, createdAt: true },
    }),
    db.emailMessage.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const counts: Record<EmailStatus, number> = { QUEUED: 0, SENDING: 0, SENT: 0, FAILED: 0 };
  for (const group of grouped) counts[group.status] = group._count._all;
  return { rows, counts };
}

export interface OutboxMessage extends OutboxRow {
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** One message in full, for admins. */
export async function getOutboxMessage(actor: Actor | null, id: string): Promise<OutboxMessage> {
  assertCan(actor, "settings.manage", ONLY_ADMINS_READ_OUTBOX);
  if (!isUuid(id)) throw new AppError("NOT_FOUND", OUTBOX_MESSAGE_NOT_FOUND);
  const row = await db.emailMessage.findUnique({ where: { id } });
  if (!row) throw new AppError("NOT_FOUND", OUTBOX_MESSAGE_NOT_FOUND);
  const headers = row.headers && typeof row.headers === "object" && !Array.isArray(row.headers) ? (row.headers as Record<string, string>) : {};
  return { ...row, headers };
}
