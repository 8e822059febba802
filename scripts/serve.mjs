// @ts-check
// The app as `next start` would run it, in several processes sharing one port, so it uses every
// core: one Node process runs JavaScript on one core at a time, and a cached page or a posted
// comment is CPU-bound. Each process also sends reader pages still fresh in its reader cache, and
// answers posted comments, without Next's request handling (startNext below).
//
//   node scripts/serve.mjs -p 3000 [-H 0.0.0.0]
//
// Without -H it listens on loopback only (127.0.0.1 and ::1): a proxy on the same machine (nginx,
// deploy/nginx) is how readers reach it; `npm start` passes HOST as -H to listen elsewhere.
// Every request's client address is worked out here, from the socket, believing X-Forwarded-For
// only from NEWSDESK_TRUSTED_PROXIES (lib/http/forwarded.mjs), and left in X-Forwarded-For for
// Next and lib/http/client-address.ts: Next hands route handlers and server actions no socket.
//
// NEWSDESK_WORKERS sets how many processes (default: one per core, at most 4; 1 serves from this
// process), DATABASE_POOL_SIZE the database connections of each (default: poolSizePerWorker). The primary only forks and watches: the workers accept connections in turn
// (Node's cluster, round-robin). Each worker is an app instance of its own, with its own reader
// cache in memory, which the shared invalidation keeps fresh exactly as it does for two instances
// on two machines (docs/caching.md). A worker that dies after it started is replaced; one that
// dies while starting stops the whole server with its exit code (a port in use would otherwise
// restart forever). SIGTERM/SIGINT stop the workers and then the primary.
//
// Before taking readers each process warms up on the shared store's most recent pages
// (lib/cache/warm-up.mjs), and the workers start listening together once all are warm. Each
// worker's V8 heap is limited (NEWSDESK_WORKER_HEAP_MB, default 256, with an 8 MB semi-space) and
// glibc keeps two malloc arenas (MALLOC_ARENA_MAX): a busy worker grew to 942 MB resident without
// them, 673 MB with a 384 MB heap, 564 MB with these (BENCHMARKS.md, issue 14, runs D and E).
//
// Plain JavaScript: workers load nothing but Next, lib/cache/page-responses.mjs and
// response-scope.mjs, the warm-up and the build id from lib/cache (warm-up.mjs, shared-store.mjs)
// and lib/http/forwarded.mjs; the comment handler comes from the build itself
// (lib/http/node-routes.ts).

import cluster from "node:cluster";
import http from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { createPageResponses } from "../lib/cache/page-responses.mjs";
import { responseScope } from "../lib/cache/response-scope.mjs";
import { buildIdIn } from "../lib/cache/shared-store.mjs";
import { warmUp } from "../lib/cache/warm-up.mjs";
import { readEnv, reloadEnv } from "../lib/env.mjs";
import { parseTrustedProxies, resolveClientAddress } from "../lib/http/forwarded.mjs";

/** @typedef {import("node:http").IncomingMessage} IncomingMessage */
/** @typedef {import("node:http").ServerResponse} ServerResponse */
/** @typedef {import("../lib/http/forwarded.mjs").TrustedProxies} TrustedProxies */
/** @typedef {import("../lib/cache/page-responses.mjs").PageResponses} PageResponses */
/** @typedef {import("../lib/http/node-routes").NodeRoutes} NodeRoutes */
/** @typedef {{ port: number, hostname: string | undefined }} ServeOptions */

/** Where instrumentation.ts leaves the handlers answered before Next (lib/http/node-routes.ts). */
const NODE_ROUTES = Symbol.for("newsdesk.nodeRoutes");
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const STARTUP_MS = 30_000;
/** Where the app listens when -H does not say: loopback only, IPv4 and IPv6. */
export const LOOPBACK_HOSTS = ["127.0.0.1", "::1"];

/**
 * @param {readonly string[]} argv
 * @returns {ServeOptions}
 */
