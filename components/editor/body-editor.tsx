"use client";

import type { JSONContent } from "@tiptap/core";
import { Fragment, Slice } from "@tiptap/pm/model";
import { TextSelection } from "@tiptap/pm/state";
import type { EditorView } from "@tiptap/pm/view";
import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useEffect, useLayoutEffect, useRef, useState, useTransition } from "react";

import Collaboration from "@tiptap/extension-collaboration";
import { ySyncPluginKey } from "@tiptap/y-tiptap";

import { liveStoryExtensions, storyExtensions } from "@/components/editor/extensions";
import { LiveCarets } from "@/components/editor/live-carets";
import type { LiveStory } from "@/components/editor/live-story";
import { BODY_FIELD } from "@/lib/collab/protocol";
import { staticBodyHtml } from "@/components/editor/static-body";
import { readPendingSelection } from "@/components/editor/pending-selection";
import { useHydrated } from "@/components/ui/use-hydrated";
import { importRemoteImageAction } from "@/lib/actions/media";
import { isSafeUrl } from "@/lib/stories/document";
import { mapPastedHtml, pasteNotice, pasteSizeProblem, type PastedImage } from "@/lib/stories/paste";

export interface PasteNotice {
  kind: "error" | "changes";
  text: string;
  images: PastedImage[];
}

/**
 * Why a paste or drop is refused for its size, before anything reads it: ProseMirror parses the
 * clipboard's HTML before it asks handlePaste, which for 10 MB froze the editor for seconds.
 */
function oversizedPaste(data: DataTransfer | null): string | null {
  if (!data) return null;
  const html = data.getData("text/html");
  if (html === "" || html.includes("data-pm-slice")) return pasteSizeProblem(data.getData("text/plain").length, "text");
  return pasteSizeProblem(html.length, "html");
}

function errorNotice(problem: string): PasteNotice {
  return { kind: "error", text: problem, images: [] };
}

function isEmptyTransfer(data: DataTransfer | null): boolean {
  return !data || (data.getData("text/html").trim() === "" && data.getData("text/plain").trim() === "");
}

/**
 * A paste from outside: HTML is mapped onto the story's allow-list (lib/stories/paste.ts) and put
 * in as one step (one undo), and what changed is returned for the notice. Returns null to leave the
 * paste to the editor (plain text, or a copy from this editor, which is in its own schema already).
 */
function pasteFromOutside(view: EditorView, data: DataTransfer | null, at?: number): { handled: boolean; notice: PasteNotice | null } {
  if (!data) return { handled: false, notice: null };
  const tooLarge = oversizedPaste(data);
  if (tooLarge) return { handled: true, notice: errorNotice(tooLarge) };
  const html = data.getData("text/html");
  const plain = data.getData("text/plain");
  if (html === "" || html.includes("data-pm-slice")) return { handled: false, notice: null };
  const result = mapPastedHtml(html);
  if (result.kind === "empty") return { handled: plain.trim() === "", notice: null };
  if (result.kind === "refused") return { handled: true, notice: errorNotice(result.message) };
  if (result.content.length > 0) {
    const fragment = Fragment.fromJSON(view.state.schema, result.content);
    // A paragraph at either end joins the one the cursor is in, as a paste of a sentence should.
    const openStart = result.content[0]?.type === "paragraph" ? 1 : 0;
    const openEnd = result.content[result.content.length - 1]?.type === "paragraph" ? 1 : 0;
    const tr = view.state.tr;
    // A drop goes where it was dropped; a paste where the cursor is.
    if (at !== undefined) tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(at, tr.doc.content.size))));
    view.dispatch(tr.replaceSelection(new Slice(fragment, openStart, openEnd)).scrollIntoView());
  }
  if (result.changes.length === 0) return { handled: true, notice: null };
  return {
    handled: true,
    notice: { kind: "changes", text: pasteNotice(result.changes, result.content.length > 0), images: result.report.images },
  };
}

function fileName(src: string): string {
  try {
    return decodeURIComponent(new URL(src).pathname.split("/").filter(Boolean).at(-1) ?? src);
  } catch {
    return src;
  }
}

type ImageState = { kind: "idle" } | { kind: "pending" } | { kind: "done" } | { kind: "error"; message: string };

