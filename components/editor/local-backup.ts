"use client";

// Unsaved changes kept in the browser (localStorage), so a crash, a closed tab or a lost
// connection loses nothing: written on every change, removed once the server has the change, and
// offered back when the story is opened again ("Restore unsaved changes from 10:42?"). Each
// person's backups are their own (the key names them), so on a shared browser nobody is offered
// what someone else typed.

import type { JSONContent } from "@tiptap/core";
import { useEffect, useRef, useState } from "react";

import type { EditorFields } from "@/components/editor/story-document";

const PREFIX = "newsdesk:unsaved:";

export interface Backup {
  storyId: string;
  /** Whether the story existed on the server when the backup was written. */
  created: boolean;
  /** The saved version the changes were made on. */
  version: number;
  /** When it was written (ms since the epoch). */
  at: number;
  fields: EditorFields;
  body: JSONContent;
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage switched off: there is nothing to keep it in
  }
}

function keyOf(owner: string, storyId: string): string {
  return `${PREFIX}${owner}:${storyId}`;
}

export function writeBackup(owner: string, backup: Backup): void {
  try {
    storage()?.setItem(keyOf(owner, backup.storyId), JSON.stringify(backup));
  } catch {
    // Full or refused: the server save still runs; there is no better place to put it.
  }
}

export function clearBackup(owner: string, storyId: string): void {
  storage()?.removeItem(keyOf(owner, storyId));
}

function parse(text: string | null): Backup | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Backup;
    return typeof value.storyId === "string" && typeof value.at === "number" && value.fields && value.body ? value : null;
  } catch {
    return null;
  }
}

export function readBackup(owner: string, storyId: string): Backup | null {
  return parse(storage()?.getItem(keyOf(owner, storyId)) ?? null);
}

/** The newest backup of a story never created (typed into "New story" and not saved). */
export function newestNewStoryBackup(owner: string, exceptId: string): Backup | null {
  const store = storage();
  if (!store) return null;
  let newest: Backup | null = null;
  for (let index = 0; index < store.length; index += 1) {
    const key = store.key(index);
    if (!key?.startsWith(keyOf(owner, ""))) continue;
    const backup = parse(store.getItem(key));
    if (backup && !backup.created && backup.storyId !== exceptId && (!newest || backup.at > newest.at)) newest = backup;
  }
  return newest;
}

function sameContent(backup: Backup, fields: EditorFields, body: JSONContent): boolean {
  return JSON.stringify(backup.fields) === JSON.stringify(fields) && JSON.stringify(backup.body) === JSON.stringify(body);
}

/**
 * Keeps the document's unsaved changes in the browser and finds a backup to offer when the editor
 * opens: for a saved story, one written after its last save; for a new story, the newest one of a
 * story that was never created.
 */
export function useLocalBackup(document: {
  /** The signed-in person's id: whose backups these are. */
  owner: string;
  id: string;
  created: boolean;
  version: number;
  fields: EditorFields;
  body: JSONContent;
  unsaved: boolean;
  /** When the story was last saved (ISO), or null for a new story. */
  savedAt: string | null;
  enabled: boolean;
}): { offer: Backup | null; dismiss: () => void; discard: () => void } {
  const [offer, setOffer] = useState<Backup | null>(null);
  const wasUnsaved = useRef(false);
  const { owner, id, created, version, fields, body, unsaved, savedAt, enabled } = document;

  // Once, on opening: what was left behind.
  useEffect(() => {
    if (!enabled) return;
    const found = savedAt === null ? newestNewStoryBackup(owner, id) : readBackup(owner, id);
    if (!found) return;
    const newer = savedAt === null || found.at > Date.parse(savedAt);
    if (!newer || sameContent(found, fields, body)) {
      clearBackup(owner, found.storyId);
      return;
    }
    // Read from the browser's storage after mounting: nothing to compare with in the server render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setOffer(found);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled]);

  // On every change while unsaved; none left once the server has everything. (A backup found on
  // opening stays until it is restored or discarded.)
  useEffect(() => {
    if (!enabled || !id) return;
    if (unsaved) writeBackup(owner, { storyId: id, created, version, at: Date.now(), fields, body });
    else if (wasUnsaved.current) clearBackup(owner, id);
    wasUnsaved.current = unsaved;
  }, [enabled, owner, id, created, version, fields, body, unsaved]);

  return {
    offer,
    dismiss: () => setOffer(null),
    discard: () => {
      if (offer) clearBackup(owner, offer.storyId);
      setOffer(null);
    },
  };
}
