import { getSiteInfo } from "@/lib/cache/reader";
import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import type { DiscoveryStory } from "@/lib/feeds/queries";

/** The story as a schema.org NewsArticle, for search engines (the story page reads `discovery` with the story). */
export async function StoryJsonLd({ discovery }: { discovery: DiscoveryStory }) {
  const site = await getSiteInfo();
  // serializeJsonLd escapes "<", so a headline holding "</script>" cannot end the element early.
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(buildNewsArticleJsonLd(discovery, site)) }} />;
}
