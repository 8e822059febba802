// Telling everyone with a story open that its notes changed (docs/desk.md, "Notes"): a note's
// thread lives in the database, not in the live document, so a reply, a resolve or a reopen made
// by one person would otherwise reach the others only when they reload. The mutation NOTIFYs
// NOTES_CHANNEL with the story's id inside its own transaction (PostgreSQL delivers it at commit,
// never for a rollback); every co-editing server with that story open (lib/collab/server.ts) sends
// its connections a stateless NOTES_CHANGED, and each editor reads the notes again through the
// same checked action as on load. Only the story's id travels: no note's text enters the live
// document, and no reader is ever connected to it.

import "server-only";

import type { Tx } from "@/lib/db";

export const NOTES_CHANNEL = "newsdesk_collab_notes";

/** Inside a note mutation's transaction: everyone with the story open reads its notes again once it commits. */
export async function announceNotesChange(tx: Tx, storyId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${NOTES_CHANNEL}, ${storyId})`;
}
