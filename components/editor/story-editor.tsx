"use client";

import type { Editor, JSONContent } from "@tiptap/core";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useTransition } from "react";

import {
  changeStoryStatusAction,
  createBylineAction,
  createStoryAction,
  leavePresenceAction,
  loadSavedStoryAction,
  saveStoryAction,
  touchPresenceAction,
} from "@/lib/actions/stories";
import { BodyEditor } from "@/components/editor/body-editor";
import { carryNotice, takeCarriedNotice } from "@/components/editor/carried-notice";
import { LeaveGuard, replaceAddress } from "@/components/editor/leave-guard";
import { useLivePeople, useLiveStatus, useLiveStory, useLiveTextFields, whenLiveStored, type LiveStatus } from "@/components/editor/live-story";
import { useLocalBackup } from "@/components/editor/local-backup";
import { RestoreOffer } from "@/components/editor/restore-offer";
import { hasBodyText, useStoryDocument, type EditorFields } from "@/components/editor/story-document";
import { announceSaved } from "@/components/editor/story-title";
import { useSaveShortcut } from "@/components/editor/use-save-shortcut";
import { BylinePicker, type BylineChoice } from "@/components/editor/byline-picker";
import type { SavedVersion } from "@/components/editor/conflict-panel";
import { ReviewBar, ReviewPanel, useEditorialReview } from "@/components/editor/editorial-review";
import { EditorRail, type FeaturedImage, type RailFields, type WorkflowResult } from "@/components/editor/editor-rail";
import { HeadlineField } from "@/components/editor/headline-field";
import { PrepublishDialog, type PrepublishRequest } from "@/components/editor/prepublish-dialog";
import { ImportTextDialog } from "@/components/editor/import-text-dialog";
import type { ActionResult } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import type { DateStyle } from "@/lib/format";
import type { Role, StoryStatus } from "@/lib/generated/prisma/enums";
import { deskStoryPath } from "@/lib/stories/desk-paths";
import type { SavedStory } from "@/lib/stories/mutations";
import type { ImportedCaption, ImportedStory, PullQuoteCandidate } from "@/lib/stories/import-text";
import type { PresentEditor } from "@/lib/stories/presence";
import { bodyText, checkBeforePublishing, countWords, readingMinutes, type PrepublishField, type PrepublishNode } from "@/lib/stories/prepublish";
import { STANDFIRST_MAX } from "@/lib/stories/schemas";
import { formatInZone, fromZonedInputValue, toZonedInputValue } from "@/lib/time-zone-format";
import { mediaUrl } from "@/lib/media/urls";
import { availableActions, STATUS_LABELS, TRANSITIONS, type WorkflowAction } from "@/lib/stories/workflow";
import { FieldError } from "@/components/ui/field-error";
import { useHydrated } from "@/components/ui/use-hydrated";
import { COLLAB_CONNECTING, COLLAB_LIVE, COLLAB_OFFLINE, COLLAB_OUTDATED, COLLAB_READ_ONLY_LIVE, COLLAB_READ_ONLY_OFFLINE, COLLAB_REFUSED, COLLAB_RIGHTS_CHANGED, COLLAB_SIGNED_OUT } from "@/lib/collab/sentences";
import { type LiveTextField, TEXT_FIELDS } from "@/lib/collab/protocol";

/** Whether a field of the form is one of the live document's text fields. */
function isLiveTextField(field: string): field is LiveTextField {
  return (TEXT_FIELDS as readonly string[]).includes(field);
}

/** What the status line says about a live story's connection. */
const LIVE_STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: COLLAB_CONNECTING,
  live: COLLAB_LIVE,
  offline: COLLAB_OFFLINE,
  outdated: COLLAB_OUTDATED,
  refused: COLLAB_REFUSED,
  "rights-changed": COLLAB_RIGHTS_CHANGED,
  "signed-out": COLLAB_SIGNED_OUT,
};
/** The same for someone watching the story read-only: nothing of hers is waiting to be merged. */
const READ_ONLY_STATUS_TEXT: Record<LiveStatus, string> = { ...LIVE_STATUS_TEXT, live: COLLAB_READ_ONLY_LIVE, offline: COLLAB_READ_ONLY_OFFLINE };

// Loaded when first needed, not with the editor: the media library (with its crop editor) and the
// conflict screen (with its word diff) are a large part of the editor's code and most openings of a
// story use neither, so typing can start sooner (issue 13's "New story" and "open" figures).
const MediaLibrary = dynamic(() => import("@/components/media/media-library").then((module) => module.MediaLibrary), {
  loading: () => <p className="mt-3 text-sm text-[var(--muted)]">Loading the media library…</p>,
});
const ConflictPanel = dynamic(() => import("@/components/editor/conflict-panel").then((module) => module.ConflictPanel), {
  loading: () => (
    <p role="status" className="rounded border border-[var(--rule)] p-3 text-sm">
      Loading the comparison with the saved version…
    </p>
  ),
});

export interface EditorStory {
  id: string;
  headline: string;
  standfirst: string;
  dateline: string;
  slug: string;
  sectionId: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
  body: JSONContent;
  status: StoryStatus;
  version: number;
  bylineIds: string[];
  tags: string[];
  canEdit: boolean;
  actions: WorkflowAction[];
  updatedBy: string | null;
  updatedAt: string;
  publicHref: string | null;
  /** With status SCHEDULED: when it goes out, as an ISO string. */
  scheduledFor: string | null;
  seoTitle: string;
  seoDescription: string;
  socialHeadline: string;
  /** The embargo as an ISO instant, or "" for none. */
  embargoUntil: string;
  heroImage: { id: string; alt: string; credit: string } | null;
  /** Undefined when the page does not load them: saves then leave the stored values alone. */
  datelinePlace?: string;
  credit?: string;
}

