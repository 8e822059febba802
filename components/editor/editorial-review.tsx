"use client";

// Editorial notes and suggesting mode in the story editor (docs/desk.md, "Notes and suggestions").
// `useEditorialReview` holds the state; `ReviewBar` sits above the body (Editing / Suggesting, Add
// note, the new note's form) and `ReviewPanel` in the rail (the notes in document order, the
// pending suggestions with Accept and Reject). Both work on the Tiptap editor's document only: a
// note's anchor and a suggestion are marks in it (components/editor/editorial-marks.ts), so they
// come and go with the document however it is loaded and saved; the note threads are in the
// database (lib/notes), reached through lib/actions/notes.ts. In a live story they are read again
// whenever anyone changes them (the co-editing server's NOTES_CHANGED, lib/collab/notices.ts) and
// after the connection returns; the rail keeps its reply forms, and so the focus, as they refresh.

import type { Editor } from "@tiptap/react";
import { useEditorState } from "@tiptap/react";
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from "react";

import { ADD_NOTE_EVENT, ADD_NOTE_SHORTCUT, setResolvedNotes } from "@/components/editor/editorial-marks";
import { readPendingSelection } from "@/components/editor/pending-selection";
import type { LiveStory } from "@/components/editor/live-story";
import { pendingSuggestions, resolveSuggestions, setSuggesting, type PendingSuggestion } from "@/components/editor/suggesting";
import { addNoteAction, loadStoryNotesAction, replyToNoteAction, setNoteResolvedAction } from "@/lib/actions/notes";
import { NOTES_CHANGED } from "@/lib/collab/protocol";
import type { MentionablePerson, StoryNoteThread } from "@/lib/notes/queries";
import { NOTE_TEXT_GONE, SAVE_BEFORE_NOTES, SAVE_BEFORE_SUGGESTING, SELECT_TEXT_FOR_NOTE } from "@/lib/notes/sentences";

interface Range {
  from: number;
  to: number;
}

interface Draft extends Range {
  quote: string;
}

export interface EditorialReview {
  editor: Editor | null;
  storyId: string | undefined;
  editable: boolean;
  suggesting: boolean;
  /** Suggesting names its author: known once the story's notes are loaded (a saved story). */
  canSuggest: boolean;
  setMode: (suggesting: boolean) => void;
  notes: StoryNoteThread[];
  people: MentionablePerson[];
  anchors: Map<string, Range>;
  activeNoteIds: string[];
  suggestions: PendingSuggestion[];
  draft: Draft | null;
  problem: string | null;
  startNote: () => void;
  cancelNote: () => void;
  submitNote: (text: string) => Promise<string | null>;
  reply: (noteId: string, text: string) => Promise<string | null>;
  resolve: (noteId: string, resolved: boolean) => Promise<string | null>;
  select: (range: Range) => void;
  settle: (accept: boolean, ids: string[] | null) => void;
}

function noteAnchors(editor: Editor | null): Map<string, Range> {
  const anchors = new Map<string, Range>();
  editor?.state.doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== "note") continue;
      const id = String(mark.attrs.id);
      const range = anchors.get(id);
      anchors.set(id, { from: range ? range.from : pos, to: pos + node.nodeSize });
    }
    return false;
  });
  return anchors;
}

/**
 * The notes' list as the latest answer had it: answers are numbered when asked for, and one that
 * arrives after a later one (a refresh overtaken by one's own reply) is dropped.
 */
function useLatestNotes(): [StoryNoteThread[], () => (notes: StoryNoteThread[]) => void] {
  const [notes, setNotes] = useState<StoryNoteThread[]>([]);
  const asked = useRef(0);
  const shown = useRef(0);
  const ask = useCallback(() => {
    const ticket = ++asked.current;
    return (next: StoryNoteThread[]) => {
      if (ticket < shown.current) return;
      shown.current = ticket;
      setNotes(next);
    };
  }, []);
  return [notes, ask];
}

