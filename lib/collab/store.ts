// Where a story's live document lives (docs/desk.md, "Co-editing"): a compacted state in
// "CollabDocument" and every update since in "CollabUpdate", stored before the server applies it
// or tells anyone about it (lib/collab/server.ts), so nothing a person's editor was told is saved
// is lost when a server stops. A NOTIFY on newsdesk_collab names each stored update, so every
// instance and worker with the story open applies it (the relay).
//
// flushLiveStory turns the stored document into the story as the rest of Newsdesk knows it: every
// text field (headline, standfirst, dateline, dateline place, credit, the search and social
// fields), the body and bodyText, checked by the allow-list and the save path's field rules, a new version, a revision at
// least every few minutes of editing and at every workflow step (naming who edited since the
// last), search (the StorySearch trigger) and the reader cache (invalidateStoryChange), and it
// compacts the updates into the state. It runs in a transaction that locks the document's row,
// so any instance may run it at any time.
//
// A document stored under an older schema (CollabDocument.schemaVersion) lacks the text fields
// added since; the first to lock it (loading it, or writing it into the story) sets them from the
// story as stored and records the new version, so they are filled once and never written empty.

import "server-only";

import type pg from "pg";
import * as Y from "yjs";

import { recordAudit } from "@/lib/audit";
import { invalidateStoryChange, loadStoryPlacement } from "@/lib/cache/invalidate";
import { COLLAB_SCHEMA_VERSION, type LiveTextField, TEXT_FIELDS } from "@/lib/collab/protocol";
import { docFromStory, fillAddedTextFields, type LiveContent, liveContentOf, liveFieldsOf, replaceLiveContent } from "@/lib/collab/ydoc";
import { db, getPool, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { documentToPlainText } from "@/lib/stories/document";
import { AUTOSAVE_REVISION_INTERVAL_MS, writeRevision } from "@/lib/stories/persistence";
import { enqueueStoryEvent } from "@/lib/webhooks/events";
import { isPublicStatus } from "@/lib/stories/workflow";

export const COLLAB_CHANNEL = "newsdesk_collab";

/** The story's columns the live document holds as text (protocol.ts TEXT_FIELDS, every one). */
const LIVE_FIELDS_SELECT = {
  headline: true,
  standfirst: true,
  dateline: true,
  datelinePlace: true,
  credit: true,
  seoTitle: true,
  seoDescription: true,
  socialHeadline: true,
} as const satisfies Record<LiveTextField, true> & Prisma.StorySelect;

/**
 * Locks a story's stored document (its row, FOR UPDATE, in `tx`) and gives its state. One stored
 * under an older schema is brought up to this one first: the text fields added since are set from
 * the story as stored, once (the lock and the recorded version see to that).
 */
async function lockLiveDocument(tx: Tx, storyId: string): Promise<{ state: Uint8Array; editorIds: string[] } | null> {
  const locked = await tx.$queryRaw<Array<{ state: Uint8Array; editorIds: string[]; schemaVersion: number }>>`
    SELECT "state", "editorIds"::text[] AS "editorIds", "schemaVersion" FROM "CollabDocument" WHERE "storyId" = ${storyId}::uuid FOR UPDATE`;
  const held = locked[0];
  if (!held || held.schemaVersion >= COLLAB_SCHEMA_VERSION) return held ?? null;
  const story = await tx.story.findUnique({ where: { id: storyId }, select: LIVE_FIELDS_SELECT });
  const updates = await tx.$queryRaw<Array<{ update: Uint8Array }>>`
    SELECT "update" FROM "CollabUpdate" WHERE "storyId" = ${storyId}::uuid ORDER BY "id"`;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, held.state);
  for (const row of updates) Y.applyUpdate(doc, row.update);
  const before = Y.encodeStateVector(doc);
  const state = story && fillAddedTextFields(doc, held.schemaVersion, story) ? Y.mergeUpdates([held.state, Y.encodeStateAsUpdate(doc, before)]) : held.state;
  await tx.$executeRaw`
    UPDATE "CollabDocument" SET "state" = ${Buffer.from(state)}, "schemaVersion" = ${COLLAB_SCHEMA_VERSION}, "updatedAt" = now() WHERE "storyId" = ${storyId}::uuid`;
  return { state, editorIds: held.editorIds };
}

/**
 * The story's live document as stored: the compacted state with every update stored since, as one
 * Yjs update. A story opened live for the first time gets its document made from the story as
 * saved; of two instances doing that at once, the first one's is kept and both use it.
 * Null when the story does not exist.
 */
