// Feeds and sitemaps as XML documents, built from plain story lists. Pure: the routes load the
// stories (lib/feeds/queries.ts) and the site's address (lib/site.ts) and pass them in.
// Every text and attribute goes through escapeXml, and HTML-bearing fields (RSS description and
// content:encoded, Atom content) carry HTML that was escaped before it was escaped again for
// XML, so a headline or body can neither break the document nor smuggle markup into a reader.

import { documentToHtml, escapeHtml } from "@/lib/feeds/html";
import type { FeedStory, NewsSitemapStory, SitemapEntry } from "@/lib/feeds/queries";
import { absoluteUrlOn, type SiteInfo } from "@/lib/site";

export const GENERATOR = "Newsdesk";

// XML 1.0 has no way to carry these (C0 controls other than tab/newline/return, U+FFFE/FFFF, lone
// surrogates); a headline pasted with one in it must not make the whole feed unreadable.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text or an attribute value made safe inside an XML document. */
export function escapeXml(value: string): string {
  return value.replace(NOT_XML, "").replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

function element(name: string, text: string, attributes: Record<string, string | number | null | undefined> = {}): string {
  return `<${name}${attrs(attributes)}>${escapeXml(text)}</${name}>`;
}

function attrs(attributes: Record<string, string | number | null | undefined>): string {
  return Object.entries(attributes)
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';

// ── Feeds ──────────────────────────────────────────────────────────────

/** One feed: the whole site's or one section's, with the addresses it lives at. */
export interface FeedChannel {
  title: string;
  description: string;
  /** The page the feed follows (absolute). */
  link: string;
  rssUrl: string;
  atomUrl: string;
  language: string;
  site: SiteInfo;
}

export function siteFeedChannel(site: SiteInfo): FeedChannel {
  return {
    title: site.name,
    description: site.description,
    link: absoluteUrlOn(site.url, "/"),
    rssUrl: absoluteUrlOn(site.url, "/rss.xml"),
    atomUrl: absoluteUrlOn(site.url, "/atom.xml"),
    language: site.language,
    site,
  };
}

export function sectionFeedChannel(section: { name: string; slug: string; description: string }, site: SiteInfo): FeedChannel {
  return {
    title: `${section.name} · ${site.name}`,
    description: section.description || `The latest ${section.name} stories from ${site.name}.`,
    link: absoluteUrlOn(site.url, `/${section.slug}`),
    rssUrl: absoluteUrlOn(site.url, `/${section.slug}/rss.xml`),
    atomUrl: absoluteUrlOn(site.url, `/${section.slug}/atom.xml`),
    language: site.language,
    site,
  };
}

/** A stable id that survives a change of slug or section: the story's own uuid. */
export function storyGuid(story: { id: string }): string {
  return `urn:uuid:${story.id}`;
}

export function bylineHref(slug: string): string {
  return `/byline/${encodeURIComponent(slug)}`;
}

/** When the feed last changed: its most recently updated story (now, for an empty feed). */
function feedUpdated(stories: readonly FeedStory[]): Date {
  if (stories.length === 0) return new Date();
  return new Date(Math.max(...stories.map((story) => Math.max(story.updatedAt.getTime(), story.publishedAt.getTime()))));
}

/** The story's body as HTML for feed readers, with a note when it has been corrected. */
export function storyContentHtml(story: FeedStory, site: SiteInfo): string {
  const absolute = (path: string) => absoluteUrlOn(site.url, path);
  const body = documentToHtml(story.body, { absolute, mediaVersion: (id) => story.mediaVersions[id] ?? 1 });
  if (story.correctionCount === 0) return body;
  const count = story.correctionCount === 1 ? "a correction or clarification" : `${story.correctionCount} corrections or clarifications`;
  const note = `<p><em>This story carries ${count}: <a href="${escapeHtml(absolute(story.href))}#corrections-heading">see the story page</a>.</em></p>`;
  return `${body}\n${note}`;
}

function imageUrl(story: FeedStory, site: SiteInfo): string | null {
  return story.image ? absoluteUrlOn(site.url, story.image.url) : null;
}

export function buildRssFeed(channel: FeedChannel, stories: readonly FeedStory[]): string {
  const { site } = channel;
  const items = stories.map((story) => {
    const link = absoluteUrlOn(site.url, story.href);
    const image = imageUrl(story, site);
    const lines = [
      element("title", story.headline),
      element("link", link),
      element("guid", storyGuid(story), { isPermaLink: "false" }),
      element("pubDate", story.publishedAt.toUTCString()),
      element("dcterms:modified", story.updatedAt.toISOString()),
      ...story.bylines.map((byline) => element("dc:creator", byline.name)),
      element("category", story.section.name, { domain: absoluteUrlOn(site.url, `/${story.section.slug}`) }),
      ...story.tags.map((tag) => element("category", tag)),
      // description and content:encoded hold HTML by convention: escape for HTML first, then for XML.
      ...(story.standfirst ? [element("description", escapeHtml(story.standfirst))] : []),
      element("content:encoded", storyContentHtml(story, site)),
      ...(image && story.image
        ? [
            `<media:content${attrs({ url: image, medium: "image", type: story.image.mimeType, width: story.image.width, height: story.image.height, fileSize: story.image.bytes })}>` +
              (story.image.alt ? element("media:description", story.image.alt, { type: "plain" }) : "") +
              "</media:content>",
          ]
        : []),
    ];
    return `<item>\n${lines.join("\n")}\n</item>`;
  });
  return [
    XML_DECLARATION,
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:media="http://search.yahoo.com/mrss/">',
    "<channel>",
    element("title", channel.title),
    element("link", channel.link),
    element("description", channel.description),
    element("language", channel.language),
    element("lastBuildDate", feedUpdated(stories).toUTCString()),
    element("generator", GENERATOR),
    element("docs", "https://www.rssboard.org/rss-specification"),
    `<atom:link${attrs({ href: channel.rssUrl, rel: "self", type: "application/rss+xml" })}/>`,
    ...items,
    "</channel>",
    "</rss>",
    "",
  ].join("\n");
}

export function buildAtomFeed(channel: FeedChannel, stories: readonly FeedStory[]): string {
  const { site } = channel;
  const entries = stories.map((story) => {
    const link = absoluteUrlOn(site.url, story.href);
    const image = imageUrl(story, site);
    const lines = [
      element("id", storyGuid(story)),
      element("title", story.headline, { type: "text" }),
      `<link${attrs({ rel: "alternate", type: "text/html", href: link })}/>`,
      element("published", story.publishedAt.toISOString()),
      element("updated", story.updatedAt.toISOString()),
      ...story.bylines.map(
        (byline) => `<author>${element("name", byline.name)}${element("uri", absoluteUrlOn(site.url, bylineHref(byline.slug)))}</author>`,
      ),
      `<category${attrs({ term: story.section.name, label: story.section.name, scheme: absoluteUrlOn(site.url, "/") })}/>`,
      ...story.tags.map((tag) => `<category${attrs({ term: tag, label: tag })}/>`),
      ...(story.standfirst ? [element("summary", story.standfirst, { type: "text" })] : []),
      element("content", storyContentHtml(story, site), { type: "html" }),
      ...(image && story.image
        ? [`<link${attrs({ rel: "enclosure", href: image, type: story.image.mimeType, length: story.image.bytes, title: story.image.alt || null })}/>`]
        : []),
    ];
    return `<entry>\n${lines.join("\n")}\n</entry>`;
  });
  return [
    XML_DECLARATION,
    `<feed xmlns="http://www.w3.org/2005/Atom"${attrs({ "xml:lang": channel.language })}>`,
    element("id", channel.atomUrl),
    element("title", channel.title, { type: "text" }),
    element("subtitle", channel.description, { type: "text" }),
    element("updated", feedUpdated(stories).toISOString()),
    `<link${attrs({ rel: "alternate", type: "text/html", href: channel.link })}/>`,
    `<link${attrs({ rel: "self", type: "application/atom+xml", href: channel.atomUrl })}/>`,
    // Every entry names its bylines; this is what the format falls back on for one that has none.
    `<author>${element("name", site.name)}${element("uri", absoluteUrlOn(site.url, "/"))}</author>`,
    element("generator", GENERATOR),
    ...entries,
    "</feed>",
    "",
  ].join("\n");
}

// ── Sitemaps ───────────────────────────────────────────────────────────

/** Where sitemap file `id` lives; /sitemap.xml is the index that lists them all. */
export function sitemapFilePath(id: number): string {
  return `/sitemap/${id}.xml`;
}

/**
 * How the site's URLs are split into sitemap files of at most `perFile` URLs: the home page and
 * section fronts first, then every published story, oldest first.
 */
export function sitemapFileCount(pageCount: number, storyCount: number, perFile: number): number {
  return Math.max(1, Math.ceil((pageCount + storyCount) / perFile));
}

/** Which pages and which slice of the stories file `index` holds. */
export function sitemapFileSlice(index: number, pageCount: number, perFile: number): { pages: { start: number; end: number }; stories: { offset: number; limit: number } } {
  const start = index * perFile;
  const end = start + perFile;
  const pages = { start: Math.min(start, pageCount), end: Math.min(end, pageCount) };
  const storyStart = Math.max(0, start - pageCount);
  const storyEnd = Math.max(0, end - pageCount);
  return { pages, stories: { offset: storyStart, limit: storyEnd - storyStart } };
}

export function buildSitemapIndex(urls: readonly string[]): string {
  return [
    XML_DECLARATION,
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls.map((url) => `<sitemap>${element("loc", url)}</sitemap>`),
    "</sitemapindex>",
    "",
  ].join("\n");
}

/** A sitemap file (https://www.sitemaps.org/protocol.html): each URL with when it last changed. */
export function buildSitemap(entries: readonly SitemapEntry[], site: SiteInfo): string {
  return [
    XML_DECLARATION,
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((entry) => `<url>${element("loc", absoluteUrlOn(site.url, entry.href))}${element("lastmod", entry.lastModified.toISOString())}</url>`),
    "</urlset>",
    "",
  ].join("\n");
}

/** A Google News sitemap: https://developers.google.com/search/docs/crawling-indexing/sitemaps/news-sitemap */
export function buildNewsSitemap(stories: readonly NewsSitemapStory[], site: SiteInfo): string {
  const urls = stories.map((story) =>
    [
      "<url>",
      element("loc", absoluteUrlOn(site.url, story.href)),
      "<news:news>",
      `<news:publication>${element("news:name", site.name)}${element("news:language", site.language)}</news:publication>`,
      element("news:publication_date", story.publishedAt.toISOString()),
      element("news:title", story.headline),
      "</news:news>",
      "</url>",
    ].join(""),
  );
  return [
    XML_DECLARATION,
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ...urls,
    "</urlset>",
    "",
  ].join("\n");
}
