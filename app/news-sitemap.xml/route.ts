import { connection } from "next/server";

import { buildNewsSitemap } from "@/lib/feeds/build";
import { listNewsSitemapStories } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { currentSite } from "@/lib/site";

/** The Google News sitemap: stories first published in the last 48 hours. */
export async function GET() {
  await connection();
  const stories = await listNewsSitemapStories();
  return xmlResponse(buildNewsSitemap(stories, currentSite()), "xml");
}
