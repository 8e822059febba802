// `npm run cluster`: the multi-machine set-up on one machine, on loopback, for trying it out: the
// primary PostgreSQL (embedded), a read replica (a streaming standby), a local S3 server (s3rver)
// for the images, two app instances (scripts/serve.mjs each, as `npm start` runs it) sharing them,
// and nginx in front with the repository's configuration (deploy/nginx/newsdesk.conf, rendered as
// the end-to-end run renders it). All start together and stop together (Ctrl-C); an app instance
// that is stopped (to try a fault) stays stopped while the rest run on. Everything lives
// in <data folder>/cluster (the demo newsroom, seeded on the first run, and the bucket's files
// stay between runs). docs/operations.md, "Scaling out", says how to run the same on real machines.
//
// NEWSDESK_CLUSTER_PORT: where nginx listens (default 8080). NEWSDESK_WORKERS: processes per app
// instance (default 1 here: each instance stands for a machine of its own).

import "dotenv/config";

import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

import pg from "pg";

import { parseEnv } from "../lib/env.mjs";
import { startStandby, type Standby } from "./db/standby";
import { buildProduction, isBuildCurrent } from "./lib/build";
import { isNginxInstalled, NGINX_BINARY, type RunningNginx, startNginx } from "./lib/nginx";
import { dataDir, ROOT } from "./lib/paths";
import { freePort, stopGroup, waitForServer } from "./lib/processes";
import { prepareRuntime } from "./lib/runtime";
import { type S3TestServer, startS3Server } from "./lib/s3-server";

/**
 * The read replica: a streaming standby of the primary (scripts/db/standby.ts), copied afresh on
 * every run (seconds) into `folder`, which a run that was killed may have left behind.
 */
async function startReplica(primaryUrl: string, folder: string, log: (line: string) => void): Promise<Standby> {
  rmSync(folder, { recursive: true, force: true });
  // A killed run leaves its standby's slot on the primary, which would keep WAL for it for ever.
  const client = new pg.Client({ connectionString: primaryUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name LIKE 'newsdesk_standby_%' AND NOT active");
  } finally {
    await client.end();
  }
  const started = Date.now();
  const standby = await startStandby({ primaryUrl, dataDir: folder, log });
  log(`Read replica (a streaming standby) on port ${standby.port}, ready in ${Date.now() - started} ms`);
  return standby;
}

function startInstance(port: number, env: NodeJS.ProcessEnv, name: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "serve.mjs"), "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: its workers stop with it
  });
  const prefix = (chunk: Buffer) =>
    chunk
      .toString()
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => `[${name}] ${line}\n`)
      .join("");
  child.stdout?.on("data", (chunk: Buffer) => process.stdout.write(prefix(chunk)));
  child.stderr?.on("data", (chunk: Buffer) => process.stderr.write(prefix(chunk)));
  return child;
}

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) console.log("Ignoring DATABASE_URL: the cluster runs its own embedded primary.");
  delete process.env.DATABASE_URL;
  const folder = path.join(dataDir(), "cluster");
  mkdirSync(folder, { recursive: true });
  process.env.NEWSDESK_DATA_DIR = folder;
  const env = parseEnv({ ...process.env, NODE_ENV: "production" });
  const listenPort = Number(process.env.NEWSDESK_CLUSTER_PORT ?? 8080);
  if (!Number.isInteger(listenPort) || listenPort <= 0 || listenPort > 65535) throw new Error("NEWSDESK_CLUSTER_PORT must be a port number.");

  if (!isBuildCurrent(env.NEWSDESK_DIST_DIR)) {
    console.log("Building the newsroom (production build)…");
    buildProduction(env.NEWSDESK_DIST_DIR);
  }

  const children: ChildProcess[] = [];
  let s3: S3TestServer | null = null;
  let replica: Standby | null = null;
  let nginx: RunningNginx | null = null;
  const runtime = await prepareRuntime((line) => console.log(`[primary] ${line}`));
  let stopping: Promise<void> | null = null;
  const stopAll = () =>
    (stopping ??= (async () => {
      console.log("Stopping the cluster…");
      await nginx?.stop();
      await Promise.all(children.map(stopGroup));
      await replica?.stop();
      await s3?.close();
      await runtime.stop();
    })());
  try {
    s3 = await startS3Server({ directory: path.join(folder, "s3") });
    console.log(`[s3] s3rver at ${s3.endpoint}, bucket ${s3.bucket} (files in ${path.join(folder, "s3")})`);
    replica = await startReplica(runtime.databaseUrl, path.join(folder, "replica"), (line) => console.log(`[replica] ${line}`));

    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...s3.env,
      NODE_ENV: "production",
      DATABASE_URL: runtime.databaseUrl,
      ...(replica ? { DATABASE_REPLICA_URLS: replica.url } : {}),
      AUTH_SECRET: runtime.authSecret,
      NEWSDESK_DEMO: runtime.demo ? "1" : "0",
      NEWSDESK_WORKERS: process.env.NEWSDESK_WORKERS ?? "1",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const ports = [await freePort(), await freePort()];
    const instances = ports.map((port, index) => startInstance(port, appEnv, `app ${index + 1}`));
    children.push(...instances);
    await Promise.all(
      instances.map((child, index) => waitForServer(`http://127.0.0.1:${ports[index]}/login`, child, { timeoutMs: 180_000, name: `App instance ${index + 1}`, intervalMs: 500 })),
    );

    let front = `http://127.0.0.1:${ports[0]}`;
    if (isNginxInstalled()) {
      const nginxDir = path.join(folder, "nginx");
      mkdirSync(nginxDir, { recursive: true });
      nginx = await startNginx({ upstreamPorts: ports, listenPort, tmpDir: nginxDir, distDir: path.join(ROOT, env.NEWSDESK_DIST_DIR) });
      front = nginx.url;
    } else {
      console.log(`No nginx at ${NGINX_BINARY} (apt-get install nginx, or set NGINX_PATH): open an instance directly.`);
    }

    const hide = (url: string) => url.replace(/:[^:@/]*@/, ":***@");
    const rows: [string, string][] = [
      ["Readers and the desk, through nginx", `${front}${runtime.demo ? "  (demo accounts: see README, password demo-password)" : ""}`],
      ...ports.map((port, index): [string, string] => [`App instance ${index + 1}`, `http://127.0.0.1:${port}`]),
      ["Primary PostgreSQL", hide(runtime.databaseUrl)],
      ["Read replica", replica ? hide(replica.url) : "none (reads go to the primary)"],
      ["S3 server (images)", `${s3.endpoint}/${s3.bucket}`],
    ];
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    console.log(["", "The Newsdesk cluster is up (Ctrl-C stops all of it):", ...rows.map(([label, value]) => `  ${`${label}:`.padEnd(width)}${value}`), ""].join("\n"));

    // An instance that stops (killed, crashed) is left stopped, as a machine that went down would
    // be: nginx sends its share to the other one, or its stale pages and the back-soon page once
    // none is left. Ctrl-C stops everything.
    for (const [index, child] of instances.entries()) {
      child.once("exit", (exitCode, signal) => {
        if (!stopping) console.error(`App instance ${index + 1} stopped (${signal ?? `exit code ${exitCode}`}); nginx serves without it. Ctrl-C stops the cluster.`);
      });
    }
    const code = await new Promise<number>((resolve) => {
      process.once("SIGINT", () => resolve(0));
      process.once("SIGTERM", () => resolve(0));
    });
    return code;
  } finally {
    await stopAll();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
