// The background fill: renders every reader page that was never rendered for this build (after a
// deploy, a bulk import, a migration) by requesting it from the app itself (lib/cache/self-address.ts),
// so readers find it stored. It walks the fronts (the front page, each section front, the feeds,
// page 1 of each), then every published story newest first, a few at a time
// (NEWSDESK_FILL_CONCURRENCY), pausing whenever this process is busy serving readers. One runner
// at a time across every process and instance (a session advisory lock on its own connection);
// its progress is a row per build in "ReaderFill", so a runner stopped by a restart resumes from
// its cursor, and admins see it at /desk/settings. Every app process checks every 30 s whether the
// build still has a fill to finish, so another instance takes over when the runner's goes away.

import "server-only";

import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

import pg from "pg";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { env } from "@/lib/env.mjs";

import { publishedStorySql } from "@/lib/stories/visibility";

import { FILL_ADMINS_ONLY } from "./sentences";
import { requestPage, selfAddress } from "./self-address";
import { buildIdIn } from "./shared-store.mjs";

/** pg_try_advisory_lock key of the one fill runner ("NDFILL" in spirit). */
export const FILL_LOCK_KEY = 4_627_001_311;
/** Stories requested between two progress rows. */
const BATCH = 50;
/** How often each process checks for a fill to run or resume. */
const CHECK_EVERY_MS = 30_000;
/** The first check after start: the server must be listening. */
const FIRST_CHECK_MS = 5_000;
/** Pause while busy, then look again. */
const PAUSE_MS = 250;
/** Event-loop delay above the timer's own resolution that counts as busy (readers are waiting). */
const BUSY_LAG_MS = 15;
const LAG_RESOLUTION_MS = 10;

/** The build this process serves (Next's BUILD_ID in the dist folder; "development" under `next dev`). */
export function currentBuildId(): string {
  return buildIdIn(path.join(process.cwd(), env.NEWSDESK_DIST_DIR)) ?? "development";
}

/** Share of the time this process's event loop was running JavaScript above which it counts as busy. */
const BUSY_UTILIZATION = 0.9;

let lag: ReturnType<typeof monitorEventLoopDelay> | null = null;
let lastUtilization: ReturnType<typeof performance.eventLoopUtilization> | null = null;

/**
 * Whether this process is busy since the last look: its event loop ran JavaScript more than 90 %
 * of the time (readers' requests being answered, cheap as each may be), or timers ran a
 * few milliseconds late on average (requests queueing behind one another). A render of the fill's
 * own counts too: on cores shared with other work it slows the fill down as well.
 */
export function processIsBusy(): boolean {
  if (!lag || !lastUtilization) {
    lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
    lag.enable();
    lastUtilization = performance.eventLoopUtilization();
    return false;
  }
  const now = performance.eventLoopUtilization();
  const utilization = performance.eventLoopUtilization(now, lastUtilization).utilization;
  lastUtilization = now;
  const lagging = lag.count > 0 && lag.mean / 1e6 - LAG_RESOLUTION_MS > BUSY_LAG_MS;
  lag.reset();
  return lagging || utilization > BUSY_UTILIZATION;
}

export interface FillOptions {
  buildId: string;
  /** The app's address (selfAddress()). */
  base: string;
  concurrency: number;
  /** Stops the run between two pages; the cursor stays at the last whole batch. */
  signal?: AbortSignal;
  /** Pause while this says so (default: processIsBusy). */
  isBusy?: () => boolean;
  batchSize?: number;
}

/**
 * finished: every page requested, the row marked finished; already-finished: nothing to do;
 * locked: another runner has it; stopped: aborted, or the app did not answer (resumes later);
 * superseded: an admin started the fill again meanwhile (run again to start over).
 */
export type FillOutcome = "finished" | "already-finished" | "locked" | "stopped" | "superseded";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Stop extends Error {}

/** Runs the fill for one build to its end, unless stopped, locked out or superseded. */
export async function runReaderFill(options: FillOptions): Promise<FillOutcome> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  client.on("error", (error) => console.error("Reader fill: its database connection failed", error));
  await client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [FILL_LOCK_KEY]);
    if (!rows[0]?.ok) return "locked";
    try {
      return await walk(client, options);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [FILL_LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end().catch(() => {});
  }
}

interface FillRow {
  generation: number;
  cursor: string | null;
  done: number;
  finishedAt: Date | null;
}

