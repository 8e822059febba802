// The app as `next start` would run it, in several processes sharing one port, so it uses every
// core: one Node process runs JavaScript on one core at a time, and a cached page or a posted
// comment is CPU-bound. Each process also sends reader pages still fresh in its reader cache, and
// answers posted comments, without Next's request handling (startNext below).
//
//   node scripts/serve.mjs -p 3000 [-H 127.0.0.1]
//
// NEWSDESK_WORKERS sets how many processes (default: one per core, at most 4; 1 serves from this
// process), DATABASE_POOL_SIZE the database connections of each (default: poolSizePerWorker). The primary only forks and watches: the workers accept connections in turn
// (Node's cluster, round-robin). Each worker is an app instance of its own, with its own reader
// cache in memory, which the shared invalidation keeps fresh exactly as it does for two instances
// on two machines (docs/caching.md). A worker that dies after it started is replaced; one that
// dies while starting stops the whole server with its exit code (a port in use would otherwise
// restart forever). SIGTERM/SIGINT stop the workers and then the primary.
//
// Plain JavaScript: workers load nothing but Next and lib/cache/page-responses.mjs; the comment
// handler comes from the build itself (lib/http/node-routes.ts).

import cluster from "node:cluster";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createPageResponses } from "../lib/cache/page-responses.mjs";

/** Where instrumentation.ts leaves the handlers answered before Next (lib/http/node-routes.ts). */
const NODE_ROUTES = Symbol.for("newsdesk.nodeRoutes");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STARTUP_MS = 30_000;

function parseArgs(argv) {
  const options = { port: 3000, hostname: undefined };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if ((flag === "-p" || flag === "--port") && value) {
      options.port = Number(value);
      i += 1;
    } else if ((flag === "-H" || flag === "--hostname") && value) {
      options.hostname = value;
      i += 1;
    } else {
      throw new Error(`serve.mjs: unknown argument "${flag}" (use -p PORT and -H HOST)`);
    }
  }
  if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) throw new Error(`serve.mjs: -p needs a port number`);
  return options;
}

export function workerCount(env = process.env, cores = os.availableParallelism()) {
  const asked = env.NEWSDESK_WORKERS;
  if (asked === undefined || asked === "") return Math.max(1, Math.min(cores, 4));
  const n = Number(asked);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`NEWSDESK_WORKERS must be a whole number from 1 to 64, not "${asked}"`);
  return n;
}

/**
 * Database connections per app process when DATABASE_POOL_SIZE does not say: about two per core
 * in all, at least 3 per process. PostgreSQL does the most work per second with a few statements
 * in flight per core; more connections only queue inside it, where they take turns on the cores
 * with the app processes themselves. Posting comments at 32 connections on 2 cores (BENCHMARKS.md):
 * 10 per process (the pool's default elsewhere) 686/s with p99 113 ms; 3 per process 861/s, 78 ms.
 */
export function poolSizePerWorker(workers, cores = os.availableParallelism()) {
  return Math.max(3, Math.ceil((2 * cores) / workers));
}

/**
 * Next's request handler behind a plain Node server (Next's documented custom-server API, which
 * `next start` itself is built on), so that a reader page still fresh in the reader cache is sent
 * again from the response Next made for it (lib/cache/page-responses.mjs) without Next's request
 * handling, and a posted comment is answered by the build's own handler for it
 * (lib/comments/post-endpoint.ts, the function the route handler runs under `next start`).
 * Everything else goes to Next as it would under `next start`.
 */
async function startNext(options) {
  process.env.NODE_ENV = "production";
  const require = createRequire(import.meta.url);
  const next = require("next");
  const app = next({ dev: false, dir: ROOT, hostname: options.hostname ?? "localhost", port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const responses = createPageResponses();
  const failed = (res) => (error) => {
    console.error("Request failed", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  };
  const server = http.createServer((req, res) => {
    // A posted comment, answered by the build's own handler (registered by instrumentation.ts, so
    // present once Next has prepared): Next's request handling was half the CPU of a post.
    const commentPost = globalThis[NODE_ROUTES]?.commentPost;
    const storyId = commentPost?.target(req.method, req.url) ?? null;
    if (storyId !== null) {
      commentPost.answer(storyId, req, res).catch(failed(res));
      return;
    }
    if (responses.serve(req, res)) return;
    responses.record(req, res);
    handle(req, res).catch(failed(res));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => resolve(undefined));
  });
  const close = () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", close);
  process.once("SIGINT", close);
  if (cluster.isPrimary) console.log(`Serving on port ${options.port}`);
}

function runPrimary(options, workers) {
  let stopping = false;
  const startedAt = new Map();

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
  };

  cluster.on("exit", (worker, code, signal) => {
    const livedMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      // The code stop() was given: a worker that failed while starting fails the whole server.
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(process.exitCode ?? 0);
      return;
    }
    if (livedMs < STARTUP_MS) {
      console.error(`An app worker stopped while starting (${signal ?? `exit code ${code}`}); stopping the server.`);
      stop(typeof code === "number" && code !== 0 ? code : 1);
      return;
    }
    console.error(`An app worker stopped (${signal ?? `exit code ${code}`}) after ${Math.round(livedMs / 1000)} s; starting another.`);
    fork();
  });

  function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter(Boolean);
    if (alive.length === 0) process.exit(code);
    for (const worker of alive) worker.process.kill("SIGTERM");
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(code);
    }, 10_000).unref();
    process.exitCode = code;
  }

  process.on("SIGTERM", () => stop(0));
  process.on("SIGINT", () => stop(0));
  for (let i = 0; i < workers; i += 1) fork();
  console.log(`Serving with ${workers} app processes on port ${options.port}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (cluster.isPrimary) {
    const workers = workerCount();
    // Inherited by the workers (lib/db.ts reads it).
    if (!process.env.DATABASE_POOL_SIZE) process.env.DATABASE_POOL_SIZE = String(poolSizePerWorker(workers));
    if (workers === 1) return startNext(options);
    // Round-robin hand-out (the default on Linux, stated for other systems): one busy worker does
    // not get every new connection.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    runPrimary(options, workers);
    return;
  }
  // A worker: stop when the primary goes away, however it went.
  process.on("disconnect", () => process.exit(0));
  await startNext(options);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
