// What a story page costs when the reader cache does not hold it (issue 14, "a miss that costs
// little"): each request is a distinct published story that nothing has asked for since the server
// started, so neither its page nor its loaders' results are cached (the layout's section list and
// other shared loader results are, as they would be on a real site).
//
//   latency     one request at a time (Node http, keep-alive, browser headers), `requests` measured
//               after `warmup` unmeasured ones, each on its own story; the app's and PostgreSQL's CPU
//               per request from the runner's /proc samples (target: app ≤ 10 ms).
//   round trips statements PostgreSQL completed per page: the delta of `xact_commit + xact_rollback`
//               in pg_stat_database over the measured requests. Prisma (and the pg pool under it)
//               sends every statement outside a transaction as its own implicit transaction, one
//               round trip each, so on an otherwise idle database this counts the statements the
//               app sent. What else commits meanwhile (this module's own two reads of the view, the
//               app's background jobs) is measured over an idle stretch as long as the run and
//               subtracted; both raw figures are kept in `extra`.
//
// Every answer must be 200 and say it was rendered (`x-nextjs-cache` MISS, or none): a HIT means
// the story was not new and the module stops rather than report a hit as a miss. Pages the
// background fill already stored are taken out of the shared store first, with a restart of every
// app process (so none holds them in memory).
//
// It runs as scripts/bench/reader.ts's first measurement, and as a module of its own (`miss`) where
// run.ts lists it, e.g. to take a CPU profile of misses alone (`--only miss --profile DIR`). Each
// caller draws from its own half of the published stories (`draw`), so both in one run still
// measure misses.

import http from "node:http";

import pg from "pg";

import { cpuPerRequest } from "./cpu";
import type { BenchContext, BenchModule, Measurement } from "./run";

const TARGET_APP_CPU_MS = 10;

const BROWSER_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 newsdesk-bench",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br, zstd",
  "accept-language": "en-GB,en;q=0.9",
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function getPage(url: string): Promise<{ status: number; cache: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: BROWSER_HEADERS, agent }, (response) => {
      let bytes = 0;
      response.on("data", (chunk: Buffer) => (bytes += chunk.length));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, cache: String(response.headers["x-nextjs-cache"] ?? "-"), bytes }));
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
  });
}

/**
 * Published stories of one half (`draw`, 0 or 1, by their id's hash), in a random order that is the
 * same from run to run, so before and after compare like with like.
 */
async function pickStories(client: pg.Client, count: number, draw: 0 | 1): Promise<string[]> {
  const rows = await client.query<{ path: string }>(
    `SELECT '/' || sec.slug || '/' || s.slug AS path
       FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
      WHERE s.status = 'PUBLISHED' AND s."publishedAt" <= now() AT TIME ZONE 'UTC'
        AND get_byte(decode(md5(s.id::text), 'hex'), 0) % 2 = $2
      ORDER BY md5(s.id::text)
      LIMIT $1`,
    [count, draw],
  );
  return rows.rows.map((row) => row.path);
}

async function commits(client: pg.Client): Promise<number> {
  const row = (await client.query<{ n: string }>(`SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()`)).rows[0];
  return Number(row?.n ?? 0);
}

/** pg_stat_database is refreshed when a backend reports its counters (at most once a second, soon after it goes idle): wait it out. */
const SETTLE_MS = 2000;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

