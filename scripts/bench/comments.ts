// The comments benchmarks (issue 5, Speed and load):
//
//   post    posting comments at `load.connections` connections (32) for `load.durationS` seconds
//           (20) from 500 different reader accounts: comments accepted (201) per second and p99;
//           target ≥ 300/s with p99 < 100 ms. Afterwards the database must hold exactly the
//           comments that were acknowledged, no more, no fewer (the `stored` measurement).
//   thread  loading a story's comments (1,000 in threads) at the server, through the app's own
//           query in this process: median < 30 ms.
//   page    the per-request discussion page of that story over HTTP, whole HTML (no target).
//
// Posting goes through POST /api/stories/<id>/comments exactly as a JSON client sends it: a
// next-auth session cookie per account, minted with next-auth's own `encode` and the app's
// AUTH_SECRET (signing 500 people in would spend minutes in argon2 and measure nothing of
// interest; one cookie is checked against /account first), the site's Origin, a JSON body, and an
// X-Forwarded-For of its own per account, as the nginx the product ships sets it. The app runs with
// NEWSDESK_COMMENT_RATE_SCALE (appEnv below) so the per-account and per-address limits do not
// refuse a 20-second run: a load test measures capacity, not the limits. Comments go to OPEN
// stories that stay open for the whole run (by the app's own rule, lib/comments/policy.ts), as
// top-level comments and as replies to visible comments (seeded ones and ones posted in the run),
// each with a text of its own so the repeated-text hold never trips. The load run uses wrk where
// installed (with the Lua script scripts/bench/post-comments.lua and a generated header holding the
// run's data: postingScript below; its replies go to comments visible before the run, as wrk cannot
// tell which story an answer belongs to), else autocannon.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import pg from "pg";

import { effectiveCommentPolicy } from "@/lib/comments/policy";
import { DEFAULT_DATE_STYLE } from "@/lib/format";
import { hasLinks } from "@/lib/comments/text";

// Lets the in-process measurement below import lib/ modules marked server-only.
import "../lib/server-only-hook.mjs";
import { dataDir, ROOT } from "../lib/paths";
import { cpuPerRequest } from "./cpu";
import type { BenchContext, BenchModule, Measurement, Throughput } from "./run";
import { BULK_READER_DOMAIN } from "./seed-comments";
import { findWrk, runWrk } from "./wrk";

const ACCOUNTS = 500;
/** Stories the posts are spread over (the most recently published open ones). */
const POST_STORIES = 100;
/** Share of posts that are replies (when the story has a visible comment to answer). */
const REPLY_SHARE = 0.4;
const THREAD_SIZE = 1000;
export const RATE_SCALE = "1000";
/** wrk's threads for the posting run: one is plenty for it, and the other core is the app's. */
const WRK_THREADS = 1;
const TARGETS = { post: { minRequestsPerSecond: 300, maxP99Ms: 100 }, threadMedianMs: 30 } as const;
/** next-auth's session cookie on plain http (the bench serves 127.0.0.1 without TLS); also the JWT's salt. */
const SESSION_COOKIE = "authjs.session-token";

// ── Texts ─────────────────────────────────────────────────────────────────

const OPENINGS = [
  "Thanks for", "I disagree with", "Good reporting on", "Nobody mentions", "Can someone explain", "I have followed",
  "My family lived through", "Please keep covering", "The council ignored", "Interesting angle on", "Not convinced by",
  "Finally some attention to", "We argued at dinner about", "Twenty years on and still", "My neighbour wrote to them about",
] as const;
const SUBJECTS = [
  "the harbour plan", "the bus timetable", "the new bridge", "the school budget", "the flood barrier", "the rail strike",
  "the hospital wing", "the housing figures", "the grid trial", "the freight forecast", "the water tariff", "the cable accord",
  "the chip plant", "the night trains", "the library hours", "the ferry contract", "the wind farm", "the market hall",
] as const;
const CLOSINGS = [
  "and the costs are missing.", "but the vote was close.", "which nobody asked us about.", "and I want the full report.",
  "though the numbers look odd.", "and it matters for small shops.", "so thanks to the reporter.", "yet the timing is strange.",
  "and the ministry should answer.", "but I remain hopeful.", "and the union has a point.", "which took far too long.",
] as const;
const EXTRAS = [
  "Wednesday", "harbour", "pensions", "tram", "orchard", "lighthouse", "ferry", "quarry", "allotment", "bakery", "turbine",
  "viaduct", "granary", "estuary", "marina", "foundry", "meadow", "canal", "observatory", "cooperative",
] as const;

