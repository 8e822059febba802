// A story's live document and the story fields it holds, both ways (docs/desk.md, "Co-editing").
// The body is a Y.XmlFragment in y-prosemirror's encoding (what Tiptap's Collaboration extension
// reads and writes: an element per node with its attributes, a Y.XmlText per run of text with the
// marks as formatting attributes); every text field (headline, standfirst, dateline, dateline
// place, credit, the search and social fields) is a Y.Text, whose changes are held to the save
// path's rules (lib/stories/schemas.ts). Pure: no database.

import * as Y from "yjs";

import { BODY_FIELD, type LiveTextField, TEXT_FIELD_SINCE, TEXT_FIELDS } from "@/lib/collab/protocol";
import { fillEmptyTextBlocks } from "@/lib/collab/text-blocks";
import { parseDeskDocument, type StoryDocument } from "@/lib/stories/document";
import { storyInputSchema } from "@/lib/stories/schemas";

interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/** The story's text fields, as the live document holds them. */
export type LiveFields = Record<LiveTextField, string>;

export interface LiveContent extends LiveFields {
  body: StoryDocument;
}

function marksAsAttributes(marks: JsonNode["marks"]): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const mark of marks ?? []) attributes[mark.type] = mark.attrs ?? {};
  return attributes;
}

/** Appends a node's children to a Y element or fragment, runs of text joined into one Y.XmlText. */
function appendChildren(parent: Y.XmlElement | Y.XmlFragment, children: readonly JsonNode[]): void {
  const made: Array<Y.XmlElement | Y.XmlText> = [];
  let run: JsonNode[] = [];
  const endRun = () => {
    if (run.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(run.map((node) => ({ insert: node.text ?? "", attributes: marksAsAttributes(node.marks) })));
    made.push(text);
    run = [];
  };
  for (const child of children) {
    if (child.type === "text") {
      run.push(child);
      continue;
    }
    endRun();
    made.push(elementOf(child));
  }
  endRun();
  // Always into an empty parent (reading a new element's length before it is in a document is
  // refused by Yjs).
  if (made.length > 0) parent.insert(0, made);
}

function elementOf(node: JsonNode): Y.XmlElement {
  const element = new Y.XmlElement(node.type);
  for (const [key, value] of Object.entries(node.attrs ?? {})) {
    if (value !== null && value !== undefined) element.setAttribute(key, value as string);
  }
  appendChildren(element, node.content ?? []);
  return element;
}

/**
 * The mark a text attribute stands for: y-prosemirror keys a mark that may overlap itself (a note)
 * by its name and a hash of its attributes ("note--h30GEexy").
 */
function markNameOf(key: string): string {
  return /^(.*)--[a-zA-Z0-9+/=]{8}$/.exec(key)?.[1] ?? key;
}

function nodeOf(item: Y.XmlElement | Y.XmlText): JsonNode[] {
  if (item instanceof Y.XmlText) {
    const delta = item.toDelta() as Array<{ insert: unknown; attributes?: Record<string, Record<string, unknown>> }>;
    return delta
      .filter((op) => typeof op.insert === "string" && op.insert.length > 0)
      .map((op) => {
        const marks = Object.entries(op.attributes ?? {}).map(([key, attrs]) => {
          const type = markNameOf(key);
          return attrs && Object.keys(attrs).length > 0 ? { type, attrs } : { type };
        });
        return { type: "text", text: op.insert as string, ...(marks.length > 0 ? { marks } : {}) };
      });
  }
  const attrs = item.getAttributes() as Record<string, unknown>;
  const content = item.toArray().flatMap((child) => nodeOf(child as Y.XmlElement | Y.XmlText));
  return [{ type: item.nodeName, ...(Object.keys(attrs).length > 0 ? { attrs } : {}), ...(content.length > 0 ? { content } : {}) }];
}

/** The body as Tiptap JSON, unchecked. */
export function bodyJsonOf(doc: Y.Doc): JsonNode {
  const fragment = doc.getXmlFragment(BODY_FIELD);
  const content = fragment.toArray().flatMap((child) => nodeOf(child as Y.XmlElement | Y.XmlText));
  return { type: "doc", content };
}

/** Just the text fields of something that has them (a story row, live content). */
export function liveFieldsOf(source: LiveFields): LiveFields {
  return Object.fromEntries(TEXT_FIELDS.map((field) => [field, source[field]])) as LiveFields;
}

export function textOf(doc: Y.Doc, field: LiveTextField): string {
  return doc.getText(field).toString();
}

/** The text fields as the live document holds them. */
export function textFieldsOf(doc: Y.Doc): LiveFields {
  return Object.fromEntries(TEXT_FIELDS.map((field) => [field, textOf(doc, field)])) as LiveFields;
}

/**
 * Why a text field's value could not be saved, by the save path's own rule for it
 * (storyInputSchema: one line or several, no control characters, a length once trimmed), or null.
 * `maximum` when length is all that is wrong: the longest the save path takes.
 */
function fieldIssue(field: LiveTextField, value: string): { message: string; maximum: number | null } | null {
  const parsed = storyInputSchema.shape[field].safeParse(value);
  if (parsed.success) return null;
  const issues = parsed.error.issues;
  const maximum = issues.every((each) => each.code === "too_big") ? Math.min(...issues.map((each) => Number((each as { maximum?: number | bigint }).maximum ?? 0))) : null;
  return { message: issues[0]?.message ?? `The ${field} cannot be taken.`, maximum: maximum && Number.isFinite(maximum) ? maximum : null };
}

/**
 * Why a change to the text fields (one update, `before` to `after`) is refused, or null: a field it
 * changes must keep the rule the save path holds it to (lib/stories/schemas.ts), with two
 * allowances for length, and nothing else let through:
 * - Two people typing into one field at once can together pass its limit, though each editor holds
 *   its own input to it (maxLength): refusing the second one's keystroke would refuse it again on
 *   every reconnect, and hold up everything else that person types. So a field may run up to twice
 *   its limit: both see the merged text and can cut it (the pre-publish check warns of a long
 *   headline or search text; an Admin API save of the story is held to the limit again).
 * - A field already longer than that (a wire story's headline) may be changed as long as it grows
 *   no longer, so it can be cut down live.
 */
export function textChangeProblem(before: LiveFields, after: LiveFields): string | null {
  for (const field of TEXT_FIELDS) {
    if (after[field] === before[field]) continue;
    const issue = fieldIssue(field, after[field]);
    if (!issue) continue;
    if (issue.maximum !== null && after[field].trim().length <= 2 * issue.maximum) continue;
    const cutting = issue.maximum !== null && fieldIssue(field, before[field])?.maximum != null && after[field].length <= before[field].length;
    if (!cutting) return issue.message;
  }
  return null;
}

/**
 * What the live document says the story is, the body checked by the allow-list
 * (lib/stories/document.ts, the desk's copy with its notes and suggestions): throws DocumentError
 * when it holds anything a story may not. An empty body is one empty paragraph, as the editor
 * shows it. The text fields are as held (each change to them was checked: textChangeProblem).
 */
export function liveContentOf(doc: Y.Doc): LiveContent {
  const json = bodyJsonOf(doc);
  const body = parseDeskDocument(json.content && json.content.length > 0 ? json : { type: "doc", content: [{ type: "paragraph" }] });
  return { ...textFieldsOf(doc), body };
}

/** Sets text fields to the given values, each replaced whole where it differs; whether any did. Call inside a transaction. */
function replaceTextFields(doc: Y.Doc, values: Partial<LiveFields>): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(values) as Array<[LiveTextField, string]>) {
    const text = doc.getText(field);
    if (text.toString() === value) continue;
    text.delete(0, text.length);
    text.insert(0, value);
    changed = true;
  }
  return changed;
}