/** What the rail shows about the site and newsroom around the story. */
export interface EditorContext {
  newsroomZone: string;
  /** How dates are written: the site's locale and the newsroom's zone. */
  dates: DateStyle;
  siteName: string;
  siteUrl: string;
}

export type { EditorFields };

const AUTOSAVE_DELAY_MS = 3_000;
// After a save that could not reach the server: try again after 1 s, 2 s, 4 s… up to 30 s, and at
// once when the browser says it is online again.
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
const PRESENCE_INTERVAL_MS = 10_000;

// Errors for these fields appear beside them; any other error is listed in the alert.
const SHOWN_BESIDE_FIELD = new Set([
  "headline",
  "standfirst",
  "sectionId",
  "dateline",
  "datelinePlace",
  "credit",
  "embargoUntil",
  "slug",
  "bylineIds",
  "body",
  "scheduledFor",
  "tags",
  "seoTitle",
  "seoDescription",
  "socialHeadline",
  "heroImageId",
]);

function featuredImageOf(image: { id: string; alt: string; credit: string }): FeaturedImage {
  return { id: image.id, alt: image.alt, credit: image.credit, url: mediaUrl(image.id, 960) };
}


function timeOf(date: Date): string {
  return date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

type SaveState =
  | { kind: "idle" }
  | { kind: "dirty" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date; autosave: boolean }
  | { kind: "failed" }
  | { kind: "offline" };

export function StoryEditor({
  story,
  sections,
  bylines: initialBylines,
  defaultBylineIds,
  canManageBylines,
  role,
  userId,
  userName = "",
  context,
}: {
  context: EditorContext;
  story: EditorStory | null;
  sections: Array<{ id: string; name: string }>;
  bylines: BylineChoice[];
  defaultBylineIds: string[];
  canManageBylines: boolean;
  /** The signed-in person's role: which workflow actions a story they have just created offers. */
  role: Role;
  /** The signed-in person's id: the unsaved changes kept in this browser are theirs alone. */
  userId: string;
  /** Their name, on their caret in a live story. */
  userName?: string;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [notice, setNotice] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  // Every change makes the document unsaved (one made while offline keeps saying so), and a
  // "Saved at…" from before it is no longer true.
  const markDirty = useCallback(() => {
    setSaveState((state) => (state.kind === "saving" || state.kind === "offline" ? state : { kind: "dirty" }));
    setNotice((current) => (current?.kind === "ok" ? null : current));
  }, []);
  // The document (fields, body, version): one place, which a collaboration layer can take over.
  const doc = useStoryDocument(story, { defaultBylineIds, onEdit: markDirty });
  const { fields, body, setFields, versionRef, version, editsRef, savedEditsRef } = doc;
  const update = doc.update;
  const setBody = doc.setBody;
  const storyId = doc.created ? doc.id : undefined;
  const [bylineOptions, setBylineOptions] = useState(initialBylines);
  const editorRef = useRef<Editor | null>(null);
  // Notes and Suggesting mode (components/editor/editorial-review.tsx) work on the body's editor.
  const [bodyEditor, setBodyEditor] = useState<Editor | null>(null);
  const mediaDialogRef = useRef<HTMLDialogElement>(null);
  const [status, setStatus] = useState<StoryStatus>(story?.status ?? "DRAFT");
  const workflowActions = story?.actions ?? (doc.created ? availableActions(role, status) : []);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [conflict, setConflict] = useState<{ message: string; theirs: SavedVersion | null } | null>(null);
  const [others, setOthers] = useState<PresentEditor[]>([]);
  const [newerElsewhere, setNewerElsewhere] = useState<string | null>(null);
  // "Publish at" shows the time the story is scheduled for, in the newsroom's zone, on reopening.
  const [scheduledFor, setScheduledFor] = useState(story?.scheduledFor ? toZonedInputValue(new Date(story.scheduledFor), context.newsroomZone) : "");
  const [featuredImage, setFeaturedImage] = useState<FeaturedImage | null>(story?.heroImage ? featuredImageOf(story.heroImage) : null);
  const [mediaTarget, setMediaTarget] = useState<"body" | "featured">("body");
  // The library is loaded and mounted only while its dialog is open: it lists (and shows) the
  // newsroom's images, which an editor opening a story to type does not need.
  const [mediaOpen, setMediaOpen] = useState(false);
  const openMedia = (target: "body" | "featured") => {
    setMediaTarget(target);
    setMediaOpen(true);
    mediaDialogRef.current?.showModal();
  };
  const [railOpen, setRailOpen] = useState(false);
  const [workflowResult, setWorkflowResult] = useState<WorkflowResult | null>(null);
  const [check, setCheck] = useState<PrepublishRequest | null>(null);
  const [imported, setImported] = useState<{
    notes: string[];
    missingBylines: ImportedStory["bylines"];
    quotes: PullQuoteCandidate[];
    captions: ImportedCaption[];
  } | null>(null);
  const [copiedCaption, setCopiedCaption] = useState<number | null>(null);
  const editable = story?.canEdit ?? true;
  // The Save button waits for the page's script; the fields do not: what is typed before it runs
  // is adopted on hydration (story-document.ts).
  const hydrated = useHydrated();
  // A story that exists is edited live (docs/desk.md, "Co-editing"): its text fields (headline,
  // standfirst, the rail's dateline, dateline place, credit, search and social fields) and body are
  // one document shared with everyone who has it open, saved by the server as they type. Someone
  // who may only see it watches it live, read-only.
  const live = useLiveStory(story?.id, { id: userId, name: userName }, { readOnly: !editable });
  const review = useEditorialReview({ editor: bodyEditor, storyId, editable, live });
  const liveState = useLiveStatus(live);
  const livePeople = useLivePeople(live);
  const fieldsRef = useRef(fields);
  useEffect(() => {
    fieldsRef.current = fields;
  });
  const liveText = useLiveTextFields(live, {
    synced: liveState.synced,
    saved: Object.fromEntries(TEXT_FIELDS.map((field) => [field, story?.[field] ?? ""])) as Record<LiveTextField, string>,
    typed: () => fieldsRef.current,
    onChange: (field, value) => setFields((current) => (current[field] === value ? current : { ...current, [field]: value })),
  });
  /**
   * An edit of a text field: into the live document when there is one. The editor still counts it
   * as unsaved until its autosave, which from a live story writes the live document into the
   * story (saveStory's `live`) along with the rail's other fields.
   */
  const editText = (field: LiveTextField, value: string) => {
    update(field, value);
    liveText.edit(field, value);
  };
  const dirty = saveState.kind === "dirty" || saveState.kind === "failed" || saveState.kind === "offline";
  // Whether the server may lack something this page holds (a save under way counts until it ends).
  const unsaved = dirty || saveState.kind === "saving";
  // The save under way, so a Save pressed during an autosave waits for it instead of being dropped.
  const inFlight = useRef<Promise<boolean> | null>(null);
  const retryDelay = useRef(RETRY_FIRST_MS);
  const backup = useLocalBackup({
    owner: userId,
    id: doc.id,
    created: doc.created,
    version,
    fields,
    body,
    unsaved,
    savedAt: story?.updatedAt ?? null,
    enabled: editable,
  });

  function payload() {
    return {
      headline: fields.headline,
      standfirst: fields.standfirst,
      sectionId: fields.sectionId,
      slug: fields.slug,
      commentPolicy: fields.commentPolicy || undefined,
      tags: fields.tags,
      bylineIds: fields.bylineIds,
      embargoUntil: fields.embargoUntil,
      heroImageId: fields.heroImageId,
      // A live story's rail text fields are the live document's, written by the server as they are
      // typed: the autosave leaves them out, so nothing is saved twice. (The headline, standfirst
      // and body go along for the check that the story holds some text; the server takes the live
      // document's for them too.)
      ...(live ? {} : { dateline: fields.dateline, seoTitle: fields.seoTitle, seoDescription: fields.seoDescription, socialHeadline: fields.socialHeadline }),
      // Sent once the editor holds them (loaded with the story, typed into a new one's rail, or set
      // by an import); otherwise the stored values stay.
      ...(!live && (!story || story.datelinePlace !== undefined || imported) ? { datelinePlace: fields.datelinePlace, credit: fields.credit } : {}),
      // As a string: ProseMirror's attribute objects have no prototype, and React's action
      // serialisation drops such objects, which would strip every heading of its level.
      body: JSON.stringify(body),
      ...(!doc.createdRef.current ? { id: doc.id, ...(imported ? { importedFrom: "plain-text" } : {}) } : {}),
    };
  }

  function accept(result: ActionResult<SavedStory>, success: string | null): result is { ok: true; data: SavedStory } {
    if (result.ok) {
      setFieldErrors({});
      if (success) setNotice({ kind: "ok", text: success });
      doc.markSaved(result.data.version);
      setStatus(result.data.status);
      setNewerElsewhere(null);
      return true;
    }
    if (result.code === "CONFLICT") {
      setConflict({ message: result.message, theirs: null });
      setNotice(null);
      return false;
    }
    setFieldErrors(result.fieldErrors ?? {});
    setNotice({ kind: "error", text: result.message });
    return false;
  }

  /** Saves what this render's form holds. An autosave gives way to a save under way; a Save pressed meanwhile runs after it. */
  async function save(options: { autosave: boolean }): Promise<boolean> {
    const editsAtStart = editsRef.current;
    if (inFlight.current && options.autosave) return false; // its timer comes back while edits are unsaved
    while (inFlight.current) await inFlight.current;
    const run = send(options, editsAtStart);
    inFlight.current = run;
    try {
      return await run;
    } finally {
      if (inFlight.current === run) inFlight.current = null;
    }
  }

  async function send(options: { autosave: boolean }, editsAtStart: number): Promise<boolean> {
    // While the server cannot be reached, a retry under way still says so.
    setSaveState((state) => (state.kind === "offline" ? state : { kind: "saving" }));
    // A new story is created by its first save, under the id the editor gave it; this same editor
    // then goes on editing it (no navigation, which would remount the form and drop what is typed).
    const creating = !doc.createdRef.current;
    const sent = payload();
    // What was just typed into a live story's text fields reaches the server's store first, so
    // this save writes it into the story with everything else.
    if (live && !creating) await whenLiveStored(live);
    let result: ActionResult<SavedStory>;
    try {
      result = creating
        ? await createStoryAction(sent)
        : await saveStoryAction(doc.id, versionRef.current, sent, { autosave: options.autosave, ...(live ? { live: true } : {}) });
    } catch {
      // The server could not be reached: everything stays here (and in the browser's backup), and
      // the save is tried again.
      setSaveState({ kind: "offline" });
      scheduleRetry();
      return false;
    }
    retryDelay.current = RETRY_FIRST_MS;
    if (accept(result, options.autosave ? null : `Saved at ${timeOf(new Date())}.`)) {
      savedEditsRef.current = editsAtStart;
      // The slug the server chose (for a new story, or one made from the headline): shown, unless
      // it was edited meanwhile.
      setFields((current) => (current.slug === sent.slug ? { ...current, slug: result.data.slug } : current));
      if (creating) replaceAddress(deskStoryPath(result.data.id));
      announceSaved({ id: result.data.id, headline: sent.headline });
      // Edits made while it was saving are not in it: they stay unsaved, for the next autosave.
      setSaveState(editsRef.current === editsAtStart ? { kind: "saved", at: new Date(), autosave: options.autosave } : { kind: "dirty" });
      return true;
    }
    setSaveState({ kind: "failed" });
    return false;
  }

  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function scheduleRetry() {
    if (retryTimer.current) clearTimeout(retryTimer.current);
    const delay = retryDelay.current;
    retryDelay.current = Math.min(delay * 2, RETRY_MAX_MS);
    retryTimer.current = setTimeout(() => {
      retryTimer.current = null;
      void autosaveRef.current({ autosave: true });
    }, delay);
  }

  // Autosave a few seconds after the last change, for stories that exist; never over a conflict.
  const autosaveRef = useRef(save);
  useEffect(() => {
    autosaveRef.current = save;
  });
  // New or not: a document with no text at all is not a draft yet, and waits for some.
  const hasText = fields.headline.trim() !== "" || fields.standfirst.trim() !== "" || hasBodyText(body);
  useEffect(() => {
    if (!editable || saveState.kind !== "dirty" || conflict || !hasText) return;
    const timer = setTimeout(() => void autosaveRef.current({ autosave: true }), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [editable, saveState, fields, body, conflict, hasText]);

  // Back online: try at once rather than at the end of the wait.
  const offline = saveState.kind === "offline";
  useEffect(() => {
    if (!offline) return;
    const retryNow = () => {
      retryDelay.current = RETRY_FIRST_MS;
      if (retryTimer.current) clearTimeout(retryTimer.current);
      retryTimer.current = null;
      void autosaveRef.current({ autosave: true });
    };
    window.addEventListener("online", retryNow);
    return () => window.removeEventListener("online", retryNow);
  }, [offline]);
  useEffect(() => () => {
    if (retryTimer.current) clearTimeout(retryTimer.current);
  }, []);

  // Ctrl/Cmd+S saves from anywhere on the page.
  useSaveShortcut(() => {
    if (editable && !conflict) startTransition(async () => void (await save({ autosave: false })));
  }, hydrated);

  // The result of a workflow action taken just before this page was rendered anew.
  useEffect(() => {
    const carried = story ? takeCarriedNotice(story.id) : null;
    // Read from the tab's storage after mounting: the server render cannot know it.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (carried) setNotice({ kind: "ok", text: carried });
  }, [story]);

  const liveRef = useRef(live);
  useEffect(() => {
    liveRef.current = live;
  });
  // Who else has this story open, and whether someone saved a newer version meanwhile.
  useEffect(() => {
    if (!storyId) return;
    let stopped = false;
    const beat = async () => {
      const result = await touchPresenceAction(storyId).catch(() => null); // offline: try at the next beat
      if (stopped || !result?.ok) return;
      setOthers(result.data.others);
      // A live story is saved by the server as people type: a newer version is everyone's.
      setNewerElsewhere(!liveRef.current && result.data.version > versionRef.current ? (result.data.savedBy ?? "Someone") : null);
    };
    void beat();
    const timer = setInterval(() => void beat(), PRESENCE_INTERVAL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
      void leavePresenceAction(storyId).catch(() => undefined);
    };
  }, [storyId, versionRef]);

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    startTransition(async () => {
      await save({ autosave: false });
    });
  }

  /** The moment "Publish at" names, read in the newsroom's zone: an ISO string, or what was typed when it is no time at all. */
  function scheduleValue(): string | undefined {
    if (!scheduledFor) return undefined;
    return fromZonedInputValue(scheduledFor, context.newsroomZone)?.toISOString() ?? scheduledFor;
  }

  /** Publish and Schedule open the pre-publish check first; other actions run at once. */
  function requestWorkflow(action: WorkflowAction) {
    if (action !== "publish" && action !== "schedule") {
      runWorkflow(action, false);
      return;
    }
    const when = action === "schedule" ? scheduleValue() : undefined;
    const problems = checkBeforePublishing({
      action,
      headline: fields.headline,
      seoTitle: fields.seoTitle,
      seoDescription: fields.seoDescription,
      bylineCount: fields.bylineIds.length,
      sectionId: fields.sectionId || null,
      body: body as PrepublishNode,
      featuredImage: featuredImage ? { alt: featuredImage.alt, credit: featuredImage.credit } : null,
      scheduledFor: when,
      now: new Date(),
    });
    const at = when ? new Date(when) : null;
    setCheck({ action, problems, ...(at && !Number.isNaN(at.getTime()) ? { when: formatInZone(at, context.newsroomZone, context.dates.locale) } : {}) });
  }

  function goToField(field: PrepublishField) {
    setCheck(null);
    const inRail = field !== "headline" && field !== "body";
    if (inRail) setRailOpen(true);
    // After the dialog has closed and the rail has opened.
    window.setTimeout(() => {
      if (field === "body") {
        editorRef.current?.commands.focus();
        return;
      }
      const id = field === "bylineIds" ? "add-byline" : field;
      const element = document.getElementById(id);
      element?.scrollIntoView({ block: "center" });
      element?.focus();
    }, 0);
  }

  function runWorkflow(action: WorkflowAction, acknowledgeWarnings: boolean) {
    if (!storyId) return;
    setCheck(null);
    setWorkflowResult(null);
    startTransition(async () => {
      // Unsaved edits go out with the action, never silently left behind; and the action waits for
      // a save under way, whose new version it must name.
      while (inFlight.current) await inFlight.current;
      if (editsRef.current !== savedEditsRef.current && editable && !(await save({ autosave: false }))) {
        setWorkflowResult({ kind: "error", text: `${TRANSITIONS[action].label}: not done. The story could not be saved first.` });
        return;
      }
      const result = await changeStoryStatusAction({
        storyId,
        version: versionRef.current,
        // From the desk: no version check (the step writes the live document first).
        live: true,
        action,
        ...(action === "schedule" ? { scheduledFor: scheduleValue() } : {}),
        ...(acknowledgeWarnings ? { acknowledgeWarnings: true } : {}),
      });
      // The result is shown beside the buttons, where the editor is looking.
      if (accept(result, null)) {
        setNotice(null);
        const done = `${TRANSITIONS[action].label}: done. The story is now ${STATUS_LABELS[result.data.status].toLowerCase()}.`;
        setWorkflowResult({ kind: "ok", text: done });
        if (!story) carryNotice(storyId, done);
        // The page's server-rendered parts (tabs, actions) follow; a story created in this editor
        // has none yet, and a refresh would render its page anew and drop this editor's state.
        if (story) router.refresh();
      } else if (!result.ok) {
        setNotice(null);
        setWorkflowResult({ kind: "error", text: `${TRANSITIONS[action].label}: not done. ${result.message}` });
        // The server's check found problems (someone else's save, say): show them as the dialog does.
        const problems = result.details?.problems;
        if ((action === "publish" || action === "schedule") && Array.isArray(problems)) setCheck({ action, problems: problems as PrepublishRequest["problems"] });
      }
    });
  }

  async function compareWithSaved() {
    if (!storyId) return;
    const result = await loadSavedStoryAction(storyId);
    if (!result.ok) {
      setNotice({ kind: "error", text: result.message });
      return;
    }
    const saved = result.data;
    setConflict((current) => ({
      message: current?.message ?? "",
      theirs: {
        version: saved.version,
        savedBy: saved.updatedBy,
        savedAt: saved.updatedAt.toISOString(),
        headline: saved.headline,
        standfirst: saved.standfirst,
        dateline: saved.dateline,
        datelinePlace: saved.datelinePlace,
        credit: saved.credit,
        embargoUntil: saved.embargoUntil?.toISOString() ?? "",
        sectionId: saved.sectionId ?? "",
        tags: saved.tags.join(", "),
        bylineIds: saved.bylines.map((b) => b.id),
        body: saved.body as JSONContent,
      },
    }));
  }

  /** Takes a field from their version; for the body, `merged` is yours with some of their paragraphs. */
  function takeTheirs(field: keyof EditorFields | "body", merged?: JSONContent) {
    const theirs = conflict?.theirs;
    if (!theirs) return;
    if (field === "body") {
      const next = merged ?? theirs.body;
      editorRef.current?.commands.setContent(next);
      setBody(next);
    } else if (field === "bylineIds") {
      setFields((current) => ({ ...current, bylineIds: theirs.bylineIds }));
    } else if (field in theirs) {
      setFields((current) => ({ ...current, [field]: String(theirs[field as keyof SavedVersion] ?? "") }));
    }
  }

  function saveMerged() {
    const theirs = conflict?.theirs;
    if (!theirs) return;
    // The merge is now based on their version: saving it is a normal save on top of theirs.
    doc.markSaved(theirs.version);
    setConflict(null);
    startTransition(async () => {
      await save({ autosave: false });
    });
  }

  function applyImport(parsed: ImportedStory & { featuredImage?: FeaturedImage | null }) {
    const known = new Map(bylineOptions.map((option) => [option.name.toLowerCase(), option.id]));
    const matched = parsed.bylines.map((b) => known.get(b.name.toLowerCase())).filter((id): id is string => Boolean(id));
    const missing = parsed.bylines.filter((b) => !known.has(b.name.toLowerCase()));
    setFields((current) => ({
      ...current,
      headline: parsed.headline,
      standfirst: parsed.standfirst,
      dateline: parsed.dateline || current.dateline,
      datelinePlace: parsed.datelinePlace || current.datelinePlace,
      credit: parsed.credit || current.credit,
      bylineIds: parsed.bylines.length > 0 ? matched : current.bylineIds,
      // An imported web page's image the editor added and chose as the featured image.
      heroImageId: parsed.featuredImage ? parsed.featuredImage.id : current.heroImageId,
    }));
    if (parsed.featuredImage) setFeaturedImage(parsed.featuredImage);
    editorRef.current?.commands.setContent(parsed.body);
    setBody(parsed.body as JSONContent);
    setFieldErrors(parsed.headline ? {} : { headline: ["The imported text has no headline: write one."] });
    setImported({ notes: parsed.notes, missingBylines: missing, quotes: parsed.pullQuoteCandidates.slice(0, 3), captions: parsed.captions });
    setCopiedCaption(null);
    markDirty();
  }

  function createImportedByline(byline: ImportedStory["bylines"][number]) {
    startTransition(async () => {
      const result = await createBylineAction({ name: byline.name, kind: byline.kind });
      if (!result.ok) {
        setNotice({ kind: "error", text: result.message });
        return;
      }
      setBylineOptions((options) => [...options, result.data].sort((a, b) => a.name.localeCompare(b.name)));
      setFields((current) => ({ ...current, bylineIds: [...current.bylineIds, result.data.id] }));
      setImported((current) => current && { ...current, missingBylines: current.missingBylines.filter((b) => b.name !== byline.name) });
    });
  }

  /** Puts a quote from the text in as a pull quote, right after the paragraph it stands in. */
  function insertPullQuote(quote: PullQuoteCandidate) {
    const editor = editorRef.current;
    if (!editor) return;
    let position = editor.state.doc.content.size;
    editor.state.doc.forEach((node, offset) => {
      if (position === editor.state.doc.content.size && node.textContent.includes(quote.text)) position = offset + node.nodeSize;
    });
    editor.chain().insertContentAt(position, { type: "pullQuote", attrs: { attribution: quote.attribution }, content: [{ type: "text", text: quote.text }] }).run();
    setImported((current) => current && { ...current, quotes: current.quotes.filter((q) => q !== quote) });
  }

  /** Copies an imported caption (with its credit) for the image it belongs to. */
  function copyCaption(caption: ImportedCaption, index: number) {
    const text = [caption.text, caption.credit ? `(${caption.credit})` : ""].filter(Boolean).join(" ");
    void navigator.clipboard?.writeText(text).then(
      () => setCopiedCaption(index),
      () => setCopiedCaption(null),
    );
  }

  const err = (field: string) => fieldErrors[field];
  const described = (field: string) => (err(field) ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  const saveText =
    saveState.kind === "saving"
      ? "Saving…"
      : saveState.kind === "saved"
        ? `${saveState.autosave ? "Autosaved" : "Saved"} at ${timeOf(saveState.at)}`
        : saveState.kind === "dirty"
          ? hasText
            ? "Unsaved changes — autosave in a moment"
            : "Not saved yet: write something first"
          : saveState.kind === "failed"
            ? "Not saved"
            : saveState.kind === "offline"
              ? "Can't reach the server — retrying…"
              : "";

  function restoreBackup() {
    const kept = backup.offer;
    if (!kept) return;
    if (!doc.createdRef.current) doc.adoptId(kept.storyId);
    setFields(kept.fields);
    // A live story takes the kept text into its live document (the body through the editor).
    for (const field of TEXT_FIELDS) liveText.edit(field, kept.fields[field]);
    editorRef.current?.commands.setContent(kept.body);
    setBody(kept.body);
    doc.markEdited();
    backup.dismiss();
  }

  const railFields: RailFields = {
    sectionId: fields.sectionId,
    dateline: fields.dateline,
    slug: fields.slug,
    commentPolicy: fields.commentPolicy,
    tags: fields.tags,
    seoTitle: fields.seoTitle,
    seoDescription: fields.seoDescription,
    socialHeadline: fields.socialHeadline,
    datelinePlace: fields.datelinePlace,
    credit: fields.credit,
    embargoUntil: fields.embargoUntil,
  };
  const words = countWords(bodyText(body as PrepublishNode));

  return (
    <>
      <form onSubmit={onSubmit} className="lg:grid lg:grid-cols-[minmax(0,1fr)_20rem] lg:items-start lg:gap-8" aria-label="Story" noValidate>
        <div className="min-w-0 space-y-5">
          <div className="flex flex-wrap items-center justify-between gap-3 lg:hidden">
            <p className="text-sm">
              <span className="rounded bg-[var(--rule)] px-2 py-0.5 font-semibold">{STATUS_LABELS[status]}</span>
            </p>
            <div className="flex items-center gap-2">
              {editable ? (
                <button type="submit" disabled={pending || !hydrated} className="rounded bg-[var(--ink)] px-3 py-1.5 text-sm font-semibold text-[var(--paper)] disabled:opacity-60">
                  Save
                </button>
              ) : null}
              <button
                id="story-rail-toggle"
                type="button"
                aria-expanded={railOpen}
                aria-controls="story-rail"
                onClick={() => setRailOpen(true)}
                className="rounded border border-[var(--ink)] px-3 py-1.5 text-sm font-semibold"
              >
                Story settings
              </button>
            </div>
          </div>

          {backup.offer && editable ? <RestoreOffer offer={backup.offer} onRestore={restoreBackup} onDiscard={backup.discard} /> : null}
          {live && hydrated ? (
            <div className="flex flex-wrap items-center gap-2 rounded border border-[var(--rule)] p-2 text-sm" data-testid="live-status">
              <p role="status" className={liveState.status === "live" ? "" : "font-semibold"}>
                {(editable ? LIVE_STATUS_TEXT : READ_ONLY_STATUS_TEXT)[liveState.status]}
                {liveState.status === "outdated" || liveState.status === "rights-changed" ? (
                  <>
                    {" "}
                    <button type="button" className="underline" onClick={() => window.location.reload()}>
                      Reload
                    </button>
                  </>
                ) : null}
              </p>
              {livePeople.length > 0 ? (
                <p aria-live="polite">
                  In the story now:{" "}
                  {livePeople.map((person, index) => (
                    <span key={person.clientId}>
                      {index > 0 ? ", " : null}
                      <span className="rounded px-1 font-semibold text-white" style={{ backgroundColor: person.color }}>
                        {person.name}
                      </span>
                      {person.readOnly ? " (reading)" : null}
                    </span>
                  ))}
                </p>
              ) : null}
            </div>
          ) : others.length > 0 ? (
            <p className="rounded border border-[var(--rule)] p-2 text-sm" aria-live="polite">
              Also open by {others.map((person) => person.displayName).join(", ")}.
            </p>
          ) : null}
          {newerElsewhere && !conflict ? (
            <p className="rounded border border-[var(--accent)] p-2 text-sm" aria-live="polite">
              {newerElsewhere} saved a newer version of this story.{" "}
              {dirty ? "Your unsaved changes would conflict: compare before saving." : null}{" "}
              <button type="button" className="underline" onClick={() => (dirty ? void compareWithSaved() : window.location.reload())}>
                {dirty ? "Compare now" : "Load the newer version"}
              </button>
            </p>
          ) : null}

          <div role="status" className="text-sm empty:hidden">
            {notice?.kind === "ok" ? notice.text : null}
          </div>
          {notice?.kind === "error" ? (
            <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
              <p>{notice.text}</p>
              {Object.entries(fieldErrors)
                .filter(([field]) => !SHOWN_BESIDE_FIELD.has(field))
                .map(([field, messages]) => (
                  <p key={field}>{messages?.join(" ")}</p>
                ))}
            </div>
          ) : null}
          {conflict ? (
            <ConflictPanel
              message={conflict.message}
              theirs={conflict.theirs}
              mine={{ ...fields, body }}
              sections={sections}
              bylines={bylineOptions}
              onCompare={() => startTransition(compareWithSaved)}
              onTakeTheirs={takeTheirs}
              onSaveMerged={saveMerged}
              pending={pending}
            />
          ) : null}

          {!storyId && editable ? (
            <div className="flex flex-wrap items-center gap-3 text-sm">
              <ImportTextDialog onImport={applyImport} />
              <span className="text-[var(--muted)]">Paste a wire or web story to fill this draft.</span>
            </div>
          ) : null}
          {imported ? (
            <section aria-labelledby="import-heading" className="rounded border border-[var(--rule)] p-3 text-sm">
              <h2 id="import-heading" className="font-bold">
                Imported from text
              </h2>
              {imported.notes.length > 0 ? (
                <ul className="mt-1 list-disc pl-5">
                  {imported.notes.map((note) => (
                    <li key={note}>{note}</li>
                  ))}
                </ul>
              ) : null}
              {fields.datelinePlace || fields.credit ? (
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
                  {fields.datelinePlace ? (
                    <>
                      <dt className="font-semibold">Dateline place</dt>
                      <dd className="min-w-0 break-words" data-testid="imported-dateline-place">
                        {fields.datelinePlace}
                      </dd>
                    </>
                  ) : null}
                  {fields.credit ? (
                    <>
                      <dt className="font-semibold">Credit</dt>
                      <dd className="min-w-0 break-words" data-testid="imported-credit">
                        {fields.credit}
                      </dd>
                    </>
                  ) : null}
                </dl>
              ) : null}
              {imported.missingBylines.map((byline) => (
                <p key={byline.name} className="mt-2">
                  No byline record for {byline.name} yet.{" "}
                  {canManageBylines ? (
                    <button type="button" className="underline" onClick={() => createImportedByline(byline)}>
                      Create byline {byline.name}
                    </button>
                  ) : (
                    "Ask an editor to create it."
                  )}
                </p>
              ))}
              {imported.captions.length > 0 ? (
                <div className="mt-2">
                  <p className="font-semibold">Photo captions from the text (add them to the images they belong to):</p>
                  <ul className="mt-1 space-y-1">
                    {imported.captions.map((caption, index) => (
                      <li key={`${caption.text}|${caption.credit}`} className="break-words">
                        {caption.text || "(no caption, only a credit)"}
                        {caption.credit ? ` — Credit: ${caption.credit}` : ""}{" "}
                        <button type="button" className="underline" onClick={() => copyCaption(caption, index)}>
                          Copy caption {index + 1}
                        </button>
                        {copiedCaption === index ? <span role="status"> Copied.</span> : null}
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              {imported.quotes.length > 0 ? (
                <div className="mt-2">
                  <p className="font-semibold">Quotes that could be pulled out:</p>
                  <ul className="mt-1 space-y-1">
                    {imported.quotes.map((quote) => (
                      <li key={quote.text}>
                        “{quote.text}”{quote.attribution ? ` — ${quote.attribution}` : ""}{" "}
                        <button type="button" className="underline" onClick={() => insertPullQuote(quote)}>
                          Insert as pull quote
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </section>
          ) : null}

          <fieldset disabled={!editable} className="min-w-0 space-y-4">
            <legend className="sr-only">Writing</legend>
            <HeadlineField
              value={fields.headline}
              onChange={(value) => editText("headline", value)}
              inputRef={liveText.control("headline")}
              errors={err("headline")}
              onEnter={() => document.getElementById("standfirst")?.focus()}
            />
            <div>
              <label htmlFor="standfirst" className="block text-sm font-semibold">
                Standfirst
              </label>
              <textarea
                ref={liveText.control("standfirst")}
                id="standfirst"
                rows={2}
                value={fields.standfirst}
                onChange={(e) => editText("standfirst", e.target.value)}
                maxLength={STANDFIRST_MAX}
                placeholder="The one or two sentences under the headline"
                className="mt-1 w-full rounded border border-transparent bg-transparent px-1 py-1 text-lg hover:border-[var(--rule)] focus:border-[var(--rule)] aria-[invalid=true]:border-[var(--accent)]"
                {...described("standfirst")}
              />
              <FieldError id="standfirst-error" errors={err("standfirst")} />
            </div>
            <div>
              <span id="body-label" className="block text-sm font-semibold">
                Body
              </span>
              <div className="mt-1">
                <ReviewBar review={review} />
                <BodyEditor
                  live={live}
                  liveSynced={liveState.synced}
                  initialContent={body}
                  editable={editable}
                  invalid={Boolean(err("body"))}
                  describedBy={err("body") ? "body-error" : undefined}
                  onReady={(editor) => {
                    editorRef.current = editor;
                    setBodyEditor(editor);
                  }}
                  onRequestImage={() => openMedia("body")}
                  onChange={(content, remote) => {
                    setBody(content);
                    // Someone else's typing in a live story is theirs to save, not this editor's.
                    if (!remote) markDirty();
                  }}
                />
              </div>
              <FieldError id="body-error" errors={err("body")} />
            </div>
          </fieldset>
        </div>

        <EditorRail
          open={railOpen}
          onClose={() => {
            setRailOpen(false);
            document.getElementById("story-rail-toggle")?.focus();
          }}
          status={status}
          versionText={storyId ? `Version ${version}` : "New story"}
          saveText={saveText}
          viewHref={story?.publicHref && status === "PUBLISHED" ? story.publicHref : null}
          previewHref={storyId ? `/preview/${storyId}` : null}
          scheduledFor={story?.scheduledFor ?? null}
          newsroomZone={context.newsroomZone}
          dates={context.dates}
          editable={editable}
          busy={pending || !hydrated}
          actions={storyId ? workflowActions : []}
          onAction={requestWorkflow}
          workflowResult={workflowResult}
          publishAt={scheduledFor}
          onPublishAtChange={setScheduledFor}
          fields={railFields}
          onFieldChange={(key, value) => (isLiveTextField(key) ? editText(key, value) : update(key, value))}
          textControl={liveText.control}
          errors={fieldErrors}
          sections={sections}
          sectionOptional
          bylinePicker={
            <BylinePicker
              options={bylineOptions}
              value={fields.bylineIds}
              onChange={(ids) => update("bylineIds", ids)}
              canCreate={canManageBylines}
              onCreated={(byline) => setBylineOptions((options) => [...options, byline].sort((a, b) => a.name.localeCompare(b.name)))}
              errorId="bylineIds-error"
              errors={err("bylineIds")}
              disabled={!editable}
            />
          }
          featuredImage={featuredImage}
          onPickFeaturedImage={() => openMedia("featured")}
          onRemoveFeaturedImage={() => {
            setFeaturedImage(null);
            update("heroImageId", "");
          }}
          headline={fields.headline}
          standfirst={fields.standfirst}
          siteName={context.siteName}
          siteUrl={context.siteUrl}
          wordCount={words}
          readingMinutes={readingMinutes(words)}
          isNew={!story}
          review={<ReviewPanel review={review} onShowText={() => setRailOpen(false)} />}
        />
      </form>
      <PrepublishDialog request={check} onClose={() => setCheck(null)} onConfirm={(acknowledge) => check && runWorkflow(check.action, acknowledge)} onGoToField={goToField} />
      <dialog ref={mediaDialogRef} onClose={() => setMediaOpen(false)} aria-labelledby="media-dialog-title" className="m-auto w-[min(56rem,95vw)] rounded border border-[var(--rule)] bg-[var(--paper)] p-4 text-[var(--ink)] backdrop:bg-black/50">
        <div className="flex items-center justify-between">
          <h2 id="media-dialog-title" className="text-lg font-bold">
            {mediaTarget === "featured" ? "Choose the featured image" : "Insert an image"}
          </h2>
          <button type="button" onClick={() => mediaDialogRef.current?.close()} className="underline">
            Close
          </button>
        </div>
        {mediaOpen ? (
          <MediaLibrary
            onPick={(item) => {
              if (mediaTarget === "featured") {
                setFeaturedImage({ id: item.id, url: item.url, alt: item.alt, credit: item.credit });
                update("heroImageId", item.id);
              } else {
                editorRef.current
                  ?.chain()
                  .focus()
                  .insertStoryImage({ src: item.url, alt: item.alt, caption: item.caption, credit: item.credit, mediaId: item.id })
                  .run();
              }
              mediaDialogRef.current?.close();
            }}
          />
        ) : null}
      </dialog>
      <LeaveGuard unsaved={unsaved && editable} onSave={hasText ? () => save({ autosave: false }) : undefined} />
    </>
  );
}
