// The newsroom-day benchmark (issue 14): the reader site while the newsroom works, the long tail of
// first visits, the pages after a restart, one hot page and the memory of each app process. On the
// production build, straight at the app (scripts/serve.mjs, one process per core), with the bulk
// newsroom of the run (100,000 stories and 1,000,000 comments by default).
//
// In this order:
//   fill       restarts the app with the background fill on (the runner starts it with the fill
//              off), waits for the fill of never-rendered pages (lib/cache/fill.ts) to finish,
//              reading its progress row (`fillProgress` below), and reports its time from that start.
//   long-tail  first visits to 20,000 distinct published story pages (all of them when the
//              newsroom has fewer), each once, in a seeded random order, over `load.connections`
//              (32) kept-alive connections from this process (Node's http, see walk(): wrk cannot
//              send a list exactly once); rate = answers over the walk's own time, p50/p99 from
//              every answer's time. Targets ≥ 2,000/s, p99 < 100 ms, no errors. Capped at
//              max(60, 6 × --duration) s: a walk that hits the cap reports what it answered by
//              then, and says so.
//   day        the newsroom day, for max(60, 3 × --duration) s: readers through wrk (with
//              scripts/bench/newsroom-day.lua and a generated header) at `load.connections`
//              connections: 80% story pages drawn from ALL published stories
//              with a Zipf distribution (s = 1; ranks given by a seeded shuffle, so popularity is
//              independent of age and spread over the whole archive), 12% the home page, 8% a
//              section front (each section alike), with a browser's headers. At the same time, in
//              this process, by the desk's real endpoints as the demo editor (signed in through
//              next-auth, server actions with their ids from the build's manifest, as the desk
//              bench sends them):
//                - an autosave every 3 s (saveStoryAction { autosave: true } on a bulk draft);
//                - a status change every min(30, D / 6) s (D: the day's length; 10 s by default),
//                  cycling submit, publish, unpublish, schedule (a day ahead), publish, unpublish
//                  on a bulk draft, a fresh one each cycle (never in the readers' list, so an
//                  unpublished page is no reader's 404);
//                - a correction every min(300, D / 2) s (addCorrectionAction, the form's multipart
//                  encoding) on the most popular story;
//                - 5 comments a second from reader accounts to the most recently published open
//                  stories, as the comments bench posts them (minted session cookies, JSON).
//              The cadences of status changes and corrections are scaled to the run so both happen
//              (at 30 s and 5 min a one-minute run would see two and none).
//              Reported: wrk's rate, p50, p99, non-2xx/3xx answers and socket errors (target ≥
//              5,000/s, p99 < 50 ms, 0 errors); the cache hit ratio: answers carrying a header
//              with "cache" in its name (x-nextjs-cache, which the page-responses fast path
//              replays too) saying HIT, over all answers (counted by the Lua response()); the desk's
//              and the comments' own failures (target 0); and freshness: after each publish,
//              unpublish and correction, the story page is polled every 100 ms on new connections
//              with a reader's headers (so the cluster hands them to every app process in turn, and
//              they meet the same cached responses as the readers) until the change shows
//              (200 / 404 / the correction's text) on 2 × (app processes) polls in a row; the
//              freshness is the time from the action's answer to the first poll of that streak
//              (median and max; target max ≤ 2 s; the time from sending the action is kept too).
//   hot        one story page (the most popular) at the app, with reader.ts's wrk measurement
//              (throughputMeasurement), after the day: ≥ 15,000/s.
//   memory     the resident memory (VmRSS) of each app process after all that (target < 512 MB
//              each; the serve.mjs primary, which only forks, is listed too).
//   restart    every app process stopped and started again (context.restartApp: same build,
//              database and port), then the first 1,000 distinct story pages (from the long tail's
//              list, so pages rendered before the restart), walked once as the long tail is: rate
//              and p99, judged as the long tail (≥ 2,000/s, p99 < 100 ms).
// wrk (Debian's package) is required: `apt-get install wrk`.

import { randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import zlib from "node:zlib";

import pg from "pg";

import { dataDir, ROOT } from "../lib/paths";
import { commentText, addressOf, loadAccounts, loadOpenStories, mintCookie, RATE_SCALE, type OpenStory } from "./comments";
import { cpuPerRequest, type ProcessMemory } from "./cpu";
import { editorRouterState, findActionId, findActionResult, signIn } from "./desk";
import { BROWSER_HEADERS, throughputMeasurement, warm } from "./reader";
import type { BenchContext, BenchModule, Measurement, Throughput } from "./run";
import { findWrk, parseWrk, runWrk } from "./wrk";

const EDITOR = { email: "editor@demo.newsdesk", password: "demo-password" };
const TARGETS = {
  day: { minRequestsPerSecond: 5000, maxP99Ms: 50 },
  freshnessMaxS: 2,
  longTail: { minRequestsPerSecond: 2000, maxP99Ms: 100 },
  hot: { minRequestsPerSecond: 15_000 },
  rssMaxMb: 512,
} as const;
const LONG_TAIL_PAGES = 20_000;
const RESTART_PAGES = 1_000;
const MIX = { home: 0.12, front: 0.08 } as const;
const AUTOSAVE_EVERY_S = 3;
const COMMENTS_PER_S = 5;
const COMMENT_ACCOUNTS = 50;
const POLL_EVERY_MS = 100;
const POLL_GIVE_UP_S = 30;
const SEED = 14;
const LUA = path.join(ROOT, "scripts", "bench", "newsroom-day.lua");

// ── The product's background fill ─────────────────────────────────────────

export interface FillProgress {
  done: number;
  total: number;
  finished: boolean;
}

/**
 * How far the product's background fill of never-rendered pages is (lib/cache/fill.ts, issue 14):
 * its progress row for this build ("ReaderFill", keyed by the build's BUILD_ID). No row yet means
 * the fill has not started (each process checks every 30 s): not finished. The long-tail
 * measurement waits until `finished` (at most an hour) and reports the time from the app's start.
 */
export const fillProgress: ((context: BenchContext, db: pg.Client) => Promise<FillProgress | null>) | null = async (context, db) => {
  const buildId = readFileSync(path.join(context.distDir, "BUILD_ID"), "utf8").trim();
  const { rows } = await db.query<{ done: number; total: number; finished: boolean }>(
    `SELECT done, total, "finishedAt" IS NOT NULL AS finished FROM "ReaderFill" WHERE "buildId" = $1`,
    [buildId],
  );
  return rows[0] ?? { done: 0, total: 0, finished: false };
};

async function waitForFill(context: BenchContext, db: pg.Client): Promise<Measurement[]> {
  if (!fillProgress) {
    context.log("  fill: the product reports no background fill (fillProgress is null): nothing to wait for");
    return [];
  }
  const deadline = Date.now() + 3600_000;
  let last: FillProgress | null = null;
  let lastLog = 0;
  while (Date.now() < deadline) {
    last = await fillProgress(context, db);
    if (!last || last.finished) break;
    if (Date.now() - lastLog > 10_000) {
      context.log(`  fill: ${last.done} of ${last.total} pages`);
      lastLog = Date.now();
    }
    await sleep(1000);
  }
  if (!last) return [];
  const seconds = Math.round((Date.now() - context.appStartedAt()) / 100) / 10;
  context.log(`  fill: ${last.finished ? "finished" : "NOT finished after an hour"}, ${last.done} of ${last.total} pages, ${seconds} s after the app started`);
  return [
    {
      kind: "value",
      key: "fill",
      label: "Background fill of never-rendered pages: seconds from the app's start until it finished",
      value: seconds,
      unit: "s",
      extra: { ...last },
    },
  ];
}

// ── Small helpers ─────────────────────────────────────────────────────────

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** mulberry32, seeded: the same shuffle every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** Desk and comment requests: a small pool of kept-alive connections of their own. */
const deskAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });

function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; fresh?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, "utf8");
    const started = performance.now();
    // A fresh connection (agent: false) goes to the next app process in the cluster's turn.
    const request = http.request(url, {
      method: init.method ?? "GET",
      agent: init.fresh ? false : deskAgent,
      headers: { ...(body ? { "Content-Length": String(body.length) } : {}), ...init.headers },
    });
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          const raw = Buffer.concat(chunks);
          const encoding = String(response.headers["content-encoding"] ?? "").trim().toLowerCase();
          const decoders: Record<string, (buffer: Buffer) => Buffer> = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync, deflate: zlib.inflateSync, zstd: zlib.zstdDecompressSync };
          const body = encoding ? decoders[encoding]!(raw) : raw;
          resolve({ status: response.statusCode ?? 0, body: body.toString("utf8"), ms: performance.now() - started });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`${init.method ?? "GET"} ${url} timed out`)));
    request.on("error", reject);
    request.end(body);
  });
}

// ── wrk runs ──────────────────────────────────────────────────────────────

interface WrkRun {
  throughput: Throughput;
  /** "status 200" → n, "header x-nextjs-cache HIT" → n. */
  counts: Record<string, number>;
  /** Share of answers with a cache header saying HIT (0–1). */
  hitRatio: number;
  cpuMsPerRequest: { app: number; database: number } | undefined;
}