function parseArgs(argv) {
  /** @type {ServeOptions} */
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

/**
 * How many app processes to start: NEWSDESK_WORKERS (lib/env.mjs checks it is a whole number
 * from 1 to 64), or one per core, at most 4.
 * @param {number | undefined} [asked]
 * @param {number} [cores]
 */
export function workerCount(asked = readEnv().NEWSDESK_WORKERS, cores = os.availableParallelism()) {
  return asked ?? Math.max(1, Math.min(cores, 4));
}

/**
 * Database connections per app process when DATABASE_POOL_SIZE does not say: about two per core
 * in all, at least 3 per process. PostgreSQL does the most work per second with a few statements
 * in flight per core; more connections only queue inside it, where they take turns on the cores
 * with the app processes themselves. Posting comments at 32 connections on 2 cores (BENCHMARKS.md):
 * 10 per process (the pool's default elsewhere) 686/s with p99 113 ms; 3 per process 861/s, 78 ms.
 * @param {number} workers
 * @param {number} [cores]
 */
export function poolSizePerWorker(workers, cores = os.availableParallelism()) {
  return Math.max(3, Math.ceil((2 * cores) / workers));
}

/**
 * Puts the client's address where Next and lib/http/client-address.ts read it: X-Forwarded-For
 * becomes the one address worked out from the socket and the header (lib/http/forwarded.mjs), so
 * whatever the client sent there is gone; X-Real-IP, which nothing should believe, is dropped.
 * @param {Pick<IncomingMessage, "headers" | "socket">} req
 * @param {TrustedProxies} trusted
 */
export function setClientAddress(req, trusted) {
  req.headers["x-forwarded-for"] = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  delete req.headers["x-real-ip"];
}

/** Headers a response carries once: Next may append the same value twice (below). */
const SINGLE_VALUE_HEADERS = new Set(["location", "x-nextjs-stale-time"]);

/**
 * Next 16.4 appends a rendered redirect's cached headers to those it has already set, so a page that
 * calls permanentRedirect (a story's old slug, a renamed section, a merged byline) is sent on its
 * first render with two identical Location headers, which proxies join into "/new, /new" and strict
 * clients (crawlers) refuse (vercel/next.js#82117). A value a single-value header already holds is
 * not appended again; everything else is appended as Next asks.
 * @param {ServerResponse} res
 * @returns {ServerResponse}
 */
export function withoutRepeatedHeaders(res) {
  if (typeof res.appendHeader !== "function") return res;
  const append = res.appendHeader.bind(res);
  res.appendHeader = (name, value) => {
    if (SINGLE_VALUE_HEADERS.has(name.toLowerCase())) {
      const current = res.getHeader(name);
      const held = current === undefined ? [] : [current].flat().map(String);
      if ([value].flat().every((v) => held.includes(String(v)))) return res;
    }
    return append(name, value);
  };
  return res;
}

/**
 * What each request meets first: its client address is set, then a posted comment or a Content API
 * GET is answered by the build's own handler (registered by instrumentation.ts, so present once Next has prepared;
 * Next's request handling was half the CPU of a post), a reader page still fresh in the reader
 * cache is sent again, and everything else goes to Next's handler (`handle`).
 * @param {object} options
 * @param {(req: IncomingMessage, res: ServerResponse) => Promise<void>} options.handle
 * @param {TrustedProxies} options.trusted
 * @param {PageResponses} [options.responses]
 * @param {() => NodeRoutes | undefined} [options.nodeRoutes]
 * @returns {(req: IncomingMessage, res: ServerResponse) => void}
 */
export function createRequestHandler({ handle, trusted, responses = createPageResponses(), nodeRoutes = () => /** @type {{ [NODE_ROUTES]?: NodeRoutes }} */ (globalThis)[NODE_ROUTES] }) {
  /** @param {ServerResponse} res */
  const failed = (res) => (/** @type {unknown} */ error) => {
    console.error("Request failed", error);
    if (!res.headersSent) res.statusCode = 500;
    res.end();
  };
  return (req, res) => {
    setClientAddress(req, trusted);
    const routes = nodeRoutes();
    const commentPost = routes?.commentPost;
    const storyId = commentPost?.target(req.method, req.url) ?? null;
    if (commentPost && storyId !== null) {
      commentPost.answer(storyId, req, res).catch(failed(res));
      return;
    }
    // The Content API's GETs: the key check and the kept answer, without Next's routing (docs/fast-paths.md).
    const contentApi = routes?.contentApi;
    const contentTarget = contentApi?.target(req.method, req.url) ?? null;
    if (contentApi && contentTarget !== null) {
      contentApi.answer(contentTarget, req, res).catch(failed(res));
      return;
    }
    if (responses.serve(req, res)) return;
    // Next answers inside the watch of its response: a page it stores waits for the response and
    // is written to the shared store with it, in one statement (lib/cache/response-scope.mjs).
    const toNext = () => {
      const watch = responses.record(req, res);
      const answer = () => handle(req, withoutRepeatedHeaders(res));
      return watch ? responseScope().run(watch, answer) : answer();
    };
    if (!responses.mayServeShared(req)) {
      toNext().catch(failed(res));
      return;
    }
    responses
      .serveShared(req, res)
      .then((served) => {
        if (served) return;
        return toNext();
      })
      .catch(failed(res));
  };
}

/** The handlers instrumentation.ts registered, once Next has prepared. */
function nodeRoutesHere() {
  return /** @type {{ [NODE_ROUTES]?: NodeRoutes }} */ (globalThis)[NODE_ROUTES];
}

/**
 * WebSocket upgrades: the co-editing server's path goes to it (lib/collab/server.ts, registered by
 * instrumentation.ts as `collab`), every other upgrade to Next's own upgrade handler, as under
 * `next start`.
 * @param {object} options
 * @param {(req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => unknown} options.handle
 * @param {TrustedProxies} options.trusted
 * @param {() => NodeRoutes | undefined} [options.nodeRoutes]
 * @returns {(req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void}
 */
export function createUpgradeHandler({ handle, trusted, nodeRoutes = nodeRoutesHere }) {
  return (req, socket, head) => {
    setClientAddress(req, trusted);
    if (nodeRoutes()?.collab?.upgrade(req, socket, head)) return;
    Promise.resolve(handle(req, socket, head)).catch((/** @type {unknown} */ error) => {
      console.error("Upgrade failed", error);
      socket.destroy();
    });
  };
}

/**
 * The addresses to listen on: -H's, or loopback.
 * @param {string | undefined} hostname
 * @returns {readonly string[]}
 */
export function listenHosts(hostname) {
  return hostname ? [hostname] : LOOPBACK_HOSTS;
}

/**
 * "http://127.0.0.1:3000 and http://[::1]:3000"
 * @param {readonly string[]} hosts
 * @param {number} port
 */
export function describeListening(hosts, port) {
  return hosts.map((host) => `http://${host.includes(":") ? `[${host}]` : host}:${port}`).join(" and ");
}

/**
 * @param {http.Server} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<void>}
 */
function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    /** @param {Error} error */
    const onError = (error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve(undefined);
    });
  });
}

