import { connection } from "next/server";

import { buildNewsSitemap } from "@/lib/feeds/build";
import { listNewsSitemapStories } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { getSiteInfo } from "@/lib/cache/reader";

/** The Google News sitemap: stories first published in the last 48 hours. */
export async function GET() {
  await connection();
  const stories = await listNewsSitemapStories();
  return xmlResponse(buildNewsSitemap(stories, await getSiteInfo()), "xml");
}
