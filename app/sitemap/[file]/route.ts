import { notFound } from "next/navigation";
import { connection } from "next/server";

import { buildSitemap, sitemapFileSlice } from "@/lib/feeds/build";
import { listSitemapFileIds, listSitemapPages, listSitemapStories, SITEMAP_MAX_URLS } from "@/lib/feeds/queries";
import { xmlResponse } from "@/lib/feeds/response";
import { getSiteInfo } from "@/lib/cache/reader";

// Route handlers rather than Next's sitemap.ts: with generateSitemaps Next serves /sitemap/<n>.xml
// but no /sitemap.xml index, and will not let a route of our own sit at /sitemap.xml beside it.

/** Sitemap file <n>: the home page and section fronts first, then published stories, oldest first. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  await connection();
  const match = /^(\d{1,6})\.xml$/.exec((await params).file);
  const id = match ? Number(match[1]) : -1;
  if (!(await listSitemapFileIds()).includes(id)) notFound();
  const pages = await listSitemapPages();
  const slice = sitemapFileSlice(id, pages.length, SITEMAP_MAX_URLS);
  const stories = await listSitemapStories(slice.stories);
  return xmlResponse(buildSitemap([...pages.slice(slice.pages.start, slice.pages.end), ...stories], await getSiteInfo()), "xml");
}
