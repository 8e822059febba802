import { Extension, type Editor } from "@tiptap/core";
import { Plugin, PluginKey } from "@tiptap/pm/state";

/**
 * Makes ProseMirror take in what the page holds that it has not read yet: the selection (read at
 * the next "selectionchange" event otherwise, which a busy page may run after the next key) and
 * typing (its mutation records). Its DOM observer's flush, as ProseMirror runs it itself before it
 * handles a key (a flush it had put off for a moment first); not in its typings.
 */
export function readPendingSelection(editor: Editor): void {
  if (editor.isDestroyed) return;
  const observer = (editor.view as unknown as { domObserver?: { forceFlush?: () => void; flush?: () => void } }).domObserver;
  observer?.forceFlush?.();
  observer?.flush?.();
}

/**
 * Reads the page's selection before the editor handles any key, so a shortcut acts on what is
 * selected on the screen: after Shift+Arrow, a busy page may deliver the next key before the
 * "selectionchange" event that tells ProseMirror of the new selection (seen in
 * e2e/co-editing.spec.ts: Ctrl+Alt+M made a note on one character less than was selected).
 * Not while an input method is composing, as ProseMirror itself.
 */
export const ReadSelectionFirst = Extension.create({
  name: "readSelectionFirst",
  priority: 10_000,
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: new PluginKey("readSelectionFirst"),
        props: {
          handleKeyDown: (_view, event) => {
            if (!event.isComposing && event.keyCode !== 229) readPendingSelection(editor);
            return false;
          },
        },
      }),
    ];
  },
});
