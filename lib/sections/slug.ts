// A section's front page lives at /<slug>, beside the site's own top-level routes, so a section may
// not take a slug one of them answers: /search as a section would never be reachable, or worse,
// would hide the search page. Every place that creates or renames a section checks its slug here.

import { AppError } from "@/lib/errors";
import { RESERVED, RESERVED_SECTION_SLUGS } from "@/lib/sections/reserved";
import { SLUG_PATTERN } from "@/lib/stories/slug";

export { RESERVED_SECTION_SLUGS };

export const MAX_SECTION_SLUG_LENGTH = 80;


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
