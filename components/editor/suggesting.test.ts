import { getSchema, type JSONContent } from "@tiptap/core";
import { history, undo } from "@tiptap/pm/history";
import { EditorState, TextSelection, type Transaction } from "@tiptap/pm/state";
import { describe, expect, it } from "vitest";

import { storyExtensions } from "@/components/editor/extensions";
import { pendingSuggestions, resolveSuggestions, setSuggesting, suggestingPlugin } from "@/components/editor/suggesting";
import { documentToPlainText, parseDeskDocument, parseStoryDocument } from "@/lib/stories/document";

const schema = getSchema(storyExtensions);
const MIRA = { id: "u-mira", name: "Mira Castell" };
const TOM = { id: "u-tom", name: "Tom Ade" };

let ids = 0;
function stateOf(text: string | JSONContent, author = MIRA): EditorState {
  ids = 0;
  const json: JSONContent =
    typeof text === "string" ? { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] } : text;
  const plugin = suggestingPlugin({ now: () => new Date("2026-12-07T03:00:00Z"), newId: () => `s${++ids}` });
  const state = EditorState.create({ schema, doc: schema.nodeFromJSON(json), plugins: [history(), plugin] });
  return state.apply(setSuggesting(state, true, author));
}

function run(state: EditorState, make: (tr: Transaction) => Transaction): EditorState {
  return state.applyTransaction(make(state.tr)).state;
}

/** Position of the n-th character of the first paragraph's text (1 is where the text starts). */
const at = (offset: number) => 1 + offset;

/** The text of the first paragraph with [+inserted+] and [-deleted-] runs, for reading the tests. */
function shown(state: EditorState): string {
  let out = "";
  state.doc.descendants((node) => {
    if (!node.isText) return true;
    const name = node.marks.map((mark) => mark.type.name);
    if (name.includes("suggestionInsert")) out += `[+${node.text}+]`;
    else if (name.includes("suggestionDelete")) out += `[-${node.text}-]`;
    else out += node.text;
    return false;
  });
  return out;
}

const readerText = (state: EditorState) => documentToPlainText(parseStoryDocument(state.doc.toJSON()));

describe("Suggesting mode rewrites edits as suggestions", () => {
  it("marks typed text as a suggested insertion with the author and time", () => {
    const state = run(stateOf("The quay closed."), (tr) => tr.insertText("north ", at(4)));
    expect(shown(state)).toBe("The [+north +]quay closed.");
    const [suggestion] = pendingSuggestions(state.doc);
    expect(suggestion).toMatchObject({ id: "s1", authorId: MIRA.id, authorName: MIRA.name, at: "2026-12-07T03:00:00.000Z", inserted: "north " });
    expect(readerText(state)).toBe("The quay closed.");
  });

  it("keeps typing in one suggestion", () => {
    let state = run(stateOf("The quay."), (tr) => tr.insertText("n", at(4)));
    state = run(state, (tr) => tr.insertText("o", at(5)));
    expect(shown(state)).toBe("The [+no+]quay.");
    expect(pendingSuggestions(state.doc)).toHaveLength(1);
  });

  it("strikes deleted text through instead of removing it", () => {
    const state = run(stateOf("The north quay."), (tr) => tr.delete(at(4), at(10)));
    expect(shown(state)).toBe("The [-north -]quay.");
    expect(readerText(state)).toBe("The north quay.");
  });

  it("turns typing over a selection into one deletion and one insertion under one id", () => {
    let state = stateOf("The north quay.");
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(4), at(9))));
    state = run(state, (tr) => tr.insertText("south"));
    expect(shown(state)).toBe("The [-north-][+south+] quay.");
    const suggestions = pendingSuggestions(state.doc);
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ deleted: "north", inserted: "south" });
    expect(state.selection.from).toBe(at(4 + 10));
  });

  it("Backspace strikes the character before the caret and moves the caret before it", () => {
    let state = stateOf("quay");
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(4))));
    state = run(state, (tr) => tr.delete(at(3), at(4)));
    expect(shown(state)).toBe("qua[-y-]");
    expect(state.selection.from).toBe(at(3));
    state = run(state, (tr) => tr.delete(at(2), at(3)));
    expect(shown(state)).toBe("qu[-ay-]");
    expect(pendingSuggestions(state.doc)).toHaveLength(1);
  });

  it("Backspace across a suggestion: own insertions go, deletions stay struck", () => {
    let state = run(stateOf("ab"), (tr) => tr.insertText("XY", at(1)));
    expect(shown(state)).toBe("a[+XY+]b");
    state = run(state, (tr) => tr.delete(at(0), at(4)));
    expect(shown(state)).toBe("[-ab-]");
    expect(readerText(state)).toBe("ab");
    // Deleting text already suggested for deletion changes nothing.
    const again = run(state, (tr) => tr.delete(at(0), at(1)));
    expect(shown(again)).toBe("[-ab-]");
  });

  it("leaves alone edits that are not the person's own (accepting, a collaborator's update)", () => {
    const state = stateOf("quay");
    const remote = state.applyTransaction(state.tr.insertText("x", at(0)).setMeta("y-sync$", { isChangeOrigin: true })).state;
    expect(shown(remote)).toBe("xquay");
  });

  it("undo takes a suggestion back out rather than suggesting its removal", () => {
    const typed = run(stateOf("quay"), (tr) => tr.insertText("x", at(0)));
    expect(shown(typed)).toBe("[+x+]quay");
    let undone = typed;
    undo(typed, (tr) => {
      undone = typed.applyTransaction(tr).state;
    });
    expect(shown(undone)).toBe("quay");
  });

  it("leaves a whole new document alone (a version restored, a reload)", () => {
    const state = stateOf("quay");
    const loaded = run(state, (tr) => tr.replaceWith(0, tr.doc.content.size, schema.nodeFromJSON({ type: "paragraph", content: [{ type: "text", text: "new" }] })));
    expect(shown(loaded)).toBe("new");
  });

  it("does nothing in Editing mode", () => {
    let state = stateOf("quay");
    state = state.apply(setSuggesting(state, false, null));
    state = run(state, (tr) => tr.insertText("x", at(0)));
    expect(shown(state)).toBe("xquay");
  });
});

