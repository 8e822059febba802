// The four feed routes (/rss.xml, /atom.xml, /<section>/rss.xml, /<section>/atom.xml) in one place:
// the stories come through the reader cache, so a route is served from it like the pages
// (docs/caching.md). Each route file keeps its own segment config, which Next reads per file.

import { notFound } from "next/navigation";

import { findRenamedSection, getSectionBySlug, getSiteInfo, listFeedStories } from "@/lib/cache/reader";
import { buildAtomFeed, buildRssFeed, sectionFeedChannel, siteFeedChannel, type FeedChannel } from "@/lib/feeds/build";
import { xmlResponse } from "@/lib/feeds/response";
import type { FeedStory } from "@/lib/feeds/queries";

export type FeedFormat = "rss" | "atom";

const BUILDERS: Record<FeedFormat, (channel: FeedChannel, stories: readonly FeedStory[]) => string> = { rss: buildRssFeed, atom: buildAtomFeed };

/** The whole site's latest stories. */
export async function siteFeedResponse(format: FeedFormat): Promise<Response> {
  const stories = await listFeedStories();
  return xmlResponse(BUILDERS[format](siteFeedChannel(await getSiteInfo()), stories), format);
}

/** One section's latest stories; 404 for a section that does not exist, 308 to a renamed one's feed. */
export async function sectionFeedResponse(sectionSlug: string, format: FeedFormat): Promise<Response> {
  const section = await getSectionBySlug(sectionSlug);
  if (!section) {
    const current = await findRenamedSection(sectionSlug);
    if (current) return new Response(null, { status: 308, headers: { Location: `/${encodeURIComponent(current)}/${format === "rss" ? "rss.xml" : "atom.xml"}` } });
    notFound();
  }
  const stories = await listFeedStories({ sectionSlug: section.slug });
  return xmlResponse(BUILDERS[format](sectionFeedChannel(section, await getSiteInfo()), stories), format);
}