/** A new live document holding a story as stored (every empty text block with its empty text: lib/collab/text-blocks.ts). */
export function docFromStory(story: LiveFields & { body: unknown }): Y.Doc {
  const doc = new Y.Doc();
  const body = parseDeskDocument(story.body);
  doc.transact(() => {
    for (const field of TEXT_FIELDS) doc.getText(field).insert(0, story[field]);
    appendChildren(doc.getXmlFragment(BODY_FIELD), body.content as unknown as JsonNode[]);
    fillEmptyTextBlocks(doc);
  });
  return doc;
}

/**
 * A document stored under an older schema lacks the text fields added since: they are set from
 * the story as stored (whatever the old document may hold under those names, which no editor of
 * its version showed), so the next write of the story does not empty them. Returns whether it
 * changed anything. Run once per stored document: Yjs would keep both of two such fills.
 */
export function fillAddedTextFields(doc: Y.Doc, storedVersion: number, story: LiveFields): boolean {
  const added = TEXT_FIELDS.filter((field) => TEXT_FIELD_SINCE[field] > storedVersion);
  let changed = false;
  doc.transact(() => {
    changed = replaceTextFields(doc, Object.fromEntries(added.map((field) => [field, story[field]])));
  });
  return changed;
}

/** Replaces the live document's content with a story's as saved elsewhere (the Admin API): one transaction. */
export function replaceLiveContent(doc: Y.Doc, story: LiveFields & { body: StoryDocument }): void {
  doc.transact(() => {
    replaceTextFields(doc, liveFieldsOf(story));
    const fragment = doc.getXmlFragment(BODY_FIELD);
    if (JSON.stringify(bodyJsonOf(doc)) === JSON.stringify(story.body)) return;
    fragment.delete(0, fragment.length);
    appendChildren(fragment, story.body.content as unknown as JsonNode[]);
    fillEmptyTextBlocks(doc);
  });
}
