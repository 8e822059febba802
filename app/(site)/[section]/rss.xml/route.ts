import { notFound } from "next/navigation";

import { getSectionBySlug, listFeedStories } from "@/lib/cache/reader";
import { buildRssFeed, sectionFeedChannel } from "@/lib/feeds/build";
import { xmlResponse } from "@/lib/feeds/response";
import { currentSite } from "@/lib/site";

// Served from the reader cache like the pages (docs/caching.md); rendered on first request.
export const revalidate = 300;
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string }> {
  return [];
}

/** One section's latest stories as RSS 2.0; 404 for a section that does not exist. */
export async function GET(_request: Request, { params }: { params: Promise<{ section: string }> }) {
  const section = await getSectionBySlug((await params).section);
  if (!section) notFound();
  const stories = await listFeedStories({ sectionSlug: section.slug });
  return xmlResponse(buildRssFeed(sectionFeedChannel(section, currentSite()), stories), "rss");
}
