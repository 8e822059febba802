import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { cache } from "react";

import { StoryComments } from "@/components/comments/story-comments";
import { RelatedStories } from "@/components/story/related-stories";
import { StoryArticle } from "@/components/story/story-article";
import { loadDiscoveryStory, StoryJsonLd } from "@/components/story/story-json-ld";
import { storyMetadata } from "@/lib/feeds/metadata";
import { currentSite } from "@/lib/site";
import { getPublishedStory } from "@/lib/cache/reader";

interface Props {
  params: Promise<{ section: string; slug: string }>;
}

// Served from the reader cache, rendered on first request; any change to the story refreshes it at
// once on every instance (docs/caching.md).
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string; slug: string }> {
  return [];
}

const loadStory = cache(getPublishedStory);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section, slug } = await params;
  const lookup = await loadStory(section, slug);
  if (lookup.kind !== "found") return {};
  const discovery = await loadDiscoveryStory(lookup.story.id);
  return discovery ? storyMetadata(discovery, currentSite()) : {};
}

export default async function StoryPage({ params }: Props) {
  const { section, slug } = await params;
  const lookup = await loadStory(section, slug);
  if (lookup.kind === "redirect") permanentRedirect(lookup.href);
  if (lookup.kind === "missing") notFound();
  const { story } = lookup;

  return (
    <StoryArticle story={story}>
      <StoryJsonLd story={story} />
      <RelatedStories storyId={story.id} />
      <StoryComments storyId={story.id} sectionSlug={story.section.slug} slug={story.slug} />
    </StoryArticle>
  );
}
