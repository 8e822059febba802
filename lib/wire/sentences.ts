// What the wire queue says to agencies (ingest answers) and to the desk.

export const WIRE_KEY_MISSING = "Send the wire source's ingest key as Authorization: Bearer <key>.";
export const WIRE_KEY_UNKNOWN = "That ingest key is not known, or its source was revoked. Ask the newsroom's admin for a key.";
export const WIRE_RATE_LIMITED = "Too many items from this source in the last minute. Retry after the time in Retry-After.";
export const WIRE_WRONG_TYPE =
  "Send ninjs as application/json or NewsML-G2 as application/xml (text/xml and application/vnd.iptc.g2.newsitem+xml also do).";
export const WIRE_EMPTY = "The item is empty.";
export const WIRE_BINARY = "The item is not text: it holds binary data. Send UTF-8 JSON or XML.";
export const WIRE_BAD_JSON = "The item is not well-formed JSON.";
export const WIRE_BAD_XML = "The item is not well-formed XML.";
export const WIRE_DOCTYPE_REFUSED =
  "The item declares a DOCTYPE. DOCTYPE declarations (and with them entity definitions and external entities) are refused; send the item without one.";
export const WIRE_NOT_NEWSITEM = "The XML is not a NewsML-G2 newsItem (no newsItem element).";
export const WIRE_NO_GUID = "The item has no guid (ninjs uri or guid; NewsML-G2 newsItem guid attribute).";
export const WIRE_NO_HEADLINE = "The item has no headline.";
export const WIRE_NOT_TEXT = "Only text items are taken (ninjs type \"text\"; a NewsML-G2 item of class text).";
export const WIRE_BODY_UNREADABLE = "The item's body could not be turned into a story body.";
export const WIRE_ITEM_CREATED = "Stored.";
export const WIRE_ITEM_DUPLICATE = "Already stored: this guid and version were received before; nothing new was stored.";
export const WIRE_SERVER_FAULT = "The item could not be stored because of a fault on our side. Retry later.";

export function wireTooLarge(limitBytes: number): string {
  return `The item is larger than ${Math.round(limitBytes / 1_000_000)} MB, the most one item may be.`;
}

export function wireInvalid(field: string, problem: string): string {
  return `The item's ${field} is not valid: ${problem}`;
}

// ── Desk ──
export const WIRE_SOURCES_ADMINS_ONLY = "Only admins can manage wire sources.";
export const WIRE_READERS_ONLY = "Only newsroom staff who write stories can read the wire.";
export const WIRE_OPEN_NEEDS_STORY_CREATE = "Only newsroom staff who write stories can open wire copy as a draft.";
export const WIRE_SOURCE_NOT_FOUND = "That wire source does not exist.";
export const WIRE_SOURCE_ALREADY_REVOKED = "That wire source was already revoked.";
export const WIRE_SOURCE_SLUG_TAKEN = "Another wire source already has that folder name.";
export const WIRE_ITEM_NOT_FOUND = "That wire item does not exist.";
export const WIRE_ITEM_ALREADY_OPENED = "That wire item was already opened as a draft.";
export const WIRE_SOURCE_NAME_REQUIRED = "Name the source (e.g. the agency's name).";
export const WIRE_SOURCE_CREDIT_REQUIRED = "Say how stories credit this source (e.g. \"Reuters\").";
export const WIRE_EMPTY_LIST = "No wire items yet. Agencies post them to the ingest endpoint or drop them in the watched folder.";
export const WIRE_NO_SOURCES = "No wire sources yet.";

export function wireNewVersion(version: number): string {
  return `The agency sent version ${version} of this story's wire copy.`;
}
export const WIRE_SOURCE_CREATED = "Source created. Copy its ingest key now: it is not shown again.";
export const WIRE_SOURCE_REVOKED = "Source revoked: its key is refused from now on.";