async function walk(client: pg.Client, options: FillOptions): Promise<FillOutcome> {
  const { buildId } = options;
  await client.query(`INSERT INTO "ReaderFill" ("buildId") VALUES ($1) ON CONFLICT ("buildId") DO NOTHING`, [buildId]);
  const { rows } = await client.query<FillRow>(`SELECT "generation", "cursor", "done", "finishedAt" FROM "ReaderFill" WHERE "buildId" = $1`, [buildId]);
  const row = rows[0]!;
  if (row.finishedAt) return "already-finished";
  const generation = row.generation;

  const fronts = await frontPaths(client);
  const stories = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Story" s WHERE ${publishedStorySql("s").sql}`);
  const total = fronts.length + (stories.rows[0]?.n ?? 0);
  const began = await client.query(
    `UPDATE "ReaderFill" SET "total" = $3, "resumedDone" = "done", "resumedAt" = now(), "updatedAt" = now()
     WHERE "buildId" = $1 AND "generation" = $2`,
    [buildId, generation, total],
  );
  if (began.rowCount === 0) return "superseded";

  /** Records a whole batch; false when an admin has started the fill again meanwhile. */
  const advance = async (cursor: string, count: number): Promise<boolean> => {
    const result = await client.query(
      `UPDATE "ReaderFill" SET "cursor" = $3, "done" = LEAST("done" + $4, "total"), "updatedAt" = now()
       WHERE "buildId" = $1 AND "generation" = $2`,
      [buildId, generation, cursor, count],
    );
    return result.rowCount === 1;
  };

  try {
    let cursor = row.cursor;
    if (cursor === null) {
      await requestAll(fronts, options);
      cursor = "";
      if (!(await advance(cursor, fronts.length))) return "superseded";
    }
    for (;;) {
      const [at, id]: [string | null, string | null] = cursor === "" ? [null, null] : splitCursor(cursor);
      const batch: pg.QueryResult<{ id: string; slug: string; section: string; at: string }> = await client.query<{ id: string; slug: string; section: string; at: string }>(
        `SELECT s."id", s."slug", sec."slug" AS "section", s."publishedAt"::text AS "at"
         FROM "Story" s JOIN "Section" sec ON sec."id" = s."sectionId"
         WHERE ${publishedStorySql("s").sql}
           AND ($1::timestamp(3) IS NULL OR (s."publishedAt", s."id") < ($1::timestamp(3), $2::uuid))
         ORDER BY s."publishedAt" DESC, s."id" DESC
         LIMIT $3`,
        [at, id, options.batchSize ?? BATCH],
      );
      if (batch.rows.length === 0) break;
      await requestAll(
        batch.rows.map((story) => `/${encodeURIComponent(story.section)}/${encodeURIComponent(story.slug)}`),
        options,
      );
      const last = batch.rows.at(-1)!;
      cursor = `${last.at}|${last.id}`;
      if (!(await advance(cursor, batch.rows.length))) return "superseded";
    }
  } catch (error) {
    if (error instanceof Stop) return "stopped";
    throw error;
  }
  const finished = await client.query(
    `UPDATE "ReaderFill" SET "finishedAt" = now(), "done" = "total", "updatedAt" = now() WHERE "buildId" = $1 AND "generation" = $2`,
    [buildId, generation],
  );
  return finished.rowCount === 1 ? "finished" : "superseded";
}

function splitCursor(cursor: string): [string, string] {
  const bar = cursor.lastIndexOf("|");
  return [cursor.slice(0, bar), cursor.slice(bar + 1)];
}

/** The front page, the feeds, and each section's front and feeds (page 1 of each). */
async function frontPaths(client: pg.Client): Promise<string[]> {
  const sections = await client.query<{ slug: string }>(`SELECT "slug" FROM "Section" ORDER BY "position", "name"`);
  const paths = ["/", "/rss.xml", "/atom.xml"];
  for (const { slug } of sections.rows) paths.push(`/${encodeURIComponent(slug)}`);
  for (const { slug } of sections.rows) paths.push(`/${encodeURIComponent(slug)}/rss.xml`, `/${encodeURIComponent(slug)}/atom.xml`);
  return paths;
}

/**
 * Requests every path, `concurrency` at a time, each lane waiting while the process is busy.
 * A page answering with an error is logged and counted (it renders on its first reader); the app
 * not answering at all, or an abort, stops the run before its cursor moves.
 */
async function requestAll(paths: readonly string[], options: FillOptions): Promise<void> {
  const isBusy = options.isBusy ?? processIsBusy;
  let next = 0;
  const lane = async () => {
    while (next < paths.length) {
      if (options.signal?.aborted) throw new Stop();
      if (isBusy()) {
        await sleep(PAUSE_MS);
        continue;
      }
      const pagePath = paths[next++]!;
      try {
        const answer = await requestPage(options.base, pagePath, options.signal);
        if (answer.status >= 500) console.error(`Reader fill: ${pagePath} answered ${answer.status}; its first reader renders it`);
      } catch (error) {
        if (!options.signal?.aborted) console.error(`Reader fill: no answer for ${pagePath}; stopping until the next check`, error);
        throw new Stop();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, paths.length)) }, lane));
}