/** A number that grows whenever the story's notes may have changed elsewhere (0 until then). */
function useNotesRevision(live: LiveStory | null): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    if (!live) return;
    const { provider } = live;
    const onMessage = ({ payload }: { payload: string }) => {
      if (payload === NOTES_CHANGED) setRevision((current) => current + 1);
    };
    // Synced again after the connection dropped: what changed meanwhile was never announced here.
    let syncs = provider.isSynced ? 1 : 0;
    const onSynced = ({ state }: { state: boolean }) => {
      if (!state) return;
      syncs += 1;
      if (syncs > 1) setRevision((current) => current + 1);
    };
    provider.on("stateless", onMessage);
    provider.on("synced", onSynced);
    return () => {
      provider.off("stateless", onMessage);
      provider.off("synced", onSynced);
    };
  }, [live]);
  return revision;
}

export function useEditorialReview({
  editor,
  storyId,
  editable,
  live = null,
}: {
  editor: Editor | null;
  storyId: string | undefined;
  editable: boolean;
  /** The story's live document: its connection says when someone else changed the notes. */
  live?: LiveStory | null;
}): EditorialReview {
  const [suggesting, setSuggestingState] = useState(false);
  const [notes, askForNotes] = useLatestNotes();
  const [people, setPeople] = useState<MentionablePerson[]>([]);
  const [me, setMe] = useState<{ id: string; name: string } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const draftRange = useRef<Range | null>(null);

  // The document and the selection, read on each transaction; the lists are made once per document.
  const view = useEditorState({
    editor,
    selector: ({ editor: current }) => ({ doc: current?.state.doc ?? null, head: current?.state.selection.from ?? 0 }),
    equalityFn: (a, b) => a?.doc === b?.doc && a?.head === b?.head,
  });
  const doc = view?.doc ?? null;
  const anchors = useMemo(() => (doc ? noteAnchors(editor) : new Map<string, Range>()), [doc, editor]);
  const suggestions = useMemo(() => (doc ? pendingSuggestions(doc) : []), [doc]);
  const head = view?.head ?? 0;
  const activeNoteIds = useMemo(() => [...anchors].filter(([, range]) => head >= range.from && head <= range.to).map(([id]) => id), [anchors, head]);

  // The threads are loaded with the story, and again when the document holds a note this panel
  // has not seen (one added by someone else, arriving with their copy of the document).
  const [loaded, setLoaded] = useState(false);
  const unknownNotes = loaded ? [...anchors.keys()].filter((id) => !notes.some((note) => note.id === id)).sort().join(",") : "";
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!storyId || asked.current.has(unknownNotes)) return;
    asked.current.add(unknownNotes);
    let current = true;
    const answer = askForNotes();
    void loadStoryNotesAction(storyId).then((result) => {
      if (!current || !result.ok) return;
      answer(result.data.notes);
      setPeople(result.data.people);
      setMe(result.data.me);
      setLoaded(true);
    });
    return () => {
      current = false;
    };
  }, [storyId, unknownNotes, askForNotes]);

  // Someone else added, answered, resolved or reopened a note: read them again.
  const revision = useNotesRevision(live);
  useEffect(() => {
    if (!storyId || revision === 0) return;
    let current = true;
    const answer = askForNotes();
    void loadStoryNotesAction(storyId).then((result) => {
      if (current && result.ok) answer(result.data.notes);
    });
    return () => {
      current = false;
    };
  }, [storyId, revision, askForNotes]);

  // The editor draws resolved notes' text plainly.
  const resolvedKey = notes.filter((note) => note.resolved).map((note) => note.id).join(",");
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(setResolvedNotes(editor.state, resolvedKey === "" ? [] : resolvedKey.split(",")));
  }, [editor, resolvedKey]);

  // The new note's span follows its text while the form is open.
  useEffect(() => {
    if (!editor) return;
    const follow = ({ transaction }: { transaction: import("@tiptap/pm/state").Transaction }) => {
      const range = draftRange.current;
      if (!range || !transaction.docChanged) return;
      draftRange.current = { from: transaction.mapping.map(range.from, 1), to: transaction.mapping.map(range.to, -1) };
    };
    editor.on("transaction", follow);
    return () => {
      editor.off("transaction", follow);
    };
  }, [editor]);

  const setMode = useCallback(
    (on: boolean) => {
      if (!editor) return;
      editor.view.dispatch(setSuggesting(editor.state, on, on ? me : null));
      setSuggestingState(on);
    },
    [editor, me],
  );

  const startNote = useCallback(() => {
    if (!editor) return;
    if (!storyId) return setProblem(SAVE_BEFORE_NOTES);
    readPendingSelection(editor);
    const { from, to, empty } = editor.state.selection;
    if (empty) return setProblem(SELECT_TEXT_FOR_NOTE);
    setProblem(null);
    draftRange.current = { from, to };
    setDraft({ from, to, quote: editor.state.doc.textBetween(from, to, " ") });
  }, [editor, storyId]);

  useEffect(() => {
    if (!editor || !editable) return;
    const element = editor.view.dom;
    element.addEventListener(ADD_NOTE_EVENT, startNote);
    return () => element.removeEventListener(ADD_NOTE_EVENT, startNote);
  }, [editor, editable, startNote]);

  const cancelNote = useCallback(() => {
    draftRange.current = null;
    setDraft(null);
    editor?.commands.focus();
  }, [editor]);

  const submitNote = useCallback(
    async (text: string) => {
      const range = draftRange.current;
      if (!editor || !storyId || !range || !draft) return SELECT_TEXT_FOR_NOTE;
      const noteId = globalThis.crypto.randomUUID();
      const answer = askForNotes();
      const result = await addNoteAction({ storyId, noteId, quote: draft.quote, text });
      if (!result.ok) return result.fieldErrors?.text?.[0] ?? result.message;
      answer(result.data);
      const mark = editor.state.schema.marks.note;
      const current = draftRange.current ?? range;
      if (mark && current.to > current.from) editor.view.dispatch(editor.state.tr.addMark(current.from, current.to, mark.create({ id: noteId })));
      draftRange.current = null;
      setDraft(null);
      return null;
    },
    [editor, storyId, draft, askForNotes],
  );

  const reply = useCallback(
    async (noteId: string, text: string) => {
      const answer = askForNotes();
      const result = await replyToNoteAction({ noteId, text });
      if (!result.ok) return result.fieldErrors?.text?.[0] ?? result.message;
      answer(result.data);
      return null;
    },
    [askForNotes],
  );

  const resolve = useCallback(
    async (noteId: string, resolved: boolean) => {
      const answer = askForNotes();
      const result = await setNoteResolvedAction({ noteId, resolved });
      if (!result.ok) return result.message;
      answer(result.data);
      return null;
    },
    [askForNotes],
  );

  const select = useCallback(
    (range: Range) => {
      editor?.chain().focus().setTextSelection(range).scrollIntoView().run();
    },
    [editor],
  );

  // A link with ?note=<id> (the mention email's) opens that note: its text is selected in the body,
  // which makes it the active note in the rail. Once, when the note's text is in the document.
  const opened = useRef(false);
  useEffect(() => {
    if (opened.current || !loaded || !editor) return;
    const wanted = new URLSearchParams(window.location.search).get("note");
    const range = wanted ? anchors.get(wanted) : undefined;
    if (!wanted || !range) return;
    opened.current = true;
    editor.chain().focus().setTextSelection(range).scrollIntoView().run();
  }, [loaded, editor, anchors]);

  const settle = useCallback(
    (accept: boolean, ids: string[] | null) => {
      if (!editor) return;
      const tr = resolveSuggestions(editor.state, accept, ids);
      if (tr) editor.view.dispatch(tr);
    },
    [editor],
  );

  return { editor, storyId, editable, suggesting, canSuggest: me !== null, setMode, notes, people, anchors, activeNoteIds, suggestions, draft, problem, startNote, cancelNote, submitNote, reply, resolve, select, settle };
}

