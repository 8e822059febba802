// Issue 15: "1,000 queued emails to a local SMTP server: all delivered within 60 s, none twice."
//
// A real SMTP server (scripts/lib/smtp-sink.ts, `smtp-server` on loopback) is started here and the
// app restarted with SMTP_URL pointing at it (context.restartApp: from then on, which is why this
// module runs last), so the senders measured are the app's own: one per app process, started by
// instrumentation.ts, claiming with FOR UPDATE SKIP LOCKED. Then 1,000 messages are queued in one
// INSERT (as events would, each plain text and HTML) and the clock runs until the receiver has
// them all, or 60 s pass.
//
//   deliver     ms from the queueing commit to the last message received (target: ≤ 60,000)
//   duplicates  messages received more than once, counted by Message-ID at the receiver (target: 0)
//   undelivered messages not received after 60 s (target: 0)

import pg from "pg";

import { startSmtpSink } from "../lib/smtp-sink";
import type { BenchContext, BenchModule, Measurement } from "./run";

const COUNT = 1000;
const LIMIT_MS = 60_000;

export const benchmark: BenchModule = {
  name: "email",
  description: `${COUNT.toLocaleString("en-GB")} queued emails delivered by the app's senders to a local SMTP server`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const sink = await startSmtpSink({ parse: false });
    try {
      context.log(`SMTP server at ${sink.url}; restarting the app with SMTP_URL`);
      await context.restartApp({ SMTP_URL: sink.url });
      const client = new pg.Client({ connectionString: context.databaseUrl });
      await client.connect();
      const domain = `bench-${Date.now().toString(36)}.example`;
      let started: number;
      try {
        started = Date.now();
        await client.query(
          `INSERT INTO "EmailMessage" ("id", "kind", "to", "subject", "text", "html", "headers")
           SELECT gen_random_uuid(), 'bench', 'reader' || n || '@' || $1, 'Bench message ' || n,
                  'Hello reader ' || n || E',\\n\\nA message of the email benchmark.\\n',
                  '<!doctype html><html><body><p>Hello reader ' || n || ',</p><p>A message of the email benchmark.</p></body></html>',
                  '{}'::jsonb
           FROM generate_series(1, $2::int) AS n`,
          [domain, COUNT],
        );
        started = Date.now();
        while (Date.now() - started < LIMIT_MS) {
          const mine = sink.received.filter((mail) => mail.to.some((to) => to.endsWith(`@${domain}`)));
          if (new Set(mine.map((mail) => mail.messageId)).size >= COUNT) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        await client.end();
      }
      const elapsed = Date.now() - started;
      const mine = sink.received.filter((mail) => mail.to.some((to) => to.endsWith(`@${domain}`)));
      const ids = new Set(mine.map((mail) => mail.messageId));
      const duplicates = mine.length - ids.size;
      const undelivered = COUNT - ids.size;
      context.log(`${ids.size} of ${COUNT} delivered in ${elapsed} ms; ${duplicates} duplicates`);
      return [
        { kind: "value", key: "deliver", label: `Deliver ${COUNT.toLocaleString("en-GB")} queued emails (queue to last received)`, value: undelivered === 0 ? elapsed : LIMIT_MS + 1, unit: "ms", targets: { max: LIMIT_MS }, extra: { received: mine.length } },
        { kind: "value", key: "duplicates", label: "Emails received twice (by Message-ID)", value: duplicates, unit: "messages", targets: { max: 0 } },
        { kind: "value", key: "undelivered", label: `Emails not received within ${LIMIT_MS / 1000} s`, value: undelivered, unit: "messages", targets: { max: 0 } },
      ];
    } finally {
      await sink.close();
    }
  },
};
