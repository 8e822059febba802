// Editorial notes: adding one to a span of a story's body, answering it, resolving and reopening
// it. Only people who may edit the story's content (lib/stories/access.ts) may do any of these;
// anyone who may open the story in the desk reads them (lib/notes/queries.ts). A note's anchor is a
// `note` mark holding its id, put in the body by the editor (components/editor/notes-panel.tsx), so
// the id is the editor's: it is given here and must be new. "@Display Name" in a note or a reply
// mentions a desk person, who then sees it under Mentions on the desk home and gets an email
// (lib/email/mention-notification.ts, queued in the same transaction); a person who cannot
// open the story cannot be mentioned. Notes never reach readers: the allow-list drops the mark.
// Every change is announced to everyone with the story open (lib/collab/notices.ts).

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { announceNotesChange } from "@/lib/collab/notices";
import { db, type Tx } from "@/lib/db";
import { queueMentionNotifications } from "@/lib/email/mention-notification";
import { wakeEmailSender } from "@/lib/email/sender";
import { AppError } from "@/lib/errors";
import { DESK_ROLES, storyOwnership } from "@/lib/notes/queries";
import { addNoteSchema, replySchema, resolveSchema } from "@/lib/notes/schemas";
import { cannotMention, NOTE_ID_TAKEN, NOTE_NOT_FOUND, NOTES_EDITORS_ONLY } from "@/lib/notes/sentences";
import { canEditContent, canViewInDesk, type StoryViewer } from "@/lib/stories/access";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

export interface NoteChange {
  noteId: string;
  storyId: string;
  mentioned: string[];
}

async function assertMayEdit(tx: Tx, viewer: StoryViewer, storyId: string) {
  const story = await storyOwnership(tx, storyId);
  if (!canEditContent(viewer, story)) throw new AppError("FORBIDDEN", NOTES_EDITORS_ONLY);
  return story;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The desk people a text names as "@Display Name" (the longest name wins where names share a start). */
export function mentionedIn<P extends { displayName: string }>(text: string, people: readonly P[]): P[] {
  if (!text.includes("@")) return [];
  const found: P[] = [];
  let rest = text;
  for (const person of [...people].sort((a, b) => b.displayName.length - a.displayName.length)) {
    const name = person.displayName.trim();
    if (name === "") continue;
    const pattern = new RegExp(`@${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, "giu");
    if (pattern.test(rest)) {
      found.push(person);
      rest = rest.replace(pattern, " ");
    }
  }
  return found;
}

/** Records the mentions of a message, refusing a person who cannot open the story. */
async function recordMentions(tx: Tx, story: Awaited<ReturnType<typeof storyOwnership>>, noteId: string, messageId: string, text: string): Promise<string[]> {
  if (!text.includes("@")) return [];
  const people = await tx.user.findMany({
    where: { role: { in: [...DESK_ROLES] }, status: "ACTIVE" },
    select: { id: true, displayName: true, role: true, byline: { select: { id: true } } },
  });
  const named = mentionedIn(text, people);
  for (const person of named) {
    if (!canViewInDesk({ id: person.id, role: person.role, bylineId: person.byline?.id ?? null }, story)) {
      throw new AppError("INVALID_INPUT", cannotMention(person.displayName), { fieldErrors: { text: [cannotMention(person.displayName)] } });
    }
  }
  if (named.length > 0) {
    await tx.storyNoteMention.createMany({ data: named.map((person) => ({ noteId, messageId, userId: person.id })), skipDuplicates: true });
  }
  return named.map((person) => person.id);
}

/** A new note on a span of the story's body: its id (put in the body's mark by the editor), the text it is on, what it says. */
export async function addNote(actor: Actor | null, input: unknown): Promise<NoteChange> {
  const editor = assertCan(actor, "desk.open");
  const { storyId, noteId, quote, text } = parseInput(addNoteSchema, input);
  const change = await db.$transaction(async (tx) => {
    const story = await assertMayEdit(tx, editor, storyId);
    const taken = await tx.storyNote.findUnique({ where: { id: noteId }, select: { id: true } });
    if (taken) throw new AppError("CONFLICT", NOTE_ID_TAKEN);
    await tx.storyNote.create({ data: { id: noteId, storyId, authorId: editor.id, quote }, select: { id: true } });
    const message = await tx.storyNoteMessage.create({ data: { noteId, authorId: editor.id, text }, select: { id: true } });
    const mentioned = await recordMentions(tx, story, noteId, message.id, text);
    const mailed = await queueMentionNotifications(tx, { storyId, noteId, authorId: editor.id, text, mentionedIds: mentioned });
    await recordAudit(tx, { actorId: editor.id, action: "story.note.add", entityType: "story", entityId: storyId, data: { noteId, mentioned } });
    await announceNotesChange(tx, storyId);
    return { change: { noteId, storyId, mentioned }, mailed };
  });
  if (change.mailed > 0) wakeEmailSender();
  return change.change;
}

async function noteStory(tx: Tx, noteId: string): Promise<string> {
  if (!isUuid(noteId)) throw new AppError("NOT_FOUND", NOTE_NOT_FOUND);
  const note = await tx.storyNote.findUnique({ where: { id: noteId }, select: { storyId: true } });
  if (!note) throw new AppError("NOT_FOUND", NOTE_NOT_FOUND);
  return note.storyId;
}

/** A reply in a note's thread. */
export async function replyToNote(actor: Actor | null, input: unknown): Promise<NoteChange> {
  const editor = assertCan(actor, "desk.open");
  const { noteId, text } = parseInput(replySchema, input);
  const change = await db.$transaction(async (tx) => {
    const storyId = await noteStory(tx, noteId);
    const story = await assertMayEdit(tx, editor, storyId);
    const message = await tx.storyNoteMessage.create({ data: { noteId, authorId: editor.id, text }, select: { id: true } });
    const mentioned = await recordMentions(tx, story, noteId, message.id, text);
    const mailed = await queueMentionNotifications(tx, { storyId, noteId, authorId: editor.id, text, mentionedIds: mentioned });
    await recordAudit(tx, { actorId: editor.id, action: "story.note.reply", entityType: "story", entityId: storyId, data: { noteId, messageId: message.id, mentioned } });
    await announceNotesChange(tx, storyId);
    return { change: { noteId, storyId, mentioned }, mailed };
  });
  if (change.mailed > 0) wakeEmailSender();
  return change.change;
}

/** Resolves a note (it folds away in the rail, its mentions leave people's desk) or reopens it. */
export async function setNoteResolved(actor: Actor | null, input: unknown): Promise<NoteChange> {
  const editor = assertCan(actor, "desk.open");
  const { noteId, resolved } = parseInput(resolveSchema, input);
  return db.$transaction(async (tx) => {
    const storyId = await noteStory(tx, noteId);
    await assertMayEdit(tx, editor, storyId);
    await tx.storyNote.update({
      where: { id: noteId },
      data: resolved ? { resolvedAt: new Date(), resolvedById: editor.id } : { resolvedAt: null, resolvedById: null },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: editor.id, action: resolved ? "story.note.resolve" : "story.note.reopen", entityType: "story", entityId: storyId, data: { noteId } });
    await announceNotesChange(tx, storyId);
    return { noteId, storyId, mentioned: [] };
  });
}