const buttonClass = "rounded border border-[var(--ink)] px-2 py-1 text-sm font-semibold disabled:opacity-60";
const linkButtonClass = "text-sm underline disabled:opacity-60";

/** A text box with a "Mention" list that puts "@Name " in it: how a note names a desk person. */
function NoteText({
  id,
  label,
  people,
  busy,
  error,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  id: string;
  label: string;
  people: MentionablePerson[];
  busy: boolean;
  error: string | null;
  submitLabel: string;
  onSubmit: (text: string) => void;
  onCancel?: () => void;
}) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <textarea
        id={id}
        ref={box}
        rows={3}
        value={text}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmit(text);
          }
          if (event.key === "Escape" && onCancel) {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
        }}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1 text-sm"
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm font-semibold text-[var(--accent)]">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        {people.length > 0 ? (
          <>
            <label htmlFor={`${id}-mention`} className="sr-only">
              Mention someone
            </label>
            <select
              id={`${id}-mention`}
              value=""
              onChange={(event) => {
                const person = people.find((p) => p.id === event.target.value);
                if (!person) return;
                setText((current) => `${current}${current === "" || current.endsWith(" ") ? "" : " "}@${person.name} `);
                box.current?.focus();
              }}
              className="max-w-full rounded border border-[var(--rule)] bg-[var(--paper)] px-1 py-1 text-sm"
            >
              <option value="">Mention…</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </>
        ) : null}
        <button type="button" disabled={busy} onClick={() => onSubmit(text)} className={buttonClass}>
          {busy ? "Sending…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel} className={linkButtonClass}>
            Cancel
          </button>
        ) : null}
      </div>
    </div>
  );
}

