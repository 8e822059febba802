// @ts-check
// When this process learnt that each reader-cache tag was stamped: the listener and the poller
// under the reader cache (lib/cache/reader-cache-store.mjs). Every change readers can see stamps its
// tags in the "CacheTag" table and NOTIFYs newsdesk_cache (lib/cache/invalidate.ts, or Next's own
// revalidateTag/revalidatePath through revalidateTags below); each instance LISTENs on a connection
// of its own, and polls the table every second in case a notification was missed. See
// docs/caching.md.
//
// Plain JavaScript: Next loads the cache handler unbundled in the server process.

import pg from "pg";

import { CACHE_CHANNEL, chunkTagsForNotify, STAMP_SQL } from "./stamp.mjs";

/** The poll looks this far behind the newest stamp it has seen: a stamp's time is taken a moment before it commits. */
export const POLL_OVERLAP_MS = 10_000;
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * @typedef {object} TagStampsOptions
 * @property {string} [databaseUrl] none (during `next build`): memory only, nothing heard from other instances
 * @property {number} [pollIntervalMs]
 * @property {boolean} [listen] false only in tests: the poll alone must still catch every stamp
 * @property {Pick<Console, "warn">} [log]
 * @property {() => number} [oldestInUse] the local time before which no stamp matters any more (the oldest entry or render still kept)
 */

export class TagStamps {
  /** @param {TagStampsOptions} [options] */
  constructor({ databaseUrl, pollIntervalMs = 1000, listen = true, log = console, oldestInUse = () => Date.now() } = {}) {
    this.databaseUrl = databaseUrl;
    this.listen = listen;
    this.pollIntervalMs = pollIntervalMs;
    this.log = log;
    this.oldestInUse = oldestInUse;
    /** @type {Map<string, number>} tag → local time this process learnt it was stamped. */
    this.tagStampedAt = new Map();
    /**
     * @type {Map<string, number>} tag → local time this process marked it itself (invalidate.ts),
     * possibly before the stamp reached the database: the shared store's rows cannot know of it yet.
     */
    this.localMarks = new Map();
    /** @type {Map<string, number>} tag → newest stamp time (the database's clock) this process has seen, so the poll skips what NOTIFY brought. */
    this.tagDbTimes = new Map();
    /** @type {number | null} */
    this.newestDbTime = null;
    /** @type {pg.Client | null} */
    this.listener = null;
    this.listening = false;
    this.reconnectDelay = RECONNECT_MIN_MS;
    /** @type {NodeJS.Timeout | undefined} */
    this.reconnectTimer = undefined;
    /** @type {NodeJS.Timeout | undefined} */
    this.pollTimer = undefined;
    this.polling = false;
    /** @type {pg.Pool | null} */
    this.pool = null;
    this.stopped = false;
    this.lastPrune = Date.now();
    this.lastError = "";
    /**
     * The snapshot (pg_snapshot as text) of the last poll that completed: every stamp committed in
     * it has been applied here. A render that begins now is fresh as of it (the shared store,
     * lib/cache/shared-store.mjs, and docs/caching.md). Null until the first poll.
     * @type {string | null}
     */
    this.heardThrough = null;
    /** The local time of the latest mark (markRevalidated). */
    this.lastMarkAt = 0;
    this.pollAgain = false;
    /** @type {Array<() => void>} */
    this.pollWaiters = [];
    /**
     * The primary's WAL position (pg_current_wal_insert_lsn, as text) read by the poll that applied
     * the newest stamp this process knows of: every change whose stamp was heard here lies before
     * it. A read replica that has replayed past it shows all of them (lib/db.ts, docs/caching.md
     * "Read replicas and freshness"). Null until the first poll.
     * @type {string | null}
     */
    this.walPosition = null;
    /** Marks this process made or heard of outside a poll (markLocally, a notification), counted. */
    this.markSeq = 0;
    /** The markSeq a completed poll began after: marks up to it are covered by walPosition. */
    this.walSeq = 0;
  }

  /** Connects to PostgreSQL (when there is one): LISTEN, and the poll. */
  start() {
    if (!this.databaseUrl || this.pool) return;
    this.pool = new pg.Pool({ connectionString: this.databaseUrl, max: 2, allowExitOnIdle: true, application_name: "newsdesk-cache" });
    this.pool.on("error", (error) => this.warn("Reader cache: idle database connection failed", error));
    if (this.listen) void this.connectListener();
    this.pollTimer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.pollTimer.unref?.();
    void this.poll();
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    this.listening = false;
    await Promise.allSettled([listener?.end(), this.pool?.end()]);
    this.pool = null;
  }

  /**
   * Logs a failure once, not again while it repeats.
   * @param {string} message
   * @param {unknown} error
   */
  warn(message, error) {
    const text = `${message}: ${error instanceof Error ? error.message : String(error)}`;
    if (text === this.lastError) return;
    this.lastError = text;
    this.log.warn(text);
  }

