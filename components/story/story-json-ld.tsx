import { cache } from "react";

import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import { getDiscoveryStory } from "@/lib/feeds/queries";
import { currentSite } from "@/lib/site";

/**
 * The story page's metadata and its JSON-LD need the same facts (tags, image) that the page's
 * own story query does not carry: one query per request serves both.
 */
export const loadDiscoveryStory = cache(getDiscoveryStory);

/** The story as a schema.org NewsArticle, for search engines. Renders nothing for an unpublished story. */
export async function StoryJsonLd({ story }: { story: { id: string } }) {
  const discovery = await loadDiscoveryStory(story.id);
  if (!discovery) return null;
  // serializeJsonLd escapes "<", so a headline holding "</script>" cannot end the element early.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(buildNewsArticleJsonLd(discovery, currentSite())) }} />;
}
