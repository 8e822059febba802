// What `npm run bench` makes of the measurements: summaries of the samples, each judged against its
// targets (toResult), the tables it prints and the machine it ran on, for bench-results/<time>.json.

import os from "node:os";

import type { Measurement, Throughput, ThroughputMeasurement, ValueMeasurement } from "./run";

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles; the median of an even count is the mean of the middle two. */
export function summarise(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new Error("No samples to summarise");
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    n: sorted.length,
    median: round(median),
    p95: round(at(95)),
    p99: round(at(99)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
    mean: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
  };
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  loadAverageAtStart: number[];
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    postgres,
    loadAverageAtStart: os.loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

interface ResultBase {
  id: string;
  module: string;
  label: string;
  /** Absent when the measurement has no target. */
  pass?: boolean;
  cpuMsPerRequest?: { app: number; database: number };
  extra?: Record<string, unknown>;
}

export type Result =
  | (ResultBase & { kind: "latency"; summary: Summary; targetMedianMs?: number; samplesMs: number[] })
  | (ResultBase & { kind: "throughput"; throughput: Throughput; targets?: ThroughputMeasurement["targets"]; misses?: string[] })
  | (ResultBase & { kind: "value"; value: number; unit: string; targets?: ValueMeasurement["targets"] });

/** Judges one measurement against its targets; `pass` is absent when there are none. */
export function toResult(module: string, measurement: Measurement): Result {
  const base = { id: `${module}.${measurement.key}`, module, label: measurement.label, ...(measurement.extra ? { extra: measurement.extra } : {}) };
  if (measurement.kind === "throughput") {
    const { throughput: t, targets } = measurement;
    const misses: string[] = [];
    if (targets?.minRequestsPerSecond !== undefined && t.requestsPerSecond < targets.minRequestsPerSecond) misses.push(`rate < ${targets.minRequestsPerSecond}/s`);
    if (targets?.maxP99Ms !== undefined && t.p99Ms >= targets.maxP99Ms) misses.push(`p99 ≥ ${targets.maxP99Ms} ms`);
    if (targets && (t.non2xx > 0 || t.errors > 0)) misses.push("errors or non-2xx answers");
    return {
      ...base,
      kind: "throughput",
      throughput: t,
      ...(targets ? { targets, pass: misses.length === 0, misses } : {}),
      ...(measurement.cpuMsPerRequest ? { cpuMsPerRequest: measurement.cpuMsPerRequest } : {}),
    };
  }
  if (measurement.kind === "value") {
    const { value, targets } = measurement;
    const pass = targets ? (targets.max === undefined || value <= targets.max) && (targets.min === undefined || value >= targets.min) : undefined;
    return { ...base, kind: "value", value, unit: measurement.unit, ...(targets ? { targets, pass } : {}) };
  }
  const summary = summarise(measurement.samplesMs);
  return {
    ...base,
    kind: "latency",
    summary,
    ...(measurement.targetMedianMs === undefined ? {} : { targetMedianMs: measurement.targetMedianMs, pass: summary.median < measurement.targetMedianMs }),
    ...(measurement.cpuMsPerRequest ? { cpuMsPerRequest: measurement.cpuMsPerRequest } : {}),
    samplesMs: measurement.samplesMs.map((value) => Math.round(value * 100) / 100),
  };
}

function formatTable(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)];
}

const verdict = (pass: boolean | undefined) => (pass === undefined ? "" : pass ? " ✓" : " ✗ MISSED");

function formatValue(value: number, unit: string): string {
  if (unit === "bytes") return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value} B`;
  return unit === "score" ? String(value) : `${value} ${unit}`;
}

export function printTables(results: readonly Result[], about: { date: Date; machine: Machine; stories: number; comments: number }): void {
  const { machine } = about;
  console.log(
    `\n${about.date.toISOString()} · ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB · Node ${machine.node} · PostgreSQL ${machine.postgres}` +
      ` · ${about.stories} stories, ${about.comments} comments · load average at start ${machine.loadAverageAtStart.join(" ")}`,
  );
  const latency = results.flatMap((r) => (r.kind === "latency" ? [r] : []));
  if (latency.length > 0) {
    console.log("");
    const rows = latency.map((r) => [
      r.id,
      String(r.summary.n),
      `${r.summary.median} ms`,
      `${r.summary.p95} ms`,
      `${r.summary.p99} ms`,
      `${r.summary.min} ms`,
      `${r.summary.max} ms`,
      r.cpuMsPerRequest ? `${r.cpuMsPerRequest.app}+${r.cpuMsPerRequest.database} ms` : "",
      r.targetMedianMs === undefined ? "" : `< ${r.targetMedianMs} ms${verdict(r.pass)}`,
    ]);
    for (const line of formatTable(["latency", "n", "median", "p95", "p99", "min", "max", "CPU/req app+db", "target (median)"], rows)) console.log(line);
  }
  const throughput = results.flatMap((r) => (r.kind === "throughput" ? [r] : []));
  if (throughput.length > 0) {
    console.log("");
    const rows = throughput.map(({ id, throughput: t, targets, pass, cpuMsPerRequest }) => [
      id,
      `${t.connections}×${t.durationS} s`,
      `${Math.round(t.requestsPerSecond)}/s`,
      `${t.p50Ms} ms`,
      `${t.p99Ms} ms`,
      `${t.maxMs} ms`,
      String(t.non2xx),
      String(t.errors),
      cpuMsPerRequest ? `${cpuMsPerRequest.app}+${cpuMsPerRequest.database} ms` : "",
      targets
        ? [
            targets.minRequestsPerSecond === undefined ? "" : `≥ ${targets.minRequestsPerSecond}/s`,
            targets.maxP99Ms === undefined ? "" : `p99 < ${targets.maxP99Ms} ms`,
          ].filter(Boolean).join(", ") + verdict(pass)
        : "",
    ]);
    for (const line of formatTable(["throughput", "load", "rate", "p50", "p99", "max", "non-2xx", "errors", "CPU/req app+db", "target"], rows)) console.log(line);
  }
  const values = results.flatMap((r) => (r.kind === "value" ? [r] : []));
  if (values.length > 0) {
    console.log("");
    const rows = values.map(({ id, value, unit, targets, pass }) => [
      id,
      formatValue(value, unit),
      targets
        ? [targets.min === undefined ? "" : `≥ ${formatValue(targets.min, unit)}`, targets.max === undefined ? "" : `≤ ${formatValue(targets.max, unit)}`]
            .filter(Boolean).join(", ") + verdict(pass)
        : "",
    ]);
    for (const line of formatTable(["value", "measured", "target"], rows)) console.log(line);
  }
  console.log("");
  for (const r of results) console.log(`  ${r.id}: ${r.label}`);
}