  async connectListener() {
    if (this.stopped || !this.databaseUrl) return;
    const client = new pg.Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: "newsdesk-cache-listener" });
    this.listener = client;
    let failed = false;
    /** @param {unknown} error */
    const fail = (error) => {
      if (failed) return;
      failed = true;
      this.listening = false;
      if (this.listener === client) this.listener = null;
      client.removeAllListeners("notification");
      client.end().catch(() => {});
      if (this.stopped) return;
      this.warn(`Reader cache: lost LISTEN ${CACHE_CHANNEL}, reconnecting in ${this.reconnectDelay} ms (the poll covers the gap)`, error);
      this.reconnectTimer = setTimeout(() => void this.connectListener(), this.reconnectDelay);
      this.reconnectTimer.unref?.();
      this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_MAX_MS);
    };
    client.on("error", fail);
    client.on("end", () => fail(new Error("connection ended")));
    client.on("notification", (message) => {
      if (message.channel === CACHE_CHANNEL) this.receive(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CACHE_CHANNEL}`);
      if (failed) return;
      this.listening = true;
      this.reconnectDelay = RECONNECT_MIN_MS;
      this.lastError = "";
      // Anything stamped while we were not listening is in the table: look now rather than in a second.
      void this.poll();
    } catch (error) {
      fail(error);
    }
  }

  /**
   * A notification: {"at": <stamp time, ms, database clock>, "tags": [...]} (lib/cache/stamp.mjs), or a bare list of tags.
   * @param {string | undefined} payload
   */
  receive(payload) {
    /** @type {unknown} */
    let message;
    try {
      message = JSON.parse(payload ?? "");
    } catch {
      return;
    }
    const fields = /** @type {{ tags?: unknown, at?: unknown } | null} */ (typeof message === "object" ? message : null);
    const tags = Array.isArray(message) ? message : fields?.tags;
    if (!Array.isArray(tags)) return;
    /** @type {string[]} */
    const strings = tags.filter((tag) => typeof tag === "string");
    this.markSeq += 1;
    this.markRevalidated(strings);
    const at = fields?.at;
    if (typeof at === "number") for (const tag of strings) this.noteDbTime(tag, at);
    // Move heardThrough past this stamp now rather than at the next tick: a render that begins
    // before the next poll stores a page the shared store will not serve.
    void this.poll();
  }

  /**
   * @param {string} tag
   * @param {number} at the stamp's time, ms since the epoch, the database's clock
   */
  noteDbTime(tag, at) {
    const known = this.tagDbTimes.get(tag);
    if (known === undefined || at > known) this.tagDbTimes.set(tag, at);
    if (this.newestDbTime === null || at > this.newestDbTime) this.newestDbTime = at;
  }

  /** The poll: the safety net under LISTEN. Stamps it has not already heard of are applied now. */
  async poll() {
    if (!this.pool || this.stopped) return;
    if (this.polling) {
      this.pollAgain = true;
      return;
    }
    this.polling = true;
    // Marks made before this point are covered by the WAL position this poll reads.
    const seq = this.markSeq;
    try {
      if (this.newestDbTime === null) {
        /** @type {pg.QueryResult<{ at: number | null }>} */
        const newest = await this.pool.query(`SELECT (extract(epoch FROM max("revalidatedAt")) * 1000)::float8 AS "at" FROM "CacheTag"`);
        this.newestDbTime = newest.rows[0]?.at ?? 0;
      }
      const since = this.newestDbTime - POLL_OVERLAP_MS;
      // One statement, so one snapshot: the stamps read are exactly those committed in it.
      // The WAL position is read after the statement's snapshot was taken, so it lies past the
      // commit of every stamp (and so of every change) committed in that snapshot.
      /** @type {pg.QueryResult<{ snapshot: string, lsn: string, stamps: Array<{ tag: string, at: number }> }>} */
      const result = await this.pool.query(
        `SELECT pg_current_snapshot()::text AS "snapshot", pg_current_wal_insert_lsn()::text AS "lsn",
                COALESCE((SELECT json_agg(json_build_object('tag', "tag", 'at', (extract(epoch FROM "revalidatedAt") * 1000)::float8))
                          FROM "CacheTag" WHERE "revalidatedAt" > to_timestamp($1::float8 / 1000)), '[]'::json) AS "stamps"`,
        [since],
      );
      const rows = result.rows[0]?.stamps ?? [];
      /** @type {string[]} */
      const missed = [];
      for (const { tag, at } of rows) {
        const known = this.tagDbTimes.get(tag);
        if (known === undefined || at > known) missed.push(tag);
        this.noteDbTime(tag, at);
      }
      // Before the marks: a render that sees them also sees the position replicas must reach.
      const lsn = result.rows[0]?.lsn ?? null;
      if (lsn !== null && (missed.length > 0 || seq > this.walSeq || this.walPosition === null)) this.walPosition = lsn;
      this.walSeq = Math.max(this.walSeq, seq);
      if (missed.length > 0) this.markRevalidated(missed);
      this.heardThrough = result.rows[0]?.snapshot ?? null;
      this.prune();
    } catch (error) {
      this.warn("Reader cache: polling CacheTag failed", error);
    } finally {
      this.polling = false;
      const waiters = this.pollWaiters.splice(0);
      for (const resolve of waiters) resolve();
      if (this.pollAgain) {
        this.pollAgain = false;
        void this.poll();
      }
    }
  }

  /**
   * Resolves once the first poll has completed (or failed), or after `timeoutMs`.
   * @param {number} timeoutMs
   * @returns {Promise<void>}
   */
  async firstPoll(timeoutMs) {
    if (this.heardThrough !== null || !this.pool || this.stopped) return;
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    await Promise.race([
      new Promise((resolve) => this.pollWaiters.push(() => resolve(undefined))),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref?.();
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * Resolves once a poll that began after this call has completed (or failed): then every stamp
   * committed before the call has been applied here, and heardThrough covers it. For a render that
   * must be kept by the shared store right after a stamp (write-through).
   * @returns {Promise<void>}
   */
  async pollNow() {
    if (!this.pool || this.stopped) return;
    await new Promise((resolve) => {
      // A poll in flight may have taken its snapshot before this call: wait for the one after it.
      if (this.polling) {
        this.pollAgain = true;
        this.pollWaiters.push(() => this.pollWaiters.push(() => resolve(undefined)));
      } else {
        this.pollWaiters.push(() => resolve(undefined));
        void this.poll();
      }
    });
  }

  /**
   * The WAL position a read replica must have replayed before a read for a render that begins now:
   * past every change whose stamp this process has heard of or made. After a mark not yet covered
   * by a poll (a notification, or this process's own change) it waits for a poll begun after it.
   * Null when unknown (no database, no poll has succeeded since): read from the primary.
   * @returns {Promise<string | null>}
   */
  async readerWalPosition() {
    if (!this.pool || this.stopped) return null;
    const seq = this.markSeq;
    if (seq > this.walSeq) await this.pollNow();
    return this.walSeq >= seq ? this.walPosition : null;
  }

  /** Forget tag stamps no entry can be older than. */
  prune() {
    const now = Date.now();
    if (now - this.lastPrune < PRUNE_EVERY_MS) return;
    this.lastPrune = now;
    // With a margin: a stamp marked here before it committed still matters to a page loaded from
    // the shared store that was rendered before it.
    const oldest = Math.min(now, this.oldestInUse()) - POLL_OVERLAP_MS;
    for (const [tag, at] of this.tagStampedAt) if (at < oldest) this.tagStampedAt.delete(tag);
    for (const [tag, at] of this.localMarks) if (at < now - POLL_OVERLAP_MS) this.localMarks.delete(tag);
    for (const [tag, at] of this.tagDbTimes) if (at < (this.newestDbTime ?? 0) - 2 * POLL_OVERLAP_MS) this.tagDbTimes.delete(tag);
  }

  /**
   * This process learns now that these tags changed.
   * @param {readonly string[]} tags
   */
  markRevalidated(tags) {
    const now = Date.now();
    for (const tag of tags) this.tagStampedAt.set(tag, now);
    if (tags.length > 0) this.lastMarkAt = now;
  }

  /**
   * This process changed what these tags show and marks them now, before (or after) stamping them
   * in the database.
   * @param {readonly string[]} tags
   */
  markLocally(tags) {
    this.markSeq += 1;
    this.markRevalidated(tags);
    const now = Date.now();
    for (const tag of tags) this.localMarks.set(tag, now);
  }

  /**
   * Whether this process marked any of these tags itself at or after `since` (its own clock): a
   * row of the shared store rendered before that may not be stale in the database yet.
   * @param {Iterable<string>} tags
   * @param {number} since
   */
  isMarkedLocallySince(tags, since) {
    for (const tag of tags) {
      const at = this.localMarks.get(tag);
      if (at !== undefined && at >= since) return true;
    }
    return false;
  }

  /**
   * Stamps tags for every instance (Next's revalidateTag and revalidatePath come here).
   * @param {readonly unknown[]} tags
   */
  async revalidateTags(tags) {
    const unique = /** @type {string[]} */ ([...new Set(tags)].filter((tag) => typeof tag === "string" && tag !== ""));
    if (unique.length === 0) return;
    this.markLocally(unique);
    if (!this.pool) return;
    for (const chunk of chunkTagsForNotify(unique)) await this.pool.query(STAMP_SQL, [chunk, CACHE_CHANNEL]);
  }

  /**
   * Whether this process learnt of a stamp of any of these tags at or after `since` (its own clock).
   * @param {Iterable<string>} tags
   * @param {number} since
   */
  isStampedSince(tags, since) {
    for (const tag of tags) {
      const at = this.tagStampedAt.get(tag);
      if (at !== undefined && at >= since) return true;
    }
    return false;
  }
}
