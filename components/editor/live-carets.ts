// Other people's carets and selections in a live story's body, each in their colour with their
// name (y-tiptap's cursor plugin on the provider's awareness). Tiptap's CollaborationCaret does the
// same, but no release of it matches the @tiptap version every other package is pinned to.

import { Extension } from "@tiptap/core";
import { yCursorPlugin } from "@tiptap/y-tiptap";
import type { Awareness } from "y-protocols/awareness";

export interface LiveCaretsOptions {
  awareness: Awareness | null;
  user: { name: string; color: string };
}

/**
 * A caret holds no text of its own: its name is drawn by the stylesheet from `data-name` (and the
 * word joiners around it too, app/globals.css), so the body's text, as a screen reader or a copy
 * of the page reads it, is the story's alone; the caret is hidden from assistive technology (the
 * status line above the headline says who is in the story).
 */
function caretOf(user: { name?: unknown; color?: unknown }): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "#1e40af";
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.setAttribute("style", `border-color: ${color}`);
  caret.setAttribute("aria-hidden", "true");
  const label = document.createElement("span");
  label.classList.add("collaboration-carets__label");
  label.setAttribute("style", `background-color: ${color}`);
  label.dataset.name = typeof user.name === "string" ? user.name : "";
  caret.append(label);
  return caret;
}

export const LiveCarets = Extension.create<LiveCaretsOptions>({
  name: "liveCarets",
  addOptions() {
    return { awareness: null, user: { name: "", color: "#1e40af" } };
  },
  addProseMirrorPlugins() {
    const { awareness, user } = this.options;
    if (!awareness) return [];
    awareness.setLocalStateField("user", user);
    return [
      yCursorPlugin(awareness, {
        cursorBuilder: (who) => caretOf(who as { name?: unknown; color?: unknown }),
        selectionBuilder: (who) => ({ style: `background-color: ${(who as { color?: string }).color ?? "#1e40af"}33`, class: "collaboration-carets__selection" }),
      }),
    ];
  },
});
