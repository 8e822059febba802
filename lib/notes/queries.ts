// Editorial notes as the desk reads them: a story's threads (for the editor's rail), the people a
// note may mention, and the open notes that mention the signed-in person (the desk home).

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { canViewInDesk } from "@/lib/stories/access";
import { OWN_STORIES_ONLY, STORY_NOT_FOUND, UNTITLED_STORY } from "@/lib/stories/sentences";
import { isUuid } from "@/lib/validation/uuid";

export interface NoteMessage {
  id: string;
  authorName: string;
  text: string;
  createdAt: string;
}

export interface StoryNoteThread {
  id: string;
  quote: string;
  authorName: string;
  createdAt: string;
  resolved: boolean;
  resolvedByName: string | null;
  /** The note's text first, then its replies, oldest first. */
  messages: NoteMessage[];
}

export interface MentionablePerson {
  id: string;
  name: string;
}

/** The desk's roles: people who can be mentioned (those who may also open the story). */
export const DESK_ROLES = ["ADMIN", "EDITOR", "REPORTER"] as const;

const SOMEONE = "Someone";

/** The story's ownership as lib/stories/access.ts reads it, or NOT_FOUND (callers check with it). */
export async function storyOwnership(tx: Tx, storyId: string) {
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: { id: true, status: true, createdById: true, bylines: { select: { bylineId: true } } },
  });
  if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  return { id: story.id, status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) };
}

/** Every note on a story, with its messages: for anyone who may open the story in the desk. */
export async function listStoryNotes(actor: Actor | null, storyId: string): Promise<StoryNoteThread[]> {
  const viewer = assertCan(actor, "desk.open");
  const story = await storyOwnership(db, storyId);
  if (!canViewInDesk(viewer, story)) throw new AppError("FORBIDDEN", OWN_STORIES_ONLY);
  const notes = await db.storyNote.findMany({
    where: { storyId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      quote: true,
      createdAt: true,
      resolvedAt: true,
      author: { select: { displayName: true } },
      messages: { orderBy: { createdAt: "asc" }, select: { id: true, text: true, createdAt: true, author: { select: { displayName: true } } } },
    },
  });
  const resolvers = await resolverNames(notes.flatMap((note) => (note.resolvedAt ? [note.id] : [])));
  return notes.map((note) => ({
    id: note.id,
    quote: note.quote,
    authorName: note.author?.displayName ?? SOMEONE,
    createdAt: note.createdAt.toISOString(),
    resolved: note.resolvedAt !== null,
    resolvedByName: note.resolvedAt ? (resolvers.get(note.id) ?? SOMEONE) : null,
    messages: note.messages.map((message) => ({
      id: message.id,
      authorName: message.author?.displayName ?? SOMEONE,
      text: message.text,
      createdAt: message.createdAt.toISOString(),
    })),
  }));
}

async function resolverNames(noteIds: string[]): Promise<Map<string, string>> {
  if (noteIds.length === 0) return new Map();
  const rows = await db.storyNote.findMany({ where: { id: { in: noteIds } }, select: { id: true, resolvedById: true } });
  const people = await db.user.findMany({
    where: { id: { in: rows.flatMap((row) => (row.resolvedById ? [row.resolvedById] : [])) } },
    select: { id: true, displayName: true },
  });
  const names = new Map(people.map((person) => [person.id, person.displayName]));
  return new Map(rows.map((row) => [row.id, (row.resolvedById && names.get(row.resolvedById)) || SOMEONE]));
}

/** The desk people a note can name with @, by display name (for the panel's Mention list). */
export async function listMentionablePeople(actor: Actor | null): Promise<MentionablePerson[]> {
  assertCan(actor, "desk.open");
  const people = await db.user.findMany({
    where: { role: { in: [...DESK_ROLES] }, status: "ACTIVE" },
    orderBy: { displayName: "asc" },
    take: 500,
    select: { id: true, displayName: true },
  });
  return people.map((person) => ({ id: person.id, name: person.displayName }));
}

export interface MyMention {
  noteId: string;
  storyId: string;
  headline: string;
  byName: string;
  text: string;
  at: string;
}

/** Open notes that name the signed-in person, newest first: the desk home's "Mentions". */
export async function listMyMentions(actor: Actor | null, limit = 10): Promise<{ total: number; items: MyMention[] }> {
  const person = assertCan(actor, "desk.open");
  const where = { userId: person.id, note: { resolvedAt: null } };
  const [total, rows] = await Promise.all([
    db.storyNoteMention.count({ where }),
    db.storyNoteMention.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: limit,
      select: {
        noteId: true,
        createdAt: true,
        note: { select: { storyId: true, story: { select: { headline: true } } } },
        message: { select: { text: true, author: { select: { displayName: true } } } },
      },
    }),
  ]);
  return {
    total,
    items: rows.map((row) => ({
      noteId: row.noteId,
      storyId: row.note.storyId,
      headline: row.note.story.headline.trim() || UNTITLED_STORY,
      byName: row.message.author?.displayName ?? SOMEONE,
      text: row.message.text,
      at: row.createdAt.toISOString(),
    })),
  };
}