/** Above the body: Editing or Suggesting, Add note, and the new note's form. */
export function ReviewBar({ review }: { review: EditorialReview }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (!review.editable || !review.editor) return null;
  const { suggesting, draft } = review;
  return (
    <div className="mb-2 space-y-2" data-testid="review-bar">
      <div className="flex flex-wrap items-center gap-2">
        <div role="group" aria-label="Mode" className="inline-flex rounded border border-[var(--ink)] text-sm">
          <button type="button" aria-pressed={!suggesting} onClick={() => review.setMode(false)} className="px-2 py-1 aria-pressed:bg-[var(--ink)] aria-pressed:text-[var(--paper)]">
            Editing
          </button>
          <button
            type="button"
            aria-pressed={suggesting}
            disabled={!review.canSuggest}
            title={review.canSuggest ? undefined : SAVE_BEFORE_SUGGESTING}
            onClick={() => review.setMode(true)}
            className="px-2 py-1 disabled:opacity-60 aria-pressed:bg-[var(--ink)] aria-pressed:text-[var(--paper)]"
          >
            Suggesting
          </button>
        </div>
        <button
          type="button"
          onMouseDown={(event) => event.preventDefault()}
          onClick={review.startNote}
          aria-keyshortcuts={ADD_NOTE_SHORTCUT.replace("Ctrl", "Control")}
          title={`Add a note to the selected text (${ADD_NOTE_SHORTCUT})`}
          className={buttonClass}
        >
          Add note
        </button>
        <p className="text-sm text-[var(--muted)]" aria-live="polite">
          {suggesting ? "Suggesting: your changes are shown as suggestions for the writer or an editor to accept." : null}
        </p>
      </div>
      {review.problem && !draft ? (
        <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
          {review.problem}
        </p>
      ) : null}
      {draft ? (
        <div className="rounded border border-[var(--rule)] p-2">
          <NoteText
            id="new-note"
            label={`Note on “${draft.quote.length > 60 ? `${draft.quote.slice(0, 59)}…` : draft.quote}”`}
            people={review.people}
            busy={pending}
            error={error}
            submitLabel="Save note"
            onCancel={() => {
              setError(null);
              review.cancelNote();
            }}
            onSubmit={(text) =>
              startTransition(async () => {
                setError(await review.submitNote(text));
              })
            }
          />
        </div>
      ) : null}
    </div>
  );
}

function timeText(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? "" : at.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
}

