// A story described for search engines as a schema.org NewsArticle (JSON-LD), and the one safe
// way to put that JSON inside a <script> tag. Pure: the page passes the story and the site in.

import { bylineHref } from "@/lib/feeds/build";
import type { DiscoveryStory } from "@/lib/feeds/queries";
import { absoluteUrlOn, type SiteInfo } from "@/lib/site";

export interface JsonLdAuthor {
  "@type": "Person" | "Organization";
  name: string;
  url: string;
}

export interface JsonLdImage {
  "@type": "ImageObject";
  url: string;
  width?: number;
  height?: number;
  caption?: string;
}

export interface NewsArticleJsonLd {
  "@context": "https://schema.org";
  "@type": "NewsArticle";
  "@id": string;
  url: string;
  mainEntityOfPage: { "@type": "WebPage"; "@id": string };
  headline: string;
  description?: string;
  datePublished: string;
  dateModified: string;
  author: JsonLdAuthor[];
  publisher: JsonLdOrganization;
  articleSection: string;
  dateline?: string;
  creditText?: string;
  keywords?: string[];
  image?: JsonLdImage[];
  inLanguage: string;
  isAccessibleForFree: boolean;
}

export interface JsonLdOrganization {
  "@type": "Organization";
  name: string;
  url: string;
  logo?: JsonLdImage;
  sameAs?: string[];
}

/** The organisation behind the site (site settings): the publisher of every story, and the front page's Organization. */
export function organizationJsonLd(site: SiteInfo): JsonLdOrganization {
  const organization = site.organization;
  return {
    "@type": "Organization",
    name: organization?.name ?? site.name,
    url: organization?.url ?? absoluteUrlOn(site.url, "/"),
    ...(organization?.logo ? { logo: { "@type": "ImageObject", url: organization.logo.url, width: organization.logo.width, height: organization.logo.height } } : {}),
    ...(site.sameAs && site.sameAs.length > 0 ? { sameAs: site.sameAs } : {}),
  };
}

/** The front page's JSON-LD: the site (WebSite) and who publishes it (Organization). */
export function buildSiteJsonLd(site: SiteInfo): Array<Record<string, unknown>> {
  const home = absoluteUrlOn(site.url, "/");
  return [
    { "@context": "https://schema.org", "@type": "WebSite", "@id": `${home}#website`, url: home, name: site.name, ...(site.description ? { description: site.description } : {}), inLanguage: site.language },
    { "@context": "https://schema.org", ...organizationJsonLd(site) },
  ];
}

/** A byline as schema.org sees it: a reporter is a Person, "Newshub Editorial" an Organization. */
export function bylineToJsonLd(byline: DiscoveryStory["bylines"][number], site: SiteInfo): JsonLdAuthor {
  return {
    "@type": byline.kind === "PERSON" ? "Person" : "Organization",
    name: byline.name,
    url: absoluteUrlOn(site.url, bylineHref(byline.slug)),
  };
}

export function buildNewsArticleJsonLd(story: DiscoveryStory, site: SiteInfo): NewsArticleJsonLd {
  const url = absoluteUrlOn(site.url, story.href);
  const image = story.image;
  return {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": url,
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    headline: story.headline,
    ...(story.standfirst ? { description: story.standfirst } : {}),
    datePublished: story.publishedAt.toISOString(),
    // A story is never modified before it is published, whatever the clock on an old draft says.
    dateModified: new Date(Math.max(story.updatedAt.getTime(), story.publishedAt.getTime())).toISOString(),
    author: story.bylines.map((byline) => bylineToJsonLd(byline, site)),
    publisher: organizationJsonLd(site),
    articleSection: story.section.name,
    // Where the story was filed when the desk set it ("SEOUL"), else the desk as before ("Asia").
    ...(story.datelinePlace || story.dateline ? { dateline: story.datelinePlace || story.dateline } : {}),
    ...(story.credit ? { creditText: story.credit } : {}),
    ...(story.tags.length > 0 ? { keywords: story.tags } : {}),
    ...(image
      ? {
          image: [
            {
              "@type": "ImageObject",
              url: absoluteUrlOn(site.url, image.url),
              ...(image.width ? { width: image.width } : {}),
              ...(image.height ? { height: image.height } : {}),
              ...(image.alt ? { caption: image.alt } : {}),
            },
          ],
        }
      : {}),
    inLanguage: site.language,
    isAccessibleForFree: true,
  };
}

/**
 * JSON for the inside of a <script> element. JSON.stringify leaves "<" alone, so "</script>" in
 * a headline would end the script and start markup; as \u003c (and > and & likewise) it is still
 * the same JSON to a parser and nothing to the HTML tokenizer.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
