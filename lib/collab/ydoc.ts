// A story's live document and the story fields it holds, both ways (docs/desk.md, "Co-editing").
// The body is a Y.XmlFragment in y-prosemirror's encoding (what Tiptap's Collaboration extension
// reads and writes: an element per node with its attributes, a Y.XmlText per run of text with the
// marks as formatting attributes); the headline and standfirst are Y.Text. Pure: no database.

import * as Y from "yjs";

import { BODY_FIELD, type LiveTextField, TEXT_FIELDS } from "@/lib/collab/protocol";
import { fillEmptyTextBlocks } from "@/lib/collab/text-blocks";
import { parseDeskDocument, type StoryDocument } from "@/lib/stories/document";

interface JsonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: JsonNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

export interface LiveContent {
  headline: string;
  standfirst: string;
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

export function textOf(doc: Y.Doc, field: LiveTextField): string {
  return doc.getText(field).toString();
}

/**
 * What the live document says the story is, checked by the allow-list (lib/stories/document.ts,
 * the desk's copy with its notes and suggestions):
 * throws DocumentError when the body holds anything a story may not. An empty body is one empty
 * paragraph, as the editor shows it.
 */
export function liveContentOf(doc: Y.Doc): LiveContent {
  const json = bodyJsonOf(doc);
  const body = parseDeskDocument(json.content && json.content.length > 0 ? json : { type: "doc", content: [{ type: "paragraph" }] });
  return { headline: textOf(doc, "headline"), standfirst: textOf(doc, "standfirst"), body };
}

/** A new live document holding a story as stored (every empty text block with its empty text: lib/collab/text-blocks.ts). */
export function docFromStory(story: { headline: string; standfirst: string; body: unknown }): Y.Doc {
  const doc = new Y.Doc();
  const body = parseDeskDocument(story.body);
  doc.transact(() => {
    for (const field of TEXT_FIELDS) doc.getText(field).insert(0, story[field]);
    appendChildren(doc.getXmlFragment(BODY_FIELD), body.content as unknown as JsonNode[]);
    fillEmptyTextBlocks(doc);
  });
  return doc;
}

/** Replaces the live document's content with a story's as saved elsewhere (the Admin API): one transaction. */
export function replaceLiveContent(doc: Y.Doc, story: { headline: string; standfirst: string; body: StoryDocument }): void {
  doc.transact(() => {
    for (const field of TEXT_FIELDS) {
      const text = doc.getText(field);
      if (text.toString() === story[field]) continue;
      text.delete(0, text.length);
      text.insert(0, story[field]);
    }
    const fragment = doc.getXmlFragment(BODY_FIELD);
    if (JSON.stringify(bodyJsonOf(doc)) === JSON.stringify(story.body)) return;
    fragment.delete(0, fragment.length);
    appendChildren(fragment, story.body.content as unknown as JsonNode[]);
    fillEmptyTextBlocks(doc);
  });
}
