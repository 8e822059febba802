"use client";

// The story as the editor holds it: its fields, its body and the version it is based on, in one
// place. The editor's controls read `fields` and `body` and change them through `update`,
// `setBody` and `replace`; saving, the browser backup and (later) a collaboration layer work on
// this one document instead of on the form. A collaboration layer can take it over by swapping
// this hook's state for a shared one that keeps the same names.

import type { JSONContent } from "@tiptap/core";
import { useCallback, useLayoutEffect, useRef, useState } from "react";

export interface EditorFields {
  headline: string;
  standfirst: string;
  sectionId: string;
  dateline: string;
  slug: string;
  commentPolicy: string;
  tags: string;
  bylineIds: string[];
  seoTitle: string;
  seoDescription: string;
  socialHeadline: string;
  /** The embargo as an ISO instant (the rail shows it in the newsroom's zone), or "" for none. */
  embargoUntil: string;
  /** The featured image's media id, or "" for none. */
  heroImageId: string;
  /** The wire dateline's place ("SEOUL"), "" for none; beside the desk in `dateline`. */
  datelinePlace: string;
  /** "Reporting by A; Editing by B" or an agency, "" for none. */
  credit: string;
}

/** What a story carries into the editor: the saved state it starts from. */
export interface StoryDocumentSource {
  id: string;
  headline: string;
  standfirst: string;
  dateline: string;
  slug: string;
  sectionId: string;
  commentPolicy: string;
  body: JSONContent;
  version: number;
  bylineIds: string[];
  tags: string[];
  seoTitle?: string;
  seoDescription?: string;
  socialHeadline?: string;
  embargoUntil?: string;
  heroImage?: { id: string } | null;
  /** Undefined when the page did not load them: a save then leaves the stored values alone. */
  datelinePlace?: string;
  credit?: string;
}

export const EMPTY_BODY: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };

function fieldsOf(story: StoryDocumentSource | null, defaultBylineIds: string[]): EditorFields {
  return {
    headline: story?.headline ?? "",
    standfirst: story?.standfirst ?? "",
    sectionId: story?.sectionId ?? "",
    dateline: story?.dateline ?? "",
    slug: story?.slug ?? "",
    commentPolicy: story?.commentPolicy ?? "",
    tags: story?.tags.join(", ") ?? "",
    bylineIds: story?.bylineIds ?? defaultBylineIds,
    seoTitle: story?.seoTitle ?? "",
    seoDescription: story?.seoDescription ?? "",
    socialHeadline: story?.socialHeadline ?? "",
    embargoUntil: story?.embargoUntil ?? "",
    heroImageId: story?.heroImage?.id ?? "",
    datelinePlace: story?.datelinePlace ?? "",
    credit: story?.credit ?? "",
  };
}

/** Whether the body holds anything: some text, or an image. */
export function hasBodyText(node: JSONContent): boolean {
  if (node.type === "image" || node.type === "storyImage") return true;
  if (typeof node.text === "string" && node.text.trim() !== "") return true;
  return (node.content ?? []).some(hasBodyText);
}

/** A fresh id for a story not saved yet: the editor names it, so a retried create is not a second story. */
function newStoryId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  // randomUUID needs a secure context (https or localhost); a version 4 UUID by hand elsewhere.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// The form's text controls, by id: read once after hydration (adoptTypedBeforeHydration).
const TEXT_CONTROLS = ["headline", "standfirst", "dateline", "slug", "tags", "sectionId", "commentPolicy"] as const;

export interface StoryDocument {
  /** The story's id: given by the server for a saved story, chosen here for a new one. */
  id: string;
  /** Whether the story exists on the server yet. */
  created: boolean;
  /** The same, read at call time. */
  createdRef: React.RefObject<boolean>;
  fields: EditorFields;
  body: JSONContent;
  /** The saved version this document is based on. */
  version: number;
  /** The same, read at call time so chained saves use the newest. */
  versionRef: React.RefObject<number>;
  /** Changes one field (a user's edit): the document becomes unsaved. */
  update: <K extends keyof EditorFields>(key: K, value: EditorFields[K]) => void;
  /** Changes fields without counting an edit (a value the server gave back, say). */
  setFields: React.Dispatch<React.SetStateAction<EditorFields>>;
  /** Sets the body state (the body editor owns its content; this mirrors it). */
  setBody: (body: JSONContent) => void;
  /** A save succeeded: the story exists, at this version. */
  markSaved: (version: number) => void;
  /** Counts one edit; returns nothing. Called by every change the user makes. */
  markEdited: () => void;
  /** Edits made so far, and the count the last successful save covered. */
  editsRef: React.RefObject<number>;
  savedEditsRef: React.RefObject<number>;
  /** Adopts another id for a story not yet created (restoring a backup of an earlier new story). */
  adoptId: (id: string) => void;
}

export function useStoryDocument(
  story: StoryDocumentSource | null,
  options: { defaultBylineIds: string[]; onEdit: () => void },
): StoryDocument {
  const [fields, setFields] = useState<EditorFields>(() => fieldsOf(story, options.defaultBylineIds));
  const [body, setBodyState] = useState<JSONContent>(story?.body ?? EMPTY_BODY);
  const [id, setId] = useState(() => story?.id ?? newStoryId());
  const [created, setCreated] = useState(story !== null);
  const createdRef = useRef(story !== null);
  const [version, setVersion] = useState(story?.version ?? 0);
  const versionRef = useRef(story?.version ?? 0);
  const editsRef = useRef(0);
  const savedEditsRef = useRef(0);
  const onEdit = useRef(options.onEdit);
  useLayoutEffect(() => {
    onEdit.current = options.onEdit;
  });

  const markEdited = useCallback(() => {
    editsRef.current += 1;
    onEdit.current();
  }, []);

  const update = useCallback(
    <K extends keyof EditorFields>(key: K, value: EditorFields[K]) => {
      setFields((current) => ({ ...current, [key]: value }));
      markEdited();
    },
    [markEdited],
  );

  const markSaved = useCallback((saved: number) => {
    versionRef.current = saved;
    setVersion(saved);
    createdRef.current = true;
    setCreated(true);
  }, []);

  // Text typed into the form before the page's script ran is in the inputs but not in this state:
  // adopt it, so nothing typed the moment the form appears is lost.
  useLayoutEffect(() => {
    const typed: Partial<EditorFields> = {};
    for (const control of TEXT_CONTROLS) {
      const element = document.getElementById(control);
      if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) {
        if (element.value !== fieldsOf(story, options.defaultBylineIds)[control]) typed[control] = element.value;
      }
    }
    if (Object.keys(typed).length > 0) {
      // The DOM is read after mounting by design: it holds what the server render could not know.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setFields((current) => ({ ...current, ...typed }));
      markEdited();
    }
    // Once, on mount: later changes arrive through update().
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return {
    id,
    created,
    createdRef,
    fields,
    body,
    version,
    versionRef,
    update,
    setFields,
    setBody: setBodyState,
    markSaved,
    markEdited,
    editsRef,
    savedEditsRef,
    adoptId: setId,
  };
}
