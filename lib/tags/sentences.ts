// Sentences about tags shown to people, each written once. No imports.

export const TAG_NOT_FOUND = "That tag does not exist.";
export const TAGS_STAFF_ONLY = "Only editors and admins can manage tags.";
export const TAG_FIELDS_NEED_ATTENTION = "The tag needs attention: nothing was changed.";
export const TAG_MERGE_INTO_ITSELF = "A tag cannot be merged into itself: choose another tag to merge it into.";
export const TAG_NAME_NEEDS_LETTER = "A tag's name needs at least one letter or digit.";

/** A rename whose address another tag has. */
export function tagNameTaken(name: string): string {
  return `Another tag, “${name}”, already has this address: merge this tag into it instead. Nothing was changed.`;
}
