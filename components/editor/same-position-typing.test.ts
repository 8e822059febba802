// Two people typing at the very same place in a live story's body at the same moment (docs/desk.md,
// "Co-editing"): each person's words must stay whole. Yjs keeps one person's consecutive keystrokes
// together only if each lands right after the one before; so after every update from the other
// person the binding (y-tiptap's ySyncPlugin, as Tiptap's Collaboration extension runs it) must put
// one's own caret back right after one's own last character, not after the other person's text.
// Here two ProseMirror states with the desk's schema and plugins are bound to two Y.Docs, without a
// browser, and exchange their updates after every keystroke. An empty text block must already hold
// its (empty) Y.XmlText for this (lib/collab/text-blocks.ts): otherwise a character comes out twice.

import { getSchema } from "@tiptap/core";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { ySyncPlugin } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import { liveStoryExtensions } from "@/components/editor/extensions";
import { setSuggesting, suggestingPlugin } from "@/components/editor/suggesting";
import { BODY_FIELD, TEXT_FIELDS } from "@/lib/collab/protocol";
import { keepTextInEmptyBlocks } from "@/lib/collab/text-blocks";
import { docFromStory, type LiveFields } from "@/lib/collab/ydoc";

const schema = getSchema(liveStoryExtensions);

interface Typist {
  doc: Y.Doc;
  state: () => EditorState;
  dispatch: (tr: Transaction) => void;
}

/** An editor bound to its own Y.Doc: what the browser's EditorView does for the plugins, and no more. */
function typist(clientID: number, seed: Uint8Array, options: { suggesting: boolean }): Typist {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  Y.applyUpdate(doc, seed);
  // As components/editor/live-story.ts does for every live story.
  keepTextInEmptyBlocks(doc);
  let state = EditorState.create({ schema, plugins: [ySyncPlugin(doc.getXmlFragment(BODY_FIELD)), suggestingPlugin()] });
  const pluginViews: Array<{ update?: () => void }> = [];
  const view = {
    get state() {
      return state;
    },
    dispatch(tr: Transaction) {
      state = state.apply(tr);
      for (const pluginView of pluginViews) pluginView.update?.();
    },
    hasFocus: () => false,
  };
  for (const plugin of state.plugins) if (plugin.spec.view) pluginViews.push(plugin.spec.view(view as never) as { update?: () => void });
  if (options.suggesting) view.dispatch(setSuggesting(state, true, { id: `u-${clientID}`, name: `Person ${clientID}` }));
  return { doc, state: () => state, dispatch: (tr) => view.dispatch(tr) };
}

/** The live document the server makes for a story whose body is one paragraph. */
function seedOf(text: string): Uint8Array {
  const paragraph = text ? { type: "paragraph", content: [{ type: "text", text }] } : { type: "paragraph" };
  const blank = Object.fromEntries(TEXT_FIELDS.map((field) => [field, ""])) as LiveFields;
  return Y.encodeStateAsUpdate(docFromStory({ ...blank, body: { type: "doc", content: [paragraph] } }));
}

function type(person: Typist, char: string): void {
  const state = person.state();
  person.dispatch(state.tr.insertText(char, state.selection.from, state.selection.to));
}

/**
 * Applies the other's update. `rightAnchored`: the caret is then put back as a caret tied to the
 * character on its right would be (a relative position with assoc 0), the mapping that makes words
 * interleave; the check that this test can see interleaving at all.
 */
function receive(person: Typist, update: Uint8Array, rightAnchored: boolean): void {
  if (!rightAnchored) return Y.applyUpdate(person.doc, update);
  const text = (person.doc.getXmlFragment(BODY_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText | undefined;
  const before = text ? Y.createRelativePositionFromTypeIndex(text, person.state().selection.from - 1, 0) : null;
  Y.applyUpdate(person.doc, update);
  const index = before ? Y.createAbsolutePositionFromRelativePosition(before, person.doc)?.index : undefined;
  if (index !== undefined) person.dispatch(person.state().tr.setSelection(TextSelection.create(person.state().doc, index + 1)));
}

/**
 * Two people with carets at `at` in a paragraph holding `text` type a word each, a keystroke at a
 * time. `split`: one of them first presses Enter at the end of the paragraph, and `at` is in the
 * new, empty one.
 */
function typeTogether(text: string, at: number, options: { suggesting?: boolean; aFirst?: boolean; rightAnchored?: boolean; split?: boolean } = {}): [string, string] {
  const seed = seedOf(text);
  const a = typist(100, seed, { suggesting: options.suggesting ?? false });
  const b = typist(200, seed, { suggesting: options.suggesting ?? false });
  if (options.split) {
    const seenByB = Y.encodeStateVector(b.doc);
    const end = a.state().doc.content.size - 1;
    const tr = a.state().tr.split(end);
    a.dispatch(tr.setSelection(TextSelection.create(tr.doc, end + 2)));
    Y.applyUpdate(b.doc, Y.encodeStateAsUpdate(a.doc, seenByB));
  }
  for (const person of [a, b]) person.dispatch(person.state().tr.setSelection(TextSelection.create(person.state().doc, at)));
  const [wordA, wordB] = ["alpha ", "omega "];
  for (let i = 0; i < wordA.length; i += 1) {
    const [seenByA, seenByB] = [Y.encodeStateVector(a.doc), Y.encodeStateVector(b.doc)];
    type(a, wordA[i]!);
    // Either both keystrokes cross on the wire, or a's reaches b just before b types.
    if (options.aFirst) receive(b, Y.encodeStateAsUpdate(a.doc, seenByB), options.rightAnchored ?? false);
    const seenByBNow = Y.encodeStateVector(b.doc);
    type(b, wordB[i]!);
    receive(a, Y.encodeStateAsUpdate(b.doc, seenByA), options.rightAnchored ?? false);
    receive(b, Y.encodeStateAsUpdate(a.doc, seenByBNow), options.rightAnchored ?? false);
  }
  const blocks = (person: Typist) => person.state().doc.children.map((block) => block.textContent).join("|");
  return [blocks(a), blocks(b)];
}

const PLACES: Array<[string, string, number, boolean]> = [
  ["at the end of a paragraph", "Ferries", 8, false],
  ["at the start of a paragraph", "Ferries", 1, false],
  ["in the middle of a word", "Ferries", 4, false],
  ["in an empty paragraph", "", 1, false],
  ["in a paragraph one of them has just made", "Ferries", 10, true],
];

describe("two people typing at the same place at the same moment", () => {
  for (const [where, text, at, split] of PLACES) {
    for (const suggesting of [false, true]) {
      for (const aFirst of [false, true]) {
        it(`keeps both words whole ${where} (${suggesting ? "suggesting" : "editing"}, ${aFirst ? "one just ahead" : "keystrokes crossing"})`, () => {
          const [seenByA, seenByB] = typeTogether(text, at, { suggesting, aFirst, split });
          expect(seenByA).toBe(seenByB);
          const words = split ? [`${text}|alpha omega `, `${text}|omega alpha `] : ["alpha omega ", "omega alpha "].map((both) => `${text.slice(0, at - 1)}${both}${text.slice(at - 1)}`);
          expect(words).toContain(seenByA);
        });
      }
    }
  }

  it("would interleave them with a caret tied to the character on its right (so the checks above can fail)", () => {
    const [seenByA, seenByB] = typeTogether("Ferries", 4, { rightAnchored: true });
    expect(seenByA).toBe(seenByB);
    expect(seenByA).not.toContain("alpha");
    expect(seenByA).not.toContain("omega");
  });
});
