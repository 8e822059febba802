
import { listFeedStories } from "@/lib/cache/reader";
import { buildRssFeed, siteFeedChannel } from "@/lib/feeds/build";
import { xmlResponse } from "@/lib/feeds/response";
import { currentSite } from "@/lib/site";

// Served from the reader cache like the pages (docs/caching.md).
export const revalidate = 300;

/** The whole site's latest stories as RSS 2.0. */
export async function GET() {
  const stories = await listFeedStories();
  return xmlResponse(buildRssFeed(siteFeedChannel(currentSite()), stories), "rss");
}
