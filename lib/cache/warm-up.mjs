// @ts-check
// Before an app process takes readers (scripts/serve.mjs): the pages the shared store rendered
// most recently are requested through the process's own request handler, on a private loopback
// port, so the first readers after a start, a deploy of the same build or a restart meet compiled
// code, open database connections and warm memory caches rather than a cold process. Without it
// the first second after a restart answered at half the long tail's rate with a p99 of 200 ms
// (BENCHMARKS.md, issue 14).
//
// Best effort and bounded: a store it cannot read, or a limit of time reached, ends the warm-up
// and the process listens as it would have. Requests for stored pages are answered from the store
// (nothing is rendered unless a page has gone stale, which a reader would have caused anyway).

import http from "node:http";

import pg from "pg";

/**
 * @typedef {object} WarmUpOptions
 * @property {(req: http.IncomingMessage, res: http.ServerResponse) => void} handler the request handler readers will meet
 * @property {string | undefined} databaseUrl
 * @property {string | undefined} buildId rows of other builds are not asked for (they would be renders)
 * @property {number} [pages] how many of the most recently rendered pages
 * @property {number} [rounds] how often each is requested (the first from the store, then from memory)
 * @property {number} [concurrency]
 * @property {number} [timeLimitMs]
 */

/**
 * @param {WarmUpOptions} options
 * @returns {Promise<{ pages: number, requests: number, ms: number, error?: string }>}
 */
export async function warmUp({ handler, databaseUrl, buildId, pages = 100, rounds = 2, concurrency = 4, timeLimitMs = 5000 }) {
  const started = Date.now();
  const deadline = started + timeLimitMs;
  if (!databaseUrl || !buildId) return { pages: 0, requests: 0, ms: 0 };
  /** @type {string[]} */
  let paths;
  try {
    paths = await recentPaths(databaseUrl, buildId, pages, timeLimitMs);
  } catch (error) {
    return { pages: 0, requests: 0, ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
  if (paths.length === 0) return { pages: 0, requests: 0, ms: Date.now() - started };

  const server = http.createServer(handler);
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    // exclusive: in a cluster worker, a port of its own rather than the primary's shared one.
    server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => resolve(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const queue = Array.from({ length: rounds }, () => paths).flat();
  let requests = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let next = queue.shift(); next !== undefined && Date.now() < deadline; next = queue.shift()) {
          await request(agent, port, next, deadline - Date.now());
          requests += 1;
        }
      }),
    );
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(() => resolve(undefined)));
  }
  return { pages: paths.length, requests, ms: Date.now() - started };
}

/**
 * The request paths of the pages this build stored most recently.
 * @param {string} databaseUrl
 * @param {string} buildId
 * @param {number} limit
 * @param {number} timeoutMs
 */
async function recentPaths(databaseUrl, buildId, limit, timeoutMs) {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: "newsdesk-warm-up" });
  // A connection cut under the query (PostgreSQL restarting) fails the query, which the warm-up
  // reports; without a listener the client's own "error" event would end the process.
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT "path" FROM "ReaderPage" WHERE "buildId" = $1 AND "path" IS NOT NULL AND "path" LIKE '/%' ORDER BY "renderedAt" DESC LIMIT $2`,
      [buildId, limit],
    );
    return rows.map((row) => String(row.path));
  } finally {
    await client.end();
  }
}

/**
 * One GET as a browser sends it, its answer read to the end; failures are ignored (it is a warm-up).
 * @param {http.Agent} agent
 * @param {number} port
 * @param {string} path
 * @param {number} timeoutMs
 */
function request(agent, port, path, timeoutMs) {
  return new Promise((resolve) => {
    const req = http.get(
      {
        agent,
        host: "127.0.0.1",
        port,
        path,
        timeout: Math.max(1, timeoutMs),
        headers: { accept: "text/html,application/xhtml+xml", "accept-encoding": "gzip, deflate, br, zstd", "user-agent": "newsdesk-warm-up" },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(undefined));
        res.on("error", () => resolve(undefined));
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
  });
}
