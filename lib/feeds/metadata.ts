// The <head> of reader pages as search engines, feed readers and social networks read it:
// canonical URL, feed discovery links, OpenGraph and Twitter cards. Pure; every URL absolute.

import type { Metadata } from "next";

import { bylineHref } from "@/lib/feeds/build";
import type { DiscoveryStory } from "@/lib/feeds/queries";
import { absoluteUrlOn, type SiteInfo } from "@/lib/site";

type FeedLinks = NonNullable<NonNullable<Metadata["alternates"]>["types"]>;

/** <link rel="alternate"> for a page's RSS and Atom feeds (a section front lists its own, then the site's). */
function feedLinks(site: SiteInfo, feeds: Array<{ path: string; title: string }>): FeedLinks {
  return {
    "application/rss+xml": feeds.map((feed) => ({ url: absoluteUrlOn(site.url, `${feed.path}rss.xml`), title: feed.title })),
    "application/atom+xml": feeds.map((feed) => ({ url: absoluteUrlOn(site.url, `${feed.path}atom.xml`), title: feed.title })),
  };
}

export function homeMetadata(site: SiteInfo): Metadata {
  const url = absoluteUrlOn(site.url, "/");
  return {
    alternates: { canonical: url, types: feedLinks(site, [{ path: "/", title: site.name }]) },
    openGraph: { type: "website", siteName: site.name, title: site.name, description: site.description, url },
    twitter: { card: "summary", title: site.name, description: site.description },
  };
}

export function sectionMetadata(section: { name: string; slug: string; description: string }, site: SiteInfo): Metadata {
  const url = absoluteUrlOn(site.url, `/${section.slug}`);
  const description = section.description || undefined;
  return {
    title: section.name,
    description,
    alternates: {
      canonical: url,
      types: feedLinks(site, [
        { path: `/${section.slug}/`, title: `${section.name} · ${site.name}` },
        { path: "/", title: site.name },
      ]),
    },
    openGraph: { type: "website", siteName: site.name, title: section.name, description, url },
    twitter: { card: "summary", title: section.name, description },
  };
}

export function storyMetadata(story: DiscoveryStory, site: SiteInfo): Metadata {
  const url = absoluteUrlOn(site.url, story.href);
  // The desk's SEO title and description win in search results; its social headline on cards.
  const title = story.seoTitle || story.headline;
  const description = story.seoDescription || story.standfirst || undefined;
  const socialTitle = story.socialHeadline || title;
  const images = story.image
    ? [
        {
          url: absoluteUrlOn(site.url, story.image.url),
          ...(story.image.width ? { width: story.image.width } : {}),
          ...(story.image.height ? { height: story.image.height } : {}),
          ...(story.image.alt ? { alt: story.image.alt } : {}),
        },
      ]
    : undefined;
  return {
    title,
    description,
    authors: story.bylines.map((byline) => ({ name: byline.name, url: absoluteUrlOn(site.url, bylineHref(byline.slug)) })),
    keywords: story.tags.length > 0 ? story.tags : undefined,
    alternates: { canonical: url },
    openGraph: {
      type: "article",
      siteName: site.name,
      title: socialTitle,
      description,
      url,
      publishedTime: story.publishedAt.toISOString(),
      modifiedTime: new Date(Math.max(story.updatedAt.getTime(), story.publishedAt.getTime())).toISOString(),
      section: story.section.name,
      authors: story.bylines.map((byline) => absoluteUrlOn(site.url, bylineHref(byline.slug))),
      tags: story.tags,
      ...(images ? { images } : {}),
    },
    twitter: {
      card: images ? "summary_large_image" : "summary",
      title: socialTitle,
      description,
      ...(images ? { images: images.map((image) => ({ url: image.url, ...(image.alt ? { alt: image.alt } : {}) })) } : {}),
    },
  };
}
