import type { MetadataRoute } from "next";
import { connection } from "next/server";

import { absoluteUrl } from "@/lib/site";

/** Crawlers may read the reader site; the newsroom, previews, sign-in and the API are not for them. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  // Built per request: the sitemap addresses come from NEWSDESK_SITE_URL at run time, not build time.
  await connection();
  return {
    rules: { userAgent: "*", allow: "/", disallow: ["/desk", "/api/", "/preview/", "/login"] },
    sitemap: [absoluteUrl("/sitemap.xml"), absoluteUrl("/news-sitemap.xml")],
  };
}
