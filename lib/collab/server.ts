// The co-editing server (docs/desk.md, "Co-editing"): Hocuspocus 3 on the app's own port. Each
// app process (every worker of scripts/serve.mjs, every instance) runs one; serve.mjs hands it the
// WebSocket upgrades for COLLAB_PATH (instrumentation.ts registers `collabUpgrade`), and every
// other upgrade to Next.
//
// - Who: every connection is checked when it opens with the person's session cookie, exactly as a
//   request is (lib/auth/actor.ts), and the story's permissions (lib/stories/access.ts): those who
//   may edit its content write, those who may only see it in the desk read, everyone else is
//   refused, as is an editor built for another document schema (protocol.ts). A read-only
//   connection gets the document, its changes and the notes' notices, and nothing it sends is
//   stored or applied. Every open connection is checked again every RECHECK_MS: a person signed
//   out, banned, suspended or moved to a role that may not edit the story is disconnected then.
// - What: every update is checked before it is applied: over MAX_UPDATE_BYTES, making the
//   document fail the allow-list (lib/stories/document.ts, tried on a shadow copy), or making a
//   text field break the save path's rule for it (too long, a line break in a one-line field,
//   a control character: textChangeProblem in lib/collab/ydoc.ts), it is refused
//   and logged and the connection closed, the document unchanged for everyone; a connection
//   sending more than the rate allows is closed (its editor reconnects and merges).
// - Kept: an accepted update is stored (lib/collab/store.ts) before it is applied, so before the
//   editor is told it is synced; the store's NOTIFY brings it to every other process with the
//   story open (the relay). The story's fields are written from the stored document a few seconds
//   after typing stops (flushLiveStory), at most every MAX_DEBOUNCE_MS while it goes on, when the
//   last person leaves, and when the server stops.
// - Who is in the story (awareness) travels between processes on AWARENESS_CHANNEL, unstored; a
//   process that opens a story asks there (AWARENESS_ASK) and those with it open answer with
//   their own connections' states, so a newcomer sees everyone at once, not at the next renewal.
// - Notes: a note's thread is not in the live document; when one changes, its mutation NOTIFYs
//   NOTES_CHANNEL (lib/collab/notices.ts) and every process with the story open sends each of its
//   connections NOTES_CHANGED, after which the editors read the notes again.

import "server-only";

import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

import { Hocuspocus, type Document } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { applyAwarenessUpdate, type Awareness, encodeAwarenessUpdate } from "y-protocols/awareness";
import pg from "pg";
import { WebSocketServer } from "ws";
import * as Y from "yjs";

import { loadSessionActor, mayUse, type Actor } from "@/lib/auth/actor";
import type { HeaderSource } from "@/lib/http/client-address";
import { cookieReader } from "@/lib/http/cookies";
import { isCrossSite } from "@/lib/http/request-guards";
import { sessionClaimsIn } from "@/lib/auth/session-token";
import { NOTES_CHANNEL } from "@/lib/collab/notices";
import { COLLAB_PATH, COLLAB_REFUSALS, COLLAB_SCHEMA_VERSION, documentNameOf, MAX_UPDATE_BYTES, NOTES_CHANGED, schemaOfToken, storyIdOf } from "@/lib/collab/protocol";
import { appendLiveUpdates, COLLAB_CHANNEL, flushLiveStory, loadLiveState, parseLiveNotice, readLiveUpdates, type LiveUpdate } from "@/lib/collab/store";
import { liveContentOf, textChangeProblem, textFieldsOf } from "@/lib/collab/ydoc";
import { db, getPool } from "@/lib/db";
import { env } from "@/lib/env.mjs";
import { canEditContent, canViewInDesk } from "@/lib/stories/access";

/** Who is in a story and where their caret is (awareness) travels between processes here, unstored. */
const AWARENESS_CHANNEL = "newsdesk_collab_awareness";
/** In place of an awareness update: a process that just opened the story asks the others who is in it. */
const AWARENESS_ASK = "?";
/** How often every open connection's session and permission are checked again. */
export const RECHECK_MS = 3_000;
/** The story is written this long after typing stops, and at least this often while it goes on. */
const DEBOUNCE_MS = 2_000;
const MAX_DEBOUNCE_MS = 10_000;
/** Per connection: a burst of this many messages, refilled at RATE_PER_S a second. */
const RATE_BURST = 300;
const RATE_PER_S = 60;
/** The WebSocket's own limit: a frame past it is dropped by ws before it is read at all. */
const FRAME_LIMIT_BYTES = 4 * MAX_UPDATE_BYTES;
/**
 * The Yjs origin of updates relayed from another process. Hocuspocus stores nothing for updates of
 * this origin (they were stored where they came in); the name is the one it checks for.
 */
