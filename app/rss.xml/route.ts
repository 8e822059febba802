import { connection } from "next/server";

import { buildRssFeed, siteFeedChannel } from "@/lib/feeds/build";
import { listFeedStories } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { currentSite } from "@/lib/site";

/** The whole site's latest stories as RSS 2.0. */
export async function GET() {
  await connection();
  const stories = await listFeedStories();
  return xmlResponse(buildRssFeed(siteFeedChannel(currentSite()), stories), "rss");
}
