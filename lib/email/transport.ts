// The SMTP connection, through nodemailer. Every wait is bounded: a server that accepts the
// connection and then says nothing, or stops in the middle of a message, fails the attempt after
// these timeouts instead of holding a sender (and its lease) for ever.

import "server-only";

import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";

import { env } from "@/lib/env.mjs";

export interface TransportTimeouts {
  /** To open the TCP (or TLS) connection. */
  connectionMs: number;
  /** From connecting to the server's greeting. */
  greetingMs: number;
  /** Of silence on an open connection, at any step. */
  socketMs: number;
}

export const SMTP_TIMEOUTS: TransportTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/** How long one message may take at most, by the timeouts: the sender's lease is longer than this. */
export function longestSendMs(timeouts: TransportTimeouts = SMTP_TIMEOUTS): number {
  return timeouts.connectionMs + timeouts.greetingMs + timeouts.socketMs * 4;
}

/** What the sender needs of a transport: nodemailer's sendMail, and closing its connections. */
export interface MailTransport {
  sendMail(message: SendMailOptions): Promise<unknown>;
  close(): void;
}

/** A pooled transport to `url` (smtp:// or smtps://), bounded by `timeouts`. */
export function smtpTransport(url: string, timeouts: TransportTimeouts = SMTP_TIMEOUTS, connections = 4): MailTransport {
  const parsed = new URL(url);
  const secure = parsed.protocol === "smtps:";
  const transporter: Transporter = nodemailer.createTransport({
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    pool: true,
    maxConnections: connections,
    maxMessages: 1000,
    connectionTimeout: timeouts.connectionMs,
    greetingTimeout: timeouts.greetingMs,
    socketTimeout: timeouts.socketMs,
    // A loopback test server offers STARTTLS with a self-signed certificate; elsewhere it is checked.
    tls: { rejectUnauthorized: !["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname) },
  });
  return { sendMail: (message) => transporter.sendMail(message), close: () => transporter.close() };
}

/** The transport SMTP_URL names, or null when it is unset (messages wait in the outbox). */
export function configuredTransport(): MailTransport | null {
  return env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null;
}

/** Whether SMTP_URL is set: the outbox page says whether mail leaves or waits there. */
export function smtpConfigured(): boolean {
  return Boolean(env.SMTP_URL);
}