const RELAY_ORIGIN = "__hocuspocus__redis__origin__";

interface ConnectionContext {
  userId: string;
  sessionId: string;
  storyId: string;
  name: string;
  /** Messages this connection may still send now (the rate limit's bucket). */
  tokens: number;
  refilledAt: number;
}

/** A refusal that closes the connection with a reason the editor reads. */
class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly code = 4403,
  ) {
    super(reason);
  }
}

interface StoryRights {
  edit: boolean;
  view: boolean;
}

async function rightsOn(actor: Actor, storyId: string): Promise<StoryRights> {
  // An admin who owes two-factor enrolment has no desk (lib/auth/actor.ts).
  if (!mayUse(actor, "desk.open")) return { edit: false, view: false };
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: { status: true, createdById: true, bylines: { select: { bylineId: true } } },
  });
  if (!story) return { edit: false, view: false };
  const ownership = { status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) };
  return { edit: canEditContent(actor, ownership), view: canViewInDesk(actor, ownership) };
}

/** The upgrade request's headers as lib/http reads them. */
function headerSource(headers: IncomingHttpHeaders): HeaderSource {
  return {
    get(name: string) {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

/** The Yjs update a Hocuspocus message carries (sync step 2 or update), or null. */
export function updateIn(message: Uint8Array): Uint8Array | null {
  const decoder = decoding.createDecoder(message);
  decoding.readVarString(decoder);
  const type = decoding.readVarUint(decoder);
  // 0: Sync, 4: SyncReply (MessageType in @hocuspocus/server)
  if (type !== 0 && type !== 4) return null;
  const syncType = decoding.readVarUint(decoder);
  // 1: sync step 2, 2: update (y-protocols/sync)
  if (syncType !== 1 && syncType !== 2) return null;
  return decoding.readVarUint8Array(decoder);
}

export interface CollabServer {
  hocuspocus: Hocuspocus;
  /** Takes a WebSocket upgrade for COLLAB_PATH; false for any other path (left to Next). */
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every connection and writes every open story (`flush: false`: writes nothing, as a crash would). */
  close(options?: { flush?: boolean }): Promise<void>;
}

export function createCollabServer(
  options: {
    databaseUrl?: string;
    log?: (message: string) => void;
    /** How long typing must pause before the story row is written; tests stretch it to stand for a crash before any write. */
    debounceMs?: number;
  } = {},
): CollabServer {
  const log = options.log ?? ((message: string) => console.warn(message));
  /** A copy of each open document on which an update is tried before the real one takes it. */
  const shadows = new Map<string, Y.Doc>();
  /** This process, in its NOTIFYs: it applies what it stores itself. */
  const origin = crypto.randomUUID();
  // Updates wait here while the statement storing those before them runs: each statement stores
  // everything that arrived meanwhile (one round trip for many keystrokes, from every story).
  let queue: Array<LiveUpdate & { done: (error?: unknown) => void }> = [];
  let storing = false;
  // The updates are written on a connection of their own, and committed durably before any is
  // acknowledged: a crash of the app or of PostgreSQL loses nothing a client was told is stored.
  // Batching is what keeps that cheap: one commit (one WAL flush) carries every keystroke that
  // arrived while the previous one was being written (BENCHMARKS.md, issue 18: p99 10 ms).
  let writer: pg.Client | null = null;
  const writerClient = async (): Promise<pg.Client | undefined> => {
    const url = options.databaseUrl ?? env.DATABASE_URL;
    if (!url) return undefined;
    if (writer) return writer;
    const client = new pg.Client({ connectionString: url, keepAlive: true, application_name: "newsdesk-collab-writer" });
    client.on("error", () => {
      if (writer === client) writer = null;
    });
    await client.connect();
    // Whatever the server's default (a test cluster runs with it off).
    await client.query("SET synchronous_commit = on");
    writer = client;
    return client;
  };
  const pump = async () => {
    if (storing) return;
    storing = true;
    try {
      while (queue.length > 0) {
        const batch = queue;
        queue = [];
        try {
          const client = await writerClient();
          try {
            await appendLiveUpdates(batch, origin, client);
          } catch (error) {
            // A connection that broke is made again for the next batch.
            if (writer === client) writer = null;
            void client?.end().catch(() => undefined);
            throw error;
          }
          for (const item of batch) item.done();
        } catch (error) {
          for (const item of batch) item.done(error ?? new Error("not stored"));
        }
      }
    } finally {
      storing = false;
    }
  };
  const store = (update: LiveUpdate) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ ...update, done: (error) => (error ? reject(error) : resolve()) });
      void pump();
    });

  // Documents being loaded: Hocuspocus lists a document only once its load hooks have run, and an
  // update another process stored after this one read the story (onLoadDocument) but before then
  // would be dropped by the relay below, leaving this process's editors without it for good.
  // Relayed updates go to these too (Yjs takes them in any order).
  const loading = new Map<string, Document>();
  const openDocument = (name: string): Document | undefined => hocuspocus.documents.get(name) ?? loading.get(name);

  const shadowOf = (document: Document): Y.Doc => {
    let shadow = shadows.get(document.name);
    if (!shadow) {
      shadow = new Y.Doc({ gc: false });
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(document));
      shadows.set(document.name, shadow);
    }
    return shadow;
  };

  const notifyAwareness = (payload: string) => {
    if (payload.length > 7900) return;
    void getPool()
      .query(`SELECT pg_notify('${AWARENESS_CHANNEL}', $1)`, [payload])
      .catch(() => undefined);
  };
  const announceAwareness = (storyId: string, awareness: Awareness, clients: number[]) => {
    if (clients.length === 0) return;
    notifyAwareness(`${storyId} ${origin} ${Buffer.from(encodeAwarenessUpdate(awareness, clients)).toString("base64")}`);
  };

  const hocuspocus = new Hocuspocus({
    name: "newsdesk",
    quiet: true,
    debounce: options.debounceMs ?? DEBOUNCE_MS,
    maxDebounce: Math.max(options.debounceMs ?? DEBOUNCE_MS, MAX_DEBOUNCE_MS),
    async onAuthenticate({ token, documentName, requestHeaders, connectionConfig }) {
      if (schemaOfToken(token) !== COLLAB_SCHEMA_VERSION) throw new Refusal(COLLAB_REFUSALS.schema);
      const storyId = storyIdOf(documentName);
      if (!storyId) throw new Refusal(COLLAB_REFUSALS.forbidden);
      // A page of another site opening a socket with the person's cookies (cross-site WebSocket
      // hijacking): refused like a cross-site post (lib/http/request-guards.ts).
      if (isCrossSite(headerSource(requestHeaders))) throw new Refusal(COLLAB_REFUSALS.forbidden);
      const claims = sessionClaimsIn(cookieReader(requestHeaders.cookie));
      const actor = claims ? await loadSessionActor(claims) : null;
      if (!actor || !claims) throw new Refusal(COLLAB_REFUSALS.signIn);
      const rights = await rightsOn(actor, storyId);
      if (!rights.view) throw new Refusal(COLLAB_REFUSALS.forbidden);
      connectionConfig.readOnly = !rights.edit;
      const context: ConnectionContext = { userId: actor.id, sessionId: claims.sessionId, storyId, name: actor.displayName, tokens: RATE_BURST, refilledAt: Date.now() };
      return context;
    },
    async onLoadDocument({ document, documentName }) {
      const storyId = storyIdOf(documentName);
      loading.set(documentName, document);
      const state = storyId ? await loadLiveState(storyId) : null;
      if (!state) {
        loading.delete(documentName);
        throw new Refusal(COLLAB_REFUSALS.forbidden);
      }
      Y.applyUpdate(document, state, RELAY_ORIGIN);
      return document;
    },
    async beforeHandleMessage({ update: message, context, document, connection }) {
      const who = context as ConnectionContext;
      const now = Date.now();
      who.tokens = Math.min(RATE_BURST, who.tokens + ((now - who.refilledAt) / 1000) * RATE_PER_S);
      who.refilledAt = now;
      who.tokens -= 1;
      if (who.tokens < 0) {
        log(`Co-editing: closed a connection of user ${who.userId} on story ${who.storyId}: too many updates`);
        throw new Refusal(COLLAB_REFUSALS.rateLimited, 4429);
      }
      let update: Uint8Array | null;
      try {
        update = updateIn(message);
      } catch {
        log(`Co-editing: refused a malformed message from user ${who.userId} on story ${who.storyId}`);
        throw new Refusal(COLLAB_REFUSALS.invalid, 4400);
      }
      if (!update) return;
      // Someone who may only see the story: Hocuspocus answers her update "not applied" and leaves
      // the document alone, but only after this hook, so it must not be stored (and so relayed to
      // the other processes, or kept for the next load) here either.
      if (connection.readOnly) {
        if (update.byteLength > 2) log(`Co-editing: refused an update from read-only user ${who.userId} on story ${who.storyId}`);
        return;
      }
      if (update.byteLength > MAX_UPDATE_BYTES) {
        log(`Co-editing: refused an update of ${update.byteLength} bytes from user ${who.userId} on story ${who.storyId}`);
        throw new Refusal(COLLAB_REFUSALS.tooLarge, 4413);
      }
      const shadow = shadowOf(document);
      try {
        const before = textFieldsOf(shadow);
        Y.applyUpdate(shadow, update);
        const problem = textChangeProblem(before, liveContentOf(shadow));
        if (problem) throw new Error(problem);
      } catch (error) {
        // The shadow may hold part of the refused update: made again from the real document.
        const fresh = new Y.Doc({ gc: false });
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(document));
        shadows.set(document.name, fresh);
        shadow.destroy();
        log(`Co-editing: refused an update from user ${who.userId} on story ${who.storyId}: ${error instanceof Error ? error.message : String(error)}`);
        throw new Refusal(COLLAB_REFUSALS.invalid, 4400);
      }
      // An empty update (an editor's sync with nothing new) is not stored.
      if (update.byteLength <= 2) return;
      await store({ storyId: who.storyId, update, userId: who.userId });
    },
    async onStoreDocument({ documentName }) {
      // Closing, Hocuspocus stores each document its connections leave: close() has written them
      // already (or, standing for a crash, writes nothing), so nothing is written twice or late.
      if (closed) return;
      const storyId = storyIdOf(documentName);
      if (storyId) await flushLiveStory(storyId);
    },
    async afterLoadDocument({ document, documentName }) {
      const storyId = storyIdOf(documentName);
      if (!storyId) return;
      // Who is in the story, for the other processes (their connections' awareness comes back the same way).
      document.awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, from: unknown) => {
        if (from === RELAY_ORIGIN) return;
        announceAwareness(storyId, document.awareness, [...added, ...updated, ...removed]);
      });
      // And who is already in it elsewhere: the processes that have it open answer with their
      // connections' awareness at once, instead of at their editors' next renewal (15 s).
      notifyAwareness(`${storyId} ${origin} ${AWARENESS_ASK}`);
      // Hocuspocus lists it next, with no I/O in between: no notification can come meanwhile.
      loading.delete(documentName);
    },
    async afterUnloadDocument({ documentName }) {
      shadows.get(documentName)?.destroy();
      shadows.delete(documentName);
    },
  });

  // The relay: updates other processes stored, named by their NOTIFY, applied to the open document.
  const databaseUrl = options.databaseUrl ?? env.DATABASE_URL;
  let listener: pg.Client | null = null;
  let closed = false;
  let pending: string[] = [];
  const applyRelayed = (storyId: string, update: Uint8Array) => {
    const document = openDocument(documentNameOf(storyId));
    if (!document) return;
    Y.applyUpdate(shadowOf(document), update);
    Y.applyUpdate(document, update, RELAY_ORIGIN);
  };
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      while (pending.length > 0) {
        const ids = pending;
        pending = [];
        for (const row of await readLiveUpdates(ids)) applyRelayed(row.storyId, row.update);
      }
    } catch (error) {
      log(`Co-editing: could not read relayed updates: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      draining = false;
    }
  };
  /**
   * After the LISTEN connection was lost, or on first listening with documents already open: every
   * open document takes what was stored meanwhile.
   */
  const catchUp = async () => {
    // Notes may have changed meanwhile too: every editor reads them again.
    for (const document of hocuspocus.documents.values()) document.broadcastStateless(NOTES_CHANGED);
    for (const document of new Set([...hocuspocus.documents.values(), ...loading.values()])) {
      const storyId = storyIdOf(document.name);
      const state = storyId ? await loadLiveState(storyId) : null;
      if (!state) continue;
      Y.applyUpdate(shadowOf(document), state);
      Y.applyUpdate(document, state, RELAY_ORIGIN);
    }
  };
  let reconnectMs = 250;
  const listen = async (again: boolean) => {
    if (closed || !databaseUrl) return;
    const client = new pg.Client({ connectionString: databaseUrl, keepAlive: true, application_name: "newsdesk-collab-relay" });
    const retry = (error: unknown) => {
      if (closed) return;
      log(`Co-editing: lost LISTEN ${COLLAB_CHANNEL}, reconnecting in ${reconnectMs} ms: ${error instanceof Error ? error.message : String(error)}`);
      listener = null;
      client.removeAllListeners();
      void client.end().catch(() => undefined);
      setTimeout(() => void listen(true), reconnectMs).unref();
      reconnectMs = Math.min(reconnectMs * 2, 10_000);
    };
    client.on("error", retry);
    client.on("notification", (message) => {
      if (message.channel === NOTES_CHANNEL) {
        const storyId = storyIdOf(documentNameOf(message.payload ?? ""));
        if (storyId) hocuspocus.documents.get(documentNameOf(storyId))?.broadcastStateless(NOTES_CHANGED);
        return;
      }
      if (message.channel === AWARENESS_CHANNEL) {
        const [storyId, from, encoded] = (message.payload ?? "").split(" ");
        if (!storyId || !encoded || from === origin) return;
        const document = hocuspocus.documents.get(documentNameOf(storyId));
        if (!document) return;
        if (encoded === AWARENESS_ASK) {
          // Another process opened the story: who is in it through this one (its own connections only).
          const clients = document.getConnections().flatMap((connection) => [...document.getClients(connection.webSocket)] as number[]);
          announceAwareness(storyId, document.awareness, clients.filter((client) => document.awareness.getStates().has(client)));
          return;
        }
        applyAwarenessUpdate(document.awareness, new Uint8Array(Buffer.from(encoded, "base64")), RELAY_ORIGIN);
        return;
      }
      const notice = parseLiveNotice(message.payload ?? "");
      if (!notice || notice.origin === origin) return;
      if (!openDocument(documentNameOf(notice.storyId))) return;
      if (notice.update) {
        applyRelayed(notice.storyId, notice.update);
        return;
      }
      pending.push(notice.id);
      void drain();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${COLLAB_CHANNEL}`);
      await client.query(`LISTEN ${AWARENESS_CHANNEL}`);
      await client.query(`LISTEN ${NOTES_CHANNEL}`);
      listener = client;
      reconnectMs = 250;
      // A document opened before this process listened (at its start) may have missed updates too.
      if (again || hocuspocus.documents.size > 0 || loading.size > 0) await catchUp();
    } catch (error) {
      retry(error);
    }
  };
  void listen(false);

  // The re-check: sessions and permissions of every open connection.
  const recheck = setInterval(() => {
    void (async () => {
      for (const document of hocuspocus.documents.values()) {
        for (const connection of document.getConnections()) {
          const who = connection.context as ConnectionContext;
          try {
            const actor = await loadSessionActor({ userId: who.userId, sessionId: who.sessionId });
            const rights = actor ? await rightsOn(actor, who.storyId) : { edit: false, view: false };
            if (!rights.view) {
              connection.close({ code: 4403, reason: actor ? COLLAB_REFUSALS.forbidden : COLLAB_REFUSALS.signIn });
            } else if (rights.edit === connection.readOnly) {
              // A workflow step gave or took the right to edit (a reporter's story published or sent
              // back): her page was made for the other mode, so it is told to reload.
              connection.close({ code: 4409, reason: COLLAB_REFUSALS.rightsChanged });
            }
          } catch (error) {
            log(`Co-editing: could not check a connection again: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    })();
  }, RECHECK_MS);
  recheck.unref();

  const sockets = new WebSocketServer({ noServer: true, maxPayload: FRAME_LIMIT_BYTES });
  return {
    hocuspocus,
    upgrade(request, socket, head) {
      const path = (request.url ?? "").split("?")[0];
      if (path !== COLLAB_PATH) return false;
      sockets.handleUpgrade(request, socket, head, (websocket) => {
        websocket.on("error", (error) => log(`Co-editing: connection error: ${error.message}`));
        hocuspocus.handleConnection(websocket, request);
      });
      return true;
    },
    async close({ flush = true } = {}) {
      closed = true;
      clearInterval(recheck);
      hocuspocus.closeConnections();
      for (const websocket of sockets.clients) websocket.terminate();
      const names = flush ? [...hocuspocus.documents.keys()] : [];
      await Promise.all(names.map((name) => { const id = storyIdOf(name); return id ? flushLiveStory(id).catch(() => undefined) : undefined; }));
      for (const document of hocuspocus.documents.values()) await hocuspocus.unloadDocument(document);
      await listener?.end().catch(() => undefined);
      await writer?.end().catch(() => undefined);
      sockets.close();
    },
  };
}
