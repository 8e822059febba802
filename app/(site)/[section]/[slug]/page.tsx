import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";

import { StoryComments } from "@/components/comments/story-comments";
import { RelatedStories } from "@/components/story/related-stories";
import { StoryArticle } from "@/components/story/story-article";
import { StoryJsonLd } from "@/components/story/story-json-ld";
import { storyMetadata } from "@/lib/feeds/metadata";
import { getSiteInfo, getSiteSettings, getStoryPage } from "@/lib/cache/reader";

interface Props {
  params: Promise<{ section: string; slug: string }>;
}

// Served from the reader cache, rendered on first request; any change to the story refreshes it at
// once on every instance (docs/caching.md). A render reads everything the page shows in one
// statement, shared by the metadata and the page (lib/stories/story-page.ts).
export const revalidate = 86400; // a safety net: changes stamp tags, the clock sets `expires:` (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string; slug: string }> {
  return [];
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section, slug } = await params;
  const lookup = await getStoryPage(section, slug);
  return lookup.kind === "found" ? storyMetadata(lookup.page.discovery, await getSiteInfo()) : {};
}

export default async function StoryPage({ params }: Props) {
  const { section, slug } = await params;
  const [lookup, { dates }] = await Promise.all([getStoryPage(section, slug), getSiteSettings()]);
  if (lookup.kind === "redirect") permanentRedirect(lookup.href);
  if (lookup.kind === "missing") notFound();
  const { story, discovery, images, tags, related, comments } = lookup.page;

  return (
    <StoryArticle story={story} images={images} dates={dates}>
      <StoryJsonLd discovery={discovery} />
      <RelatedStories tags={tags} stories={related} dates={dates} />
      <StoryComments preview={comments} sectionSlug={story.section.slug} slug={story.slug} dates={dates} />
    </StoryArticle>
  );
}
