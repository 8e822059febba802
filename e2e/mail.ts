// The mail the app sent during this end-to-end run: scripts/e2e.ts starts a real SMTP server on
// loopback (scripts/lib/smtp-sink.ts) as both instances' SMTP_URL, and it writes each message it
// receives to E2E_MAIL_DIR. Specs wait for a message and read links out of it, as a person would.

import { expect } from "@playwright/test";

import { readMailFolder, type ReceivedMail } from "../scripts/lib/smtp-sink";

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error("E2E_MAIL_DIR is not set: run the end-to-end tests through scripts/e2e.ts, which starts the SMTP server.");
  return dir;
}

/** Waits until a message to `to` whose subject matches arrives, and returns it. */
export async function waitForMail(to: string, subject: RegExp): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        const mails = await readMailFolder(mailDir());
        found = mails.filter((mail) => mail.to.includes(to) && subject.test(mail.subject)).at(-1);
        return found !== undefined;
      },
      { message: `an email to ${to} about ${subject}` },
    )
    .toBe(true);
  return found!;
}

/** The address after "<label>:" in the plain text of a message. */
export function linkAfter(mail: ReceivedMail, label: string): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:?\\s*\\n?(https?://\\S+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no "${label}" link in the email "${mail.subject}":\n${mail.text}`);
  return match[1];
}

/** A header of the message as it was received (unfolded), or null. */
export function rawHeader(mail: ReceivedMail, name: string): string | null {
  const head = mail.raw.split(/\r?\n\r?\n/)[0] ?? "";
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const escaped = name.replace(/[-]/g, "\\-");
  return new RegExp(`^${escaped}:[ \\t]*(.*)$`, "im").exec(unfolded)?.[1]?.trim() ?? null;
}
