// Every text block of a live story's body (a paragraph, a subheading, a pull quote) holds a Y.XmlText,
// even when it is empty (docs/desk.md, "Co-editing", same-place typing). y-tiptap writes an empty
// block as an element with no text in it; two people who then type into it at the same moment each
// make the block's first Y.XmlText, and the repair that joins the two afterwards (y-tiptap's
// mergeNextYText) is not safe against typing that goes on meanwhile: a character comes out twice.
// With the text already there, both type into the one Y.XmlText and Yjs keeps each person's run
// whole. The server makes documents so (lib/collab/ydoc.ts) and every editor fills a block it
// creates in the moment after (components/editor/live-story.ts). Pure: the browser loads it too.

import * as Y from "yjs";

import { BODY_FIELD } from "@/lib/collab/protocol";

/** The node types whose content is text (components/editor/extensions.ts). */
const TEXT_BLOCKS = new Set(["paragraph", "heading", "pullQuote"]);

/** The empty text blocks under a fragment or element that hold no Y.XmlText yet. */
function emptyBlocksIn(parent: Y.XmlFragment | Y.XmlElement, found: Y.XmlElement[]): Y.XmlElement[] {
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (TEXT_BLOCKS.has(child.nodeName)) {
      if (child.length === 0) found.push(child);
    } else emptyBlocksIn(child, found);
  }
  return found;
}

/** Puts an empty Y.XmlText into every empty text block of the body; true if there was any. Call inside a transaction or not. */
export function fillEmptyTextBlocks(doc: Y.Doc, origin: unknown = null): boolean {
  const empty = emptyBlocksIn(doc.getXmlFragment(BODY_FIELD), []);
  if (empty.length === 0) return false;
  doc.transact(() => {
    for (const block of empty) block.insert(0, [new Y.XmlText()]);
  }, origin);
  return true;
}

/** The origin of the fills below, which are not anyone's edit (not undone, not re-checked). */
export const FILL_ORIGIN = "newsdesk:fill-text-blocks";

/**
 * An editor's side: after each of its own changes to the body's structure (a new paragraph, a
 * split, a paste), the blocks it left empty get their Y.XmlText. Typing changes only text, and is
 * not looked at. Returns the function that stops it.
 */
export function keepTextInEmptyBlocks(doc: Y.Doc): () => void {
  const onTransaction = (transaction: Y.Transaction) => {
    if (!transaction.local || transaction.origin === FILL_ORIGIN) return;
    const structural = [...transaction.changed.keys()].some((type) => type instanceof Y.XmlElement || type instanceof Y.XmlFragment);
    if (structural) fillEmptyTextBlocks(doc, FILL_ORIGIN);
  };
  doc.on("afterTransaction", onTransaction);
  return () => doc.off("afterTransaction", onTransaction);
}