function NoteItem({
  note,
  review,
  active,
  replying,
  setReplying,
}: {
  note: StoryNoteThread;
  review: EditorialReview;
  active: boolean;
  /** Whether this person is writing a reply to it (kept by the panel, so a refresh never closes the form). */
  replying: boolean;
  setReplying: (replying: boolean) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const anchor = review.anchors.get(note.id);
  const quote = note.quote.length > 80 ? `${note.quote.slice(0, 79)}…` : note.quote;
  const item = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (active) item.current?.scrollIntoView({ block: "nearest" });
  }, [active]);
  return (
    <li ref={item} aria-current={active ? "true" : undefined} data-testid="note" className={`rounded border p-2 text-sm ${active ? "border-[var(--ink)] border-2" : "border-[var(--rule)]"}`}>
      {anchor ? (
        <button type="button" aria-label={`“${quote}”: select this text in the body`} onClick={() => review.select(anchor)} className="block w-full text-left italic underline decoration-dotted break-words">
          “{quote}”
        </button>
      ) : (
        <p className="break-words italic">
          “{quote}” <span className="not-italic text-[var(--muted)]">{NOTE_TEXT_GONE}</span>
        </p>
      )}
      <ol className="mt-1 space-y-1">
        {note.messages.map((message, index) => (
          <li key={message.id} className="break-words">
            <span className="font-semibold">{message.authorName}</span>{" "}
            <span className="text-[var(--muted)]">
              {index === 0 ? "" : "replied "}
              <time dateTime={message.createdAt}>{timeText(message.createdAt)}</time>
            </span>
            <p className="whitespace-pre-wrap">{message.text}</p>
          </li>
        ))}
      </ol>
      {note.resolved ? <p className="mt-1 text-[var(--muted)]">Resolved by {note.resolvedByName}</p> : null}
      {error && !replying ? <p className="mt-1 font-semibold text-[var(--accent)]">{error}</p> : null}
      {review.editable ? (
        <div className="mt-2 space-y-2">
          {replying ? (
            <NoteText
              id={`reply-${note.id}`}
              label="Reply"
              people={review.people}
              busy={pending}
              error={error}
              submitLabel="Send reply"
              onCancel={() => {
                setError(null);
                setReplying(false);
              }}
              onSubmit={(text) =>
                startTransition(async () => {
                  const problem = await review.reply(note.id, text);
                  setError(problem);
                  if (!problem) setReplying(false);
                })
              }
            />
          ) : (
            <div className="flex flex-wrap gap-3">
              {note.resolved ? null : (
                <button type="button" aria-label={`Reply to the note on “${quote}”`} onClick={() => setReplying(true)} className={linkButtonClass}>
                  Reply
                </button>
              )}
              <button
                type="button"
                disabled={pending}
                onClick={() =>
                  startTransition(async () => {
                    setError(await review.resolve(note.id, !note.resolved));
                  })
                }
                aria-label={`${note.resolved ? "Reopen" : "Resolve"} the note on “${quote}”`}
                className={linkButtonClass}
              >
                {note.resolved ? "Reopen" : "Resolve"}
              </button>
            </div>
          )}
        </div>
      ) : null}
    </li>
  );
}

function describeSuggestion(suggestion: PendingSuggestion): string {
  const cut = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);
  if (suggestion.inserted && suggestion.deleted) return `Replace “${cut(suggestion.deleted)}” with “${cut(suggestion.inserted)}”`;
  if (suggestion.inserted) return `Insert “${cut(suggestion.inserted)}”`;
  return `Delete “${cut(suggestion.deleted)}”`;
}

