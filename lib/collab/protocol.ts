// What the desk's editor and the co-editing server agree on (docs/desk.md, "Co-editing"). No
// imports: the browser and the server both load it.

/**
 * The version of the live document's shape: its fields and the node and mark types the editor
 * knows (components/editor/extensions.ts, the allow-list of lib/stories/document.ts). Raise it with
 * any change to either: an editor built for another version is refused on connecting
 * ("schema-outdated") and asked to reload, since y-prosemirror drops what its schema does not know.
 * 2: the dateline, dateline place, credit and the search and social fields joined the headline and
 * standfirst as Y.Text (a stored document of version 1 gets them from the story once, on loading:
 * lib/collab/store.ts).
 */
export const COLLAB_SCHEMA_VERSION = 2;

/** The WebSocket path, on the app's own port (scripts/serve.mjs hands its upgrades to lib/collab/server.ts). */
export const COLLAB_PATH = "/collab";

/**
 * The live document's parts: the body (a Y.XmlFragment for Tiptap) and every text field of the
 * story (a Y.Text each, named as the Story column it is written to).
 */
export const BODY_FIELD = "body";
export const TEXT_FIELDS = ["headline", "standfirst", "dateline", "datelinePlace", "credit", "seoTitle", "seoDescription", "socialHeadline"] as const;
export type LiveTextField = (typeof TEXT_FIELDS)[number];

/** The schema version each text field joined the live document in: an older stored document lacks it. */
export const TEXT_FIELD_SINCE: Readonly<Record<LiveTextField, number>> = {
  headline: 1,
  standfirst: 1,
  dateline: 2,
  datelinePlace: 2,
  credit: 2,
  seoTitle: 2,
  seoDescription: 2,
  socialHeadline: 2,
};

/** The largest single update the server takes (bytes); a bigger one closes the connection. */
export const MAX_UPDATE_BYTES = 1024 * 1024;

/** Why the server refused or closed a connection (the reason the editor reads). */
export const COLLAB_REFUSALS = {
  schema: "schema-outdated",
  signIn: "sign-in-required",
  forbidden: "permission-denied",
  /** She may still see the story, but may now edit where she could only watch, or the reverse. */
  rightsChanged: "rights-changed",
  tooLarge: "update-too-large",
  invalid: "document-refused",
  rateLimited: "rate-limited",
} as const;

/**
 * The stateless message every editor with a story open gets when its notes changed (added,
 * answered, resolved, reopened; lib/collab/notices.ts): it then reads them again. It says nothing
 * else: the notes themselves never travel through the live document or its connection.
 */
export const NOTES_CHANGED = "notes-changed";

/** The name of a story's live document. */
export function documentNameOf(storyId: string): string {
  return `story:${storyId}`;
}

/** The story id a document name holds, or null. */
export function storyIdOf(documentName: string): string | null {
  const match = /^story:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(documentName);
  return match ? match[1]!.toLowerCase() : null;
}

/** What the editor sends as its token: the schema it was built for (the session cookie says who). */
export function collabToken(): string {
  return JSON.stringify({ schema: COLLAB_SCHEMA_VERSION });
}

/** The schema version a token names, or null. */
export function schemaOfToken(token: string): number | null {
  try {
    const parsed = JSON.parse(token) as { schema?: unknown };
    return typeof parsed.schema === "number" && Number.isInteger(parsed.schema) ? parsed.schema : null;
  } catch {
    return null;
  }
}
