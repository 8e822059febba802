// CPU accounting for `npm run bench` (Linux /proc): the CPU time the app server and PostgreSQL have
// used, sampled before and after a measurement. CPU per request barely moves when other work slows
// the machine down, unlike wall-clock time.

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface CpuSample {
  appMs: number;
  databaseMs: number;
}

const CLOCK_TICKS = (() => {
  const probe = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(probe.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

interface ProcStat {
  ppid: number;
  /** utime + stime, in clock ticks. */
  own: number;
  /** cutime + cstime: children that have exited and been waited for. */
  reaped: number;
}

function readProcStat(pid: number | string): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces and parentheses: the fields start after the last ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const field = (n: number) => Number(fields[n - 3]);
    return { ppid: field(4), own: field(14) + field(15), reaped: field(16) + field(17) };
  } catch {
    return null;
  }
}

/** CPU milliseconds used by a process, its live children and its reaped ones. */
function processTreeCpuMs(pid: number): number | null {
  const root = readProcStat(pid);
  if (!root) return null;
  let ticks = root.own + root.reaped;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(entry);
    if (stat?.ppid === pid) ticks += stat.own + stat.reaped;
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

/**
 * A sampler of the CPU time used so far by the app server (its process and children) and by
 * PostgreSQL (the postmaster named in its pid file, and its children), or null where /proc is missing.
 */
export function cpuSampler(appPid: number | undefined, postmasterPidFile: string): () => CpuSample | null {
  return () => {
    if (process.platform !== "linux" || appPid === undefined || !existsSync(postmasterPidFile)) return null;
    const postmasterPid = Number.parseInt(readFileSync(postmasterPidFile, "utf8").split("\n")[0] ?? "", 10);
    const appMs = processTreeCpuMs(appPid);
    const databaseMs = Number.isInteger(postmasterPid) ? processTreeCpuMs(postmasterPid) : null;
    return appMs === null || databaseMs === null ? null : { appMs, databaseMs };
  };
}

/** CPU per request between two samples, rounded to 0.1 ms. */
export function cpuPerRequest(before: CpuSample | null, after: CpuSample | null, requests: number): { app: number; database: number } | undefined {
  if (!before || !after || requests === 0) return undefined;
  const round = (value: number) => Math.round((value / requests) * 10) / 10;
  return { app: round(after.appMs - before.appMs), database: round(after.databaseMs - before.databaseMs) };
}

export interface ProcessMemory {
  pid: number;
  /** "primary" (scripts/serve.mjs's forking process) or "worker" (an app process serving requests). */
  role: "primary" | "worker";
  /** Resident set size (VmRSS), bytes. */
  rssBytes: number;
  /**
   * The anonymous part of it (heap, stacks, buffers: memory of this process alone), bytes, from
   * /proc/PID/smaps_rollup; the rest is file-backed (mostly the node binary, shared between the
   * processes). Null where smaps_rollup is not readable.
   */
  anonymousBytes: number | null;
}

function anonymousBytes(pid: number | string): number | null {
  try {
    const match = /^Anonymous:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

function residentBytes(pid: number | string): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The resident memory of the app server's process and of its live children (serve.mjs's cluster
 * workers), or an empty list where /proc is missing or the server is not running.
 */
export function appMemory(appPid: number | undefined): ProcessMemory[] {
  if (process.platform !== "linux" || appPid === undefined) return [];
  const own = residentBytes(appPid);
  if (own === null) return [];
  const found: ProcessMemory[] = [{ pid: appPid, role: "primary", rssBytes: own, anonymousBytes: anonymousBytes(appPid) }];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || readProcStat(entry)?.ppid !== appPid) continue;
    const rss = residentBytes(entry);
    if (rss !== null) found.push({ pid: Number(entry), role: "worker", rssBytes: rss, anonymousBytes: anonymousBytes(entry) });
  }
  return found;
}