/** In the rail: the notes in the order of their text, then the pending suggestions. */
export function ReviewPanel({ review, onShowText }: { review: EditorialReview; onShowText?: () => void }) {
  // The notes being answered here: a note someone else resolves meanwhile stays in the open list,
  // its reply form (and what is typed in it, and the focus) untouched, until the reply is sent or
  // cancelled.
  const [replyingTo, setReplyingTo] = useState<ReadonlySet<string>>(() => new Set());
  const setReplying = useCallback(
    (noteId: string) => (on: boolean) =>
      setReplyingTo((current) => {
        const next = new Set(current);
        if (on) next.add(noteId);
        else next.delete(noteId);
        return next;
      }),
    [],
  );
  if (!review.editor) return null;
  const order = (note: StoryNoteThread) => review.anchors.get(note.id)?.from ?? Number.MAX_SAFE_INTEGER;
  const byPlace = (a: StoryNoteThread, b: StoryNoteThread) => order(a) - order(b);
  const isOpen = (note: StoryNoteThread) => !note.resolved || replyingTo.has(note.id);
  const open = review.notes.filter(isOpen).sort(byPlace);
  const resolved = review.notes.filter((note) => !isOpen(note)).sort(byPlace);
  const openCount = review.notes.filter((note) => !note.resolved).length;
  const withClose: EditorialReview = {
    ...review,
    select: (range) => {
      onShowText?.();
      review.select(range);
    },
  };
  const { suggestions } = review;
  return (
    <>
      <section aria-labelledby="notes-heading" className="mt-4 space-y-3 border-t border-[var(--rule)] pt-4" data-testid="notes-panel">
        <h2 id="notes-heading" className="text-sm font-semibold">
          Notes{openCount > 0 ? ` (${openCount} open)` : ""}
        </h2>
        {review.notes.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">{review.editable ? `No notes yet. Select text in the body and choose Add note (${ADD_NOTE_SHORTCUT}).` : "No notes yet."}</p>
        ) : null}
        {open.length > 0 ? (
          <ul aria-label="Open notes" className="space-y-2">
            {open.map((note) => (
              <NoteItem key={note.id} note={note} review={withClose} active={review.activeNoteIds.includes(note.id)} replying={replyingTo.has(note.id)} setReplying={setReplying(note.id)} />
            ))}
          </ul>
        ) : null}
        {resolved.length > 0 ? (
          <details>
            <summary className="cursor-pointer text-sm font-semibold">Resolved notes ({resolved.length})</summary>
            <ul aria-label="Resolved notes" className="mt-2 space-y-2">
              {resolved.map((note) => (
                <NoteItem key={note.id} note={note} review={withClose} active={false} replying={replyingTo.has(note.id)} setReplying={setReplying(note.id)} />
              ))}
            </ul>
          </details>
        ) : null}
      </section>
      <section aria-labelledby="suggestions-heading" className="mt-4 space-y-3 border-t border-[var(--rule)] pt-4" data-testid="suggestions-panel">
        <h2 id="suggestions-heading" className="text-sm font-semibold">
          Suggestions{suggestions.length > 0 ? ` (${suggestions.length})` : ""}
        </h2>
        {suggestions.length === 0 ? (
          <p className="text-sm text-[var(--muted)]">{review.editable ? "No suggestions waiting. Choose Suggesting above the body to suggest changes." : "No suggestions waiting."}</p>
        ) : null}
        {suggestions.length > 0 && review.editable ? (
          <div className="flex flex-wrap gap-2">
            <button type="button" onClick={() => review.settle(true, null)} className={buttonClass}>
              Accept all
            </button>
            <button type="button" onClick={() => review.settle(false, null)} className={buttonClass}>
              Reject all
            </button>
          </div>
        ) : null}
        {suggestions.length > 0 ? (
          <ul aria-label="Pending suggestions" className="space-y-2">
            {suggestions.map((suggestion) => {
              const what = describeSuggestion(suggestion);
              return (
                <li key={suggestion.id} data-testid="suggestion" className="rounded border border-[var(--rule)] p-2 text-sm">
                  <button type="button" onClick={() => withClose.select({ from: suggestion.from, to: suggestion.to })} className="block w-full break-words text-left underline">
                    {what}
                  </button>
                  <p className="text-[var(--muted)]">
                    <span className="font-semibold text-[var(--ink)]">{suggestion.authorName}</span> <time dateTime={suggestion.at}>{timeText(suggestion.at)}</time>
                  </p>
                  {review.editable ? (
                    <div className="mt-1 flex flex-wrap gap-3">
                      <button type="button" aria-label={`Accept: ${what}`} onClick={() => review.settle(true, [suggestion.id])} className={linkButtonClass}>
                        Accept
                      </button>
                      <button type="button" aria-label={`Reject: ${what}`} onClick={() => review.settle(false, [suggestion.id])} className={linkButtonClass}>
                        Reject
                      </button>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        ) : null}
      </section>
    </>
  );
}
