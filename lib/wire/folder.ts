// The wire's watched folder: <NEWSDESK_WIRE_INBOX or <data dir>/wire-inbox>/<source slug>/. An
// agency (or an rsync/FTP drop) puts .json (ninjs) and .xml (NewsML-G2) files there; every app
// instance polls it (instrumentation.ts; the loop is lib/queue/sweeper.ts). A file is claimed by
// renaming it into processing/, which is atomic, so one instance takes it however many poll; it is
// then read like a post to the ingest endpoint and moved to done/ (stored, or a duplicate) or
// failed/ with <name>.reason.txt saying why. A fault on our side (the database down) puts it back
// to be tried again.

import "server-only";

import { promises as fs } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";

import { env } from "@/lib/env.mjs";
import { startSweeper } from "@/lib/queue/sweeper";
import { ingestWireText, listActiveWireSources, WIRE_MAX_BYTES, type WireSourceRef } from "@/lib/wire/ingest";
import type { WireFormatName } from "@/lib/wire/parse";
import { WIRE_BINARY, wireTooLarge } from "@/lib/wire/sentences";

/** A claimed file left in processing/ this long (its instance died) goes back to the inbox. */
const STALE_CLAIM_MS = 10 * 60_000;
const INSTANCE = randomUUID().slice(0, 8);

export function wireInboxRoot(): string {
  return path.resolve(env.NEWSDESK_WIRE_INBOX ?? path.join(env.NEWSDESK_DATA_DIR ?? path.join(process.cwd(), ".data"), "wire-inbox"));
}

function formatOfFile(name: string): WireFormatName | null {
  const lower = name.toLowerCase();
  if (lower.endsWith(".json")) return "NINJS";
  if (lower.endsWith(".xml")) return "NEWSML";
  return null;
}

export interface FolderOutcome {
  file: string;
  result: "stored" | "duplicate" | "failed" | "retry";
  reason?: string;
}

async function moveTo(from: string, folder: string, name: string): Promise<string> {
  await fs.mkdir(folder, { recursive: true });
  const target = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, "-")}-${name}`);
  await fs.rename(from, target);
  return target;
}

async function processFile(source: WireSourceRef, dir: string, name: string, claimed: string): Promise<FolderOutcome> {
  const fail = async (reason: string): Promise<FolderOutcome> => {
    const target = await moveTo(claimed, path.join(dir, "failed"), name);
    await fs.writeFile(`${target}.reason.txt`, `${reason}\n`, "utf8");
    return { file: name, result: "failed", reason };
  };
  const format = formatOfFile(name);
  if (!format) return fail("Only .json (IPTC ninjs) and .xml (NewsML-G2) files are taken.");
  const stat = await fs.stat(claimed);
  if (stat.size > WIRE_MAX_BYTES) return fail(wireTooLarge(WIRE_MAX_BYTES));
  const bytes = await fs.readFile(claimed);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail(WIRE_BINARY);
  }
  try {
    const outcome = await ingestWireText(source, format, text, bytes.byteLength);
    if (outcome.status === 400) return fail(outcome.message);
    await moveTo(claimed, path.join(dir, "done"), name);
    return { file: name, result: outcome.status === 201 ? "stored" : "duplicate" };
  } catch (error) {
    console.error("Wire folder: could not store", name, error);
    await fs.rename(claimed, path.join(dir, name)).catch(() => undefined);
    return { file: name, result: "retry" };
  }
}

async function releaseStaleClaims(dir: string, now: number): Promise<void> {
  const processing = path.join(dir, "processing");
  const names = await fs.readdir(processing).catch(() => [] as string[]);
  for (const claimedName of names) {
    const claimed = path.join(processing, claimedName);
    const stat = await fs.stat(claimed).catch(() => null);
    if (!stat || now - stat.mtimeMs < STALE_CLAIM_MS) continue;
    await fs.rename(claimed, path.join(dir, claimedName.replace(/^[0-9a-f]{8}-/, ""))).catch(() => undefined);
  }
}

/** One look in every active source's folder; answers what became of each file taken. */
export async function pollWireInbox(root: string = wireInboxRoot(), now: number = Date.now()): Promise<FolderOutcome[]> {
  const outcomes: FolderOutcome[] = [];
  for (const source of await listActiveWireSources()) {
    const dir = path.join(root, source.slug);
    await fs.mkdir(path.join(dir, "processing"), { recursive: true });
    await releaseStaleClaims(dir, now);
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      // Dot-files are still being written (upload as .name, then rename); folders are ours.
      if (!entry.isFile() || entry.name.startsWith(".")) continue;
      const claimed = path.join(dir, "processing", `${INSTANCE}-${entry.name}`);
      try {
        await fs.rename(path.join(dir, entry.name), claimed);
      } catch {
        continue; // another instance took it
      }
      // The claim's time, for releaseStaleClaims.
      await fs.utimes(claimed, new Date(now), new Date(now)).catch(() => undefined);
      outcomes.push(await processFile(source, dir, entry.name, claimed));
    }
  }
  return outcomes;
}

/** Polls the watched folder every intervalMs in this process (once per process; the first poll after one interval). */
export function startWireWatcher(intervalMs: number = env.NEWSDESK_WIRE_POLL_MS): void {
  startSweeper({ name: "wire-folder", intervalMs, delayFirst: true, sweep: async () => void (await pollWireInbox()), failure: "Wire folder poll failed" });
}
