// The site's public address. Every absolute URL readers and robots see (feeds, sitemaps,
// canonical links, OpenGraph, JSON-LD) is built here, so one setting moves them all.

// The site's name, description and language are site settings (lib/settings), read by pages through
// the reader cache (getSiteInfo, lib/cache/reader.ts); nothing names the site in code.

import { env } from "@/lib/env.mjs";
import { localeLanguage, type SiteSettings } from "@/lib/settings/schemas";

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
  /** The organisation behind the site, for JSON-LD (absent: the site itself, at its own address). */
  organization?: { name: string; url: string; logo?: { url: string; width: number; height: number } };
  /** The site's social accounts (profile addresses), JSON-LD's sameAs. */
  sameAs?: string[];
}

/** The site as the feed and metadata builders see it, from the site settings, at this site's address (or `url`). */
export function siteInfo(settings: SiteSettings, url: string = siteUrl()): SiteInfo {
  const logo = settings.organization.logo;
  return {
    url,
    name: settings.name,
    description: settings.description,
    language: localeLanguage(settings.locale),
    organization: {
      name: settings.organization.name,
      url: settings.organization.url ?? absoluteUrlOn(url, "/"),
      ...(logo ? { logo: { url: absoluteUrlOn(url, logo.url), width: logo.width, height: logo.height } } : {}),
    },
    ...(settings.social.length > 0 ? { sameAs: settings.social.map((account) => account.url) } : {}),
  };
}