async function runScript(
  context: BenchContext,
  wrk: string,
  name: string,
  settings: { paths: readonly string[]; fronts: readonly string[]; capS: number },
): Promise<WrkRun> {
  const listFile = path.join(context.workDir, `${name}.paths`);
  writeFileSync(listFile, `${settings.paths.join("\n")}\n`);
  const header = [
    `LIST_FILE = ${JSON.stringify(listFile)}`,
    `FRONTS = { ${settings.fronts.map((front) => JSON.stringify(front)).join(", ")} }`,
    `HOME_SHARE = ${MIX.home}`,
    `FRONT_SHARE = ${MIX.front}`,
    `SEED = ${SEED}`,
  ].join("\n");
  const script = path.join(context.workDir, `${name}.lua`);
  writeFileSync(script, `${header}\n${readFileSync(LUA, "utf8")}`);
  const { connections } = context.load;
  // One thread: on two cores the other one is the app's.
  const args = ["-t1", `-c${connections}`, `-d${settings.capS}s`, "--latency", "--timeout", "10s", "-s", script];
  for (const [header, value] of Object.entries(BROWSER_HEADERS)) args.push("-H", `${header}: ${value}`);
  args.push(context.baseUrl);
  const before = context.cpu();
  const output = await runWrk(wrk, args);
  const after = context.cpu();
  const throughput = parseWrk(output, connections);
  const counts: Record<string, number> = {};
  for (const match of output.matchAll(/^COUNT (\d+) (.+)$/gm)) counts[match[2]!] = (counts[match[2]!] ?? 0) + Number(match[1]);
  const answers = Object.entries(counts).filter(([key]) => key.startsWith("status ")).reduce((sum, [, n]) => sum + n, 0);
  // A HIT from any cache header counts once per answer: the Lua counts each header, so take the
  // most frequent HIT header (one kind of cache header per answer in practice).
  const hits = Math.max(0, ...Object.entries(counts).filter(([key]) => /^header \S+ HIT/i.test(key)).map(([, n]) => n));
  return { throughput, counts, hitRatio: answers > 0 ? hits / answers : 0, cpuMsPerRequest: cpuPerRequest(before, after, throughput.requests) };
}

/**
 * Each path once, over `connections` kept-alive connections, from this process (Node's http): wrk
 * cannot send a list exactly once (its Lua calls request() once more to check the script, and
 * decides on a delay before it asks for the next request). Stops issuing at the cap.
 */
async function walk(context: BenchContext, paths: readonly string[], capS: number): Promise<WrkRun & { answered: number }> {
  const { connections } = context.load;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const samples: number[] = [];
  const counts: Record<string, number> = {};
  const count = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  let next = 0;
  let non2xx = 0;
  let errors = 0;
  let hits = 0;
  let bytes = 0;
  const before = context.cpu();
  const started = performance.now();
  const deadline = started + capS * 1000;
  const one = (pagePath: string) =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const request = http.request(`${context.baseUrl}${pagePath}`, { agent, headers: BROWSER_HEADERS }, (response) => {
        response.on("data", (chunk: Buffer) => (bytes += chunk.length));
        response.on("end", () => {
          samples.push(performance.now() - sent);
          const status = response.statusCode ?? 0;
          count(`status ${status}`);
          if (status > 399) non2xx += 1;
          let hit = false;
          for (const [name, value] of Object.entries(response.headers)) {
            if (!name.includes("cache") || name === "cache-control") continue;
            count(`header ${name} ${String(value)}`);
            if (/^HIT/i.test(String(value))) hit = true;
          }
          if (hit) hits += 1;
          resolve();
        });
        response.on("error", () => {
          errors += 1;
          resolve();
        });
      });
      request.setTimeout(10_000, () => request.destroy(new Error("timeout")));
      request.on("error", () => {
        errors += 1;
        resolve();
      });
      request.end();
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < paths.length && performance.now() < deadline) await one(paths[next++]!);
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const after = context.cpu();
  agent.destroy();
  const answered = samples.length;
  const throughput: Throughput = {
    connections,
    durationS: round1(elapsedS),
    requests: answered,
    requestsPerSecond: round1(answered / elapsedS),
    p50Ms: round1(quantile(samples, 0.5)),
    p90Ms: round1(quantile(samples, 0.9)),
    p99Ms: round1(quantile(samples, 0.99)),
    maxMs: round1(Math.max(...samples)),
    non2xx,
    errors,
    timeouts: 0,
    bytesPerSecond: Math.round(bytes / elapsedS),
  };
  return { throughput, counts, hitRatio: answered > 0 ? hits / answered : 0, cpuMsPerRequest: cpuPerRequest(before, after, answered), answered };
}

function logWalk(context: BenchContext, run: WrkRun & { answered: number }, pages: number) {
  const t = run.throughput;
  context.log(
    `    ${Math.round(t.requestsPerSecond)}/s, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms; ${run.answered} of ${pages} answered in ${t.durationS} s, ` +
      `non-2xx/3xx ${t.non2xx}, socket errors and timeouts ${t.errors}; cache HIT ${round1(run.hitRatio * 100)}%`,
  );
}

