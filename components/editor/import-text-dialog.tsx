"use client";

import { useId, useRef, useState } from "react";

import { ImportHtmlSection } from "@/components/editor/import-html-section";
import { documentToPlainText } from "@/lib/stories/document";
import { looksLikeArticlePage } from "@/lib/stories/import-html";
import { IMPORT_MAX_CHARS, IMPORT_TOO_LARGE, parsePlainTextStory, refusePlainText, type ImportedStory } from "@/lib/stories/import-text";
import { mapPastedHtml } from "@/lib/stories/paste";

const EMPTY_TEXT_ERROR = "Paste the story's text first.";
// A file of more bytes than this cannot hold a story the import reads (UTF-8 takes up to 4 bytes a character).
const FILE_MAX_BYTES = IMPORT_MAX_CHARS * 4;

/**
 * The story read from what the editor gave: each kind of input has its own reader (plain text
 * today; another format adds its reader here), and all of them return the one `ImportedStory`,
 * with `error` set when nothing can be imported.
 */
function readStory(text: string): ImportedStory {
  return parsePlainTextStory(text);
}

/**
 * "Import text": a modal box where the editor pastes a wire or web story; "Import" hands the parsed
 * story to `onImport`. It holds no <form> of its own, because it usually sits inside the story form
 * and a nested form is invalid HTML; every button is type="button" so none submits the story.
 */
export function ImportTextDialog({ onImport }: { onImport: (story: ImportedStory) => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  // What a paste of a web page, Word or Google Docs lost on its way to plain text, for the import's notes.
  const [pasteNotes, setPasteNotes] = useState<string[]>([]);
  // A whole web page pasted (its clipboard HTML), read by the HTML import below the text box.
  const [pastedPage, setPastedPage] = useState<{ html: string; key: number } | null>(null);
  const id = useId();
  const textareaId = `${id}-text`;
  const errorId = `${id}-error`;
  const fileId = `${id}-file`;
  const hintId = `${id}-hint`;
  const titleId = `${id}-title`;

  function open() {
    setError(null);
    dialogRef.current?.showModal();
    // showModal focuses the first focusable element, which would be a button; the paste goes in the box.
    textareaRef.current?.focus();
  }

  /**
   * A paste with HTML (a web page, Word, Google Docs) is read through the same mapping as a paste in
   * the body, so tables keep their rows ("Col A — Col B") instead of running together, and what
   * could not come over is noted.
   */
  function onPaste(event: React.ClipboardEvent<HTMLTextAreaElement>) {
    const html = event.clipboardData.getData("text/html");
    if (html === "") return;
    // A whole page is also read as a web page (below the box), keeping its figures, byline and date;
    // the editor chooses "Import this page" there or "Import" for the text.
    if (looksLikeArticlePage(html)) setPastedPage((current) => ({ html, key: (current?.key ?? 0) + 1 }));
    const result = mapPastedHtml(html);
    if (result.kind === "empty") return;
    event.preventDefault();
    if (result.kind === "refused") {
      setError(result.message);
      return;
    }
    const plain = documentToPlainText({ type: "doc", content: result.content });
    const box = event.currentTarget;
    const next = text.slice(0, box.selectionStart) + plain + text.slice(box.selectionEnd);
    setText(next);
    setError(null);
    const images = result.report.images.map((image) => `Image to upload to the media library: ${image.src}`);
    setPasteNotes(result.changes.length > 0 ? [`From the pasted page: ${result.changes.join(", ")}.`, ...images] : []);
  }

  /** A text file opened from disk goes into the box, so the editor sees what will be read; other formats are refused. */
  async function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    event.stopPropagation();
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    if (file.size > FILE_MAX_BYTES) {
      setError(IMPORT_TOO_LARGE);
      return;
    }
    const content = new TextDecoder("utf-8").decode(await file.arrayBuffer());
    const refusal = refusePlainText(content);
    if (refusal) {
      setError(refusal);
      return;
    }
    setText(content);
    setPasteNotes([]);
    setError(null);
    textareaRef.current?.focus();
  }

  function close() {
    dialogRef.current?.close();
  }

  function importText() {
    if (text.trim().length === 0) {
      setError(EMPTY_TEXT_ERROR);
      textareaRef.current?.focus();
      return;
    }
    const story = readStory(text);
    if (story.error) {
      // Nothing is imported: the draft stays as it was and the box keeps the text to fix.
      setError(story.error);
      textareaRef.current?.focus();
      return;
    }
    onImport({ ...story, notes: [...pasteNotes, ...story.notes] });
    setText("");
    setPasteNotes([]);
    setPastedPage(null);
    setError(null);
    close();
  }

  return (
    <>
      <button type="button" onClick={open} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold">
        Import text
      </button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        // Escape closes the dialog natively; this also clears a stale error for the next opening.
        onClose={() => setError(null)}
        className="m-auto w-[calc(100%-1rem)] max-w-2xl rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/40"
      >
        <h2 id={titleId} className="text-lg font-bold">
          Import a story from text
        </h2>
        <p className="mt-1 text-sm text-[var(--muted)]">
          Paste a wire or web story, or open a text file. The import fills the headline, standfirst, body, bylines, dateline
          place, desk and credit it can find, offers photo captions and quotes, and lists what it dropped; check each before
          saving.
        </p>
        <div className="mt-4">
          <label htmlFor={textareaId} className="block text-sm font-semibold">
            Plain text
          </label>
          <textarea
            ref={textareaRef}
            id={textareaId}
            rows={14}
            value={text}
            onPaste={onPaste}
            onChange={(event) => {
              // The story form marks itself unsaved on any change; pasting here is not an edit to the story yet.
              event.stopPropagation();
              setText(event.target.value);
              if (error && event.target.value.trim().length > 0) setError(null);
            }}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${hintId} ${errorId}` : hintId}
            className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 font-mono text-sm aria-[invalid=true]:border-[var(--accent)]"
          />
          <p id={hintId} className="mt-1 text-sm text-[var(--muted)]">
            Up to 1 MB of text. Site menus, share buttons, credit lines and cookie prompts are recognised and reported.
          </p>
          <div className="mt-3">
            <label htmlFor={fileId} className="block text-sm font-semibold">
              Or open a text file
            </label>
            <input
              id={fileId}
              type="file"
              accept=".txt,text/plain"
              onChange={(event) => void onFile(event)}
              className="mt-1 block w-full max-w-full text-sm file:mr-3 file:rounded file:border file:border-[var(--ink)] file:bg-transparent file:px-3 file:py-1 file:font-semibold"
            />
          </div>
          {pasteNotes.length > 0 ? (
            <p role="status" className="mt-1 text-sm">
              {pasteNotes[0]}
            </p>
          ) : null}
          {error ? (
            <p id={errorId} role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
              {error}
            </p>
          ) : null}
        </div>
        <ImportHtmlSection
          key={pastedPage?.key ?? 0}
          pastedHtml={pastedPage?.html ?? null}
          onImport={(story) => {
            onImport(story);
            setPastedPage(null);
            close();
          }}
        />
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" onClick={close} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold">
            Cancel
          </button>
          <button type="button" onClick={importText} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
            Import
          </button>
        </div>
      </dialog>
    </>
  );
}
