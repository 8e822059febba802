// The site's public address. Every absolute URL readers and robots see (feeds, sitemaps,
// canonical links, OpenGraph, JSON-LD) is built here, so one setting moves them all.

import { env } from "@/lib/env.mjs";

/** The publication's name, as feeds, search engines and social cards show it. */
export const SITE_NAME = "Newshub";
export const SITE_DESCRIPTION = "News from the Newshub newsroom.";
export const SITE_LANGUAGE = "en";

/**
 * The origin readers reach the site at, without a trailing slash: `NEWSDESK_SITE_URL`, or
 * `http://localhost:<PORT>` when it is not set (lib/env.mjs checks it is an http(s) address). Read
 * when the server runs, never at build time, so one build serves any address.
 */
export function siteUrl(): string {
  return env.NEWSDESK_SITE_URL ?? `http://localhost:${env.PORT}`;
}

/** `path` ("/world/some-story") on a given origin; absolute http(s) URLs come back unchanged. */
export function absoluteUrlOn(origin: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return `${origin}${path.startsWith("/") ? path : `/${path}`}`;
}

/** `path` ("/world/some-story") as an absolute URL on this site. */
export function absoluteUrl(path: string): string {
  return absoluteUrlOn(siteUrl(), path);
}

/** What the pure feed and metadata builders need to know about the site. */
export interface SiteInfo {
  url: string;
  name: string;
  description: string;
  language: string;
}

export function currentSite(): SiteInfo {
  return { url: siteUrl(), name: SITE_NAME, description: SITE_DESCRIPTION, language: SITE_LANGUAGE };
}
