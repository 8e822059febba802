// The reader site's loaders, through the reader cache. Reader pages call these rather than the
// queries themselves: each result is cached under the tags of what it shows (lib/cache/tags.ts),
// and the page rendered from it carries the same tags, so a change that stamps one of them
// refreshes both, on every instance. A loader is tagged by what it is keyed on; a change stamps the
// tags of everything it touched, before and after (lib/cache/invalidate.ts). docs/caching.md.

import "server-only";

import { cache } from "react";

import { withReaderReads } from "@/lib/db";

import { listFeedStories as queryFeedStories, type ListFeedStoriesInput } from "@/lib/feeds/queries";
import { findMergedByline as queryMergedByline } from "@/lib/bylines/queries";
import { DEFAULT_SITE_SETTINGS } from "@/lib/settings/schemas";
import { readSiteSettings } from "@/lib/settings/site";
import { siteInfo, type SiteInfo } from "@/lib/site";
import { findRenamedSection as queryRenamedSection, listSections as querySections, getSectionBySlug as querySection } from "@/lib/sections/queries";
import { findRenamedTag as queryRenamedTag } from "@/lib/tags/queries";
import { getBylinePage as queryBylinePage, getFrontPage as queryFrontPage, getTagPage as queryTagPage, listSectionStories as querySectionStories } from "@/lib/stories/listing";
import { getPublishedStory as queryPublishedStory } from "@/lib/stories/queries";
import { getStoryPage as queryStoryPage, type StoryPageLookup } from "@/lib/stories/story-page";

import { cachedReader, tagThisRender } from "./cached";
import { expiresTag } from "./expiry.mjs";
import { bylineTag, commentsTag, FEEDS_TAG, HOME_TAG, READER_TAG, sectionTag, SECTIONS_TAG, slugTag, storyTag, topicTag } from "./tags";

/**
 * Everything a story page shows (lib/stories/story-page.ts), in one statement. Not kept in the data
 * cache: the page itself is, and a miss re-reads it all in one round trip, cheaper than looking up
 * and storing the pieces. The render is tagged with what it shows instead, as the loaders it
 * replaced were: the slug (a 404 or redirect too), the story, its comments, and each related story.
 * Calls within one render (the metadata and the page) are shared.
 */
export const getStoryPage = cache(async (sectionSlug: string, slug: string): Promise<StoryPageLookup> => {
  const lookup = await withReaderReads(() => queryStoryPage(sectionSlug, slug));
  await tagThisRender(storyPageTags(slug, lookup));
  return lookup;
});

/** The tags of a story page's render: what a change stamps when the page must show it. */
export function storyPageTags(slug: string, lookup: StoryPageLookup): string[] {
  let tags: string[];
  try {
    tags = [READER_TAG, slugTag(slug)];
  } catch {
    // A slug no tag can name (over-long) is nothing we publish: its 404 is left untagged, as before.
    return [];
  }
  if (lookup.kind === "found") {
    const { story, related } = lookup.page;
    tags.push(storyTag(story.id), commentsTag(story.id), ...related.map((teaser) => storyTag(teaser.id)));
    // Comments that close by the clock: the page stops being true then, with no change to stamp.
    const closesAt = lookup.page.comments.policy.closesAt;
    if (closesAt) tags.push(expiresTag(closesAt));
  }
  return tags;
}

/**
 * The site settings (name, description, logo, favicon, locale, organisation, social accounts). On
 * every reader page, and only its tag refreshes it: a change stamps `reader` (lib/settings/site.ts),
 * which every cached loader and reader page carries.
 */
export const getSiteSettings = cachedReader("site-settings", readSiteSettings, () => [], { duringBuild: DEFAULT_SITE_SETTINGS, revalidate: false });

/** The site as the feed, metadata and JSON-LD builders see it (lib/site.ts), from the site settings. */
export async function getSiteInfo(): Promise<SiteInfo> {
  return siteInfo(await getSiteSettings());
}

/** A published story by the slug in its URL (old slugs redirect), for its discussion page. */
export const getPublishedStory = cachedReader("published-story", queryPublishedStory, (_section, slug) => [slugTag(slug)]);

/** The front page: the lead and each section's newest. */
export const getFrontPage = cachedReader("front-page", queryFrontPage, () => [HOME_TAG], { duringBuild: { lead: null, sections: [] } });

/** The sections in the site header. On every page, the story page's too: refreshed only by its tag (see cachedReader). */
export const listSections = cachedReader("sections", querySections, () => [SECTIONS_TAG], { duringBuild: [], revalidate: false });

export const getSectionBySlug = cachedReader("section", querySection, (slug) => [sectionTag(slug)]);

/** The current slug of a renamed section, by an old one (its front, pages and feeds answer 308). */
export const findRenamedSection = cachedReader("section-renamed", queryRenamedSection, (slug) => [sectionTag(slug)]);

/** The byline a merged byline's slug now belongs to (its page answers 308). */
export const findMergedByline = cachedReader("byline-merged", queryMergedByline, (slug) => [bylineTag(slug)]);

/** The current slug of a renamed or merged tag, by an old one (its page answers 308). */
export const findRenamedTag = cachedReader("tag-renamed", queryRenamedTag, (slug) => [topicTag(slug)]);

export const listSectionStories = cachedReader("section-stories", querySectionStories, (slug) => [sectionTag(slug)]);

export const getBylinePage = cachedReader("byline-page", queryBylinePage, (slug) => [bylineTag(slug)]);

export const getTagPage = cachedReader("tag-page", queryTagPage, (slug) => [topicTag(slug)]);

/** The latest stories for the RSS and Atom feeds, the site's or one section's (the site's are rendered at build). */
export const listFeedStories = cachedReader(
  "feed-stories",
  queryFeedStories,
  (input: ListFeedStoriesInput = {}) => [FEEDS_TAG, ...(input.sectionSlug ? [sectionTag(input.sectionSlug)] : [])],
  { duringBuild: [] },
);
