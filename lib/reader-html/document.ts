import "server-only";

// The whole story page as one HTML document (docs/fast-paths.md, "The story page written as
// HTML"): the head Next would write for the page's metadata (lib/feeds/metadata.ts storyMetadata
// under the root layout's title template and icons), the site's header and footer, the story, its
// JSON-LD, its topics and related stories and its comments. No script a browser would run: a
// cached reader page carries none (docs/caching.md, "Reader pages are plain HTML").

import type { Metadata } from "next";

import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import { storyMetadata } from "@/lib/feeds/metadata";
import type { SectionSummary } from "@/lib/sections/queries";
import { localeLanguage, type SiteSettings } from "@/lib/settings/schemas";
import type { SiteInfo } from "@/lib/site";
import { discussionHref } from "@/lib/comments/queries";
import type { StoryPage } from "@/lib/stories/story-page";

import type { BuildAssets } from "./build";
import { html, trustedHtml, type Html } from "./html";
import { articleHtml, commentsHtml, relatedHtml, siteFooterHtml, siteHeaderHtml } from "./story";

type Listed<T> = T | T[] | undefined | null;
const list = <T>(value: Listed<T>): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value : [value]);
const meta = (name: string, content: string | number | undefined | null) => (content === undefined || content === null || content === "" ? null : html`<meta name="${name}" content="${String(content)}"/>`);
const property = (name: string, content: string | number | undefined | null) =>
  content === undefined || content === null || content === "" ? null : html`<meta property="${name}" content="${String(content)}"/>`;

interface ImageLike {
  url: string | URL;
  width?: string | number;
  height?: string | number;
  alt?: string;
}

/** The <head> Next writes for a story page's metadata, in Next's order. */
export function storyHeadHtml(metadata: Metadata, site: SiteSettings, assets: BuildAssets): Html {
  const title = typeof metadata.title === "string" ? `${metadata.title} · ${site.name}` : site.name;
  const authors = list(metadata.authors);
  const og = (metadata.openGraph ?? {}) as Record<string, unknown>;
  const twitter = (metadata.twitter ?? {}) as Record<string, unknown>;
  const ogImages = list(og.images as Listed<ImageLike>);
  const twitterImages = list(twitter.images as Listed<ImageLike>);
  const icon = site.favicon ? { url: site.favicon.url, type: site.favicon.mimeType } : { url: "/icon.svg", type: "image/svg+xml" };
  return html`<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>${assets.stylesheets.map(
    (href) => html`<link rel="stylesheet" href="${href}" data-precedence="next"/>`,
  )}<title>${title}</title>${meta("description", metadata.description)}${authors.map((author) => html`${author.url ? html`<link rel="author" href="${String(author.url)}"/>` : null}${meta("author", author.name)}`)}${meta(
    "keywords",
    list(metadata.keywords).join(","),
  )}${metadata.alternates?.canonical ? html`<link rel="canonical" href="${String(metadata.alternates.canonical)}"/>` : null}${property("og:title", og.title as string)}${property(
    "og:description",
    og.description as string,
  )}${property("og:url", og.url as string)}${property("og:site_name", og.siteName as string)}${ogImages.map(
    (image) =>
      html`${property("og:image", String(image.url))}${property("og:image:width", image.width)}${property("og:image:height", image.height)}${property("og:image:alt", image.alt)}`,
  )}${property("og:type", og.type as string)}${property("article:published_time", og.publishedTime as string)}${property("article:modified_time", og.modifiedTime as string)}${list(
    og.authors as Listed<string>,
  ).map((author) => property("article:author", author))}${property("article:section", og.section as string)}${list(og.tags as Listed<string>).map((tag) => property("article:tag", tag))}${meta(
    "twitter:card",
    twitter.card as string,
  )}${meta("twitter:title", twitter.title as string)}${meta("twitter:description", twitter.description as string)}${twitterImages.map(
    (image) => html`${meta("twitter:image", String(image.url))}${meta("twitter:image:alt", image.alt)}`,
  )}<link rel="icon" href="${icon.url}" type="${icon.type}"/>`;
}

function documentHtml(site: SiteSettings, sections: readonly SectionSummary[], head: Html, main: Html): string {
  return `<!DOCTYPE html>${html`<html lang="${localeLanguage(site.locale)}"><head>${head}</head><body class="min-h-screen">${siteHeaderHtml(sections, site)}<main id="main" class="mx-auto max-w-6xl px-4 py-8">${main}</main>${siteFooterHtml(site)}</body></html>`.value}`;
}

/** A published story's page. */
export function storyDocumentHtml(input: { page: StoryPage; site: SiteSettings; info: SiteInfo; sections: readonly SectionSummary[]; assets: BuildAssets }): string {
  const { page, site, info, sections, assets } = input;
  const { story, discovery, images, tags, related, comments } = page;
  const href = discussionHref({ sectionSlug: story.section.slug, slug: story.slug });
  const main = html`<article class="mx-auto max-w-2xl">${articleHtml(story, images, site.dates)}<script type="application/ld+json">${trustedHtml(
    serializeJsonLd(buildNewsArticleJsonLd(discovery, info)),
  )}</script>${relatedHtml(tags, related, site.dates)}${commentsHtml(comments, href, site.dates, assets.postCommentId)}</article>`;
  return documentHtml(site, sections, storyHeadHtml(storyMetadata(discovery, info), site, assets), main);
}

/** The site's 404 for an address under a section that finds no story (app/(site)/[section]/not-found.tsx). */
export function notFoundDocumentHtml(input: { site: SiteSettings; sections: readonly SectionSummary[]; assets: BuildAssets }): string {
  const { site, sections, assets } = input;
  const head = html`<meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>${assets.stylesheets.map(
    (href) => html`<link rel="stylesheet" href="${href}" data-precedence="next"/>`,
  )}<title>${site.name}</title>${meta("description", site.description)}<meta name="robots" content="noindex"/><link rel="icon" href="${site.favicon ? site.favicon.url : "/icon.svg"}" type="${
    site.favicon ? site.favicon.mimeType : "image/svg+xml"
  }"/>`;
  const main = html`<div class="mx-auto max-w-2xl py-8"><h1 class="page-title">Page not found</h1><p class="page-intro">There is nothing at this address. The story may have moved or been taken down, or the link may be mistyped.</p><p class="mt-6"><a class="font-semibold underline underline-offset-2" href="/">Go to the front page</a></p></div>`;
  return documentHtml(site, sections, head, main);
}
