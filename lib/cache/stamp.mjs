// @ts-check
// How a reader-cache invalidation is written, shared by invalidate.ts (server actions, the
// scheduler, scripts) and the cache handler (Next's revalidateTag): one statement stamps each tag's
// row in "CacheTag" and NOTIFYs the channel, so the rows and the notification commit together.
// The payload is {"at": <stamp time, ms since epoch, database clock>, "tags": [...]}; the cache
// handler uses `at` to tell a stamp it has heard of from one its poll finds.

export const CACHE_CHANNEL = "newsdesk_cache";

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more: callers send tags in chunks below this. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7000;

/** $1: text[] of distinct tags, $2: the channel. */
export const STAMP_SQL = `
  WITH now AS (SELECT clock_timestamp()::timestamptz(3) AS at),
  stamped AS (
    INSERT INTO "CacheTag" ("tag", "revalidatedAt")
    SELECT tag, now.at FROM unnest($1::text[]) AS tag, now
    ON CONFLICT ("tag") DO UPDATE SET "revalidatedAt" = GREATEST("CacheTag"."revalidatedAt", EXCLUDED."revalidatedAt")
    RETURNING 1
  )
  SELECT pg_notify($2, json_build_object('at', round(extract(epoch FROM now.at) * 1000), 'tags', to_json($1::text[]))::text) AS "notified",
         (SELECT count(*) FROM stamped)::int AS "stamped"
  FROM now`;

/**
 * Splits tags into chunks whose NOTIFY payload stays under the limit.
 * @param {readonly string[]} tags
 * @returns {string[][]}
 */
export function chunkTagsForNotify(tags) {
  const chunks = [];
  let current = [];
  let size = 64;
  for (const tag of tags) {
    const cost = Buffer.byteLength(JSON.stringify(tag)) + 1;
    if (current.length > 0 && size + cost > MAX_NOTIFY_PAYLOAD_BYTES) {
      chunks.push(current);
      current = [];
      size = 64;
    }
    current.push(tag);
    size += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
