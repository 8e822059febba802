// One test of "is this an id": any string PostgreSQL can cast to uuid (32 hex digits in the
// 8-4-4-4-12 groups, either case). Ids from URLs and forms are checked with it before they reach a
// query, so a malformed one is "not found", never a database error.

/** The pattern itself, unanchored, for regular expressions that hold an id among other things (cursors, storage keys). */
export const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const UUID = new RegExp(`^${UUID_PATTERN}$`, "i");

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
