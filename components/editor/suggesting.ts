// Suggesting mode, written on ProseMirror's transactions (Tiptap's own track changes is a paid
// extension). While it is on, a local change is rewritten after the fact (appendTransaction):
// inserted text gets a `suggestionInsert` mark, and deleted text is put back with a
// `suggestionDelete` mark (shown struck through), each carrying the author's id, name and time.
// Typing over a selection is both, under one suggestion id, so it is accepted or rejected as one.
// Deleting text that is itself a pending insertion takes it out for good (it was never in the
// story); deleting text already suggested for deletion leaves it as it is and moves the caret over
// it. Paragraph breaks, images and dividers are not tracked: splitting or joining paragraphs
// happens as in Editing, and an image or divider cannot be removed in Suggesting.
//
// The marks live in the document, so they travel with it (a saved body, a Yjs document);
// changes that come from elsewhere (a collaborator's update, carrying y-prosemirror's meta, undo
// and redo, loading a whole document, accepting and rejecting) are never rewritten. Readers never see the marks: the document
// allow-list drops them (lib/stories/document.ts), reading the text as before the suggestions.

import { Fragment, Slice, type Mark as PMMark, type MarkType, type Node as PMNode, type Schema } from "@tiptap/pm/model";
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from "@tiptap/pm/state";
import { Mapping, ReplaceStep } from "@tiptap/pm/transform";

import type { SuggestionAttrs } from "@/lib/stories/document";

export interface SuggestingAuthor {
  id: string;
  name: string;
}

export interface SuggestingState {
  on: boolean;
  author: SuggestingAuthor | null;
}

export const suggestingKey = new PluginKey<SuggestingState>("suggesting");
/** Meta on a transaction the plugin must leave alone (accepting, rejecting, loading a document). */
export const SUGGESTION_SKIP = "suggestionSkip";
/** y-prosemirror's meta on a transaction that applies a collaborator's update (or a Yjs undo). */
const YJS_SYNC = "y-sync$";
/** prosemirror-history's meta on an undo or redo, which puts back what was there. */
const HISTORY = "history$";

export interface SuggestingOptions {
  now?: () => Date;
  newId?: () => string;
}

function randomId(): string {
  return globalThis.crypto.randomUUID();
}

function suggestionOf(marks: readonly PMMark[], type: MarkType): SuggestionAttrs | null {
  const mark = marks.find((m) => m.type === type);
  return mark ? (mark.attrs as SuggestionAttrs) : null;
}

/** Whether a transaction is the person's own edit, which Suggesting rewrites. */
function isOwnEdit(tr: Transaction): boolean {
  if (!tr.docChanged || tr.getMeta(SUGGESTION_SKIP) || tr.getMeta(YJS_SYNC) || tr.getMeta(HISTORY) || tr.getMeta(suggestingKey)) return false;
  // Replacing the whole document is loading one (setContent: a restored version, a reload), not an edit.
  const first = tr.steps[0];
  return !(tr.steps.length === 1 && first instanceof ReplaceStep && (first as unknown as { from: number }).from === 0 && (first as unknown as { to: number }).to === tr.before.content.size);
}

function hasContent(fragment: Fragment): boolean {
  let found = false;
  fragment.descendants((node) => {
    if (found) return false;
    if (node.isText || node.isLeaf) found = true;
    return !found;
  });
  return found;
}

/** The removed slice as it must come back: pending insertions gone, the rest marked deleted. */
function restoredSlice(removed: Slice, schema: Schema, deleteMark: PMMark): Slice | null {
  const insertType = schema.marks.suggestionInsert!;
  const deleteType = schema.marks.suggestionDelete!;
  const rewrite = (fragment: Fragment): Fragment => {
    const nodes: PMNode[] = [];
    fragment.forEach((child) => {
      if (child.isText) {
        if (insertType.isInSet(child.marks)) return;
        nodes.push(deleteType.isInSet(child.marks) ? child : child.mark(deleteMark.addToSet(child.marks)));
      } else {
        nodes.push(child.copy(rewrite(child.content)));
      }
    });
    return Fragment.fromArray(nodes);
  };
  const content = rewrite(removed.content);
  if (!hasContent(content)) return null;
  return new Slice(content, removed.openStart, removed.openEnd);
}

/** The suggestion next to `pos` (before, then after) of this type by this author, to extend it. */
function neighbourSuggestion(doc: PMNode, pos: number, type: MarkType, authorId: string): SuggestionAttrs | null {
  const $pos = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    if (!node?.isText) continue;
    const attrs = suggestionOf(node.marks, type);
    if (attrs && attrs.authorId === authorId) return attrs;
  }
  return null;
}

/**
 * Rewrites the person's edits in `trs` as suggestions: the transaction to append, or null when
 * there is nothing to rewrite. Exported for the unit tests.
 */
