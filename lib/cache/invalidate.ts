// Invalidating the reader cache is a write to PostgreSQL, so every app instance sees it: one
// statement stamps each tag's row in "CacheTag" and NOTIFYs newsdesk_cache, and every instance's
// cache handler (lib/cache/cache-handler.mjs) drops the pages carrying those tags. It runs after
// the change has committed, on its own connection, from any process: server actions, the
// scheduler, scripts. It never needs Next's request-scoped revalidateTag.

import "server-only";

import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SITE_SETTINGS_KEY } from "@/lib/settings/schemas";
import { publishedStorySql, publishedStoryWhere } from "@/lib/stories/visibility";

import { CACHE_CHANNEL, chunkTagsForNotify, STAMP_SQL } from "./stamp.mjs";
import { assertCacheTags, bylineTag, isReaderVisibleChange, READER_TAG, tagsForStoryChange, type StoryPlacement } from "./tags";
import { pathsForStoryChange, writeThrough } from "./write-through";

/** The hook the cache handler registers in this process, so its own instance forgets at once. */
const LOCAL_HOOK = Symbol.for("newsdesk.readerCache");

interface LocalCacheHook {
  markRevalidated(tags: readonly string[]): void;
}

/**
 * Marks these tags revalidated now, for every instance. Call it after the transaction that made the
 * change has committed (never inside one that might roll back). Resolves once PostgreSQL has
 * committed the stamp and queued the notification.
 */
export async function invalidateReaderCache(tags: readonly string[]): Promise<void> {
  const unique = [...new Set(tags)];
  if (unique.length === 0) return;
  assertCacheTags(unique);
  // This instance forgets first: the editor's next page view must not wait for the round trip.
  (globalThis as { [LOCAL_HOOK]?: LocalCacheHook })[LOCAL_HOOK]?.markRevalidated(unique);
  for (const chunk of chunkTagsForNotify(unique)) {
    // One statement on its own connection, so its own transaction: the rows and the notification commit together.
    await db.$executeRawUnsafe(STAMP_SQL, chunk, CACHE_CHANNEL);
  }
}

/**
 * After the commit of a change that stamped its tags inside its own transaction (posting a comment:
 * the post_comment function, prisma/migrations/*_post_comment_function): this instance forgets at
 * once, without waiting to hear the notification.
 */
export function markReaderCacheLocally(tags: readonly string[]): void {
  (globalThis as { [LOCAL_HOOK]?: LocalCacheHook })[LOCAL_HOOK]?.markRevalidated([...new Set(tags)]);
}

/** Where readers can see a story now (null when it does not exist). Cheap: one indexed query. */
export async function loadStoryPlacement(storyId: string): Promise<StoryPlacement | null> {
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      slug: true,
      status: true,
      section: { select: { slug: true } },
      bylines: { select: { byline: { select: { slug: true } } } },
      tags: { select: { tag: { select: { slug: true } } } },
      oldSlugs: { select: { slug: true } },
    },
  });
  if (!story) return null;
  return {
    id: story.id,
    slugs: [story.slug, ...story.oldSlugs.map((old) => old.slug)],
    sectionSlug: story.section?.slug ?? null,
    bylineSlugs: story.bylines.map((b) => b.byline.slug),
    tagSlugs: story.tags.map((t) => t.tag.slug),
    isPublic: story.status === "PUBLISHED",
  };
}

/**
 * Where readers see each published story matching `where` (a section's, a byline's, a tag's
 * stories): read inside a section, byline or tag change's transaction, before the change, so the
 * pages they showed on are refreshed too (lib/sections, lib/bylines, lib/tags). One query.
 */
