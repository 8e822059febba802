// A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives: for the
// integration tests, the end-to-end run (scripts/e2e.ts writes each message to a folder the specs
// read) and the email benchmark. It can refuse messages or hang, to test a sender against both.

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";

import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  raw: string;
}

export type SinkBehaviour =
  | { kind: "accept" }
  /** Answers 451 (try again later) to the next `times` messages, then accepts. */
  | { kind: "refuse"; times: number }
  /** Takes the message and never answers. */
  | { kind: "hang" };

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  behaviour: SinkBehaviour;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (port 0: any free one). `folder`: also write each message there as <n>.eml. */
export async function startSmtpSink(options: { port?: number; folder?: string; parse?: boolean } = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const hanging = new Set<() => void>();
  if (options.folder) mkdirSync(options.folder, { recursive: true });
  let count = 0;
  const sink: SmtpSink = { url: "", port: 0, received, behaviour: { kind: "accept" }, close: async () => {} };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const behaviour = sink.behaviour;
        if (behaviour.kind === "hang") {
          hanging.add(() => callback(new Error("closing")));
          return;
        }
        if (behaviour.kind === "refuse" && behaviour.times > 0) {
          behaviour.times -= 1;
          const error = Object.assign(new Error("Try again later"), { responseCode: 451 });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        const to = session.envelope.rcptTo.map((r) => r.address);
        const n = ++count;
        if (options.folder) writeFileSync(path.join(options.folder, `${String(n).padStart(6, "0")}.eml`), raw);
        if (options.parse === false) {
          const id = /^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? "";
          received.push({ messageId: id, to, subject: "", text: "", html: "", headers: new Map(), raw });
          callback();
          return;
        }
        simpleParser(raw).then(
          (mail) => {
            received.push({ messageId: mail.messageId ?? "", to, subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", headers: mail.headers, raw });
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  sink.port = port;
  sink.url = `smtp://127.0.0.1:${port}`;
  sink.close = async () => {
    for (const release of hanging) release();
    hanging.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return sink;
}

/** Reads the messages a sink wrote to `folder` (scripts/e2e.ts), parsed, oldest first. */
export async function readMailFolder(folder: string): Promise<ReceivedMail[]> {
  const { readdirSync, readFileSync, existsSync } = await import("node:fs");
  if (!existsSync(folder)) return [];
  const files = readdirSync(folder).filter((name) => name.endsWith(".eml")).sort();
  const mails: ReceivedMail[] = [];
  for (const file of files) {
    const raw = readFileSync(path.join(folder, file), "utf8");
    const mail = await simpleParser(raw);
    const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
    mails.push({ messageId: mail.messageId ?? "", to, subject: mail.subject ?? "", text: mail.text ?? "", html: typeof mail.html === "string" ? mail.html : "", headers: mail.headers, raw });
  }
  return mails;
}