export async function measureMisses(context: BenchContext, draw: 0 | 1 = 0): Promise<Measurement[]> {
  const client = new pg.Client({ connectionString: context.databaseUrl });
  await client.connect();
  try {
    // PostgreSQL 15 and later cache what a transaction read of the statistics views; each read here is its own transaction anyway.
    const paths = await pickStories(client, context.warmup + context.requests, draw);
    if (paths.length < context.warmup + context.requests) throw new Error(`Only ${paths.length} published stories: a miss measurement needs ${context.warmup + context.requests} (--stories)`);
    // Once the background fill has finished (100,000 stories, after the newsroom day), every page
    // is stored: the chosen ones are taken out of the store, and every app process restarted so none
    // holds them in memory, which makes them pages never rendered for this build again.
    const stored = await client.query(`DELETE FROM "ReaderPage" WHERE "path" = ANY($1::text[]) OR "key" = ANY($1::text[])`, [paths]);
    if ((stored.rowCount ?? 0) > 0) {
      context.log(`  miss: ${stored.rowCount} of the chosen pages were in the shared store (the background fill): removed, and every app process restarted`);
      await context.restartApp();
    }
    context.log(`  miss: ${context.requests} distinct story pages never rendered before, one at a time, after ${context.warmup} to warm up`);

    for (const storyPath of paths.slice(0, context.warmup)) {
      const response = await getPage(`${context.baseUrl}${storyPath}`);
      if (response.status !== 200) throw new Error(`GET ${storyPath} answered ${response.status} while warming up`);
    }

    // What commits while the app serves nothing, over as long as the measured run will take (estimated from the warm-up).
    await settle();
    const idleStart = await commits(client);
    const idleStarted = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await settle();
    const idleCommits = (await commits(client)) - idleStart;
    const idleMs = performance.now() - idleStarted;

    const measured = paths.slice(context.warmup);
    const samples: number[] = [];
    const statuses: Record<string, number> = {};
    let bytes = 0;
    const commitsBefore = await commits(client);
    const cpuBefore = context.cpu();
    const started = performance.now();
    for (const storyPath of measured) {
      const t0 = performance.now();
      const response = await getPage(`${context.baseUrl}${storyPath}`);
      samples.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`GET ${storyPath} answered ${response.status}`);
      if (response.cache === "HIT" || response.cache === "STALE") throw new Error(`GET ${storyPath} was a cache ${response.cache}, not a miss: was it rendered before?`);
      statuses[response.cache] = (statuses[response.cache] ?? 0) + 1;
      bytes += response.bytes;
    }
    const cpuAfter = context.cpu();
    const runMs = performance.now() - started;
    await settle();
    const commitsAfter = await commits(client);
    const rawCommits = commitsAfter - commitsBefore;
    const background = (idleCommits * (runMs + SETTLE_MS)) / idleMs;
    const roundTrips = Math.round(((rawCommits - background) / measured.length) * 10) / 10;
    const cpu = cpuPerRequest(cpuBefore, cpuAfter, measured.length);
    const sorted = [...samples].sort((a, b) => a - b);
    context.log(
      `    median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)} ms; CPU per page: app ${cpu?.app ?? "?"} ms, PostgreSQL ${cpu?.database ?? "?"} ms; ` +
        `${roundTrips} statements per page (${rawCommits} in all, ${Math.round(background)} of them background)`,
    );
    return [
      {
        kind: "latency",
        key: "story-miss",
        label: "Story page never rendered before (a reader-cache miss), one at a time; target: app CPU ≤ 10 ms a page",
        samplesMs: samples,
        ...(cpu ? { cpuMsPerRequest: cpu } : {}),
        extra: { cacheHeader: statuses, meanBytes: Math.round(bytes / measured.length), targetAppCpuMs: TARGET_APP_CPU_MS },
      },
      {
        kind: "value",
        key: "story-miss-cpu",
        label: "Story page miss: the app's CPU per page (ms)",
        value: cpu?.app ?? Number.NaN,
        unit: "ms",
        targets: { max: TARGET_APP_CPU_MS },
        extra: { database: cpu?.database },
      },
      {
        kind: "value",
        key: "story-miss-round-trips",
        label: "Story page miss: statements PostgreSQL completed per page (pg_stat_database commits, background subtracted)",
        value: roundTrips,
        unit: "statements",
        extra: { rawCommits, pages: measured.length, backgroundEstimate: Math.round(background * 10) / 10, idleCommits, idleMs: Math.round(idleMs) },
      },
    ];
  } finally {
    await client.end();
  }
}

export const benchmark: BenchModule = {
  name: "miss",
  description: "story pages never rendered before: latency, app and PostgreSQL CPU, database round trips per page",
  run: (context) => measureMisses(context),
};