function walkMeasurement(key: string, label: string, run: WrkRun & { answered: number }, pages: number, capS: number, extra: Record<string, unknown> = {}): Measurement {
  const { answered } = run;
  return {
    kind: "throughput",
    key,
    label,
    throughput: run.throughput,
    targets: TARGETS.longTail,
    ...(run.cpuMsPerRequest ? { cpuMsPerRequest: run.cpuMsPerRequest } : {}),
    extra: {
      pages,
      answered,
      loadGenerator: "Node http in the bench process, each path once",
      stoppedAtCap: answered < pages ? `only ${answered} of ${pages} answered within the ${capS} s cap` : false,
      hitRatioPercent: round1(run.hitRatio * 100),
      counts: run.counts,
      ...extra,
    },
  };
}

// ── The newsroom's stories ─────────────────────────────────────────────────

interface StoryRow {
  id: string;
  section: string;
  slug: string;
  headline: string;
  version: number;
}

async function loadNewsroom(db: pg.Client) {
  const published = (
    await db.query<StoryRow>(
      `SELECT s.id, sec.slug AS section, s.slug, s.headline, s.version
       FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
       WHERE s.status = 'PUBLISHED' AND s."publishedAt" <= now() ORDER BY s."publishedAt" DESC, s.id`,
    )
  ).rows;
  // Bulk drafts with a section, for the status cycle and the autosaves (no reader asks for them).
  const drafts = (
    await db.query<StoryRow>(
      `SELECT s.id, sec.slug AS section, s.slug, s.headline, s.version
       FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
       WHERE s.status = 'DRAFT' ORDER BY s."createdAt" DESC, s.id LIMIT 40`,
    )
  ).rows;
  const sections = (
    await db.query<{ slug: string }>(
      `SELECT DISTINCT sec.slug FROM "Section" sec JOIN "Story" s ON s."sectionId" = sec.id WHERE s.status = 'PUBLISHED' ORDER BY sec.slug`,
    )
  ).rows.map((row) => `/${row.slug}`);
  if (published.length < 100) throw new Error(`The newsroom-day benchmark needs published stories; the database has ${published.length}`);
  if (drafts.length < 2) throw new Error("The newsroom-day benchmark needs bulk drafts (for the status changes and autosaves)");
  return { published, drafts, sections };
}

// ── The desk during the day ────────────────────────────────────────────────

interface Freshness {
  what: "publish" | "unpublish" | "correction";
  path: string;
  /** Seconds from the action's answer to the start of the streak that showed the change; null: never within 30 s. */
  seconds: number | null;
  /** The same from when the action was sent (its own time included), for comparison. */
  fromSentS: number | null;
  polls: number;
}

interface DeskLog {
  ops: Record<string, { ok: number; failed: number; ms: number[] }>;
  failures: string[];
  freshness: Freshness[];
}

function note(log: DeskLog, op: string, ok: boolean, ms: number, why?: string) {
  const entry = (log.ops[op] ??= { ok: 0, failed: 0, ms: [] });
  if (ok) entry.ok += 1;
  else {
    entry.failed += 1;
    if (log.failures.length < 20) log.failures.push(`${op}: ${why ?? "failed"}`);
  }
  entry.ms.push(ms);
}

/** Polls the page on new connections until `shows` holds `streak` times in a row. */
async function pollFreshness(
  baseUrl: string,
  what: Freshness["what"],
  pagePath: string,
  shows: (answer: Answer) => boolean,
  streak: number,
  actionMs: number,
): Promise<Freshness> {
  const from = performance.now();
  const seconds = (start: number, extraMs = 0) => Math.round(((Math.max(0, start - from) + extraMs) / 1000) * 100) / 100;
  let streakStart: number | null = null;
  let run = 0;
  let polls = 0;
  while (performance.now() - from < POLL_GIVE_UP_S * 1000) {
    const sent = performance.now();
    polls += 1;
    const answer = await send(`${baseUrl}${pagePath}`, { headers: BROWSER_HEADERS, fresh: true }).catch(
      () => ({ status: 0, body: "", ms: 0 }),
    );
    if (shows(answer)) {
      streakStart ??= sent;
      run += 1;
      if (run >= streak) return { what, path: pagePath, seconds: seconds(streakStart), fromSentS: seconds(streakStart, actionMs), polls };
    } else {
      streakStart = null;
      run = 0;
    }
    await sleep(POLL_EVERY_MS);
  }
  return { what, path: pagePath, seconds: null, fromSentS: null, polls };
}

