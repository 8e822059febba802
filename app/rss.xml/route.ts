import { siteFeedResponse } from "@/lib/feeds/routes";

// Served from the reader cache like the pages (docs/caching.md).
export const revalidate = 300;

/** The whole site's latest stories as RSS 2.0. */
export async function GET() {
  return siteFeedResponse("rss");
}
