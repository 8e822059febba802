// What people and integrations are told about API keys (docs/api.md). No imports: client components use them too.

export const KEYS_ADMINS_ONLY = "Only admins can manage API keys.";
export const KEY_NAME_REQUIRED = "Name the integration this key is for.";
export const KEY_NAME_TOO_LONG = "Keep the integration's name under 80 characters.";
export const KEY_ROLE_INVALID = "Choose what the key may do: read only, reporter or editor.";
export const KEY_NOT_FOUND = "That API key does not exist.";
export const KEY_ALREADY_REVOKED = "That API key was already revoked.";
export const KEY_CREATED = "Key created. Copy it now: it is shown only once.";
export const KEY_REVOKED_DONE = "Key revoked. Requests with it are refused from now on.";

export const API_KEY_MISSING = "Send an API key: Authorization: Bearer <key>, or X-Api-Key: <key>.";
export const API_KEY_UNKNOWN = "This API key is not valid.";
export const API_KEY_REVOKED = "This API key was revoked. Ask an admin for a new one.";
export const API_RATE_LIMITED = "Too many requests with this key. Wait a moment and try again.";
export const API_NOT_FOUND = "Nothing here: see /api/content/v1/openapi.json for what the API answers.";
