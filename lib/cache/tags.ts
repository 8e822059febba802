// The reader cache's tag vocabulary. Every cached reader loader is tagged with what it is keyed on
// (a story's slug, a section, a byline, a tag, the home page, the feeds) plus `reader`; every change
// readers can see invalidates the tags of everything it touches, before and after the change.
// Pure: the same names are used by the loaders (lib/cache/cached.ts), the mutations that call
// invalidateReaderCache (lib/cache/invalidate.ts) and the tests.

/** Everything readers see: invalidate it when something shown on every page changes (sections, site name). */
export const READER_TAG = "reader";
/** The front page. */
export const HOME_TAG = "home";
/** Every feed and sitemap. */
export const FEEDS_TAG = "feeds";
/** The /corrections page. */
export const CORRECTIONS_TAG = "corrections";
/** The list of sections in the site header. */
export const SECTIONS_TAG = "sections";

/** Next's implicit path tags start with this; ours must not, or revalidatePath could collide with them. */
const NEXT_IMPLICIT_PREFIX = "_N_T_";
/** Next refuses longer tags (they are never assigned), so a longer one would silently never invalidate. */
export const MAX_TAG_LENGTH = 256;

function scoped(kind: string, key: string): string {
  const tag = `${kind}:${key}`;
  if (key === "" || tag.length > MAX_TAG_LENGTH) throw new Error(`Not a usable cache tag: ${JSON.stringify(tag)}`);
  return tag;
}

/** Loaders keyed by a story's id (comments, the story's own data read by id). */
export function storyTag(storyId: string): string {
  return scoped("story", storyId);
}

/**
 * A story's published comments, as the cached story page shows them. Kept apart from storyTag so a
 * new comment re-renders the story page alone, not every page listing the story as related.
 */
export function commentsTag(storyId: string): string {
  return scoped("comments", storyId);
}

/** The story page is looked up by slug, so it is tagged by slug: that also covers a cached 404 for a slug about to be published, and old slugs that redirect. */
export function slugTag(slug: string): string {
  return scoped("slug", slug);
}

export function sectionTag(sectionSlug: string): string {
  return scoped("section", sectionSlug);
}

export function bylineTag(bylineSlug: string): string {
  return scoped("byline", bylineSlug);
}

/** A story tag's page (tag:<slug>): "tag" here is the newsroom's topic tag, not a cache tag. */
export function topicTag(tagSlug: string): string {
  return scoped("tag", tagSlug);
}

/** What readers can see of one story: where it appears and under which URLs. */
export interface StoryPlacement {
  id: string;
  /** Its slug and every old slug that still redirects to it. */
  slugs: readonly string[];
  /** Null for a draft not yet placed in a section. */
  sectionSlug: string | null;
  bylineSlugs: readonly string[];
  tagSlugs: readonly string[];
  /** Whether readers can see it (PUBLISHED). */
  isPublic: boolean;
}

/**
 * The tags to invalidate when a story changes in a way readers may see. Give its placement before
 * and after the change: a story that moved section, lost a byline or a tag, or changed its slug
 * must leave the old pages too.
 */
export function tagsForStoryChange(...placements: ReadonlyArray<StoryPlacement | null | undefined>): string[] {
  const tags = new Set<string>();
  for (const placement of placements) {
    if (!placement) continue;
    tags.add(storyTag(placement.id));
    for (const slug of placement.slugs) tags.add(slugTag(slug));
    if (placement.sectionSlug) tags.add(sectionTag(placement.sectionSlug));
    for (const slug of placement.bylineSlugs) tags.add(bylineTag(slug));
    for (const slug of placement.tagSlugs) tags.add(topicTag(slug));
  }
  if (tags.size === 0) return [];
  // Lists of latest stories, the feeds and the corrections page all show headlines and links.
  tags.add(HOME_TAG);
  tags.add(FEEDS_TAG);
  tags.add(CORRECTIONS_TAG);
  return [...tags].sort();
}

/** Whether a change to this story (before → after) is one readers could see at all. */
export function isReaderVisibleChange(before: Pick<StoryPlacement, "isPublic"> | null, after: Pick<StoryPlacement, "isPublic"> | null): boolean {
  return Boolean(before?.isPublic || after?.isPublic);
}

/** Refuses tags the cache cannot use, so a typo fails in tests rather than never invalidating. */
export function assertCacheTags(tags: readonly string[]): void {
  for (const tag of tags) {
    if (typeof tag !== "string" || tag === "" || tag.length > MAX_TAG_LENGTH || tag.includes(",")) {
      throw new Error(`Not a usable cache tag: ${JSON.stringify(tag)}`);
    }
    if (tag.startsWith(NEXT_IMPLICIT_PREFIX)) throw new Error(`Cache tags starting with ${NEXT_IMPLICIT_PREFIX} belong to Next (revalidatePath): ${tag}`);
  }
}
