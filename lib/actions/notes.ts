"use server";

// Editorial notes from the story editor's rail (components/editor/notes-panel.tsx). Public
// endpoints: each lib function checks who is asking and validates what it is given. Each answers
// with the story's notes as they are now, so the panel shows what others did too.

import { runAction, type ActionResult } from "@/lib/actions/safe-action";
import { addNote, replyToNote, setNoteResolved } from "@/lib/notes/mutations";
import { listMentionablePeople, listStoryNotes, type MentionablePerson, type StoryNoteThread } from "@/lib/notes/queries";

export interface NotesSnapshot {
  notes: StoryNoteThread[];
  people: MentionablePerson[];
  /** The signed-in person, as Suggesting mode names them on their suggestions. */
  me: { id: string; name: string };
}

export async function loadStoryNotesAction(storyId: string): Promise<ActionResult<NotesSnapshot>> {
  return runAction(async (actor) => {
    const notes = await listStoryNotes(actor, storyId);
    const people = await listMentionablePeople(actor);
    return { notes, people, me: { id: actor?.id ?? "", name: actor?.displayName ?? "" } };
  });
}

export async function addNoteAction(input: { storyId: string; noteId: string; quote: string; text: string }): Promise<ActionResult<StoryNoteThread[]>> {
  return runAction(async (actor) => {
    const change = await addNote(actor, input);
    return listStoryNotes(actor, change.storyId);
  });
}

export async function replyToNoteAction(input: { noteId: string; text: string }): Promise<ActionResult<StoryNoteThread[]>> {
  return runAction(async (actor) => {
    const change = await replyToNote(actor, input);
    return listStoryNotes(actor, change.storyId);
  });
}

export async function setNoteResolvedAction(input: { noteId: string; resolved: boolean }): Promise<ActionResult<StoryNoteThread[]>> {
  return runAction(async (actor) => {
    const change = await setNoteResolved(actor, input);
    return listStoryNotes(actor, change.storyId);
  });
}
