// `npm run test:loaded`: the whole suite on a busy machine, as it will meet one. A clean copy of
// this commit (a `git clone` into a temporary folder, with its own `npm ci`) runs `npm run build`
// over and over in the background, while `npm test` runs here twice in a row. It reports each
// run's result and duration and how many builds ran beside them, stops the loop, removes the copy
// (`--keep` leaves it) and exits non-zero if a run failed. `--runs N` runs the suite N times.
// Slow by design (two full suites); not part of CI.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { ROOT } from "./lib/paths";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

const runs = Number(option("--runs") ?? 2);
const keep = process.argv.includes("--keep");

function minutes(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(" ")}\` in ${cwd} failed (exit code ${result.status ?? result.signal})`);
}

/** The background load: `npm run build` in `dir`, again and again until stopped; counts the builds that finished. */
function startBuildLoop(dir: string, logFile: string): { stop: () => Promise<{ builds: number; failed: number }> } {
  const log = createWriteStream(logFile);
  let builds = 0;
  let failed = 0;
  let stopping = false;
  let child: ChildProcess | null = null;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));

  const next = () => {
    if (stopping) return done();
    // Its own process group, so stopping it stops `next build` and its workers too.
    child = spawn(NPM, ["run", "build"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], detached: true, env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once("exit", (code) => {
      if (!stopping) {
        builds += 1;
        if (code !== 0) failed += 1;
      }
      next();
    });
  };
  next();

  return {
    stop: async () => {
      stopping = true;
      const current = child as ChildProcess | null;
      if (current?.pid && current.exitCode === null && current.signalCode === null) {
        try {
          process.kill(-current.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
      await finished;
      log.end();
      return { builds, failed };
    },
  };
}

async function main(): Promise<number> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number of runs, not "${option("--runs")}"`);
  const commit = spawnSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  if (!commit) throw new Error("Not a git checkout: the background build needs a copy of this commit.");
  const dirty = spawnSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  if (dirty) console.log("Note: uncommitted changes here are tested, but the background copy builds the last commit.");

  const tmp = mkdtempSync(path.join(os.tmpdir(), "newsdesk-loaded-"));
  const copy = path.join(tmp, "repo");
  console.log(`The background copy: ${commit.slice(0, 12)} in ${copy}`);
  run("git", ["clone", "--quiet", "--no-checkout", ROOT, copy], tmp);
  run("git", ["checkout", "--quiet", "--detach", commit], copy);
  run(NPM, ["ci", "--no-audit", "--no-fund"], copy);

  const buildLog = path.join(tmp, "build-loop.log");
  console.log(`Looping \`npm run build\` there in the background (its output: ${buildLog}).`);
  const loop = startBuildLoop(copy, buildLog);
  const results: Array<{ ok: boolean; ms: number }> = [];
  let loopResult = { builds: 0, failed: 0 };
  // Ctrl-C or a TERM ends the current run (npm test gets the signal too) and then stops the loop.
  let interrupted = false;
  let test: ChildProcess | null = null;
  const interrupt = (signal: NodeJS.Signals) => {
    interrupted = true;
    test?.kill(signal);
  };
  process.on("SIGINT", interrupt);
  process.on("SIGTERM", interrupt);
  try {
    for (let index = 1; index <= runs && !interrupted; index++) {
      console.log(`\n=== npm test, run ${index} of ${runs}, beside the build loop ===\n`);
      const started = Date.now();
      const child = spawn(NPM, ["test"], { cwd: ROOT, stdio: "inherit" });
      test = child;
      const code = await new Promise<number | string>((resolve) => child.once("exit", (status, signal) => resolve(status ?? signal ?? 1)));
      test = null;
      results.push({ ok: code === 0, ms: Date.now() - started });
      console.log(`\n=== run ${index}: ${code === 0 ? "passed" : `FAILED (exit code ${code})`} in ${minutes(Date.now() - started)} ===`);
    }
  } finally {
    loopResult = await loop.stop();
    if (keep) console.log(`Kept the background copy in ${tmp}.`);
    else rmSync(tmp, { recursive: true, force: true });
  }

  console.log("\nLoaded-machine runs of `npm test`:");
  results.forEach((result, index) => console.log(`  run ${index + 1}: ${result.ok ? "passed" : "FAILED"} in ${minutes(result.ms)}`));
  console.log(`  beside ${loopResult.builds} background build(s)${loopResult.failed ? `, ${loopResult.failed} of which failed` : ""} on ${os.cpus().length} core(s)`);
  return !interrupted && results.every((result) => result.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
