// A real SMTP server per test (scripts/lib/smtp-sink.ts) and whatever else a test opens towards it
// (transports), closed after each test, newest first.

import { afterEach } from "vitest";

import { startSmtpSink, type SmtpSink } from "@/scripts/lib/smtp-sink";

export function smtpHarness() {
  const open: Array<{ close(): unknown }> = [];
  afterEach(async () => {
    for (const thing of open.splice(0).reverse()) await thing.close();
  });
  /** Closed after the test. */
  const track = <T extends { close(): unknown }>(thing: T): T => {
    open.push(thing);
    return thing;
  };
  return {
    track,
    /** A fresh SMTP server on loopback. */
    sink: async (): Promise<SmtpSink> => track(await startSmtpSink()),
  };
}
