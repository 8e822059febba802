// Write-through: after a change readers can see has been invalidated (invalidateStoryChange,
// lib/cache/invalidate.ts), the instance that made it re-renders the pages showing it, in the
// background, by requesting them from the app itself (lib/cache/self-address.ts), so the next
// reader gets a stored page instead of waiting for a render. Other instances get the stored copy
// from the shared store. Deduplicated (a path already queued is not queued twice; one being
// requested is requested once more after, since its render may have begun before the change),
// two at a time, never awaited by the action that made the change; failures are logged.

import "server-only";

import { getPool } from "@/lib/db";

import { requestPage, selfAddress } from "./self-address";
import type { StoryPlacement } from "./tags";

/** Pages requested at once. */
const CONCURRENCY = 2;
/**
 * How long after the stamp the first request goes out: the other processes on this machine (one
 * of which may answer it) hear the stamp's NOTIFY within milliseconds, and must have, or they
 * would answer with the page they still hold.
 */
const START_DELAY_MS = 100;
/** Results recorded in ReaderWriteThrough by one statement, at most. */
const RECORD_BATCH = 50;

const segment = (value: string) => encodeURIComponent(value);

/**
 * The reader pages a change to a story shows on, from where it was before and where it is after:
 * its page (at its current path, and at the old one when it moved), its section front, the front
 * page, its byline and tag pages (page 1 of each), and the feeds. The story page first.
 */
export function pathsForStoryChange(before: StoryPlacement | null, after: StoryPlacement | null): string[] {
  const placements = [after, before].filter((p): p is StoryPlacement => p !== null);
  const paths = new Set<string>();
  for (const p of placements) if (p.sectionSlug && p.slugs[0]) paths.add(`/${segment(p.sectionSlug)}/${segment(p.slugs[0])}`);
  for (const p of placements) if (p.sectionSlug) paths.add(`/${segment(p.sectionSlug)}`);
  paths.add("/");
  for (const p of placements) for (const slug of p.bylineSlugs) paths.add(`/byline/${segment(slug)}`);
  for (const p of placements) for (const slug of p.tagSlugs) paths.add(`/tag/${segment(slug)}`);
  paths.add("/rss.xml");
  paths.add("/atom.xml");
  for (const p of placements) if (p.sectionSlug) for (const feed of ["rss.xml", "atom.xml"]) paths.add(`/${segment(p.sectionSlug)}/${feed}`);
  return [...paths];
}

interface Done {
  path: string;
  status: number;
  at: Date;
}

class WriteThroughQueue {
  private readonly queued = new Set<string>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly results: Done[] = [];
  private idleWaiters: Array<() => void> = [];
  private recording: Promise<void> = Promise.resolve();
  /** Batches queued but not yet started (START_DELAY_MS). */
  private waiting = 0;

  constructor(private readonly base: string) {}

  enqueue(paths: readonly string[]): void {
    for (const path of paths) {
      if (this.running.has(path)) this.again.add(path);
      else this.queued.add(path);
    }
    this.waiting += 1;
    setTimeout(() => {
      this.waiting -= 1;
      this.pump();
      this.progressed();
    }, START_DELAY_MS);
  }

  get idle(): boolean {
    return this.waiting === 0 && this.queued.size === 0 && this.running.size === 0;
  }

  whenIdle(): Promise<void> {
    if (this.idle) return this.recording;
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve)).then(() => this.recording);
  }

  private pump(): void {
    while (this.running.size < CONCURRENCY && this.queued.size > 0) {
      const path = this.queued.values().next().value as string;
      this.queued.delete(path);
      this.running.add(path);
      void this.request(path).finally(() => {
        this.running.delete(path);
        if (this.again.delete(path)) this.queued.add(path);
        this.pump();
        this.progressed();
      });
    }
  }

  /**
   * After a request or a delayed batch: records the results when the queue is idle (or has many),
   * then wakes whoever waits for idle. A batch whose every path was already requested by the time
   * its delay ran ends the work here, not after a request.
   */
  private progressed(): void {
    if (this.idle || this.results.length >= RECORD_BATCH) this.record();
    if (this.idle) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private async request(path: string): Promise<void> {
    try {
      const answer = await requestPage(this.base, path);
      this.results.push({ path, status: answer.status, at: new Date() });
    } catch (error) {
      console.error(`Write-through: could not re-render ${path}; its first reader renders it`, error);
    }
  }

  /** One statement for the pages done since the last: what admins (and the tests) can see. */
  private record(): void {
    // A path requested again (its render may have begun before a second change) is in the batch
    // twice: keep its latest result, since one statement may not update a row twice.
    const latest = new Map<string, Done>();
    for (const done of this.results.splice(0)) latest.set(done.path, done);
    const batch = [...latest.values()];
    if (batch.length === 0) return;
    this.recording = this.recording.then(async () => {
      try {
        await getPool().query(
          `INSERT INTO "ReaderWriteThrough" ("path", "status", "renderedAt")
           SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[])
           ON CONFLICT ("path") DO UPDATE SET "status" = EXCLUDED."status", "renderedAt" = EXCLUDED."renderedAt"`,
          [batch.map((d) => d.path), batch.map((d) => d.status), batch.map((d) => d.at)],
        );
      } catch (error) {
        console.error("Write-through: could not record the pages it re-rendered", error);
      }
    });
  }
}

const QUEUE = Symbol.for("newsdesk.writeThrough");
type WithQueue = { [QUEUE]?: WriteThroughQueue };

function queue(): WriteThroughQueue | null {
  const base = selfAddress();
  if (!base) return null;
  const holder = globalThis as WithQueue;
  holder[QUEUE] ??= new WriteThroughQueue(base);
  return holder[QUEUE];
}

/** Re-renders these reader pages in the background (nothing outside a server: no address registered). Never throws. */
export function writeThrough(paths: readonly string[]): void {
  try {
    queue()?.enqueue(paths);
  } catch (error) {
    console.error("Write-through: could not queue pages", error);
  }
}

/** Resolves once every queued page has been requested and recorded (tests). */
export function writeThroughSettled(): Promise<void> {
  return (globalThis as WithQueue)[QUEUE]?.whenIdle() ?? Promise.resolve();
}

/** Forgets the queue (tests that register another address). */
export function resetWriteThrough(): void {
  delete (globalThis as WithQueue)[QUEUE];
}