describe("accepting and rejecting", () => {
  function withTwo(): EditorState {
    let state = run(stateOf("The quay closed."), (tr) => tr.insertText("north ", at(4)));
    state = state.apply(setSuggesting(state, true, TOM));
    return run(state, (tr) => tr.delete(at(15), at(21)));
  }

  it("starts with two suggestions by two people", () => {
    const state = withTwo();
    expect(shown(state)).toBe("The [+north +]quay [-closed-].");
    expect(pendingSuggestions(state.doc).map((s) => s.authorName)).toEqual([MIRA.name, TOM.name]);
  });

  it("accepting an insertion keeps its text, accepting a deletion removes it", () => {
    let state = withTwo();
    const [insertion, deletion] = pendingSuggestions(state.doc);
    state = state.apply(resolveSuggestions(state, true, [insertion!.id])!);
    expect(shown(state)).toBe("The north quay [-closed-].");
    state = state.apply(resolveSuggestions(state, true, [deletion!.id])!);
    expect(shown(state)).toBe("The north quay .");
  });

  it("rejecting puts the text back as it was", () => {
    let state = withTwo();
    state = state.apply(resolveSuggestions(state, false, null)!);
    expect(shown(state)).toBe("The quay closed.");
    expect(pendingSuggestions(state.doc)).toEqual([]);
  });

  it("accept all applies every suggestion; a replacement is accepted as one", () => {
    let state = withTwo();
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, at(0), at(3))));
    state = run(state, (tr) => tr.insertText("A"));
    expect(pendingSuggestions(state.doc)).toHaveLength(3);
    state = state.apply(resolveSuggestions(state, true, null)!);
    expect(shown(state)).toBe("A north quay .");
  });
});

describe("the allow-list and editorial marks", () => {
  const body = {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "The " },
          { type: "text", text: "north", marks: [{ type: "note", attrs: { id: "n1" } }] },
          { type: "text", text: " old", marks: [{ type: "suggestionDelete", attrs: { id: "s1", authorId: "u", authorName: "Mira", at: "2026-12-07T03:00:00Z" } }] },
          { type: "text", text: " new", marks: [{ type: "suggestionInsert", attrs: { id: "s1", authorId: "u", authorName: "Mira", at: "2026-12-07T03:00:00Z" } }] },
          { type: "text", text: " quay." },
        ],
      },
    ],
  };

  it("keeps notes and suggestions in the desk's copy", () => {
    expect(parseDeskDocument(body)).toEqual(body);
  });

  it("gives readers the text as before the suggestions, without notes", () => {
    const reader = parseStoryDocument(body);
    expect(JSON.stringify(reader)).not.toMatch(/note|suggestion/);
    expect(documentToPlainText(reader)).toBe("The north old quay.");
    expect(documentToPlainText(parseDeskDocument(body))).toBe("The north old quay.");
  });

  it("refuses an editorial mark without an id", () => {
    expect(() => parseDeskDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a", marks: [{ type: "note" }] }] }] })).toThrow();
  });
});