/** A comment text no other call returns: sentences picked by the sequence number, plus a counted tail. */
export function commentText(sequence: number): string {
  const pick = <T>(list: readonly T[], salt: number) => list[Math.floor(Math.abs(Math.sin(sequence * 12.9898 + salt) * 43758.5453)) % list.length]!;
  const sentences = 1 + (sequence % 3);
  const parts: string[] = [];
  for (let i = 0; i < sentences; i++) parts.push(`${pick(OPENINGS, i * 3 + 1)} ${pick(SUBJECTS, i * 3 + 2)} ${pick(CLOSINGS, i * 3 + 3)}`);
  // Base-20 digits of the sequence as words: every text differs in words, not only in a number.
  let n = sequence;
  const words: string[] = [];
  do {
    words.push(EXTRAS[n % EXTRAS.length]!);
    n = Math.floor(n / EXTRAS.length);
  } while (n > 0);
  parts.push(`Also: ${words.join(" ")} (${sequence}).`);
  return parts.join(sequence % 2 === 0 ? " " : "\n\n");
}

// ── Setup in the database ─────────────────────────────────────────────────

interface Account {
  id: string;
  displayName: string;
  cookie: string;
  address: string;
}

export interface OpenStory {
  id: string;
  /** Visible comments to reply to, growing with the comments the run posts. */
  parents: string[];
}

/** 500 ACTIVE readers of the bulk seed; where the seed made fewer (a small newsroom), the rest are added. */
export async function loadAccounts(client: pg.Client, log: (line: string) => void): Promise<Array<{ id: string; displayName: string }>> {
  const query = () =>
    client.query<{ id: string; displayName: string }>(
      `SELECT id, "displayName" FROM "User" WHERE role = 'READER' AND status = 'ACTIVE' AND email LIKE '%@' || $1
       ORDER BY email LIMIT $2`,
      [BULK_READER_DOMAIN, ACCOUNTS],
    );
  let rows = (await query()).rows;
  if (rows.length < ACCOUNTS) {
    const missing = ACCOUNTS - rows.length;
    // Same password hash as the seeded readers; a month old, so no new-account rule applies.
    const added = await client.query(
      `INSERT INTO "User" (id, email, "displayName", "passwordHash", role, status, "createdAt", "updatedAt")
       SELECT gen_random_uuid(), 'bench-poster-' || g || '@' || $2, 'Bench Poster ' || g,
              (SELECT "passwordHash" FROM "User" WHERE email LIKE '%@' || $2 LIMIT 1), 'READER', 'ACTIVE',
              (now() AT TIME ZONE 'UTC') - interval '30 days', (now() AT TIME ZONE 'UTC')
       FROM generate_series(1, $1::int) AS g
       ON CONFLICT (email) DO NOTHING`,
      [missing, BULK_READER_DOMAIN],
    );
    log(`  the seed has ${rows.length} active readers; added ${added.rowCount ?? 0} reader accounts to make ${ACCOUNTS}`);
    rows = (await query()).rows;
  }
  if (rows.length < ACCOUNTS) throw new Error(`Need ${ACCOUNTS} active reader accounts, found ${rows.length}`);
  return rows;
}

/** The most recently published stories that take comments at once now and for the next hour (the app's own rule). */
export async function loadOpenStories(client: pg.Client): Promise<OpenStory[]> {
  const candidates = await client.query<{
    id: string;
    status: "PUBLISHED";
    commentPolicy: "OPEN";
    commentsClosedAt: Date | null;
    publishedAt: Date;
    commentsCloseAfterDays: number | null;
  }>(
    `SELECT s.id, s.status::text AS status, s."commentPolicy"::text AS "commentPolicy",
            s."commentsClosedAt" AT TIME ZONE 'UTC' AS "commentsClosedAt", s."publishedAt" AT TIME ZONE 'UTC' AS "publishedAt",
            sec."commentsCloseAfterDays"
     FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
     WHERE s.status = 'PUBLISHED' AND s."commentPolicy" = 'OPEN' AND s."publishedAt" IS NOT NULL
     ORDER BY s."publishedAt" DESC LIMIT $1`,
    [POST_STORIES * 4],
  );
  const inAnHour = new Date(Date.now() + 3600_000);
  const open = candidates.rows.filter((story) => effectiveCommentPolicy(story, DEFAULT_DATE_STYLE, inAnHour).policy === "OPEN").slice(0, POST_STORIES);
  if (open.length === 0) throw new Error("No published story takes comments now: the posting benchmark needs open stories");
  const parents = await client.query<{ storyId: string; id: string }>(
    `SELECT "storyId", id FROM "Comment" WHERE "storyId" = ANY($1::uuid[]) AND status = 'APPROVED' AND "deletedAt" IS NULL`,
    [open.map((story) => story.id)],
  );
  const byStory = new Map(open.map((story) => [story.id, { id: story.id, parents: [] as string[] }]));
  for (const row of parents.rows) byStory.get(row.storyId)?.parents.push(row.id);
  return [...byStory.values()];
}

/**
 * Mints the session cookie next-auth would set after signing this account in (token: sub, sid,
 * name), with the session row that signing in makes (lib/auth/sessions.ts startSession).
 */
