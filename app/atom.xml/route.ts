
import { listFeedStories } from "@/lib/cache/reader";
import { buildAtomFeed, siteFeedChannel } from "@/lib/feeds/build";
import { xmlResponse } from "@/lib/feeds/response";
import { currentSite } from "@/lib/site";

// Served from the reader cache like the pages (docs/caching.md).
export const revalidate = 300;

/** The whole site's latest stories as Atom 1.0. */
export async function GET() {
  const stories = await listFeedStories();
  return xmlResponse(buildAtomFeed(siteFeedChannel(currentSite()), stories), "atom");
}