export function suggestEdits(trs: readonly Transaction[], oldState: EditorState, newState: EditorState, author: SuggestingAuthor, options: SuggestingOptions = {}): Transaction | null {
  if (!trs.some(isOwnEdit)) return null;
  const schema = newState.schema;
  const insertType = schema.marks.suggestionInsert;
  const deleteType = schema.marks.suggestionDelete;
  if (!insertType || !deleteType) return null;
  const now = (options.now ?? (() => new Date()))().toISOString();
  const newId = options.newId ?? randomId;
  const tr = newState.tr;
  let caret: number | null = null;
  let lastStep: { from: number; to: number; size: number; tr: Transaction } | null = null;

  trs.forEach((t, k) => {
    if (!isOwnEdit(t)) return;
    const after = new Mapping();
    for (const later of trs.slice(k + 1)) after.appendMapping(later.mapping);
    t.steps.forEach((step, i) => {
      if (!(step instanceof ReplaceStep)) return;
      const { from, to, slice } = step as unknown as { from: number; to: number; slice: Slice };
      const rest = new Mapping(t.mapping.maps.slice(i + 1));
      rest.appendMapping(after);
      const toFinal = (pos: number, assoc: number) => tr.mapping.map(rest.map(pos, assoc), assoc);
      let id: string | null = null;

      if (to > from) {
        const at = toFinal(from, -1);
        const own = neighbourSuggestion(tr.doc, at, deleteType, author.id);
        const attrs: SuggestionAttrs = own ?? { id: newId(), authorId: author.id, authorName: author.name, at: now };
        id = attrs.id;
        const restored = restoredSlice(t.docs[i]!.slice(from, to), schema, deleteType.create(attrs));
        if (restored) tr.replace(at, at, restored);
      }
      if (slice.size > 0) {
        const start = toFinal(from, 1);
        const end = toFinal(from + slice.size, -1);
        if (end > start) {
          const own = id === null ? neighbourSuggestion(tr.doc, start, insertType, author.id) : null;
          const attrs: SuggestionAttrs = own ?? { id: id ?? newId(), authorId: author.id, authorName: author.name, at: now };
          tr.removeMark(start, end, deleteType);
          tr.removeMark(start, end, insertType);
          tr.addMark(start, end, insertType.create(attrs));
        }
      }
      lastStep = { from, to, size: slice.size, tr: t };
      // Backspace (a one-step deletion before a caret): the caret goes before what was struck, so
      // the next Backspace strikes the character before it.
      caret = null;
      if (slice.size === 0 && to > from && oldState.selection.empty && oldState.selection.from === to) caret = toFinal(from, -1);
    });
  });
  if (!tr.docChanged) return null;
  if (caret !== null && lastStep) tr.setSelection(TextSelection.create(tr.doc, caret));
  return tr.setMeta(SUGGESTION_SKIP, true);
}

/** Every pending suggestion in a document, in document order, with its text. */
export interface PendingSuggestion {
  id: string;
  authorId: string;
  authorName: string;
  at: string;
  inserted: string;
  deleted: string;
  from: number;
  to: number;
}

export function pendingSuggestions(doc: PMNode): PendingSuggestion[] {
  const byId = new Map<string, PendingSuggestion>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      const kind = mark.type.name === "suggestionInsert" ? "inserted" : mark.type.name === "suggestionDelete" ? "deleted" : null;
      if (!kind) continue;
      const attrs = mark.attrs as SuggestionAttrs;
      const entry = byId.get(attrs.id) ?? { ...attrs, inserted: "", deleted: "", from: pos, to: pos };
      entry[kind] += node.text ?? "";
      entry.from = Math.min(entry.from, pos);
      entry.to = Math.max(entry.to, pos + node.nodeSize);
      byId.set(attrs.id, entry);
    }
    return false;
  });
  return [...byId.values()].sort((a, b) => a.from - b.from);
}

/**
 * Accepts or rejects suggestions (those with these ids, or all): accepting keeps an insertion's
 * text and removes a deletion's; rejecting does the opposite. Never rewritten as a suggestion.
 */
export function resolveSuggestions(state: EditorState, accept: boolean, ids: readonly string[] | null): Transaction | null {
  const insertType = state.schema.marks.suggestionInsert;
  const deleteType = state.schema.marks.suggestionDelete;
  if (!insertType || !deleteType) return null;
  const wanted = ids ? new Set(ids) : null;
  const unmark: Array<{ from: number; to: number; type: MarkType }> = [];
  const remove: Array<{ from: number; to: number }> = [];
  state.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const type of [insertType, deleteType]) {
      const attrs = suggestionOf(node.marks, type);
      if (!attrs || (wanted && !wanted.has(attrs.id))) continue;
      const range = { from: pos, to: pos + node.nodeSize };
      if ((type === insertType) === accept) unmark.push({ ...range, type });
      else remove.push(range);
    }
    return false;
  });
  if (unmark.length === 0 && remove.length === 0) return null;
  const tr = state.tr;
  for (const range of unmark) tr.removeMark(range.from, range.to, range.type);
  for (const range of remove.sort((a, b) => b.from - a.from)) tr.delete(range.from, range.to);
  return tr.setMeta(SUGGESTION_SKIP, true);
}

/** The plugin: off until a transaction with suggestingKey's meta turns it on for an author. */
export function suggestingPlugin(options: SuggestingOptions = {}): Plugin<SuggestingState> {
  return new Plugin<SuggestingState>({
    key: suggestingKey,
    state: {
      init: () => ({ on: false, author: null }),
      apply: (tr, value) => (tr.getMeta(suggestingKey) as SuggestingState | undefined) ?? value,
    },
    appendTransaction(trs, oldState, newState) {
      const state = suggestingKey.getState(newState);
      if (!state?.on || !state.author) return null;
      return suggestEdits(trs, oldState, newState, state.author, options);
    },
  });
}

/** A transaction that turns Suggesting on (for this author) or off. */
export function setSuggesting(state: EditorState, on: boolean, author: SuggestingAuthor | null): Transaction {
  return state.tr.setMeta(suggestingKey, { on, author } satisfies SuggestingState);
}
