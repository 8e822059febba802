// A section's front page lives at /<slug>, beside the site's own top-level routes, so a section may
// not take a slug one of them answers: /search as a section would never be reachable, or worse,
// would hide the search page. Every place that creates or renames a section checks its slug here.

import { AppError } from "@/lib/errors";
import { SLUG_PATTERN } from "@/lib/stories/slug";

export const MAX_SECTION_SLUG_LENGTH = 80;

/**
 * Top-level paths the site answers itself, and what answers them (for the refusal message).
 * Keep it in step with app/: lib/sections/slug.test.ts fails when a top-level route is missing.
 * Some can never be a section slug anyway (dots, underscores); they are listed so the list is whole.
 */
const RESERVED: Readonly<Record<string, string>> = {
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

export type SectionSlugCheck = { ok: true; slug: string } | { ok: false; message: string };

/** Whether this slug can be a section's: well-formed and not one of the site's own paths. Pure. */
export function validateSectionSlug(slug: string): SectionSlugCheck {
  if (slug === "") return { ok: false, message: "Give the section a slug: it is the section's address, as in /world." };
  if (slug.length > MAX_SECTION_SLUG_LENGTH) {
    return { ok: false, message: `A section's slug can be at most ${MAX_SECTION_SLUG_LENGTH} characters.` };
  }
  const usedFor = Object.hasOwn(RESERVED, slug.toLowerCase()) ? RESERVED[slug.toLowerCase()] : undefined;
  if (usedFor) {
    return { ok: false, message: `“${slug}” cannot be a section's slug: /${slug.toLowerCase()} is already ${usedFor}. Choose another slug.` };
  }
  if (!SLUG_PATTERN.test(slug)) {
    return {
      ok: false,
      message: "A section's slug is lower-case letters and digits, in words joined by single hyphens, as in “world-news”.",
    };
  }
  return { ok: true, slug };
}

/** validateSectionSlug for a mutation: the slug, or an INVALID_INPUT naming the slug field. */
export function assertSectionSlug(slug: string): string {
  const check = validateSectionSlug(slug);
  if (!check.ok) throw new AppError("INVALID_INPUT", check.message, { fieldErrors: { slug: [check.message] } });
  return check.slug;
}