/**
 * Next's request handler behind a plain Node server (Next's documented custom-server API, which
 * `next start` itself is built on), so that a reader page still fresh in the reader cache is sent
 * again from the response Next made for it (lib/cache/page-responses.mjs) without Next's request
 * handling, and a posted comment is answered by the build's own handler for it
 * (lib/comments/post-endpoint.ts, the function the route handler runs under `next start`).
 * Everything else goes to Next as it would under `next start`, with the client's address set.
 * @param {ServeOptions} options
 * @param {TrustedProxies} trusted
 */
async function startNext(options, trusted) {
  const require = createRequire(import.meta.url);
  /** @type {typeof import("next").default} */
  const next = require("next");
  // This server routes WebSocket upgrades itself (createUpgradeHandler): lib/collab/next-start.ts stays out.
  /** @type {Record<symbol, unknown>} */ (globalThis)[Symbol.for("newsdesk.customServer")] = true;
  const app = next({ dev: false, dir: ROOT, hostname: options.hostname ?? "localhost", port: options.port });
  await app.prepare();
  const onRequest = createRequestHandler({ handle: app.getRequestHandler(), trusted });
  // Next's custom server adds its own upgrade listener to the server on the first request
  // (NextCustomServer.setupWebSocketHandler), which would take the co-editing server's upgrades
  // too and close them: marked as done, and the upgrades Next should have go to the handler it
  // would have used (createUpgradeHandler).
  const custom = /** @type {{ didWebSocketSetup?: boolean, upgradeHandler?: (req: IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => unknown }} */ (/** @type {unknown} */ (app));
  custom.didWebSocketSetup = true;
  const onUpgrade = createUpgradeHandler({ handle: custom.upgradeHandler ?? app.getUpgradeHandler(), trusted });
  await warmUpProcess(onRequest);
  // In a cluster the workers listen together, once every one of them is warm (runPrimary): a
  // worker still loading would otherwise take the CPU from the one already answering.
  if (cluster.isWorker) await permissionToListen();
  const hosts = listenHosts(options.hostname);
  /** @type {http.Server[]} */
  const servers = [];
  for (const host of hosts) {
    const server = http.createServer(onRequest);
    server.on("upgrade", onUpgrade);
    try {
      await listen(server, options.port, host);
      servers.push(server);
    } catch (error) {
      // A machine without IPv6 has no ::1: loopback is then 127.0.0.1 alone.
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      const noIPv6 = !options.hostname && host === "::1" && (code === "EADDRNOTAVAIL" || code === "EAFNOSUPPORT");
      if (!noIPv6 || servers.length === 0) throw error;
      if (cluster.isPrimary || cluster.worker?.id === 1) console.log(`No IPv6 loopback here: listening on ${describeListening(["127.0.0.1"], options.port)} only`);
    }
  }
  const close = async () => {
    const routes = nodeRoutesHere();
    // The co-editing server writes every open story first (lib/collab/server.ts), while the
    // background loops finish the sweep under way and take no more (lib/queue/sweeper.ts); a sweep
    // held up by a hanging mail server is not waited for past 5 s (its lease then lets another
    // process take the work).
    await Promise.all([
      routes?.collab?.close().catch((/** @type {unknown} */ error) => console.error("Co-editing: could not close", error)),
      Promise.race([
        routes?.stopBackgroundWork?.().catch((/** @type {unknown} */ error) => console.error("Background work: could not stop", error)),
        new Promise((resolve) => setTimeout(resolve, 5000).unref()),
      ]),
    ]);
    let open = servers.length;
    for (const server of servers) {
      server.close(() => {
        open -= 1;
        if (open === 0) process.exit(0);
      });
      server.closeIdleConnections();
    }
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGTERM", () => void close());
  process.once("SIGINT", () => void close());
  if (cluster.isPrimary) console.log(`Serving at ${describeListening(hosts, options.port)}${listeningNote(options, trusted)}`);
}

/**
 * lib/cache/warm-up.mjs for this process, with this build's pages in the shared store.
 * @param {(req: IncomingMessage, res: ServerResponse) => void} onRequest
 */
async function warmUpProcess(onRequest) {
  const config = readEnv();
  if (!config.NEWSDESK_SHARED_CACHE) return;
  const buildId = buildIdIn(path.join(ROOT, config.NEWSDESK_DIST_DIR));
  if (!buildId) return;
  const result = await warmUp({ handler: onRequest, databaseUrl: config.DATABASE_URL, buildId });
  if (result.error) console.warn(`Warm-up skipped: ${result.error}`);
}

/** The message a worker sends when it is ready, and the one the primary answers to let it listen. */
const READY = "newsdesk:ready";
const LISTEN = "newsdesk:listen";

/** Resolves when the primary says this worker may listen (runPrimary). */
function permissionToListen() {
  return new Promise((resolve) => {
    /** @param {unknown} message */
    const onMessage = (message) => {
      if (message !== LISTEN) return;
      process.off("message", onMessage);
      resolve(undefined);
    };
    process.on("message", onMessage);
    process.send?.(READY);
  });
}

/** The young generation's semi-space (MB) beside a heap limit: V8 sized it at 32 MB, mostly empty. */
const WORKER_SEMI_SPACE_MB = 8;

/**
 * The Node options each worker starts with: the primary's, and a V8 heap limit (MB; 0: Node's
 * default) with an 8 MB semi-space, each unless the primary's options or NODE_OPTIONS set it
 * already. Without a limit V8 lets a busy worker's heap grow far past what it keeps alive (942 MB
 * resident at 10,000 stories, BENCHMARKS.md); 256 MB and 8 MB gave 564 MB at 30,000 stories, with
 * the newsroom day's rate unchanged.
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @param {number} heapMb
 */
export function workerExecArgv(execArgv, nodeOptions, heapMb) {
  if (heapMb === 0) return [...execArgv];
  const given = [...execArgv, ...(nodeOptions ?? "").split(/\s+/)];
  const has = (/** @type {string} */ option) => given.some((value) => value.startsWith(option));
  return [
    ...execArgv,
    ...(has("--max-old-space-size") ? [] : [`--max-old-space-size=${heapMb}`]),
    ...(has("--max-semi-space-size") ? [] : [`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`]),
  ];
}

/**
 * What the start-up message adds: who is believed about client addresses, and how to listen elsewhere.
 * @param {ServeOptions} options
 * @param {TrustedProxies} trusted
 */
function listeningNote(options, trusted) {
  const exposure = options.hostname ? "" : " (loopback only: set HOST to listen elsewhere)";
  return `${exposure}; X-Forwarded-For believed from ${trusted.description} (NEWSDESK_TRUSTED_PROXIES)`;
}

/**
 * @param {ServeOptions} options
 * @param {number} workers
 * @param {TrustedProxies} trusted
 */
function runPrimary(options, workers, trusted) {
  let stopping = false;
  /** @type {Map<number, number>} */
  const startedAt = new Map();

  // Workers listen together once all are ready; one started later (a replacement) as soon as it is.
  /** @type {Set<number>} */
  const ready = new Set();
  let listening = false;
  cluster.setupPrimary({ execArgv: workerExecArgv(process.execArgv, process.env.NODE_OPTIONS, readEnv().NEWSDESK_WORKER_HEAP_MB) });
  const fork = () => {
    // Two malloc arenas rather than glibc's eight per core: the threads that compress pages
    // otherwise leave memory in arenas of their own that is never given back.
    const worker = cluster.fork({ MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2" });
    startedAt.set(worker.id, Date.now());
    worker.on("message", (message) => {
      if (message !== READY) return;
      ready.add(worker.id);
      if (listening) worker.send(LISTEN);
      else if (ready.size >= workers) {
        listening = true;
        for (const id of ready) cluster.workers?.[id]?.send(LISTEN);
      }
    });
  };

  cluster.on("exit", (worker, code, signal) => {
    const livedMs = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    ready.delete(worker.id);
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

  /** @param {number} [code] */
  function stop(code = 0) {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
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
  console.log(`Serving with ${workers} app processes at ${describeListening(listenHosts(options.hostname), options.port)}${listeningNote(options, trusted)}`);
}

/**
 * Where the server listens is where its processes request their own pages (lib/cache/self-address.ts:
 * the write-through and the background fill), so -p and -H are written over PORT and HOST in the
 * environment the workers inherit. Without this a server started with -p 4123 asked port 3000.
 * @param {ServeOptions} options
 * @param {Record<string, string | undefined>} environment
 */
export function listeningEnv(options, environment) {
  environment.PORT = String(options.port);
  if (options.hostname) environment.HOST = options.hostname;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // Next's production mode, which the environment is then checked against (lib/env.mjs refuses
  // benchmark-only switches in production), inherited by the workers.
  const writableEnv = /** @type {Record<string, string | undefined>} */ (process.env);
  writableEnv.NODE_ENV = "production";
  listeningEnv(options, writableEnv);
  reloadEnv();
  // A variable or proxy list that cannot be read stops the server before it starts, named (every
  // worker reads the same environment).
  const config = readEnv();
  const trusted = parseTrustedProxies(config.NEWSDESK_TRUSTED_PROXIES);
  if (cluster.isPrimary) {
    const workers = workerCount();
    // Inherited by the workers (lib/db.ts reads it).
    if (config.DATABASE_POOL_SIZE === undefined) {
      process.env.DATABASE_POOL_SIZE = String(poolSizePerWorker(workers));
      reloadEnv();
    }
    if (workers === 1) return startNext(options, trusted);
    // Round-robin hand-out (the default on Linux, stated for other systems): one busy worker does
    // not get every new connection.
    cluster.schedulingPolicy = cluster.SCHED_RR;
    runPrimary(options, workers, trusted);
    return;
  }
  // A worker: stop when the primary goes away, however it went.
  process.on("disconnect", () => process.exit(0));
  await startNext(options, trusted);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