const STATUS_CYCLE = ["submit", "publish", "unpublish", "schedule", "publish", "unpublish"] as const;

interface DayPlan {
  durationS: number;
  statusEveryS: number;
  correctionEveryS: number;
}

async function runDesk(
  context: BenchContext,
  db: pg.Client,
  plan: DayPlan,
  setup: { cookie: string; drafts: StoryRow[]; correctionStory: StoryRow; accounts: Array<{ cookie: string; address: string }>; openStories: OpenStory[]; streak: number },
  signal: { stopped: boolean },
): Promise<DeskLog> {
  const log: DeskLog = { ops: {}, failures: [], freshness: [] };
  const { baseUrl, distDir } = context;
  const saveId = findActionId(distDir, "lib/actions/stories.ts", "saveStoryAction");
  const statusId = findActionId(distDir, "lib/actions/stories.ts", "changeStoryStatusAction");
  const correctionId = findActionId(distDir, "lib/actions/corrections.ts", "addCorrectionAction");
  const run = Date.now().toString(36);
  const pending: Array<Promise<unknown>> = [];
  const actionHeaders = (actionId: string, tree: string) => ({
    Accept: "text/x-component",
    "Next-Action": actionId,
    "Next-Router-State-Tree": tree,
    Origin: baseUrl,
    Cookie: setup.cookie,
  });

  // The autosaved draft: its editable fields as the editor holds them.
  const autosaveStory = setup.drafts[0]!;
  const editable = (
    await db.query<{ standfirst: string; sectionId: string; dateline: string; commentPolicy: string; body: { type: "doc"; content: unknown[] }; bylineIds: string[]; tags: string }>(
      `SELECT s.standfirst, s."sectionId", s.dateline, s."commentPolicy"::text AS "commentPolicy", s.body,
              COALESCE((SELECT array_agg(sb."bylineId"::text ORDER BY sb.position) FROM "StoryByline" sb WHERE sb."storyId" = s.id), '{}') AS "bylineIds",
              COALESCE((SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id), '') AS tags
       FROM "Story" s WHERE s.id = $1::uuid`,
      [autosaveStory.id],
    )
  ).rows[0]!;
  let autosaveVersion = autosaveStory.version;
  let autosaves = 0;
  const autosave = async () => {
    autosaves += 1;
    const body = { ...editable.body, content: [...editable.body.content, { type: "paragraph", content: [{ type: "text", text: `Autosaved ${run}-${autosaves}.` }] }] };
    const input = {
      headline: autosaveStory.headline,
      standfirst: editable.standfirst,
      sectionId: editable.sectionId,
      dateline: editable.dateline,
      slug: autosaveStory.slug,
      commentPolicy: editable.commentPolicy,
      tags: editable.tags,
      bylineIds: editable.bylineIds,
      body: JSON.stringify(body),
    };
    const answer = await send(`${baseUrl}/desk/stories/${autosaveStory.id}`, {
      method: "POST",
      headers: { ...actionHeaders(saveId, editorRouterState(autosaveStory.id)), "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([autosaveStory.id, autosaveVersion, input, { autosave: true }]),
    });
    const result = answer.status === 200 ? findActionResult(answer.body) : null;
    const ok = result?.ok === true && typeof result.data?.version === "number";
    if (ok) autosaveVersion = result.data!.version!;
    note(log, "autosave", ok, answer.ms, `HTTP ${answer.status} ${JSON.stringify(result ?? answer.body.slice(0, 200))}`);
  };

  // The status cycle: a fresh bulk draft each round of STATUS_CYCLE.
  let statusStep = 0;
  const versions = new Map(setup.drafts.map((story) => [story.id, story.version]));
  const changeStatus = async () => {
    const step = statusStep++;
    const story = setup.drafts[1 + (Math.floor(step / STATUS_CYCLE.length) % (setup.drafts.length - 1))]!;
    const action = STATUS_CYCLE[step % STATUS_CYCLE.length]!;
    const input = {
      storyId: story.id,
      version: versions.get(story.id),
      action,
      acknowledgeWarnings: true,
      ...(action === "schedule" ? { scheduledFor: new Date(Date.now() + 86_400_000).toISOString() } : {}),
    };
    const answer = await send(`${baseUrl}/desk/stories/${story.id}`, {
      method: "POST",
      headers: { ...actionHeaders(statusId, editorRouterState(story.id)), "Content-Type": "text/plain;charset=UTF-8" },
      body: JSON.stringify([input]),
    });
    const result = answer.status === 200 ? findActionResult(answer.body) : null;
    const ok = result?.ok === true && typeof result.data?.version === "number";
    if (ok) versions.set(story.id, result.data!.version!);
    note(log, `status:${action}`, ok, answer.ms, `HTTP ${answer.status} ${JSON.stringify(result ?? answer.body.slice(0, 200))}`);
    if (!ok) return;
    const storyPath = `/${story.section}/${story.slug}`;
    if (action === "publish") log.freshness.push(await pollFreshness(baseUrl, "publish", storyPath, (a) => a.status === 200, setup.streak, answer.ms));
    if (action === "unpublish") log.freshness.push(await pollFreshness(baseUrl, "unpublish", storyPath, (a) => a.status === 404 || a.status === 410, setup.streak, answer.ms));
  };

  let corrections = 0;
  const correct = async () => {
    corrections += 1;
    const story = setup.correctionStory;
    const text = `Newsroom day ${run} correction ${corrections}: the harbour figure was 12 million, not 21 million.`;
    const boundary = `----newsdeskbench${randomUUID().replaceAll("-", "")}`;
    // React's encodeReply for (previousState, formData): the form's fields prefixed "_1_" (the
    // FormData's reference, "$K1"), then the arguments in part "0", last (the server decodes the
    // arguments as that part arrives).
    const fields: Array<[string, string]> = [
      ["_1_storyId", story.id],
      ["_1_kind", "CORRECTION"],
      ["_1_text", text],
      ["0", JSON.stringify([{ status: "idle", attempt: 0 }, "$K1"])],
    ];
    const body = `${fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("")}--${boundary}--\r\n`;
    const tree = encodeURIComponent(
      JSON.stringify(["", { children: ["(desk)", { children: ["desk", { children: ["stories", { children: [["id", story.id, "d", null], { children: ["corrections", { children: ["__PAGE__", {}] }] }] }] }] }] }]),
    );
    const answer = await send(`${baseUrl}/desk/stories/${story.id}/corrections`, {
      method: "POST",
      headers: { ...actionHeaders(correctionId, tree), "Content-Type": `multipart/form-data; boundary=${boundary}` },
      body,
    });
    const ok = answer.status === 200 && answer.body.includes('"status":"added"');
    note(log, "correction", ok, answer.ms, `HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
    if (ok) log.freshness.push(await pollFreshness(baseUrl, "correction", `/${story.section}/${story.slug}`, (a) => a.status === 200 && a.body.includes(text), setup.streak, answer.ms));
  };

  let commentSequence = 50_000_000 + Math.floor(Math.random() * 1_000_000) * 100;
  const comment = async () => {
    const n = commentSequence++;
    const account = setup.accounts[n % setup.accounts.length]!;
    const story = setup.openStories[n % setup.openStories.length]!;
    const answer = await send(`${baseUrl}/api/stories/${story.id}/comments`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: baseUrl, cookie: account.cookie, "x-forwarded-for": account.address, accept: "application/json" },
      body: JSON.stringify({ body: commentText(n) }),
    });
    note(log, "comment", answer.status === 201, answer.ms, `HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  };

  // Each kind on its own clock, starting half a period in; nothing new starts in the last second.
  // Comments and corrections do not wait for each other. An autosave waits for the one before it,
  // and a status change for the one before it, as the editor does (each names the version the
  // last one returned): a slow answer delays the next one, it does not make it conflict.
  const started = Date.now();
  const every = (periodS: number, task: () => Promise<void>, name: string, serial: boolean) =>
    (async () => {
      let previous: Promise<unknown> = Promise.resolve();
      for (let k = 0; ; k += 1) {
        const at = started + (k + 0.5) * periodS * 1000;
        if (at > started + (plan.durationS - 1) * 1000 || signal.stopped) return;
        await sleep(Math.max(0, at - Date.now()));
        if (signal.stopped) return;
        const after = serial ? previous : Promise.resolve();
        previous = after.then(() => task()).catch((error: unknown) => note(log, name, false, 0, error instanceof Error ? error.message : String(error)));
        pending.push(previous);
      }
    })();
  await Promise.all([
    every(AUTOSAVE_EVERY_S, autosave, "autosave", true),
    every(plan.statusEveryS, changeStatus, "status", true),
    every(plan.correctionEveryS, correct, "correction", false),
    every(1 / COMMENTS_PER_S, comment, "comment", false),
  ]);
  await Promise.all(pending);
  return log;
}

async function runDay(context: BenchContext, wrk: string, db: pg.Client, newsroom: Awaited<ReturnType<typeof loadNewsroom>>, ranked: StoryRow[]): Promise<Measurement[]> {
  const durationS = Math.max(60, 3 * context.load.durationS);
  const plan: DayPlan = { durationS, statusEveryS: Math.min(30, durationS / 6), correctionEveryS: Math.min(300, durationS / 2) };
  const cookie = await signIn(context.baseUrl, EDITOR);
  const secret = readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim();
  const readers = (await loadAccounts(db, context.log)).slice(0, COMMENT_ACCOUNTS);
  const accounts: Array<{ cookie: string; address: string }> = [];
  for (const [index, reader] of readers.entries()) accounts.push({ cookie: await mintCookie(db, reader, secret), address: addressOf(10_000 + index) });
  const openStories = await loadOpenStories(db);
  const workers = Math.max(1, context.memory().filter((process) => process.role === "worker").length);
  const correctionStory = ranked[0]!;
  context.log(
    `  day: ${durationS} s; readers: wrk ${context.load.connections} connections, ${Math.round((1 - MIX.home - MIX.front) * 100)}% story pages (Zipf s = 1 over ${ranked.length} published), ` +
      `${MIX.home * 100}% home, ${MIX.front * 100}% ${newsroom.sections.length} section fronts; desk: autosave every ${AUTOSAVE_EVERY_S} s, status change every ${plan.statusEveryS} s, ` +
      `correction every ${plan.correctionEveryS} s (on ${correctionStory.section}/${correctionStory.slug}), ${COMMENTS_PER_S} comments/s from ${accounts.length} readers to ${openStories.length} open stories`,
  );
  // Every front and the most popular pages once, so the day starts as a site that was up before it.
  for (const front of ["/", ...newsroom.sections]) await warm(`${context.baseUrl}${front}`, 1);

  const signal = { stopped: false };
  const desk = runDesk(context, db, plan, { cookie, drafts: newsroom.drafts, correctionStory, accounts, openStories, streak: 2 * workers }, signal);
  let readersRun: WrkRun;
  try {
    readersRun = await runScript(context, wrk, "day", { paths: ranked.map((story) => `/${story.section}/${story.slug}`), fronts: newsroom.sections, capS: durationS });
  } finally {
    signal.stopped = true;
  }
  const deskLog = await desk;
  const t = readersRun.throughput;
  const hitPercent = round1(readersRun.hitRatio * 100);
  context.log(`    readers: ${Math.round(t.requestsPerSecond)}/s, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, non-2xx/3xx ${t.non2xx}, socket errors ${t.errors}; cache HIT ${hitPercent}%`);
  for (const [key, n] of Object.entries(readersRun.counts).sort()) context.log(`      ${key}: ${n}`);
  const ops = Object.fromEntries(
    Object.entries(deskLog.ops).map(([op, entry]) => [op, { ok: entry.ok, failed: entry.failed, medianMs: round1(quantile(entry.ms, 0.5)), maxMs: round1(Math.max(...entry.ms)) }]),
  );
  for (const [op, entry] of Object.entries(ops)) context.log(`    ${op}: ${entry.ok} ok, ${entry.failed} failed, median ${entry.medianMs} ms, max ${entry.maxMs} ms`);
  for (const failure of deskLog.failures.slice(0, 5)) context.log(`    FAILED ${failure.slice(0, 300)}`);
  const seen = deskLog.freshness.map((f) => f.seconds ?? POLL_GIVE_UP_S);
  const freshnessMax = seen.length > 0 ? Math.max(...seen) : NaN;
  context.log(
    `    freshness: ${deskLog.freshness.map((f) => `${f.what} ${f.seconds === null ? `not seen in ${POLL_GIVE_UP_S} s` : `${f.seconds} s`}`).join(", ") || "no published change measured"}`,
  );
  const deskFailures = Object.values(deskLog.ops).reduce((sum, entry) => sum + entry.failed, 0);
  const mix = { storyPages: 1 - MIX.home - MIX.front, home: MIX.home, sectionFronts: MIX.front, sections: newsroom.sections.length, publishedStories: ranked.length, zipfS: 1 };
  return [
    {
      kind: "throughput",
      key: "day",
      label: `Newsroom day at the app: readers (Zipf story pages, home, fronts) while the desk autosaves, changes status, corrects and readers comment (${durationS} s)`,
      throughput: t,
      targets: TARGETS.day,
      ...(readersRun.cpuMsPerRequest ? { cpuMsPerRequest: readersRun.cpuMsPerRequest } : {}),
      extra: { mix, plan, hitRatioPercent: hitPercent, counts: readersRun.counts, desk: ops, deskFailures: deskLog.failures, freshness: deskLog.freshness },
    },
    {
      kind: "value",
      key: "day-hit-ratio",
      label: "Newsroom day: share of reader answers with a cache header saying HIT (x-nextjs-cache, also on the fast path)",
      value: hitPercent,
      unit: "%",
      extra: { counts: readersRun.counts },
    },
    {
      kind: "value",
      key: "day-freshness",
      label: `Newsroom day: slowest published change (publish, unpublish, correction) seen through the app on ${2 * workers} polls in a row, from the action's answer`,
      value: Number.isNaN(freshnessMax) ? -1 : freshnessMax,
      unit: "s",
      targets: { max: TARGETS.freshnessMaxS, min: 0 },
      extra: { medianS: round1(quantile(seen, 0.5)), samples: deskLog.freshness },
    },
    {
      kind: "value",
      key: "day-desk-errors",
      label: "Newsroom day: desk actions and comment posts that failed (autosaves, status changes, corrections, comments)",
      value: deskFailures,
      unit: "failures",
      targets: { max: 0 },
      extra: { ops, failures: deskLog.failures },
    },
  ];
}

// ── The module ──────────────────────────────────────────────────────────────

async function run(context: BenchContext): Promise<Measurement[]> {
  const wrk = findWrk();
  if (!wrk) throw new Error("The newsroom-day benchmark needs wrk (Debian's package: apt-get install wrk)");
  const db = new pg.Client({ connectionString: context.databaseUrl });
  await db.connect();
  const measurements: Measurement[] = [];
  try {
    const newsroom = await loadNewsroom(db);
    const ranked = shuffled(newsroom.published, SEED);
    // The runner starts the app with the background fill off (so other modules measure only what
    // they ask for); this module runs it as `npm start` does, timed from that start.
    await context.restartApp({ NEWSDESK_FILL_CONCURRENCY: "2" });
    measurements.push(...(await waitForFill(context, db)));

    // The long tail: distinct pages in an order of their own, none asked for before in this run.
    const tail = shuffled(newsroom.published, SEED + 1)
      .slice(0, Math.min(LONG_TAIL_PAGES, newsroom.published.length))
      .map((story) => `/${story.section}/${story.slug}`);
    const capS = Math.max(60, 6 * context.load.durationS);
    context.log(`  long-tail: ${tail.length} distinct published story pages, each once, ${context.load.connections} connections (cap ${capS} s)`);
    const tailRun = await walk(context, tail, capS);
    logWalk(context, tailRun, tail.length);
    measurements.push(walkMeasurement("long-tail", `First visits to ${tail.length} distinct published story pages, each once, ${context.load.connections} connections`, tailRun, tail.length, capS));

    measurements.push(...(await runDay(context, wrk, db, newsroom, ranked)));

    const hot = ranked[0]!;
    const hotUrl = `${context.baseUrl}/${hot.section}/${hot.slug}`;
    await warm(hotUrl, 3);
    measurements.push(
      await throughputMeasurement(
        context,
        { key: "hot", label: "One hot story page at the app (the most popular), wrk as in the reader module, after the day", url: hotUrl, targets: TARGETS.hot },
        {},
        wrk,
      ),
    );

    const memory = context.memory();
    const workers = memory.filter((process) => process.role === "worker");
    const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;
    const anonymous = (process: ProcessMemory) => (process.anonymousBytes === null ? "" : ` (${mb(process.anonymousBytes)} MB anonymous)`);
    context.log(`  memory: ${memory.map((process) => `${process.role} ${process.pid} ${mb(process.rssBytes)} MB${anonymous(process)}`).join(", ") || "(no /proc)"}`);
    if (workers.length > 0) {
      measurements.push({
        kind: "value",
        key: "memory",
        label: `Resident memory of the largest app process (of ${workers.length}) after the long tail, the day and the hot page`,
        value: Math.max(...workers.map((process) => mb(process.rssBytes))),
        unit: "MB",
        targets: { max: TARGETS.rssMaxMb },
        extra: {
          processes: memory.map((process) => ({
            ...process,
            rssMb: mb(process.rssBytes),
            anonymousMb: process.anonymousBytes === null ? null : mb(process.anonymousBytes),
          })),
        },
      });
    }

    const restart = await context.restartApp();
    const afterRestart = tail.slice(0, Math.min(RESTART_PAGES, tail.length));
    context.log(`  restart: the first ${afterRestart.length} distinct story pages (from the long tail's list) after restarting every app process`);
    const restartRun = await walk(context, afterRestart, capS);
    logWalk(context, restartRun, afterRestart.length);
    measurements.push(
      walkMeasurement("restart", `After restarting every app process: the first ${afterRestart.length} distinct story pages, each once, ${context.load.connections} connections`, restartRun, afterRestart.length, capS, {
        restartMs: restart.ms,
      }),
    );
    return measurements;
  } finally {
    await db.end();
    deskAgent.destroy();
  }
}

export const benchmark: BenchModule = {
  name: "newsroom-day",
  description: "the long tail, a newsroom day (readers by Zipf while the desk works), a hot page, memory, and the pages after a restart",
  // Five comments a second from 50 readers for minutes: capacity, not the per-account limits (as the comments module).
  appEnv: { NEWSDESK_COMMENT_RATE_SCALE: RATE_SCALE },
  run,
};