export async function loadPublishedPlacements(client: Tx, where: Prisma.StoryWhereInput): Promise<StoryPlacement[]> {
  const stories = await client.story.findMany({
    where: { AND: [publishedStoryWhere, where] },
    select: {
      id: true,
      slug: true,
      section: { select: { slug: true } },
      bylines: { select: { byline: { select: { slug: true } } } },
      tags: { select: { tag: { select: { slug: true } } } },
      oldSlugs: { select: { slug: true } },
    },
  });
  return stories.map((story) => ({
    id: story.id,
    slugs: [story.slug, ...story.oldSlugs.map((old) => old.slug)],
    sectionSlug: story.section?.slug ?? null,
    bylineSlugs: story.bylines.map((b) => b.byline.slug),
    tagSlugs: story.tags.map((t) => t.tag.slug),
    isPublic: true,
  }));
}

/**
 * After a committed change to a section, a byline or a tag: stamps exactly these tags (the pages
 * showing it, docs/caching.md) and re-renders these paths in the background (write-through). A
 * failure is logged, not thrown: the change is saved, and the pages refresh on their revalidate time.
 */
export async function invalidateReaderPages(tags: readonly string[], paths: readonly string[], what: string): Promise<void> {
  try {
    await invalidateReaderCache(tags);
    if (paths.length > 0) writeThrough(paths);
  } catch (error) {
    console.error(`Could not refresh the reader pages after ${what}; they refresh on their revalidate time`, error);
  }
}

/**
 * After a committed change to a story: refreshes every reader page that showed it before or shows
 * it now, on every instance, if readers could see it before or can now. `before` is its placement
 * read before the change (null when nothing about its placement can have changed). A failure is
 * logged, not thrown: the change itself is saved, and the pages still refresh on their own
 * revalidate time (docs/caching.md). Then the pages are re-rendered in the background (write-through).
 */
export async function invalidateStoryChange(before: StoryPlacement | null, storyId: string): Promise<void> {
  try {
    const after = await loadStoryPlacement(storyId);
    if (!isReaderVisibleChange(before, after)) return;
    await invalidateReaderCache(tagsForStoryChange(before, after));
    // Then this instance re-renders those pages ahead of readers, in the background (docs/caching.md).
    writeThrough(pathsForStoryChange(before, after));
  } catch (error) {
    console.error(`Could not invalidate the reader cache for story ${storyId}; its pages refresh on their revalidate time`, error);
  }
}

/**
 * After a committed change to a library image that readers see (its crop and version, focal point,
 * alt text, caption or credit): refreshes, as invalidateStoryChange does, every published story
 * that shows it, as its hero or in its body. Finding them reads every published body (there is no
 * index of where an image is used), so it runs after the change is answered; a failure is logged.
 */
export async function invalidateStoriesShowingMedia(mediaId: string): Promise<void> {
  try {
    const stories = await db.$queryRaw<Array<{ id: string }>>`
      SELECT s.id FROM "Story" s
       WHERE ${publishedStorySql("s")}
         AND (s."heroImageId" = ${mediaId}::uuid
              OR jsonb_path_exists(s.body, '$.** ? (@.mediaId == $id)', jsonb_build_object('id', ${mediaId}::text)))`;
    for (const story of stories) await invalidateStoryChange(null, story.id);
    // A byline's page shows its photo (issue 15).
    const bylines = await db.byline.findMany({ where: { photoId: mediaId }, select: { slug: true } });
    if (bylines.length > 0) await invalidateReaderCache(bylines.map((b) => bylineTag(b.slug)));
    // The site's logo, favicon or organisation logo (site settings) is on every page, at a URL that carries its crop's version.
    const site = await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY }, select: { value: true } });
    const chosen = site?.value && typeof site.value === "object" ? (site.value as Record<string, unknown>) : {};
    if ([chosen.logoMediaId, chosen.faviconMediaId, chosen.organizationLogoMediaId].includes(mediaId)) await invalidateReaderCache([READER_TAG]);
  } catch (error) {
    console.error(`Could not refresh the stories showing image ${mediaId}; their pages refresh on their revalidate time`, error);
  }
}

