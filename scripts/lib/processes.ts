// Starting and stopping the servers the scripts run (`npm run test:e2e`, scripts/e2e.ts, and
// `npm run bench`, scripts/bench/run.ts): a free port, waiting until a server answers, the end of
// its log for an error message, and stopping it (or its whole process group).

import type { ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The last lines of a log file, or "(no output)". */
export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

export interface WaitOptions {
  timeoutMs: number;
  /** What the error messages call the server: "The app", "next start". */
  name?: string;
  /** Where the server's output goes: its last lines are added to the error message. */
  logFile?: string;
  /** How long to wait between tries. */
  intervalMs?: number;
}

/**
 * Resolves once `url` answers with anything below 500; throws when the server exits first or the
 * time runs out.
 */
export async function waitForServer(url: string, child: ChildProcess, { timeoutMs, name = "The app", logFile, intervalMs = 250 }: WaitOptions): Promise<void> {
  const output = () => (logFile ? ` Its output:\n${tail(logFile)}` : "");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready.${output()}`);
    }
    try {
      const response = await fetch(url, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s.${output()}`);
}

/** Stops a child: SIGTERM, then SIGKILL if it is still running 10 s later. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Stops a child started with `detached: true` and everything it started (its process group): SIGTERM, waiting up to 10 s. */
export async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
}