export async function mintCookie(client: pg.Client, account: { id: string; displayName: string }, secret: string): Promise<string> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO "Session" ("id", "userId", "expiresAt", "userAgent") VALUES (gen_random_uuid(), $1::uuid, now() + interval '1 day', 'newsdesk bench') RETURNING "id"::text AS "id"`,
    [account.id],
  );
  const token = await encode({ token: { sub: account.id, sid: rows[0]!.id, name: account.displayName }, secret, salt: SESSION_COOKIE });
  return `${SESSION_COOKIE}=${token}`;
}

/** A distinct address per account, as nginx would put in X-Forwarded-For (10.1.0.0/16). */
export function addressOf(index: number): string {
  return `10.1.${Math.floor(index / 250)}.${1 + (index % 250)}`;
}

// ── HTTP, one request at a time ───────────────────────────────────────────

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; body: string; bytes: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const started = performance.now();
    const outgoing = http.request(url, { method: init.method ?? "GET", agent, headers: { ...(body ? { "Content-Length": String(body.length) } : {}), ...init.headers } });
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const buffer = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, body: buffer.toString("utf8"), bytes: buffer.length, ms: performance.now() - started });
      });
    });
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

// ── Posting under load ────────────────────────────────────────────────────

interface Sent {
  /** Posted one at a time before the load run (warm-up and the `single` measurement), outside its window. */
  beforeRun: boolean;
  account: number;
  storyId: string;
  /** null: built, not answered yet (or never sent); else the HTTP status. */
  status: number | null;
  id?: string;
  commentStatus?: string;
  error?: string;
}

function postRequest(baseUrl: string, accounts: readonly Account[], stories: readonly OpenStory[], sent: Map<string, Sent>, state: { next: number; beforeRun: boolean }) {
  const origin = baseUrl;
  return () => {
    const n = state.next++;
    const accountIndex = n % accounts.length;
    const account = accounts[accountIndex]!;
    // Consecutive posts go to consecutive stories (so posts in flight together seldom share one),
    // shifted by one each round of the accounts: every account visits every story.
    const story = stories[(n + Math.floor(n / accounts.length)) % stories.length]!;
    const asReply = story.parents.length > 0 && (n * 0.6180339887) % 1 < REPLY_SHARE;
    const parentId = asReply ? story.parents[(n * 31) % story.parents.length] : undefined;
    const body = commentText(n);
    sent.set(body, { beforeRun: state.beforeRun, account: accountIndex, storyId: story.id, status: null });
    return {
      method: "POST" as const,
      path: `/api/stories/${story.id}/comments`,
      headers: {
        "content-type": "application/json",
        origin,
        cookie: account.cookie,
        "x-forwarded-for": account.address,
        accept: "application/json",
      },
      body: JSON.stringify(parentId ? { body, parentId } : { body }),
    };
  };
}

/** What the load run's answers said, for the database check. */
interface Answers {
  /** Comment id → the status its 201 gave, for every post of the load run answered 201. */
  acknowledged: Map<string, string>;
  /** Ids acknowledged one at a time before the run: outside its window, never counted. */
  earlier: Set<string>;
  /** Texts that may have been sent without their answer being read: in flight when the run stopped. */
  unansweredTexts: Set<string>;
  /** How many requests were in flight when the run stopped, at most. */
  unansweredAtMost: number;
  generator: "autocannon" | "wrk";
}

interface PostRun {
  single: { samplesMs: number[]; cpuMsPerRequest: { app: number; database: number } | undefined };
  answers: Answers;
  throughput: Throughput;
  cpuMsPerRequest: { app: number; database: number } | undefined;
  accepted: number;
  statusCodes: Record<string, number>;
  refusals: Record<string, number>;
  startedAt: Date;
}

async function runPosting(context: BenchContext, accounts: readonly Account[], stories: readonly OpenStory[], sent: Map<string, Sent>, wrk: string | null): Promise<PostRun> {
  const state = { next: 0, beforeRun: true };
  const build = postRequest(context.baseUrl, accounts, stories, sent, state);
  const byStory = new Map(stories.map((story) => [story.id, story]));
  const statusCodes: Record<string, number> = {};
  const refusals: Record<string, number> = {};
  let accepted = 0;

  const record = (text: string, status: number, responseBody: string) => {
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
    const entry = sent.get(text);
    if (!entry) return;
    entry.status = status;
    try {
      const parsed = JSON.parse(responseBody) as { id?: string; status?: string; error?: string };
      if (status === 201 && parsed.id) {
        accepted++;
        entry.id = parsed.id;
        entry.commentStatus = parsed.status;
        // Published at once: from now on it can take replies too.
        if (parsed.status === "APPROVED") byStory.get(entry.storyId)?.parents.push(parsed.id);
      } else {
        entry.error = parsed.error ?? responseBody.slice(0, 200);
        refusals[`${status} ${entry.error}`] = (refusals[`${status} ${entry.error}`] ?? 0) + 1;
      }
    } catch {
      entry.error = responseBody.slice(0, 200);
      refusals[`${status} (not JSON) ${entry.error}`] = (refusals[`${status} (not JSON) ${entry.error}`] ?? 0) + 1;
    }
  };

  // One at a time first: warm-up (the route's first requests load code and fill pools), then
  // `requests` timed posts: the time one post takes with nobody queueing ahead of it.
  const postOne = async () => {
    const built = build();
    const text = (JSON.parse(built.body) as { body: string }).body;
    const response = await request(`${context.baseUrl}${built.path}`, { method: "POST", headers: built.headers, body: built.body });
    record(text, response.status, response.body);
    if (response.status !== 201) throw new Error(`A post one at a time answered ${response.status}: ${response.body.slice(0, 300)}`);
    return response.ms;
  };
  for (let i = 0; i < context.warmup; i++) await postOne();
  const singleSamples: number[] = [];
  const singleBefore = context.cpu();
  for (let i = 0; i < context.requests; i++) singleSamples.push(await postOne());
  const singleCpu = cpuPerRequest(singleBefore, context.cpu(), context.requests);
  const beforeRunAccepted = accepted;
  accepted = 0;
  for (const key of Object.keys(statusCodes)) delete statusCodes[key];
  state.beforeRun = false;

  const startedAt = new Date();
  if (wrk) {
    const load = await wrkPosting(wrk, context, accounts, stories, state.next, earlierIds(sent));
    context.log(`    one at a time: ${beforeRunAccepted} posts (${context.warmup} warm-up); load run (wrk): ${load.throughput.requests} responses, ${load.accepted} accepted`);
    return { single: { samplesMs: singleSamples, cpuMsPerRequest: singleCpu }, startedAt, ...load };
  }
  const cpuBefore = context.cpu();
  const result = await autocannon({
    url: context.baseUrl,
    connections: context.load.connections,
    duration: context.load.durationS,
    timeout: 10,
    requests: [
      {
        method: "POST",
        setupRequest: (defaults, requestContext) => {
          const built = build();
          (requestContext as { text?: string }).text = (JSON.parse(built.body) as { body: string }).body;
          return { ...defaults, ...built };
        },
        onResponse: (status, responseBody, requestContext) => {
          const text = (requestContext as { text?: string }).text;
          if (text !== undefined) record(text, status, responseBody);
        },
      },
    ],
  });
  const cpuAfter = context.cpu();
  const round = (value: number) => Math.round(value * 10) / 10;
  const total = result.requests.total;
  context.log(`    one at a time: ${beforeRunAccepted} posts (${context.warmup} warm-up); load run: ${total} responses, ${accepted} accepted`);
  // Every text is known: an answered one has its status, one still in flight when autocannon
  // closed the connections has none.
  const acknowledged = new Map<string, string>();
  const unansweredTexts = new Set<string>();
  for (const [text, entry] of sent) {
    if (entry.beforeRun) continue;
    if (entry.status === 201 && entry.id && entry.commentStatus) acknowledged.set(entry.id, entry.commentStatus);
    else if (entry.status === null) unansweredTexts.add(text);
  }
  return {
    single: { samplesMs: singleSamples, cpuMsPerRequest: singleCpu },
    accepted,
    answers: { acknowledged, earlier: earlierIds(sent), unansweredTexts, unansweredAtMost: unansweredTexts.size, generator: "autocannon" },
    cpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, total),
    statusCodes,
    refusals,
    startedAt,
    throughput: {
      connections: context.load.connections,
      durationS: round(result.duration),
      requests: total,
      // The requirement counts accepted comments, so the rate is 201 answers only.
      requestsPerSecond: round(accepted / result.duration),
      p50Ms: round(result.latency.p50),
      p90Ms: round(result.latency.p90),
      p99Ms: round(result.latency.p99),
      maxMs: round(result.latency.max),
      // Anything but 201 Created: a refusal is not an accepted comment.
      non2xx: total - accepted,
      errors: result.errors,
      timeouts: result.timeouts,
      bytesPerSecond: Math.round(result.throughput.average),
    },
  };
}

interface StoredCheck {
  acknowledged: number;
  inDatabase: number;
  missing: string[];
  unacknowledged: string[];
  /** In the database, unanswered because the load generator stopped with the request in flight. */
  cutOff: number;
  approved: number;
  held: number;
  statusMismatches: number;
  holdReasons: Record<string, number>;
}

/** Ids the one-at-a-time posts before the run were acknowledged with. */
function earlierIds(sent: ReadonlyMap<string, Sent>): Set<string> {
  return new Set([...sent.values()].filter((entry) => entry.beforeRun && entry.id).map((entry) => entry.id!));
}

/**
 * Compares the comments the run's accounts created since it started with the ones the app
 * acknowledged. A load generator ends a run by closing its connections, so up to one request per
 * connection is still in flight then: the server commits it and answers into a closed socket.
 * Those are known by their text (every text is unique, and the generator says which texts it sent
 * without reading their answer, or, for wrk, which it sent at all and how many answers it did not
 * read) and counted apart, up to that many; any other row without a 201, and any 201 without a
 * row, is a failure.
 */
async function checkStored(client: pg.Client, accounts: readonly Account[], startedAt: Date, answers: Answers): Promise<StoredCheck> {
  // Let requests that were in flight when the connections closed finish in the app.
  let previous = -1;
  for (let i = 0; i < 40; i++) {
    const n = Number(
      (
        await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM "Comment" WHERE "authorId" = ANY($1::uuid[]) AND "createdAt" >= ($2::timestamptz AT TIME ZONE 'UTC')`,
          [accounts.map((account) => account.id), startedAt.toISOString()],
        )
      ).rows[0]?.n ?? 0,
    );
    if (n === previous) break;
    previous = n;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const rows = (
    await client.query<{ id: string; body: string; status: string; holdReasons: string[] }>(
      `SELECT id, body, status::text AS status, "holdReasons" FROM "Comment"
       WHERE "authorId" = ANY($1::uuid[]) AND "createdAt" >= ($2::timestamptz AT TIME ZONE 'UTC')`,
      [accounts.map((account) => account.id), startedAt.toISOString()],
    )
  ).rows.filter((row) => !answers.earlier.has(row.id));
  const stored = new Map(rows.map((row) => [row.id, row]));
  const check: StoredCheck = { acknowledged: answers.acknowledged.size, inDatabase: rows.length, missing: [], unacknowledged: [], cutOff: 0, approved: 0, held: 0, statusMismatches: 0, holdReasons: {} };
  for (const [id, commentStatus] of answers.acknowledged) {
    const row = stored.get(id);
    if (!row) check.missing.push(id);
    else if (row.status !== commentStatus) check.statusMismatches++;
  }
  for (const row of rows) {
    if (row.status === "APPROVED") check.approved++;
    else if (row.status === "PENDING") {
      check.held++;
      for (const reason of row.holdReasons) check.holdReasons[reason] = (check.holdReasons[reason] ?? 0) + 1;
    }
    if (answers.acknowledged.has(row.id)) continue;
    // A text that was sent and may be unanswered, while no more such rows than unanswered requests.
    if (answers.unansweredTexts.has(row.body) && check.cutOff < answers.unansweredAtMost) check.cutOff++;
    else check.unacknowledged.push(row.id);
  }
  return check;
}

