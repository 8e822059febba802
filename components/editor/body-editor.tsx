"use client";

import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import type { JSONContent } from "@tiptap/core";

import { storyExtensions } from "@/components/editor/extensions";
import { isSafeUrl } from "@/lib/stories/document";

interface ToolButton {
  label: string;
  shortcut?: string;
  isActive: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
}

const TOOLS: ToolButton[] = [
  { label: "Bold", shortcut: "Ctrl+B", isActive: (e) => e.isActive("bold"), run: (e) => e.chain().focus().toggleBold().run() },
  { label: "Italic", shortcut: "Ctrl+I", isActive: (e) => e.isActive("italic"), run: (e) => e.chain().focus().toggleItalic().run() },
  {
    label: "Subheading",
    isActive: (e) => e.isActive("heading", { level: 2 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    label: "Minor subheading",
    isActive: (e) => e.isActive("heading", { level: 3 }),
    run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  { label: "Bulleted list", isActive: (e) => e.isActive("bulletList"), run: (e) => e.chain().focus().toggleBulletList().run() },
  { label: "Numbered list", isActive: (e) => e.isActive("orderedList"), run: (e) => e.chain().focus().toggleOrderedList().run() },
  { label: "Quote", isActive: (e) => e.isActive("blockquote"), run: (e) => e.chain().focus().toggleBlockquote().run() },
  {
    label: "Pull quote",
    isActive: (e) => e.isActive("pullQuote"),
    run: (e) => {
      if (e.isActive("pullQuote")) {
        e.chain().focus().unsetPullQuote().run();
        return;
      }
      const attribution = window.prompt("Who said it? (attribution)") ?? "";
      e.chain().focus().setPullQuote(attribution.trim().slice(0, 200)).run();
    },
  },
  {
    label: "Link",
    isActive: (e) => e.isActive("link"),
    run: (e) => {
      const previous = (e.getAttributes("link").href as string | undefined) ?? "";
      const href = window.prompt("Link address (https://…); leave empty to remove the link", previous);
      if (href === null) return;
      if (href.trim() === "") {
        e.chain().focus().extendMarkRange("link").unsetLink().run();
        return;
      }
      if (!isSafeUrl(href.trim())) {
        window.alert("Links must start with https://, http:// or mailto:, or be a path on this site.");
        return;
      }
      e.chain().focus().extendMarkRange("link").setLink({ href: href.trim() }).run();
    },
  },
  { label: "Divider", isActive: () => false, run: (e) => e.chain().focus().setHorizontalRule().run() },
];

function Toolbar({ editor }: { editor: Editor }) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => TOOLS.map((tool) => tool.isActive(current)),
  });
  return (
    <div role="toolbar" aria-label="Formatting" className="flex flex-wrap gap-1 border-b border-[var(--rule)] p-2">
      {TOOLS.map((tool, index) => (
        <button
          key={tool.label}
          type="button"
          aria-pressed={active[index] ?? false}
          title={tool.shortcut ? `${tool.label} (${tool.shortcut})` : tool.label}
          onClick={() => tool.run(editor)}
          className="rounded border border-transparent px-2 py-1 text-sm hover:border-[var(--rule)] aria-pressed:bg-[var(--ink)] aria-pressed:text-[var(--paper)]"
        >
          {tool.label}
        </button>
      ))}
    </div>
  );
}

export function BodyEditor({
  initialContent,
  onChange,
  invalid,
  describedBy,
  editable = true,
}: {
  initialContent: JSONContent;
  onChange: (content: JSONContent) => void;
  invalid?: boolean;
  describedBy?: string;
  editable?: boolean;
}) {
  const editor = useEditor({
    extensions: storyExtensions,
    content: initialContent,
    editable,
    immediatelyRender: false,
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": "Body",
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(describedBy ? { "aria-describedby": describedBy } : {}),
        class: "story-body px-3 py-3",
      },
    },
    onUpdate: ({ editor: current }) => onChange(current.getJSON()),
  });

  return (
    <div className="body-editor rounded border border-[var(--rule)]">
      {editor && editable ? <Toolbar editor={editor} /> : null}
      {editor ? <EditorContent editor={editor} /> : <div className="min-h-64 p-3 text-[var(--muted)]">Loading editor…</div>}
    </div>
  );
}