export async function loadLiveState(storyId: string): Promise<Uint8Array | null> {
  const pool = getPool();
  const read = async () =>
    (await pool.query<{ state: Buffer; schemaVersion: number }>(`SELECT "state", "schemaVersion" FROM "CollabDocument" WHERE "storyId" = $1`, [storyId])).rows[0];
  let row = await read();
  if (!row) {
    const story = await db.story.findUnique({ where: { id: storyId }, select: { ...LIVE_FIELDS_SELECT, body: true } });
    if (!story) return null;
    const state = Y.encodeStateAsUpdate(docFromStory(story));
    await pool.query(
      `INSERT INTO "CollabDocument" ("storyId", "state", "schemaVersion") VALUES ($1, $2, $3) ON CONFLICT ("storyId") DO NOTHING`,
      [storyId, Buffer.from(state), COLLAB_SCHEMA_VERSION],
    );
    row = await read();
    if (!row) return null;
  }
  if (row.schemaVersion < COLLAB_SCHEMA_VERSION) {
    await db.$transaction((tx) => lockLiveDocument(tx, storyId));
    row = await read();
    if (!row) return null;
  }
  const updates = await pool.query<{ update: Buffer }>(`SELECT "update" FROM "CollabUpdate" WHERE "storyId" = $1 ORDER BY "id"`, [storyId]);
  return Y.mergeUpdates([new Uint8Array(row.state), ...updates.rows.map((u) => new Uint8Array(u.update))]);
}

/** One update to store: from a person's editor (userId), or from a save elsewhere. */
export interface LiveUpdate {
  storyId: string;
  update: Uint8Array;
  userId: string | null;
}

/**
 * Updates this small travel inside their NOTIFY (base64), so the other processes apply them without
 * reading the table; a larger one is read by id. PostgreSQL's payload limit is 8000 bytes.
 */
const INLINE_BYTES = 4000;

/**
 * Stores updates (any number, in one statement, which also NOTIFYs every instance of each:
 * "<story id> <update id> <origin> [<update in base64>]"). `origin` names the process that stored
 * them, which applies them itself and skips its own NOTIFYs.
 */
export async function appendLiveUpdates(updates: readonly LiveUpdate[], origin: string, client: Pick<pg.Pool, "query"> = getPool()): Promise<void> {
  if (updates.length === 0) return;
  await client.query(
    `WITH stored AS (
       INSERT INTO "CollabUpdate" ("storyId", "update", "userId")
       SELECT * FROM unnest($1::uuid[], $2::bytea[], $3::uuid[])
       RETURNING "id", "storyId", "update")
     SELECT pg_notify('${COLLAB_CHANNEL}', "storyId"::text || ' ' || "id"::text || ' ' || $4::text ||
       CASE WHEN length("update") <= ${INLINE_BYTES} THEN ' ' || translate(encode("update", 'base64'), E'\n', '') ELSE '' END)
     FROM stored`,
    [updates.map((u) => u.storyId), updates.map((u) => Buffer.from(u.update)), updates.map((u) => u.userId), origin],
  );
}

/** Reads a NOTIFY's payload: the story, the update's id, who stored it, and the update if it came along. */
export function parseLiveNotice(payload: string): { storyId: string; id: string; origin: string; update: Uint8Array | null } | null {
  const [storyId, id, origin, inline] = payload.split(" ");
  if (!storyId || !id || !origin) return null;
  return { storyId, id, origin, update: inline ? new Uint8Array(Buffer.from(inline, "base64")) : null };
}

/** Stored updates by id (those a NOTIFY named), with their story. */
export async function readLiveUpdates(ids: readonly string[]): Promise<Array<{ id: string; storyId: string; update: Uint8Array }>> {
  if (ids.length === 0) return [];
  const result = await getPool().query<{ id: string; storyId: string; update: Buffer }>(
    `SELECT "id"::text AS "id", "storyId"::text AS "storyId", "update" FROM "CollabUpdate" WHERE "id" = ANY($1::bigint[]) ORDER BY "id"`,
    [ids],
  );
  return result.rows.map((row) => ({ id: row.id, storyId: row.storyId, update: new Uint8Array(row.update) }));
}

export interface FlushResult {
  /** Whether the story's fields changed. */
  changed: boolean;
  /** Whether a revision was written. */
  revision: boolean;
}

/**
 * Writes the live document into the story (see the top of this file). `step` is a workflow step
 * (or the API's save) about to happen: a revision is then written for whatever changed, and the
 * people who edited since the last one are named, however recent it is.
 */