// ── Posting with wrk ──────────────────────────────────────────────────────

/** A Lua string literal. */
function lua(value: string): string {
  // JSON's escapes of printable ASCII (\" and \\) are Lua's too.
  if (!/^[\x20-\x7e]*$/.test(value)) throw new Error(`Not printable ASCII, for the wrk script: ${value}`);
  return JSON.stringify(value);
}

/** The wrk script of the posting run, without its data (read at run time). */
const POSTING_SCRIPT = path.join(ROOT, "scripts", "bench", "post-comments.lua");

/**
 * The wrk script of the posting run: scripts/bench/post-comments.lua after a header with this run's
 * data: the same accounts, addresses, stories and share of replies as the autocannon run (replies
 * only to comments visible before the run: wrk cannot tell which story a 201 belongs to), texts
 * built like commentText, from `offset` on.
 */
function postingScript(origin: string, accounts: readonly Account[], stories: readonly OpenStory[], offset: number): string {
  const list = (values: readonly string[]) => `{${values.map(lua).join(",")}}`;
  const header = `-- Generated by scripts/bench/comments.ts for one posting run: the data, then ${path.relative(ROOT, POSTING_SCRIPT)}.
local OPENINGS = ${list(OPENINGS)}
local SUBJECTS = ${list(SUBJECTS)}
local CLOSINGS = ${list(CLOSINGS)}
local EXTRAS = ${list(EXTRAS)}
local COOKIES = ${list(accounts.map((account) => account.cookie))}
local ADDRESSES = ${list(accounts.map((account) => account.address))}
local STORIES = {${stories.map((story) => `{id=${lua(story.id)},parents=${list(story.parents)}}`).join(",")}}
local ORIGIN = ${lua(origin)}
local OFFSET = ${offset}
local REPLY_SHARE = ${REPLY_SHARE}
local THREADS = ${WRK_THREADS}

`;
  return header + readFileSync(POSTING_SCRIPT, "utf8");
}

