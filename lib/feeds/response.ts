// How every feed and sitemap is answered: its XML type, and a minute of caching, which is as long
// as a feed reader or crawler may see a story that has just been published or taken down.

export const FEED_CACHE_CONTROL = "public, max-age=60";

export const XML_TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  xml: "application/xml; charset=utf-8",
} as const;

export function xmlResponse(body: string, type: keyof typeof XML_TYPES): Response {
  return new Response(body, { headers: { "Content-Type": XML_TYPES[type], "Cache-Control": FEED_CACHE_CONTROL } });
}