/** One image from the paste: a link to it, and a button that brings it into the media library and the story. */
function PastedImageRow({ image, editor }: { image: PastedImage; editor: Editor | null }) {
  const [state, setState] = useState<ImageState>({ kind: "idle" });
  const [, startTransition] = useTransition();
  const name = image.alt || fileName(image.src);

  function upload() {
    setState({ kind: "pending" });
    startTransition(async () => {
      const result = await importRemoteImageAction({ url: image.src, alt: image.alt });
      if (!result.ok) {
        setState({ kind: "error", message: result.message });
        return;
      }
      const item = result.data;
      editor?.chain().focus().insertStoryImage({ src: item.url, alt: item.alt, caption: item.caption, credit: item.credit, mediaId: item.id }).run();
      setState({ kind: "done" });
    });
  }

  return (
    <li className="break-all">
      <a href={image.src} target="_blank" rel="noopener noreferrer nofollow" className="underline">
        {name}
      </a>{" "}
      <span className="text-[var(--muted)]">({image.src})</span>{" "}
      {state.kind === "done" ? (
        <span className="font-semibold">Uploaded and put in the story at the cursor.</span>
      ) : (
        <button type="button" onClick={upload} disabled={state.kind === "pending"} className="break-normal underline">
          {state.kind === "pending" ? "Uploading…" : "Upload to the media library"}
          <span className="sr-only"> for {name}</span>
        </button>
      )}
      {state.kind === "error" ? <span className="block break-normal font-semibold text-[var(--accent)]">{state.message}</span> : null}
    </li>
  );
}

