// @ts-check
// A page that stops being true at a known moment carries that moment as a tag, `expires:<ms since
// the epoch>` (a story page whose comments close then: lib/cache/reader.ts). Every freshness check
// of the reader cache (lib/cache/reader-cache-store.mjs) treats a page past it as stamped: it is
// not sent again, and the next request renders it. Stamps cover every change someone makes; this
// covers the changes the clock makes, so the pages' revalidate time can be long.

export const EXPIRES_PREFIX = "expires:";

/**
 * The tag that makes a page expire at `at`.
 * @param {Date} at
 */
export function expiresTag(at) {
  return `${EXPIRES_PREFIX}${at.getTime()}`;
}

/**
 * The earliest expiry among `tags` (ms since the epoch), or Infinity.
 * @param {readonly string[]} tags
 */
export function expiryOf(tags) {
  let earliest = Infinity;
  for (const tag of tags) {
    if (!tag.startsWith(EXPIRES_PREFIX)) continue;
    const at = Number(tag.slice(EXPIRES_PREFIX.length));
    if (Number.isFinite(at) && at < earliest) earliest = at;
  }
  return earliest;
}

/**
 * Whether an entry rendered at `lastModified` is past its time at `now`: its revalidate seconds, or
 * the expiry its tags carry.
 * @param {number | false | null | undefined} revalidateSeconds
 * @param {number} lastModified
 * @param {readonly string[]} tags
 * @param {number} now
 */
export function isPastItsTime(revalidateSeconds, lastModified, tags, now) {
  if (typeof revalidateSeconds === "number" && now - lastModified > revalidateSeconds * 1000) return true;
  return expiryOf(tags) <= now;
}
