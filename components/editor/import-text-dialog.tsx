"use client";

import { useId, useRef, useState } from "react";

import { ImportHtmlSection } from "@/components/editor/import-html-section";
import { documentToPlainText } from "@/lib/stories/document";
import { looksLikeArticlePage } from "@/lib/stories/import-html";
import { parsePlainTextStory, type ImportedStory } from "@/lib/stories/import-text";
import { mapPastedHtml } from "@/lib/stories/paste";

const EMPTY_TEXT_ERROR = "Paste the story's text first.";

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

  function close() {
    dialogRef.current?.close();
  }

  function importText() {
    if (text.trim().length === 0) {
      setError(EMPTY_TEXT_ERROR);
      textareaRef.current?.focus();
      return;
    }
    const story = parsePlainTextStory(text);
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
        className="m-auto w-full max-w-2xl rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/40"
      >
        <h2 id={titleId} className="text-lg font-bold">
          Import a story from text
        </h2>
        <p className="mt-1 text-sm text-[var(--muted)]">
          Paste a wire or web story. The import fills the headline, standfirst, body, bylines and dateline it can find; check
          each before saving.
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
            aria-describedby={error ? errorId : undefined}
            className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 font-mono text-sm aria-[invalid=true]:border-[var(--accent)]"
          />
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
