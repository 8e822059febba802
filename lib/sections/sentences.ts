// Sentences about sections shown to people, each written once. No imports.

export const SECTION_NOT_FOUND = "That section does not exist.";
export const SECTIONS_STAFF_ONLY = "Only editors and admins can manage sections.";
export const SECTION_ARCHIVED_CHOICE = "That section is archived: choose another section.";
export const SECTION_NAME_NEEDED = "Give the section a name.";
export const SECTION_NAME_TOO_LONG = "Keep the section's name under 60 characters.";
export const SECTION_DESCRIPTION_TOO_LONG = "Keep the description under 500 characters.";
export const SECTION_FIELDS_NEED_ATTENTION = "The section needs attention: nothing was changed.";

/** A slug another section has now. */
export function sectionSlugTaken(slug: string, name: string): string {
  return `/${slug} is already the section “${name}”: choose another slug. Nothing was changed.`;
}

/** A slug another section had before a rename, which still redirects there. */
export function sectionSlugRedirects(slug: string, name: string): string {
  return `/${slug} was the section “${name}”'s address and still takes readers there: choose another slug. Nothing was changed.`;
}
export const SECTION_ARCHIVED_NOT_IN_NAVIGATION = "That section is archived, so it is not in the navigation: restore it first.";
