// The sentences the site settings show, each written once. No imports: the desk form (a client
// component) uses them too.

export const SITE_SETTINGS_ADMINS_ONLY = "Only admins can change the site settings.";
export const SITE_SETTINGS_SEE_ADMINS_ONLY = "Only admins can see the site settings.";
export const SITE_SETTINGS_NOT_SAVED = "The site settings were not saved: check the highlighted fields. Nothing was changed.";
export const SITE_SETTINGS_SAVED = "Site settings saved. Every reader page shows them within a few seconds.";
export const SITE_NAME_REQUIRED = "Give the site a name.";
export const SITE_NAME_TOO_LONG = "Keep the site name to 80 characters or fewer.";
export const SITE_TEXT_CONTROL_CHARACTERS = "Remove the control characters (tabs, line breaks and the like) from this field.";
export const SITE_DESCRIPTION_TOO_LONG = "Keep the description to 300 characters or fewer.";
export const CHOOSE_A_LOCALE = "Choose a language and region from the list.";
export const CHOOSE_AN_IMAGE = "Choose an image from the media library, or none.";
export const IMAGE_GONE = "That image is no longer in the media library: choose another, or none.";
export const ORGANIZATION_NAME_TOO_LONG = "Keep the organisation's name to 120 characters or fewer.";
export const ORGANIZATION_URL_INVALID = "Give the organisation's web address in full, starting with https:// (or http://).";
export const SOCIAL_ACCOUNT_INVALID = "Give a handle (like @newsroom) or the full address of the profile on that service.";
export const MASTODON_ACCOUNT_INVALID = "Give the account as @name@server.social or the full https:// address of the profile.";