export async function flushLiveStory(storyId: string, options: { step?: boolean } = {}): Promise<FlushResult> {
  if (!(await isLiveStory(storyId))) return { changed: false, revision: false };
  const placement = await loadStoryPlacement(storyId);
  const result = await db.$transaction(async (tx) => {
    const held = await lockLiveDocument(tx, storyId);
    if (!held) return { changed: false, revision: false };
    const rows = await tx.$queryRaw<Array<{ id: bigint; update: Uint8Array; userId: string | null }>>`
      SELECT "id", "update", "userId"::text AS "userId" FROM "CollabUpdate" WHERE "storyId" = ${storyId}::uuid ORDER BY "id"`;
    const editors = new Set(held.editorIds);
    for (const row of rows) if (row.userId) editors.add(row.userId);
    if (rows.length === 0 && !(options.step && editors.size > 0)) return { changed: false, revision: false };
    const doc = new Y.Doc();
    Y.applyUpdate(doc, held.state);
    for (const row of rows) Y.applyUpdate(doc, row.update);
    const content = liveContentOf(doc);
    const bodyText = documentToPlainText(content.body);
    const current = await tx.story.findUniqueOrThrow({
      where: { id: storyId },
      select: { ...LIVE_FIELDS_SELECT, bodyText: true, body: true, status: true },
    });
    const changed = TEXT_FIELDS.some((field) => current[field] !== content[field]) || JSON.stringify(current.body) !== JSON.stringify(content.body);
    const lastEditor = [...rows].reverse().find((row) => row.userId)?.userId ?? null;
    let revision = false;
    if (changed) {
      const story = await tx.story.update({
        where: { id: storyId },
        data: {
          ...liveFieldsOf(content),
          body: content.body as unknown as Prisma.InputJsonValue,
          bodyText,
          version: { increment: 1 },
          ...(lastEditor ? { updatedById: lastEditor } : {}),
        },
        select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, sectionId: true, body: true, bodyText: true, bylines: { orderBy: { position: "asc" }, select: { byline: { select: { id: true, name: true, kind: true } } } } },
      });
      const last = await tx.storyRevision.findFirst({ where: { storyId }, orderBy: { createdAt: "desc" }, select: { createdAt: true } });
      const due = options.step || !last || Date.now() - last.createdAt.getTime() >= AUTOSAVE_REVISION_INTERVAL_MS;
      if (due) {
        await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, story.bylines.map((b) => b.byline), options.step ? "SAVE" : "AUTOSAVE", lastEditor, [...editors]);
        revision = true;
      }
      await recordAudit(tx, { actorId: lastEditor, action: "story.save", entityType: "story", entityId: storyId, data: { version: story.version, live: true, editors: [...editors] } });
      if (isPublicStatus(story.status)) await enqueueStoryEvent(tx, "story.updated", storyId);
    }
    await tx.$executeRaw`
      UPDATE "CollabDocument" SET "state" = ${Buffer.from(Y.encodeStateAsUpdate(doc))}, "lastUpdateId" = GREATEST("lastUpdateId", ${rows.at(-1)?.id ?? 0n}),
        "editorIds" = ${revision || options.step ? [] : [...editors]}::uuid[], "updatedAt" = now()
      WHERE "storyId" = ${storyId}::uuid`;
    if (rows.length > 0) await tx.$executeRaw`DELETE FROM "CollabUpdate" WHERE "id" = ANY(${rows.map((row) => row.id)}::bigint[])`;
    return { changed, revision };
  });
  // Committed: readers' cached pages of a public story refresh on every instance (docs/caching.md).
  if (result.changed) await invalidateStoryChange(placement, storyId);
  return result;
}

/** Whether a story is edited live (it has a live document). */
export async function isLiveStory(storyId: string): Promise<boolean> {
  const result = await getPool().query(`SELECT 1 FROM "CollabDocument" WHERE "storyId" = $1`, [storyId]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * A save that did not come through the live document (the Admin API's optimistic save) goes into
 * it as one more update, so everyone editing the story live sees it and the next flush keeps it.
 * Nothing happens for a story nobody has edited live.
 */
export async function pushIntoLiveStory(storyId: string, story: LiveContent, userId: string | null): Promise<void> {
  if (!(await isLiveStory(storyId))) return;
  const state = await loadLiveState(storyId);
  if (!state) return;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  replaceLiveContent(doc, story);
  const update = Y.encodeStateAsUpdate(doc, before);
  if (update.byteLength > 2) await appendLiveUpdates([{ storyId, update, userId }], "save");
}
