// What readers may see: a story that is PUBLISHED, has its publication time, and is under no
// embargo that has not lifted yet ("embargoUntil" null or past). Defined once, in
// the three forms the queries need: a Prisma filter, a SQL condition for raw statements, and a
// test of a row already read. Every reader query (listings, the story page, feeds and sitemaps,
// search, corrections, discussions, a reader's own comments) uses one of them.
//
// SQL that cannot import this repeats the rule, and must change with it:
// - prisma/migrations/20261127090656_story_search_ranked/migration.sql: the trigger that keeps
//   "StorySearch" (status = 'PUBLISHED' AND "publishedAt" IS NOT NULL) and its back-fill;
// - the PL/pgSQL function post_comment (latest in
//   prisma/migrations/20261206040000_post_comment_checks_session/migration.sql), which refuses a
//   comment on a story whose status is not 'PUBLISHED';
// - the benchmarks' own selections in scripts/bench/ (which stories to load);
// - the partial index "Story_api_published_idx" (prisma/migrations/20261206211500_api_keys), which
//   the Content API's story list walks.
// The embargo part is a second lock: publishing and scheduling refuse a story before its embargo
// and a published story cannot take a new one (lib/stories/mutations.ts, scheduler.ts), so no
// PUBLISHED row should ever fail it; the trigger, post_comment and the index rely on that.

import "server-only";

import { Prisma } from "@/lib/generated/prisma/client";
import type { StoryStatus } from "@/lib/generated/prisma/enums";

/** The stories readers may see, as a Prisma filter on Story. */
export const publishedStoryWhere = {
  status: "PUBLISHED",
  publishedAt: { not: null },
  /**
   * No embargo, or one that has lifted: read at each query (a getter), so the embargo is compared
   * with the time of the query. (Not `NOT: { embargoUntil: { gt } }`: SQL's NOT of a comparison with
   * NULL is NULL, which would hide every story without an embargo.) A caller that spreads this
   * filter must not add an `AND` of its own: nest both in an `AND` list instead.
   */
  get AND() {
    return [{ OR: [{ embargoUntil: null }, { embargoUntil: { lte: new Date() } }] }];
  },
} as const satisfies Prisma.StoryWhereInput;

/**
 * The same, as a condition on the "Story" row named `alias` in a raw statement: the columns of the
 * (sectionId, status, publishedAt) index, so the planner walks it. Story's timestamps are UTC
 * without a zone: the clock is turned to UTC before comparing, or a database whose TimeZone is
 * ahead of UTC (Asia, say) would lift an embargo hours early.
 */
export function publishedStorySql(alias: string): Prisma.Sql {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`Not an SQL alias: ${alias}`);
  return Prisma.raw(
    `${alias}."status" = 'PUBLISHED' AND ${alias}."publishedAt" IS NOT NULL AND (${alias}."embargoUntil" IS NULL OR ${alias}."embargoUntil" <= (CURRENT_TIMESTAMP AT TIME ZONE 'UTC'))`,
  );
}

/**
 * The section of a story readers may see. A draft may have no section yet, but publishing and
 * scheduling refuse such a story and a public story cannot lose its section
 * (lib/stories/mutations.ts): a reader query only ever meets stories that have one.
 */
export function publicSection<T>(section: T | null): T {
  if (section === null) throw new Error("A published story has no section: publishing requires one.");
  return section;
}

/** The same, for a story row already read. */
export function isPublishedStory(story: { status: StoryStatus; publishedAt: Date | null; embargoUntil: Date | null }, now = new Date()): boolean {
  return story.status === "PUBLISHED" && story.publishedAt !== null && (story.embargoUntil === null || story.embargoUntil <= now);
}
