// The desk's editorial marks: a note's anchor and the two kinds of pending suggestion. They are
// marks in the document (so they move with their text and travel with the document, saved or
// shared through Yjs), drawn so they are told apart without colour: a note is underlined with
// dots, an insertion underlined, a deletion struck through. The reader allow-list drops them.

import { Extension, Mark, mergeAttributes } from "@tiptap/core";
import type { Node as PMNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

import { suggestingPlugin } from "@/components/editor/suggesting";

/** Fired on the editor's element by the Add note shortcut; the notes panel listens for it. */
export const ADD_NOTE_EVENT = "newsdesk:add-note";
export const ADD_NOTE_SHORTCUT = "Ctrl+Alt+M";

export const NoteMark = Mark.create({
  name: "note",
  inclusive: false,
  // Notes may overlap: a span can anchor more than one note.
  excludes: "",
  addAttributes() {
    return {
      id: { default: null, parseHTML: (element) => element.getAttribute("data-note-id"), renderHTML: (attrs) => ({ "data-note-id": attrs.id }) },
    };
  },
  parseHTML() {
    return [{ tag: "mark[data-note-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["mark", mergeAttributes(HTMLAttributes, { class: "editorial-note" }), 0];
  },
  addKeyboardShortcuts() {
    return {
      // The selection on the screen: ReadSelectionFirst (components/editor/pending-selection.ts)
      // has ProseMirror read it before any shortcut runs.
      "Mod-Alt-m": ({ editor }) => {
        if (!editor.isEditable || editor.state.selection.empty) return false;
        editor.view.dom.dispatchEvent(new CustomEvent(ADD_NOTE_EVENT, { bubbles: true }));
        return true;
      },
    };
  },
});

function suggestionAttributes() {
  const attr = (name: string) => ({
    default: "",
    parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? "",
    renderHTML: (attrs: Record<string, unknown>) => ({ [`data-${name}`]: attrs[name] }),
  });
  return {
    id: { default: null, parseHTML: (element: HTMLElement) => element.getAttribute("data-suggestion-id"), renderHTML: (attrs: Record<string, unknown>) => ({ "data-suggestion-id": attrs.id }) },
    authorId: attr("authorId"),
    authorName: attr("authorName"),
    at: attr("at"),
  };
}

export const SuggestionInsert = Mark.create({
  name: "suggestionInsert",
  inclusive: false,
  addAttributes: suggestionAttributes,
  parseHTML() {
    return [{ tag: "ins[data-suggestion-id]" }];
  },
  renderHTML({ HTMLAttributes, mark }) {
    return ["ins", mergeAttributes(HTMLAttributes, { class: "suggestion-insert", title: `Suggested by ${String(mark.attrs.authorName)}` }), 0];
  },
});

export const SuggestionDelete = Mark.create({
  name: "suggestionDelete",
  inclusive: false,
  addAttributes: suggestionAttributes,
  parseHTML() {
    return [{ tag: "del[data-suggestion-id]" }];
  },
  renderHTML({ HTMLAttributes, mark }) {
    return ["del", mergeAttributes(HTMLAttributes, { class: "suggestion-delete", title: `Deletion suggested by ${String(mark.attrs.authorName)}` }), 0];
  },
});

/** The ids of resolved notes, whose anchors are drawn plainly (the thread stays in the rail). */
export const resolvedNotesKey = new PluginKey<{ ids: ReadonlySet<string>; decorations: DecorationSet }>("resolvedNotes");

function resolvedDecorations(doc: PMNode, ids: ReadonlySet<string>): DecorationSet {
  if (ids.size === 0) return DecorationSet.empty;
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    if (node.marks.some((mark) => mark.type.name === "note" && ids.has(String(mark.attrs.id)))) {
      decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: "editorial-note-resolved" }));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

/** A transaction telling the editor which notes are resolved. */
export function setResolvedNotes(state: EditorState, ids: readonly string[]): Transaction {
  return state.tr.setMeta(resolvedNotesKey, new Set(ids)).setMeta("addToHistory", false);
}

/** Suggesting mode's transaction rewriting (components/editor/suggesting.ts), and resolved notes' look. */
export const Suggesting = Extension.create({
  name: "suggesting",
  addProseMirrorPlugins() {
    const resolved = new Plugin<{ ids: ReadonlySet<string>; decorations: DecorationSet }>({
      key: resolvedNotesKey,
      state: {
        init: () => ({ ids: new Set<string>(), decorations: DecorationSet.empty }),
        apply: (tr, value, _old, state) => {
          const ids = (tr.getMeta(resolvedNotesKey) as ReadonlySet<string> | undefined) ?? value.ids;
          if (ids === value.ids && !tr.docChanged) return value;
          return { ids, decorations: resolvedDecorations(state.doc, ids) };
        },
      },
      props: {
        decorations: (state) => resolvedNotesKey.getState(state)?.decorations,
      },
    });
    return [suggestingPlugin(), resolved];
  },
});

export const editorialExtensions = [NoteMark, SuggestionInsert, SuggestionDelete, Suggesting];