type LoadRun = Omit<PostRun, "single" | "startedAt">;

/** The load run with wrk: one thread (the other core is the app's), the module's connections and duration. */
async function wrkPosting(wrk: string, context: BenchContext, accounts: readonly Account[], stories: readonly OpenStory[], offset: number, earlier: Set<string>): Promise<LoadRun> {
  const folder = mkdtempSync(path.join(os.tmpdir(), "newsdesk-bench-post-"));
  try {
    const script = path.join(folder, "post.lua");
    writeFileSync(script, postingScript(context.baseUrl, accounts, stories, offset));
    const { connections, durationS } = context.load;
    const cpuBefore = context.cpu();
    const output = await runWrk(wrk, [`-t${WRK_THREADS}`, `-c${connections}`, `-d${durationS}s`, "--latency", "--timeout", "10s", "-s", script, context.baseUrl]);
    const cpuAfter = context.cpu();
    const result = /^RESULT (.+)$/m.exec(output)?.[1]?.split(" ").map(Number);
    if (!result || result.length !== 12) throw new Error(`Could not read the posting script's result from wrk:\n${output.slice(0, 2000)}`);
    const [durationUs, requests, bytes, p50, p90, p99, max, connect, read, write, timeout] = result as [number, number, number, number, number, number, number, number, number, number, number, number];
    const acknowledged = new Map<string, string>();
    const unansweredTexts = new Set<string>();
    const statusCodes: Record<string, number> = {};
    const refusals: Record<string, number> = {};
    for (const line of output.split("\n")) {
      if (line.startsWith("ACK ")) {
        const [id, commentStatus] = line.slice(4).split(" ") as [string, string];
        acknowledged.set(id, commentStatus);
      } else if (line.startsWith("REFUSED ")) {
        const refusal = line.slice(8);
        const status = refusal.split(" ")[0]!;
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        refusals[refusal] = (refusals[refusal] ?? 0) + 1;
      } else if (line.startsWith("SENT ")) unansweredTexts.add(line.slice(5).replace(/\\n/g, "\n"));
    }
    if (acknowledged.size > 0) statusCodes["201"] = acknowledged.size;
    const seconds = durationUs / 1e6;
    const ms = (us: number) => Math.round(us / 100) / 10;
    return {
      accepted: acknowledged.size,
      // wrk keeps every text it sent; which were answered it cannot say, only how many were not.
      answers: { acknowledged, earlier, unansweredTexts, unansweredAtMost: Math.max(0, unansweredTexts.size - requests), generator: "wrk" },
      cpuMsPerRequest: cpuPerRequest(cpuBefore, cpuAfter, requests),
      statusCodes,
      refusals,
      throughput: {
        connections,
        durationS: Math.round(seconds * 10) / 10,
        requests,
        requestsPerSecond: Math.round((acknowledged.size / seconds) * 10) / 10,
        p50Ms: ms(p50),
        p90Ms: ms(p90),
        p99Ms: ms(p99),
        maxMs: ms(max),
        non2xx: requests - acknowledged.size,
        errors: connect + read + write + timeout,
        timeouts: timeout,
        bytesPerSecond: Math.round(bytes / seconds),
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// ── Loading a story's comments ────────────────────────────────────────────

interface ThreadStory {
  id: string;
  sectionSlug: string;
  slug: string;
  visible: number;
  built: boolean;
}

/** A published story with 1,000 visible comments in threads: a seeded one within 5%, or one filled here. */
async function threadStory(client: pg.Client, accounts: readonly Account[], exclude: readonly string[]): Promise<ThreadStory> {
  const natural = await client.query<{ id: string; slug: string; sectionSlug: string; visible: number }>(
    `SELECT s.id, s.slug, sec.slug AS "sectionSlug", s."commentCount" AS visible
     FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
     WHERE s.status = 'PUBLISHED' AND s."commentCount" BETWEEN $1 AND $2
     ORDER BY abs(s."commentCount" - $3), s.id LIMIT 1`,
    [THREAD_SIZE * 0.95, THREAD_SIZE * 1.05, THREAD_SIZE],
  );
  if (natural.rows[0]) return { ...natural.rows[0], built: false };

  const target = await client.query<{ id: string; slug: string; sectionSlug: string }>(
    `SELECT s.id, s.slug, sec.slug AS "sectionSlug" FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
     WHERE s.status = 'PUBLISHED' AND s."publishedAt" < (now() AT TIME ZONE 'UTC') - interval '2 days' AND NOT (s.id = ANY($1::uuid[]))
       AND NOT EXISTS (SELECT 1 FROM "Comment" c WHERE c."storyId" = s.id)
     ORDER BY s."publishedAt" DESC LIMIT 1`,
    [exclude],
  );
  const story = target.rows[0];
  if (!story) throw new Error("No published story without comments to fill with a 1,000-comment thread");
  const texts = Array.from({ length: THREAD_SIZE }, (_, i) => commentText(1_000_000 + i));
  const authors = accounts.map((account) => account.id);
  // 550 top-level comments, 350 replies to them, 100 replies to replies (the seed's shares), all
  // approved, a minute apart after publication; the counters set as the app keeps them.
  await client.query("BEGIN");
  try {
    await client.query(
      `CREATE TEMP TABLE bench_thread ON COMMIT DROP AS
       SELECT g, gen_random_uuid() AS id, CASE WHEN g <= 550 THEN 0 WHEN g <= 900 THEN 1 ELSE 2 END AS depth,
              NULL::uuid AS parent_id
       FROM generate_series(1, $1::int) AS g`,
      [THREAD_SIZE],
    );
    // Parents picked with a squared random number: a few long threads, most short.
    await client.query(`SELECT setseed(0.5)`);
    for (const depth of [1, 2]) {
      await client.query(
        `UPDATE bench_thread t SET parent_id = p.id
         FROM (SELECT c.g, (SELECT array_agg(id ORDER BY g) FROM bench_thread WHERE depth = $1 - 1) AS ids,
                      power(random(), 2) AS roll FROM bench_thread c WHERE c.depth = $1) x
         CROSS JOIN LATERAL (SELECT x.ids[1 + floor(x.roll * cardinality(x.ids))::int] AS id) p
         WHERE t.g = x.g`,
        [depth],
      );
    }
    await client.query(
      `INSERT INTO "Comment" (id, "storyId", "authorId", "parentId", body, "bodyHash", status, "holdReasons", "replyCount", "createdAt", "updatedAt")
       SELECT t.id, $1::uuid, ($2::uuid[])[1 + (t.g * 7) % cardinality($2::uuid[])], t.parent_id, ($3::text[])[t.g],
              encode(sha256(convert_to(($3::text[])[t.g], 'UTF8')), 'hex'), 'APPROVED', '{}', 0,
              s."publishedAt" + t.g * interval '1 minute', s."publishedAt" + t.g * interval '1 minute'
       FROM bench_thread t CROSS JOIN (SELECT "publishedAt" FROM "Story" WHERE id = $1::uuid) s
       ORDER BY t.g`,
      [story.id, authors, texts],
    );
    await client.query(
      `UPDATE "Comment" p SET "replyCount" = x.n
       FROM (SELECT parent_id, count(*)::int AS n FROM bench_thread WHERE parent_id IS NOT NULL GROUP BY parent_id) x
       WHERE p.id = x.parent_id`,
    );
    await client.query(`UPDATE "Story" SET "commentCount" = $2 WHERE id = $1::uuid`, [story.id, THREAD_SIZE]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  await client.query(`ANALYZE "Comment"`);
  return { ...story, visible: THREAD_SIZE, built: true };
}

// ── The module ──────────────────────────────────────────────────────────────

async function run(context: BenchContext): Promise<Measurement[]> {
  const client = new pg.Client({ connectionString: context.databaseUrl });
  await client.connect();
  const measurements: Measurement[] = [];
  try {
    // The runner writes the app's AUTH_SECRET to its data folder (scripts/lib/runtime.ts) and
    // passes the same to `next start`.
    const secret = readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim();
    const readers = await loadAccounts(client, context.log);
    const accounts: Account[] = await Promise.all(
      readers.map(async (reader, index) => ({ ...reader, cookie: await mintCookie(client, reader, secret), address: addressOf(index) })),
    );
    // The minted cookie must be one the app accepts: /account shows the reader's name.
    for (const index of [0, Math.floor(ACCOUNTS / 2), ACCOUNTS - 1]) {
      const account = accounts[index]!;
      const page = await request(`${context.baseUrl}/account`, { headers: { cookie: account.cookie } });
      const escaped = account.displayName.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/'/g, "&#x27;");
      if (page.status !== 200 || !page.body.includes(escaped)) {
        throw new Error(`GET /account with a minted session cookie answered ${page.status} without "${account.displayName}": the cookie is not accepted`);
      }
    }
    const stories = await loadOpenStories(client);
    // wrk where installed, as for the reader pages: autocannon, in Node in this process, takes a
    // good share of the two cores from the app it measures (scripts/bench/wrk.ts).
    const wrk = findWrk();
    const parentsBefore = stories.reduce((sum, story) => sum + story.parents.length, 0);
    context.log(
      `  post: ${ACCOUNTS} readers (session cookies minted, checked on /account), ${stories.length} open stories with ${parentsBefore} visible comments to answer; ` +
        `${context.warmup} warm-up and ${context.requests} timed posts one at a time, then ${wrk ? "wrk" : "autocannon"} ${context.load.connections} × ${context.load.durationS} s`,
    );
    for (const sample of [0, 1, 2, 12345]) if (hasLinks(commentText(sample))) throw new Error("A generated comment text contains a link");

    const sent = new Map<string, Sent>();
    const posting = await runPosting(context, accounts, stories, sent, wrk);
    const { throughput } = posting;
    context.log(
      `    ${Math.round(throughput.requestsPerSecond)} accepted/s, p50 ${throughput.p50Ms} ms, p99 ${throughput.p99Ms} ms, ` +
        `not accepted ${throughput.non2xx}, errors ${throughput.errors}; statuses ${JSON.stringify(posting.statusCodes)}`,
    );
    for (const [refusal, n] of Object.entries(posting.refusals)) context.log(`    refused ${n}×: ${refusal}`);

    const check = await checkStored(client, accounts, posting.startedAt, posting.answers);
    const differences = check.missing.length + check.unacknowledged.length;
    context.log(
      `    acknowledged ${check.acknowledged}, in database ${check.inDatabase - check.cutOff}, missing ${check.missing.length}, unacknowledged ${check.unacknowledged.length}` +
        (check.cutOff > 0 ? ` (and ${check.cutOff} more in the database that were in flight when ${posting.answers.generator} closed its connections: committed, answer never read)` : "") +
        `; ${check.approved} approved, ${check.held} held${check.held > 0 ? ` ${JSON.stringify(check.holdReasons)}` : ""}` +
        (check.statusMismatches > 0 ? `; ${check.statusMismatches} stored with another status than acknowledged` : ""),
    );
    measurements.push({
      kind: "throughput",
      key: "post",
      label: `Post comments (POST /api/stories/:id/comments), ${ACCOUNTS} readers, ${stories.length} open stories: accepted (201) per second`,
      throughput,
      targets: TARGETS.post,
      ...(posting.cpuMsPerRequest ? { cpuMsPerRequest: posting.cpuMsPerRequest } : {}),
      extra: {
        loadGenerator: posting.answers.generator,
        accepted: posting.accepted,
        statusCodes: posting.statusCodes,
        refusals: posting.refusals,
        rateScale: RATE_SCALE,
        stories: stories.length,
        visibleCommentsToAnswerAtStart: parentsBefore,
        stored: { ...check, missing: check.missing.slice(0, 20), unacknowledged: check.unacknowledged.slice(0, 20) },
      },
    });
    measurements.push({
      key: "single",
      label: "Post one comment with nobody else posting (same endpoint and accounts, one request at a time), for information",
      samplesMs: posting.single.samplesMs,
      ...(posting.single.cpuMsPerRequest ? { cpuMsPerRequest: posting.single.cpuMsPerRequest } : {}),
    });
    measurements.push({
      kind: "value",
      key: "stored",
      label: "Comments in the database that differ from the acknowledged ones (missing + unacknowledged) after the posting run",
      value: differences + check.statusMismatches,
      unit: "comments",
      targets: { max: 0 },
      extra: { acknowledged: check.acknowledged, inDatabase: check.inDatabase - check.cutOff, inFlightAtStop: check.cutOff, missing: check.missing.length, unacknowledged: check.unacknowledged.length, statusMismatches: check.statusMismatches },
    });

    // Loading a story's comments, through the app's own query in this process.
    const story = await threadStory(client, accounts, stories.map((s) => s.id));
    context.log(`  thread: story ${story.id} (/${story.sectionSlug}/${story.slug}) with ${story.visible} visible comments${story.built ? ", filled here" : ", as seeded"}`);
    const hadDatabaseUrl = process.env.DATABASE_URL;
    process.env.DATABASE_URL = context.databaseUrl;
    const { getStoryComments } = await import("@/lib/comments/queries");
    const { db } = await import("@/lib/db");
    try {
      const first = await getStoryComments(story.id);
      if (!first || first.thread.count !== story.visible) throw new Error(`getStoryComments saw ${first?.thread.count ?? "no story"} comments, expected ${story.visible}`);
      for (let i = 0; i < context.warmup; i++) await getStoryComments(story.id);
      const samples: number[] = [];
      const before = context.cpu();
      const ownBefore = process.cpuUsage();
      for (let i = 0; i < context.requests; i++) {
        const started = performance.now();
        await getStoryComments(story.id);
        samples.push(performance.now() - started);
      }
      const own = process.cpuUsage(ownBefore);
      const after = context.cpu();
      const database = cpuPerRequest(before, after, context.requests)?.database;
      measurements.push({
        key: "thread",
        label: `Load a story's comments at the server (getStoryComments: policy + ${story.visible} comments in threads), in the bench process`,
        samplesMs: samples,
        targetMedianMs: TARGETS.threadMedianMs,
        ...(database === undefined ? {} : { cpuMsPerRequest: { app: Math.round((own.user + own.system) / 100 / context.requests) / 10, database } }),
        extra: { storyId: story.id, visible: story.visible, filledHere: story.built, cpuNote: "app = this process (the query code), not next start" },
      });
    } finally {
      await db.$disconnect();
      if (hadDatabaseUrl === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = hadDatabaseUrl;
    }

    // The discussion page over HTTP, whole HTML, for information.
    const url = `${context.baseUrl}/${story.sectionSlug}/${story.slug}/comments`;
    const headers = { "accept-encoding": "gzip, deflate, br, zstd", accept: "text/html" };
    for (let i = 0; i < Math.max(1, context.warmup); i++) {
      const response = await request(url, { headers });
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
    }
    const pageSamples: number[] = [];
    const before = context.cpu();
    let bytes = 0;
    for (let i = 0; i < context.requests; i++) {
      const response = await request(url, { headers });
      if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
      bytes = response.bytes;
      pageSamples.push(response.ms);
    }
    const after = context.cpu();
    measurements.push({
      key: "page",
      label: `The discussion page of that story (GET /<section>/<slug>/comments, per request, whole HTML), for information`,
      samplesMs: pageSamples,
      cpuMsPerRequest: cpuPerRequest(before, after, context.requests),
      extra: { url: url.replace(context.baseUrl, ""), compressedBytes: bytes },
    });
    return measurements;
  } finally {
    await client.end();
  }
}

export const benchmark: BenchModule = {
  name: "comments",
  description: "posting comments under load (500 readers) and the stored-vs-acknowledged check; loading a 1,000-comment thread",
  appEnv: { NEWSDESK_COMMENT_RATE_SCALE: RATE_SCALE },
  run,
};
