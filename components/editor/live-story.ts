"use client";

// The desk's side of live co-editing (docs/desk.md, "Co-editing"): one Yjs document per open
// story, kept in step with the server (lib/collab/server.ts) by Hocuspocus' provider over a
// WebSocket on the app's own origin. The provider keeps the document while the connection is
// down and merges it when it returns; the body editor binds to its "body" fragment, and every text
// field of the form (headline, standfirst and the rail's: useLiveTextFields) to its Y.Text. Someone
// who may only see the story (a reporter once it is published) is connected too, read-only: she
// sees the others' typing and notes as they happen; her editor stays non-editable and the server
// takes nothing from her connection.

import { HocuspocusProvider } from "@hocuspocus/provider";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import * as Y from "yjs";

import { keepPresenceAcrossReconnects } from "@/lib/collab/presence";
import { COLLAB_PATH, COLLAB_REFUSALS, collabToken, documentNameOf, type LiveTextField, TEXT_FIELDS } from "@/lib/collab/protocol";
import { FILL_ORIGIN, fillEmptyTextBlocks, keepTextInEmptyBlocks } from "@/lib/collab/text-blocks";
import { mapIndexThroughDelta, type TextDeltaStep } from "@/lib/collab/text-delta";

export type LiveStatus = "connecting" | "live" | "offline" | "outdated" | "refused" | "rights-changed" | "signed-out";

export interface LivePerson {
  clientId: number;
  name: string;
  color: string;
  /** Watching the story, not editing it (a read-only connection). */
  readOnly: boolean;
}

export interface LiveStory {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  /** Who this is, in the awareness the others read (`readOnly`: watching, not editing). */
  user: { name: string; color: string; readOnly?: true };
  /** Connected to watch: nothing is written into the document from here. */
  readOnly: boolean;
}

/** Caret colours, dark enough for 4.5:1 behind white names. */
const COLOURS = ["#9d174d", "#1e40af", "#166534", "#7c2d12", "#5b21b6", "#0f766e", "#a16207", "#be123c"];

function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLOURS[hash % COLOURS.length]!;
}

function socketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}${COLLAB_PATH}`;
}

/**
 * The live document of a story that existed when the page was loaded, or null (on the server, and
 * for a story created in this editor, which goes live when it is next opened). Made with the
 * page's first render in the browser, so the body editor is a live one from the start: switching
 * an editor over later would lose what is being typed into it. `readOnly` for someone who may
 * only see the story: the server makes her connection read-only whatever this says.
 */
export function useLiveStory(storyId: string | undefined, me: { id: string; name: string }, options: { readOnly: boolean }): LiveStory | null {
  const [live] = useState<LiveStory | null>(() => {
    if (!storyId || typeof window === "undefined") return null;
    const doc = new Y.Doc();
    const provider = new HocuspocusProvider({ url: socketUrl(), name: documentNameOf(storyId), document: doc, token: collabToken() });
    const user = { name: me.name, color: colourOf(me.id), ...(options.readOnly ? { readOnly: true as const } : {}) };
    provider.setAwarenessField("user", user);
    return { doc, provider, user, readOnly: options.readOnly };
  });
  useEffect(() => {
    if (!live) return;
    // Listed by the others again as soon as a dropped connection is back, and listing them.
    const stopPresence = keepPresenceAcrossReconnects(live.provider);
    if (live.readOnly) {
      // Nothing is written from a watcher: the text-block repair below is the editors' to make
      // (a change made here would only be refused, and leave this copy unlike everyone's).
      return () => {
        stopPresence();
        live.provider.destroy();
        live.doc.destroy();
      };
    }
    // Empty text blocks hold a Y.XmlText, so two people typing into one at once keep their words
    // whole (lib/collab/text-blocks.ts): those this editor makes, and, once synced, those of a
    // document stored before the rule.
    const stop = keepTextInEmptyBlocks(live.doc);
    const onSynced = ({ state }: { state: boolean }) => {
      if (state) fillEmptyTextBlocks(live.doc, FILL_ORIGIN);
    };
    live.provider.on("synced", onSynced);
    return () => {
      stop();
      stopPresence();
      live.provider.off("synced", onSynced);
      live.provider.destroy();
      live.doc.destroy();
    };
  }, [live]);
  return live;
}

/** The server's reasons for closing that trying again would not change, and what the line then says. */
const FINAL_CLOSES: Partial<Record<string, LiveStatus>> = {
  [COLLAB_REFUSALS.schema]: "outdated",
  [COLLAB_REFUSALS.signIn]: "signed-out",
  [COLLAB_REFUSALS.forbidden]: "refused",
  [COLLAB_REFUSALS.rightsChanged]: "rights-changed",
};

/** Where the connection stands, for the status line. */
export function useLiveStatus(live: LiveStory | null): { status: LiveStatus; synced: boolean } {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [synced, setSynced] = useState(false);
  useEffect(() => {
    if (!live) return;
    const { provider } = live;
    let refused: LiveStatus | null = null;
    // Once the connection has dropped, the person is offline until their changes are merged (the
    // document synced again): the provider's attempts to reconnect, one every few seconds, each
    // "connecting" for a moment, do not change what the line says.
    let dropped = false;
    const notLive = (): LiveStatus => (dropped ? "offline" : "connecting");
    const onStatus = ({ status: next }: { status: string }) => {
      if (refused) return;
      if (next === "disconnected") dropped = true;
      setStatus(next === "connected" && provider.isSynced ? "live" : next === "disconnected" ? "offline" : notLive());
    };
    const onSynced = ({ state }: { state: boolean }) => {
      if (!state) return;
      dropped = false;
      setSynced(true);
      if (!refused) setStatus("live");
    };
    const onRefused = ({ reason }: { reason: string }) => {
      refused = FINAL_CLOSES[reason] ?? "refused";
      setStatus(refused);
      // Nothing to retry: the answer would be the same.
      provider.configuration.websocketProvider.disconnect();
    };
    const onClose = ({ event }: { event: { code: number; reason: string } }) => {
      if (Object.hasOwn(FINAL_CLOSES, event.reason)) onRefused({ reason: event.reason });
    };
    if (provider.isSynced) onSynced({ state: true });
    provider.on("status", onStatus);
    provider.on("synced", onSynced);
    provider.on("authenticationFailed", onRefused);
    provider.on("close", onClose);
    const offline = () => {
      if (refused) return;
      dropped = true;
      setStatus("offline");
    };
    // Back online: the connection may never have dropped (the browser only said it was offline).
    const online = () => {
      if (refused) return;
      const connected = provider.configuration.websocketProvider.status === "connected";
      if (connected && provider.isSynced) dropped = false;
      setStatus(connected && provider.isSynced ? "live" : notLive());
    };
    window.addEventListener("offline", offline);
    window.addEventListener("online", online);
    return () => {
      provider.off("status", onStatus);
      provider.off("synced", onSynced);
      provider.off("authenticationFailed", onRefused);
      provider.off("close", onClose);
      window.removeEventListener("offline", offline);
      window.removeEventListener("online", online);
    };
  }, [live]);
  return { status: live ? status : "connecting", synced };
}

function peopleIn(live: LiveStory): LivePerson[] {
  const awareness = live.provider.awareness;
  const people: LivePerson[] = [];
  awareness?.getStates().forEach((state, clientId) => {
    const user = (state as { user?: { name?: unknown; color?: unknown; readOnly?: unknown } }).user;
    if (clientId === awareness.clientID || typeof user?.name !== "string") return;
    people.push({ clientId, name: user.name, color: typeof user.color === "string" ? user.color : COLOURS[0]!, readOnly: user.readOnly === true });
  });
  return people;
}

/** The others in the story now (their editors' awareness), without oneself. */
export function useLivePeople(live: LiveStory | null): LivePerson[] {
  const [people, setPeople] = useState<LivePerson[]>([]);
  useEffect(() => {
    const awareness = live?.provider.awareness;
    if (!live || !awareness) return;
    let last = "";
    const onChange = () => {
      const now = peopleIn(live);
      const key = now.map((p) => `${p.clientId}:${p.name}:${p.readOnly}`).join("|");
      if (key === last) return;
      last = key;
      setPeople(now);
    };
    onChange();
    awareness.on("change", onChange);
    return () => awareness.off("change", onChange);
  }, [live]);
  return live ? people : [];
}

/** How long a save waits at most for the live document's changes to be stored first. */
const STORED_WAIT_MS = 5_000;

/**
 * Resolves once everything typed into the live document has been acknowledged by the server
 * (stored: lib/collab/server.ts answers only after storing), so a Save that follows at once writes
 * it into the story (saveStory flushes the stored document first) and "Saved at" is true of it.
 * At once when the connection is not up (offline, the changes merge later), and after
 * STORED_WAIT_MS at most, or when the connection closes meanwhile: a save is never held up for long.
 */
export function whenLiveStored(live: LiveStory): Promise<void> {
  const { provider } = live;
  if (!provider.hasUnsyncedChanges || provider.configuration.websocketProvider.status !== "connected") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      provider.off("unsyncedChanges", onChange);
      provider.off("disconnect", done);
      resolve();
    };
    const onChange = () => {
      if (!provider.hasUnsyncedChanges) done();
    };
    const timer = setTimeout(done, STORED_WAIT_MS);
    provider.on("unsyncedChanges", onChange);
    provider.on("disconnect", done);
  });
}

/** Puts a text field's new value into its Y.Text as the smallest change (common start and end kept). */
export function setLiveText(live: LiveStory, field: LiveTextField, value: string): void {
  // A watcher's fields are disabled; nothing of hers goes into the document (the server would refuse it).
  if (live.readOnly) return;
  const text = live.doc.getText(field);
  const current = text.toString();
  if (current === value) return;
  let start = 0;
  while (start < current.length && start < value.length && current[start] === value[start]) start += 1;
  let end = 0;
  while (end < current.length - start && end < value.length - start && current[current.length - 1 - end] === value[value.length - 1 - end]) end += 1;
  live.doc.transact(() => {
    text.delete(start, current.length - start - end);
    text.insert(start, value.slice(start, value.length - end));
  });
}

/** A form control that shows a live text field. */
type TextControl = HTMLInputElement | HTMLTextAreaElement;

/**
 * Shows someone else's change in a control at once, with the caret and selection of the person
 * typing in it kept beside the same characters (lib/collab/text-delta.ts). The control's value is
 * set here, not left to React's next render: React leaves a controlled value that already matches
 * alone, so the caret is not thrown to the end.
 */
function showRemoteChange(control: TextControl | undefined, value: string, delta: readonly TextDeltaStep[]): void {
  if (!control || control.value === value) return;
  const focused = control.ownerDocument.activeElement === control;
  const { selectionStart: start, selectionEnd: end, selectionDirection: direction } = control;
  control.value = value;
  if (focused && start !== null && end !== null) control.setSelectionRange(mapIndexThroughDelta(start, delta), mapIndexThroughDelta(end, delta), direction ?? undefined);
}

export interface LiveTextFields {
  /** The ref for the control that shows `field` (the same function for the field at every render). */
  control: (field: LiveTextField) => (element: TextControl | null) => void;
  /** A person's own edit of `field`: into the live document, when there is one. */
  edit: (field: LiveTextField, value: string) => void;
}

/**
 * Binds every text field of the form to its Y.Text in the live document, one binding for all of
 * them: anyone's change reaches `onChange` (and someone else's shows in its control at once, the
 * typist's caret kept), and `edit` puts one's own typing in. Once the document has synced, a field
 * typed into before it arrived (before the page's script ran, or while the server had not
 * answered: it differs from `saved`, what the page was loaded with) goes into it as a change to
 * the document's text; every other field takes the document's text.
 */
export function useLiveTextFields(
  live: LiveStory | null,
  options: { synced: boolean; saved: Record<LiveTextField, string>; typed: () => Record<LiveTextField, string>; onChange: (field: LiveTextField, value: string) => void },
): LiveTextFields {
  const controls = useRef(new Map<LiveTextField, TextControl>());
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });
  // One ref function per field for the page's life: React then never detaches and reattaches a control.
  const [refs] = useState(
    () =>
      new Map(
        TEXT_FIELDS.map((field) => [
          field,
          (element: TextControl | null) => {
            if (element) controls.current.set(field, element);
            else controls.current.delete(field);
          },
        ]),
      ),
  );
  useEffect(() => {
    if (!live) return;
    const stops = TEXT_FIELDS.map((field) => {
      const text = live.doc.getText(field);
      const observer = (event: Y.YTextEvent) => {
        // The document arriving: the effect below decides, field by field, between it and what
        // was typed meanwhile (which this would overwrite).
        if (!latest.current.synced) return;
        const value = text.toString();
        if (!event.transaction.local) showRemoteChange(controls.current.get(field), value, event.delta as TextDeltaStep[]);
        latest.current.onChange(field, value);
      };
      text.observe(observer);
      return () => text.unobserve(observer);
    });
    return () => stops.forEach((stop) => stop());
  }, [live]);
  const { synced } = options;
  useEffect(() => {
    if (!live || !synced) return;
    const { saved, typed, onChange } = latest.current;
    const now = typed();
    for (const field of TEXT_FIELDS) {
      if (now[field] !== saved[field]) setLiveText(live, field, now[field]);
      else onChange(field, live.doc.getText(field).toString());
    }
  }, [live, synced]);
  return {
    control: (field) => refs.get(field)!,
    // Before the document has arrived its texts are empty: a change put in then would be an
    // insertion into nothing, and the server's text and the typed one would both be kept, one after
    // the other. The form holds it meanwhile, and the effect above puts it in once synced.
    edit: (field, value) => {
      if (live && latest.current.synced) setLiveText(live, field, value);
    },
  };
}
