// The site's own top-level paths, which no section may take. Imported by next.config.ts as well as
// lib/sections/slug.ts, so it imports nothing: Next loads the config before any alias exists.

/**
 * Top-level paths the site answers itself, and what answers them (for the refusal message).
 * Keep it in step with app/: lib/sections/slug.test.ts fails when a top-level route is missing.
 * Some can never be a section slug anyway (dots, underscores); they are listed so the list is whole.
 */
export const RESERVED: Readonly<Record<string, string>> = {
  // Reader site
  byline: "the byline pages",
  tag: "the tag pages",
  search: "the search page",
  corrections: "the corrections page",
  preview: "where the desk previews stories",
  media: "where the site's images are served",
  "rss.xml": "the RSS feed",
  "atom.xml": "the Atom feed",
  "sitemap.xml": "the sitemap",
  "news-sitemap.xml": "the news sitemap",
  sitemap: "the sitemap",
  "robots.txt": "the site's instructions for search engines",
  // People and the newsroom
  desk: "the desk",
  login: "the sign-in page",
  signup: "the sign-up page",
  "signed-in": "where a sign-in goes on to each person's own work",
  account: "the account page",
  profile: "the profile page",
  api: "the site's programming interface",
  // Next.js itself: its assets, and the metadata files an app may add at its root
  _next: "where the site's scripts and styles are served",
  "favicon.ico": "the site's icon",
  icon: "the site's icon",
  "apple-icon": "the site's icon",
  "opengraph-image": "the site's sharing image",
  "twitter-image": "the site's sharing image",
  "manifest.webmanifest": "the web app manifest",
};

export const RESERVED_SECTION_SLUGS: ReadonlySet<string> = new Set(Object.keys(RESERVED));

/**
 * A top-level path segment that can be a section, as a path-to-regexp pattern for next.config.ts's
 * rewrites: not one of the site's own paths, and no file name (no dot).
 */
export const SECTION_SEGMENT = `(?!(?:${[...RESERVED_SECTION_SLUGS].filter((slug) => !slug.includes(".")).join("|")})(?:/|$))[^/.]+`;
