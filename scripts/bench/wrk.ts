// wrk (Debian's `wrk` package), where installed: a C load generator. autocannon, in Node in the
// bench process, spends about a third of a core per 1,000 requests a second on the same two cores
// as the app it measures; wrk a small fraction of that. The reader and comments modules use it.

import { spawn, spawnSync } from "node:child_process";

import type { Throughput } from "./run";

/** wrk (Debian's `wrk` package), where installed: a C load generator, for rates autocannon cannot reach. */
export function findWrk(): string | null {
  const probe = spawnSync("sh", ["-c", "command -v wrk"], { encoding: "utf8" });
  const found = probe.stdout?.trim();
  return probe.status === 0 && found ? found : null;
}

export function wrkMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  const unit = match[2];
  return Math.round((unit === "us" ? n / 1000 : unit === "ms" ? n : unit === "s" ? n * 1000 : n * 60_000) * 10) / 10;
}

function wrkBytes(value: string): number {
  const match = /^([\d.]+)(B|KB|MB|GB)$/.exec(value.trim());
  if (!match) return NaN;
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] as "B" | "KB" | "MB" | "GB"];
  return Math.round(Number(match[1]) * scale);
}

/** Parses `wrk --latency` output. Its non-2xx count is "non-2xx-or-3xx"; its errors are socket errors. */
export function parseWrk(output: string, connections: number): Throughput {
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? NaN);
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(output);
  if (!total) throw new Error(`Could not read wrk's output:\n${output}`);
  const latencyLine = /^\s*Latency\s+(\S+)\s+(\S+)\s+(\S+)/m.exec(output);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const [connect, read, write, timeout] = (errors?.slice(1) ?? ["0", "0", "0", "0"]).map(Number) as [number, number, number, number];
  const durationS = wrkMs(`${total[2]}${total[3]}`) / 1000;
  return {
    connections,
    durationS: Math.round(durationS * 10) / 10,
    requests: Number(total[1]),
    requestsPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/) * 10) / 10,
    p50Ms: wrkMs(/^\s*50%\s+(\S+)/m.exec(output)?.[1] ?? ""),
    p90Ms: wrkMs(/^\s*90%\s+(\S+)/m.exec(output)?.[1] ?? ""),
    p99Ms: wrkMs(/^\s*99%\s+(\S+)/m.exec(output)?.[1] ?? ""),
    maxMs: wrkMs(latencyLine?.[3] ?? ""),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    errors: connect + read + write + timeout,
    timeouts: timeout,
    bytesPerSecond: wrkBytes(/Transfer\/sec:\s+(\S+)/.exec(output)?.[1] ?? ""),
  };
}

/** Runs wrk with these arguments and resolves with everything it printed (stdout, then stderr). */
export function runWrk(wrk: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(wrk, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let errors = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve(output + errors) : reject(new Error(`wrk exited ${code}: ${output}${errors}`))));
  });
}
