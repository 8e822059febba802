// The reader site's loaders, through the reader cache. Reader pages call these rather than the
// queries themselves: each result is cached under the tags of what it shows (lib/cache/tags.ts),
// and the page rendered from it carries the same tags, so a change that stamps one of them
// refreshes both, on every instance. A loader is tagged by what it is keyed on; a change stamps the
// tags of everything it touched, before and after (lib/cache/invalidate.ts). docs/caching.md.

import { getStoryCommentPreview as queryStoryCommentPreview } from "@/lib/comments/queries";
import { listFeedStories as queryFeedStories, type ListFeedStoriesInput } from "@/lib/feeds/queries";
import { listSections as querySections, getSectionBySlug as querySection } from "@/lib/sections/queries";
import { getBylinePage as queryBylinePage, getFrontPage as queryFrontPage, getTagPage as queryTagPage, listSectionStories as querySectionStories, listStoryTags as queryStoryTags } from "@/lib/stories/listing";
import { getPublishedStory as queryPublishedStory } from "@/lib/stories/queries";

import { cachedReader } from "./cached";
import { bylineTag, commentsTag, FEEDS_TAG, HOME_TAG, sectionTag, SECTIONS_TAG, slugTag, storyTag, topicTag } from "./tags";

/** A story page's story, by the slug in its URL (old slugs redirect). */
export const getPublishedStory = cachedReader("published-story", queryPublishedStory, (_section, slug) => [slugTag(slug)]);

/** The front page: the lead and each section's newest. */
export const getFrontPage = cachedReader("front-page", queryFrontPage, () => [HOME_TAG], { duringBuild: { lead: null, sections: [] } });

/** The sections in the site header. */
export const listSections = cachedReader("sections", querySections, () => [SECTIONS_TAG], { duringBuild: [] });

export const getSectionBySlug = cachedReader("section", querySection, (slug) => [sectionTag(slug)]);

export const listSectionStories = cachedReader("section-stories", querySectionStories, (slug) => [sectionTag(slug)]);

export const getBylinePage = cachedReader("byline-page", queryBylinePage, (slug) => [bylineTag(slug)]);

export const getTagPage = cachedReader("tag-page", queryTagPage, (slug) => [topicTag(slug)]);

/** A story's tags, for the links at its foot. */
export const listStoryTags = cachedReader("story-tags", queryStoryTags, (storyId) => [storyTag(storyId)]);

/** The latest stories for the RSS and Atom feeds, the site's or one section's (the site's are rendered at build). */
export const listFeedStories = cachedReader(
  "feed-stories",
  queryFeedStories,
  (input: ListFeedStoriesInput = {}) => [FEEDS_TAG, ...(input.sectionSlug ? [sectionTag(input.sectionSlug)] : [])],
  { duringBuild: [] },
);

/**
 * A story's comments area on its cached page: the policy, the count and the first threads' opening
 * comments (lib/comments/queries.ts getStoryCommentPreview). Tagged with the
 * comments tag (a comment posted, edited, deleted, reported off the page or moderated:
 * lib/comments/counts.ts invalidateComments) and the story tag (the desk changing its comment policy).
 */
export const getStoryCommentPreview = cachedReader("story-comment-preview", queryStoryCommentPreview, (storyId) => [commentsTag(storyId), storyTag(storyId)]);