/** What the last paste changed, beside the body: tables turned into lists, images to upload, … */
function PasteNoticeBox({
  notice,
  editor,
  onDismiss,
  onRequestImage,
}: {
  notice: PasteNotice | null;
  editor: Editor | null;
  onDismiss: () => void;
  onRequestImage?: () => void;
}) {
  return (
    <div role="status" className={notice ? "border-b border-[var(--rule)] p-2 text-sm" : "sr-only"}>
      {notice ? (
        <>
          <p className={notice.kind === "error" ? "font-semibold text-[var(--accent)]" : undefined}>{notice.text}</p>
          {notice.images.length > 0 ? (
            <div className="mt-1">
              <p>Images are not linked from other sites: upload each to the media library to use it in the story.</p>
              <ul className="mt-1 list-disc space-y-1 pl-5">
                {notice.images.map((image) => (
                  <PastedImageRow key={image.src} image={image} editor={editor} />
                ))}
              </ul>
            </div>
          ) : null}
          <div className="mt-1 flex flex-wrap gap-3">
            {notice.images.length > 0 && onRequestImage ? (
              <button type="button" onClick={onRequestImage} className="underline">
                Open the media library
              </button>
            ) : null}
            <button type="button" onClick={onDismiss} className="underline">
              Dismiss<span className="sr-only"> the paste notice</span>
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}

interface ToolButton {
  label: string;
  shortcut?: string;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor, context: ToolContext) => void;
}

interface ToolContext {
  requestImage?: () => void;
  requestLink: () => void;
}

const TOOLS: ToolButton[] = [
  { label: "Bold", shortcut: "Ctrl+B", isActive: (e) => e.isActive("bold"), run: (e) => e.chain().focus().toggleBold().run() },
  { label: "Italic", shortcut: "Ctrl+I", isActive: (e) => e.isActive("italic"), run: (e) => e.chain().focus().toggleItalic().run() },
  {
    label: "Subheading",
    shortcut: "Ctrl+Alt+2",
    isActive: (e) => e.isActive("heading", { level: 2 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    label: "Minor subheading",
    shortcut: "Ctrl+Alt+3",
    isActive: (e) => e.isActive("heading", { level: 3 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  { label: "Bulleted list", isActive: (e) => e.isActive("bulletList"), run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: "Numbered list", isActive: (e) => e.isActive("orderedList"), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: "Quote", isActive: (e) => e.isActive("blockquote"), run: (e) => e.chain().focus().toggleBlockquote().run() },
  {
    label: "Pull quote",
    isActive: (e) => e.isActive("pullQuote"),
    run: (e) => (e.isActive("pullQuote") ? e.chain().focus().unsetPullQuote().run() : e.chain().focus().setPullQuote("").run()),
  },
  { label: "Link", shortcut: "Ctrl+K", isActive: (e) => e.isActive("link"), run: (_e, context) => context.requestLink() },
  { label: "Image", isActive: (e) => e.isActive("image"), run: (_e, context) => context.requestImage?.() },
  { label: "Divider", isActive: () => false, run: (e) => e.chain().focus().setHorizontalRule().run() },
];

/**
 * The formatting toolbar, one tab stop as the WAI-ARIA toolbar pattern asks: arrow keys move
 * between buttons, Home and End jump to the ends.
 */
function Toolbar({ editor, context, hasImages }: { editor: Editor; context: ToolContext; hasImages: boolean }) {
  const tools = TOOLS.filter((tool) => hasImages || tool.label !== "Image");
  const active = useEditorState({ editor, selector: ({ editor: current }) => tools.map((tool) => tool.isActive(current)) });
  const [focusIndex, setFocusIndex] = useState(0);
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  function onKeyDown(event: React.KeyboardEvent) {
    const moves: Record<string, number> = { ArrowRight: focusIndex + 1, ArrowLeft: focusIndex - 1, Home: 0, End: tools.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = (target + tools.length) % tools.length;
    setFocusIndex(next);
    buttons.current[next]?.focus();
  }

  return (
    <div role="toolbar" aria-label="Formatting" aria-controls="story-body-editor" onKeyDown={onKeyDown} className="flex flex-wrap gap-1 border-b border-[var(--rule)] p-2">
      {tools.map((tool, index) => (
        <button
          key={tool.label}
          ref={(element) => {
            buttons.current[index] = element;
          }}
          type="button"
          tabIndex={index === focusIndex ? 0 : -1}
          aria-pressed={active[index] ?? false}
          aria-keyshortcuts={tool.shortcut?.replace("Ctrl", "Control")}
          title={tool.shortcut ? `${tool.label} (${tool.shortcut})` : tool.label}
          onFocus={() => setFocusIndex(index)}
          // A pointer press leaves the caret in the body: what the person types straight after the
          // click goes into the quote or heading they just made. Otherwise the button took focus
          // until Tiptap's focus() handed it back a frame later, and on a busy machine the first
          // keystrokes went to the button, each space pressing it again.
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => tool.run(editor, context)}
          className="rounded border border-transparent px-2 py-1 text-sm hover:border-[var(--rule)] aria-pressed:bg-[var(--ink)] aria-pressed:text-[var(--paper)]"
        >
          {tool.label}
        </button>
      ))}
    </div>
  );
}

/** Fields for what the cursor is in: a link's address, a pull quote's attribution. */
function ContextFields({ editor, linkOpen, closeLink }: { editor: Editor; linkOpen: boolean; closeLink: () => void }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      inPullQuote: current.isActive("pullQuote"),
      attribution: String(current.getAttributes("pullQuote").attribution ?? ""),
      href: String(current.getAttributes("link").href ?? ""),
    }),
  });
  const [href, setHref] = useState(state.href);
  const [linkError, setLinkError] = useState<string | null>(null);

  function applyLink(event: React.FormEvent | React.KeyboardEvent) {
    event.preventDefault();
    const value = href.trim();
    if (value === "") {
      editor.chain().focus().extendMarkRange("link").unsetLink().run();
      closeLink();
      return;
    }
    if (!isSafeUrl(value)) {
      setLinkError("Links must start with https://, http:// or mailto:, or be a path on this site.");
      return;
    }
    setLinkError(null);
    editor.chain().focus().extendMarkRange("link").setLink({ href: value }).run();
    closeLink();
  }

  return (
    <>
      {linkOpen ? (
        <div className="flex flex-wrap items-end gap-2 border-b border-[var(--rule)] p-2 text-sm">
          <div className="grow">
            <label htmlFor="link-address" className="block font-semibold">
              Link address
            </label>
            <input
              id="link-address"
              autoFocus
              value={href}
              placeholder="https://…  (empty removes the link)"
              onChange={(event) => setHref(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter") applyLink(event);
                if (event.key === "Escape") closeLink();
              }}
              aria-invalid={linkError ? true : undefined}
              aria-describedby={linkError ? "link-error" : undefined}
              className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1"
            />
            {linkError ? (
              <p id="link-error" className="mt-1 font-semibold text-[var(--accent)]">
                {linkError}
              </p>
            ) : null}
          </div>
          <button type="button" onClick={applyLink} className="rounded border border-[var(--ink)] px-3 py-1">
            Apply link
          </button>
          <button type="button" onClick={closeLink} className="px-3 py-1 underline">
            Cancel
          </button>
        </div>
      ) : null}
      {state.inPullQuote ? (
        <div className="border-b border-[var(--rule)] p-2 text-sm">
          <label htmlFor="pull-quote-attribution" className="block font-semibold">
            Pull quote attribution
          </label>
          <input
            id="pull-quote-attribution"
            value={state.attribution}
            maxLength={200}
            placeholder="Who said it, e.g. Mira Castell, harbour authority director"
            onChange={(event) => editor.chain().updateAttributes("pullQuote", { attribution: event.target.value }).run()}
            className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1"
          />
        </div>
      ) : null}
    </>
  );
}

export function BodyEditor({
  initialContent,
  onChange,
  onReady,
  onRequestImage,
  invalid,
  describedBy,
  editable = true,
  live = null,
  liveSynced = false,
}: {
  initialContent: JSONContent;
  /** The story's live document (components/editor/live-story.ts): the body is its "body" fragment, and the content comes from it alone. */
  live?: LiveStory | null;
  /** Whether the live document has its content from the server: the editor takes over only then. */
  liveSynced?: boolean;
  /** `remote`: the change came from someone else through the live document. */
  onChange: (content: JSONContent, remote: boolean) => void;
  onReady?: (editor: Editor) => void;
  onRequestImage?: () => void;
  invalid?: boolean;
  describedBy?: string;
  editable?: boolean;
}) {
  const [linkOpen, setLinkOpen] = useState(false);
  const [pasted, setPasted] = useState<PasteNotice | null>(null);
  // In a client-side navigation (New story from the board) the editor can be made in the first
  // render; a server-rendered page must wait for hydration, and shows the static box until then.
  const hydrated = useHydrated();
  const [renderAtOnce] = useState(hydrated);
  const [staticHtml] = useState(() => (renderAtOnce ? null : staticBodyHtml(initialContent)));
  const staticBox = useRef<HTMLDivElement>(null);
  const [adopted, setAdopted] = useState(renderAtOnce);
  const caret = useRef<number | null>(null);
  // The body field's identity, the same on the static box and on the editor that replaces it.
  const bodyAttributes: Record<string, string> = {
    id: "story-body-editor",
    role: "textbox",
    "aria-multiline": "true",
    "aria-label": "Body",
    ...(invalid ? { "aria-invalid": "true" } : {}),
    ...(describedBy ? { "aria-describedby": describedBy } : {}),
  };
  const refuseOversized = (event: Event, data: DataTransfer | null): boolean => {
    const problem = oversizedPaste(data);
    if (!problem) return false;
    event.preventDefault();
    setPasted(errorNotice(problem));
    return true;
  };
  const editor = useEditor({
    // Live, the document is the only source of the content: giving `content` too would add it again.
    extensions: live
      ? [
          ...liveStoryExtensions,
          Collaboration.configure({ document: live.doc, field: BODY_FIELD }),
          LiveCarets.configure({ awareness: live.provider.awareness, user: live.user }),
        ]
      : storyExtensions,
    ...(live ? {} : { content: initialContent }),
    editable,
    immediatelyRender: renderAtOnce,
    editorProps: {
      attributes: { ...bodyAttributes, class: "story-body px-3 py-3" },
      handleDOMEvents: {
        // Runs before ProseMirror's own paste and drop handling, which parse the whole clipboard.
        paste: (_view, event) => refuseOversized(event, event.clipboardData),
        drop: (_view, event) => refuseOversized(event, event.dataTransfer),
      },
      handlePaste: (view, event) => {
        const { handled, notice } = pasteFromOutside(view, event.clipboardData);
        // An empty paste says nothing and leaves the last notice: ProseMirror looks at one a
        // second time 50 ms later (its capture of the browser's own paste), which used to clear
        // the notice of the paste that came in between.
        if (notice || !isEmptyTransfer(event.clipboardData)) setPasted(notice);
        return handled;
      },
      handleDrop: (view, event, _slice, moved) => {
        // Moving text within the editor is the editor's own business; a drop from another page is a paste.
        if (moved) return false;
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos;
        const { handled, notice } = pasteFromOutside(view, event.dataTransfer, at);
        if (handled) event.preventDefault();
        setPasted(notice);
        return handled;
      },
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
          event.preventDefault();
          setLinkOpen(true);
          return true;
        }
        return false;
      },
    },
    onCreate: ({ editor: created }) => onReady?.(created),
    onUpdate: ({ editor: current, transaction }) => onChange(current.getJSON(), (transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true),
  });

  // Someone else's change or caret, arriving on the live connection, is applied to the editor's
  // state at once. A caret this person moved a moment before (a key such as End or an arrow, a
  // click) is in the page's selection but not yet in that state: ProseMirror reads it at the next
  // "selectionchange" event, a task later. An update in between redraws the body with the state's
  // old caret and writes it back to the page, and the key is undone (typing then lands where the
  // caret was before; seen under load in e2e/co-editing-three.spec.ts). So ProseMirror reads the
  // page's selection (and any typing not yet read) before every message is applied.
  useEffect(() => {
    if (!live || !editor) return;
    const readPageFirst = () => {
      readPendingSelection(editor);
    };
    live.provider.on("message", readPageFirst);
    return () => {
      live.provider.off("message", readPageFirst);
    };
  }, [live, editor]);

  // The editor takes over from the static box in one go, before the browser paints or handles
  // another key: what was typed into the box becomes the document (and a change to save), and the
  // caret goes where it was.
  useLayoutEffect(() => {
    // Live, the editor takes over once the document holds the story (what was typed into the box
    // meanwhile then goes in as a change to it, not as a second copy).
    if (!editor || adopted || (live && !liveSynced)) return;
    const box = staticBox.current;
    if (box && staticHtml !== null) {
      if (box.innerHTML !== staticHtml) editor.commands.setContent(box.innerHTML, { emitUpdate: true });
      caret.current = document.activeElement === box ? caretTextOffset(box) : null;
    }
    // The swap must happen in this same task (a layout effect's update renders before the browser
    // handles the next key), so a keystroke cannot land in a box that is already read.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setAdopted(true);
  }, [editor, adopted, staticHtml, live, liveSynced]);
  useLayoutEffect(() => {
    if (!editor || !adopted || caret.current === null) return;
    editor.commands.focus(positionAtTextOffset(editor, caret.current));
    caret.current = null;
  }, [editor, adopted]);

  return (
    <div className="body-editor rounded border border-[var(--rule)]">
      {editor && adopted && editable ? (
        // Sticky: the toolbar (and the link or attribution field it opens) stays in view while the text scrolls under it.
        <div className="sticky top-0 z-10 rounded-t bg-[var(--paper)]" data-testid="body-toolbar">
          <Toolbar editor={editor} hasImages={Boolean(onRequestImage)} context={{ requestImage: onRequestImage, requestLink: () => setLinkOpen(true) }} />
          <ContextFields key={linkOpen ? "link-open" : "link-closed"} editor={editor} linkOpen={linkOpen} closeLink={() => setLinkOpen(false)} />
        </div>
      ) : null}
      {editable ? <PasteNoticeBox key={pasted?.text} notice={pasted} editor={editor} onDismiss={() => setPasted(null)} onRequestImage={onRequestImage} /> : null}
      {editor ? <EditorContent editor={editor} hidden={!adopted} /> : null}
      {!adopted && staticHtml !== null ? (
        // The body as the editor will draw it, editable from the first paint (typing here is kept).
        <div
          ref={staticBox}
          {...bodyAttributes}
          contentEditable={editable}
          suppressContentEditableWarning
          className="tiptap ProseMirror story-body whitespace-pre-wrap break-words px-3 py-3"
          dangerouslySetInnerHTML={{ __html: staticHtml }}
        />
      ) : null}
      {!editor && staticHtml === null ? <div className="min-h-64 p-3 text-[var(--muted)]">Loading editor…</div> : null}
    </div>
  );
}

/** How many characters of text come before the caret in `box` (its selection's focus). */
function caretTextOffset(box: HTMLElement): number | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0 || !selection.focusNode || !box.contains(selection.focusNode)) return null;
  const range = document.createRange();
  range.selectNodeContents(box);
  range.setEnd(selection.focusNode, selection.focusOffset);
  return range.toString().length;
}

/** The document position after `offset` characters of text (the caret's place in the static box). */
function positionAtTextOffset(editor: Editor, offset: number): number {
  let remaining = offset;
  let found: number | null = null;
  editor.state.doc.descendants((node, position) => {
    if (found !== null) return false;
    if (node.isText) {
      const length = node.text?.length ?? 0;
      if (remaining <= length) found = position + remaining;
      else remaining -= length;
    }
    return true;
  });
  return found ?? editor.state.doc.content.size;
}
