import { connection } from "next/server";

import { buildSitemapIndex, sitemapFilePath } from "@/lib/feeds/build";
import { listSitemapFileIds } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { absoluteUrl } from "@/lib/site";

/**
 * The sitemap index: one /sitemap/<n>.xml file per 50,000 URLs (the protocol's limit), so it
 * stays valid however many stories the newsroom publishes.
 */
export async function GET() {
  await connection();
  const ids = await listSitemapFileIds();
  return xmlResponse(buildSitemapIndex(ids.map((id) => absoluteUrl(sitemapFilePath(id)))), "xml");
}
