// Sentences about bylines shown to people, each written once. No imports.

export const BYLINE_NOT_FOUND = "That byline does not exist.";
export const BYLINES_STAFF_ONLY = "Only editors and admins can manage bylines.";
export const BYLINE_FIELDS_NEED_ATTENTION = "The byline needs attention: nothing was changed.";
export const BYLINE_NAME_TAKEN = "A byline with this name already exists.";
export const BYLINE_MERGE_INTO_ITSELF = "A byline cannot be merged into itself: choose another byline to merge it into.";
export const BYLINE_PHOTO_GONE = "That photo is no longer in the media library: choose another.";
export const BYLINE_ACCOUNT_NOT_STAFF = "Only a staff account (admin, editor, reporter or moderator) can be linked to a byline.";
export const BYLINE_ADDRESS_RULE = "Enter a full web address starting with https:// or http://.";
export const BYLINE_TOO_MANY_LINKS = "A byline can have at most 6 links.";

/** The staff account is already another byline's. */
export function bylineAccountTaken(accountName: string, bylineName: string): string {
  return `${accountName} is already linked to the byline “${bylineName}”: unlink it there first. Nothing was changed.`;
}