// ── In a server: started by instrumentation.ts, and again by an admin ──────────────────────────

interface Supervisor {
  running: boolean;
  again: boolean;
  timer: ReturnType<typeof setInterval> | null;
}

const SUPERVISOR = Symbol.for("newsdesk.readerFill");

function supervisor(): Supervisor {
  const holder = globalThis as { [SUPERVISOR]?: Supervisor };
  holder[SUPERVISOR] ??= { running: false, again: false, timer: null };
  return holder[SUPERVISOR];
}

/** Runs the fill in this process if the build has one to finish and no other runner has it. */
async function check(): Promise<void> {
  const state = supervisor();
  const base = selfAddress();
  if (!base || env.NEWSDESK_FILL_CONCURRENCY === 0) return;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = true;
  try {
    do {
      state.again = false;
      const buildId = currentBuildId();
      const row = await db.readerFill.findUnique({ where: { buildId }, select: { finishedAt: true } });
      if (row?.finishedAt) continue;
      const outcome = await runReaderFill({ buildId, base, concurrency: env.NEWSDESK_FILL_CONCURRENCY });
      if (outcome === "finished") console.log(`Reader fill: every reader page of build ${buildId} rendered`);
      if (outcome === "superseded") state.again = true;
    } while (state.again);
  } catch (error) {
    console.error("Reader fill: failed; it resumes at the next check", error);
  } finally {
    state.running = false;
  }
}

/** Starts the checks in this server process (instrumentation.ts). NEWSDESK_FILL_CONCURRENCY=0 turns the fill off. */
export function startReaderFill(): void {
  const state = supervisor();
  if (state.timer || env.NEWSDESK_FILL_CONCURRENCY === 0) return;
  processIsBusy();
  setTimeout(() => void check(), FIRST_CHECK_MS).unref();
  state.timer = setInterval(() => void check(), CHECK_EVERY_MS);
  state.timer.unref();
}

// ── What admins see and do (/desk/settings) ───────────────────────────────────────────────────

export interface ReaderFillStatus {
  buildId: string;
  started: boolean;
  done: number;
  total: number;
  finishedAt: Date | null;
  /** Pages a second in this run, or null when too early to say (or finished). */
  perSecond: number | null;
  /** Seconds left at that rate, or null. */
  secondsLeft: number | null;
  /** Pages re-rendered after changes (write-through) in the last hour. */
  writtenThroughLastHour: number;
  /** Whether the fill is turned off here (NEWSDESK_FILL_CONCURRENCY=0). */
  off: boolean;
}

/** Where the fill of this build stands (admins: settings.manage). */
export async function getReaderFillStatus(actor: Actor | null): Promise<ReaderFillStatus> {
  assertCan(actor, "settings.manage", FILL_ADMINS_ONLY);
  const buildId = currentBuildId();
  const [row, writtenThroughLastHour] = await Promise.all([
    db.readerFill.findUnique({ where: { buildId } }),
    db.readerWriteThrough.count({ where: { renderedAt: { gt: new Date(Date.now() - 3_600_000) } } }),
  ]);
  const off = env.NEWSDESK_FILL_CONCURRENCY === 0;
  if (!row) return { buildId, started: false, done: 0, total: 0, finishedAt: null, perSecond: null, secondsLeft: null, writtenThroughLastHour, off };
  const seconds = (row.updatedAt.getTime() - row.resumedAt.getTime()) / 1000;
  const pages = row.done - row.resumedDone;
  const perSecond = !row.finishedAt && seconds >= 1 && pages > 0 ? pages / seconds : null;
  const secondsLeft = perSecond ? Math.max(0, row.total - row.done) / perSecond : null;
  return { buildId, started: true, done: row.done, total: row.total, finishedAt: row.finishedAt, perSecond, secondsLeft, writtenThroughLastHour, off };
}

/** Starts the fill of this build over from the first page (admins: settings.manage); audited. */
export async function restartReaderFill(actor: Actor | null): Promise<void> {
  const admin = assertCan(actor, "settings.manage", FILL_ADMINS_ONLY);
  const buildId = currentBuildId();
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "ReaderFill" ("buildId") VALUES (${buildId})
      ON CONFLICT ("buildId") DO UPDATE SET "generation" = "ReaderFill"."generation" + 1, "cursor" = NULL, "done" = 0,
        "resumedDone" = 0, "startedAt" = now(), "resumedAt" = now(), "updatedAt" = now(), "finishedAt" = NULL`;
    await recordAudit(tx, { actorId: admin.id, action: "setting.update", entityType: "setting", entityId: "readerFill", data: { buildId } });
  });
  // This process starts at once; a runner elsewhere sees the new generation at its next batch.
  void check();
}
