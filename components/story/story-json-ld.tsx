import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import type { DiscoveryStory } from "@/lib/feeds/queries";
import { currentSite } from "@/lib/site";

/** The story as a schema.org NewsArticle, for search engines (the story page reads `discovery` with the story). */
export function StoryJsonLd({ discovery }: { discovery: DiscoveryStory }) {
  // serializeJsonLd escapes "<", so a headline holding "</script>" cannot end the element early.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(buildNewsArticleJsonLd(discovery, currentSite())) }} />;
}
