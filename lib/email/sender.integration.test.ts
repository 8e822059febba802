// The outbox and its sender against a real SMTP server on loopback (scripts/lib/smtp-sink.ts).
// Each test queues mail to its own domain and sends only that (toSuffix), since other test files
// share the database.

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { enqueueEmail } from "@/lib/email/outbox";
import { sendDueEmails } from "@/lib/email/sender";
import { smtpTransport, type MailTransport } from "@/lib/email/transport";
import type { SmtpSink } from "@/scripts/lib/smtp-sink";
import { unique } from "@/tests/integration/factories";
import { smtpHarness } from "@/tests/integration/smtp";

const { sink, track } = smtpHarness();

function transport(server: SmtpSink, timeouts = { connectionMs: 5000, greetingMs: 5000, socketMs: 5000 }): MailTransport {
  const t = smtpTransport(server.url, timeouts, 2);
  track(t);
  return t;
}

async function queue(domain: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await enqueueEmail(db, {
      kind: "bench",
      to: `reader${i}@${domain}`,
      subject: `Message ${i}`,
      content: { greeting: "Hello,", paragraphs: [`Number ${i} <b>not bold</b>`], action: { label: "Open", url: "http://localhost/x?a=1&b=2" }, footer: ["Small print."] },
      headers: { "X-Test": "yes" },
    });
    ids.push(id);
  }
  return ids;
}

describe("the email sender", () => {
  it("delivers queued mail as plain text and HTML, once, and marks it sent", async () => {
    const server = await sink();
    const domain = `${unique("q")}.test`;
    const [id] = await queue(domain, 1);
    const result = await sendDueEmails({ transport: transport(server), toSuffix: `@${domain}` });
    expect(result).toMatchObject({ claimed: 1, sent: 1 });
    expect(server.received).toHaveLength(1);
    const mail = server.received[0]!;
    expect(mail.to).toEqual([`reader0@${domain}`]);
    expect(mail.subject).toBe("Message 0");
    expect(mail.text).toContain("Number 0 <b>not bold</b>");
    expect(mail.text).toContain("http://localhost/x?a=1&b=2");
    expect(mail.html).toContain("Number 0 &lt;b&gt;not bold&lt;/b&gt;");
    expect(mail.html).toContain('href="http://localhost/x?a=1&amp;b=2"');
    expect(mail.headers.get("x-test")).toBe("yes");
    expect(mail.messageId).toContain(id);
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("SENT");
    expect(row.sentAt).not.toBeNull();
    expect(row.attempts).toBe(1);
    // Nothing is due any more.
    expect((await sendDueEmails({ transport: transport(server), toSuffix: `@${domain}` })).claimed).toBe(0);
    expect(server.received).toHaveLength(1);
  });

  it("retries a message the server refused, after a backoff, and then delivers it", async () => {
    const server = await sink();
    server.behaviour = { kind: "refuse", times: 1 };
    const domain = `${unique("r")}.test`;
    const [id] = await queue(domain, 1);
    const t = transport(server);
    const first = await sendDueEmails({ transport: t, toSuffix: `@${domain}` });
    expect(first).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
    const waiting = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(waiting.status).toBe("QUEUED");
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toContain("Try again later");
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
    // Not due yet: nothing is claimed.
    expect((await sendDueEmails({ transport: t, toSuffix: `@${domain}` })).claimed).toBe(0);
    // Its time comes.
    const later = new Date(waiting.nextAttemptAt.getTime() + 1);
    expect(await sendDueEmails({ transport: t, toSuffix: `@${domain}`, now: later })).toMatchObject({ claimed: 1, sent: 1 });
    const sent = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(sent).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
    expect(server.received.map((m) => m.messageId)).toEqual([expect.stringContaining(id!)]);
  });

  it("gives up after the last attempt and marks the message failed", async () => {
    const server = await sink();
    server.behaviour = { kind: "refuse", times: 100 };
    const domain = `${unique("f")}.test`;
    const [id] = await queue(domain, 1);
    const t = transport(server);
    let now = new Date();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await sendDueEmails({ transport: t, toSuffix: `@${domain}`, now, maxAttempts: 3 });
      const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
      now = new Date(row.nextAttemptAt.getTime() + 1);
    }
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", attempts: 3 });
    expect(row.lastError).toContain("Try again later");
    expect((await sendDueEmails({ transport: t, toSuffix: `@${domain}`, now: new Date(now.getTime() + 86_400_000), maxAttempts: 3 })).claimed).toBe(0);
    expect(server.received).toHaveLength(0);
  });

  it("times out on a server that hangs, and queues the message again", async () => {
    const server = await sink();
    server.behaviour = { kind: "hang" };
    const domain = `${unique("h")}.test`;
    const [id] = await queue(domain, 1);
    const result = await sendDueEmails({ transport: transport(server, { connectionMs: 1000, greetingMs: 1000, socketMs: 1000 }), toSuffix: `@${domain}` });
    expect(result).toMatchObject({ claimed: 1, retried: 1 });
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("QUEUED");
    expect(row.lastError).toMatch(/timeout|timed out/i);
  });

  it("never sends a message twice when two senders run at once", async () => {
    const server = await sink();
    const domain = `${unique("c")}.test`;
    const ids = await queue(domain, 60);
    const a = transport(server);
    const b = transport(server);
    const drain = async (t: MailTransport) => {
      while ((await sendDueEmails({ transport: t, toSuffix: `@${domain}`, batch: 7 })).claimed > 0);
    };
    await Promise.all([drain(a), drain(b)]);
    const byId = new Map<string, number>();
    for (const mail of server.received) byId.set(mail.messageId, (byId.get(mail.messageId) ?? 0) + 1);
    expect(server.received).toHaveLength(60);
    expect([...byId.values()].every((n) => n === 1)).toBe(true);
    expect(await db.emailMessage.count({ where: { id: { in: ids }, status: "SENT", attempts: 1 } })).toBe(60);
  });
});
