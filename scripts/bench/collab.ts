// The `collab` module: live co-editing under load (issue 18). 40 editors on 10 stories, 4 to a
// story, each typing 5 characters a second for 60 s into the story's first paragraph, each over
// its own WebSocket to the running app (the provider the desk uses, with a minted session cookie,
// as the comments module mints them). Measured:
//   - latency: from a keystroke's update leaving its editor to it arriving in each of the other
//     editors of the story (every pair; the p99 must stay under 100 ms);
//   - the app's CPU over the typing, in cores (under half a core);
//   - resident memory the open stories added to the app processes, per story;
//   - lost characters: what every editor typed, against what the server stored (its document,
//     state and updates, read from the database) and what each editor holds at the end (0).

import { readFileSync } from "node:fs";
import path from "node:path";

import pg from "pg";
import * as Y from "yjs";

import "../lib/server-only-hook.mjs";
import { connectCollab, type CollabClient } from "../../tests/integration/collab-client";
import { dataDir } from "../lib/paths";
import { mintCookie } from "./comments";
import type { BenchContext, BenchModule, Measurement } from "./run";

const STORIES = 10;
const EDITORS_PER_STORY = 4;
const CHARS_PER_S = 5;
const TYPING_S = 60;

interface Editor {
  client: CollabClient;
  storyId: string;
  typed: number;
}

/** The plain text of a live document's body (every text run, in order). */
function bodyText(doc: Y.Doc): string {
  const walk = (item: Y.XmlElement | Y.XmlText | Y.XmlFragment): string =>
    item instanceof Y.XmlText ? item.toString().replace(/<[^>]*>/g, "") : item.toArray().map((child) => walk(child as Y.XmlElement | Y.XmlText)).join("\n");
  return walk(doc.getXmlFragment("body"));
}

function firstText(doc: Y.Doc): Y.XmlText {
  const first = doc.getXmlFragment("body").get(0) as Y.XmlElement;
  let text = first.get(0);
  if (!(text instanceof Y.XmlText)) {
    text = new Y.XmlText();
    first.insert(0, [text]);
  }
  return text as Y.XmlText;
}

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`collab bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function storedDoc(client: pg.Client, storyId: string): Promise<Y.Doc> {
  const state = await client.query<{ state: Buffer }>(`SELECT "state" FROM "CollabDocument" WHERE "storyId" = $1`, [storyId]);
  const updates = await client.query<{ update: Buffer }>(`SELECT "update" FROM "CollabUpdate" WHERE "storyId" = $1 ORDER BY "id"`, [storyId]);
  const doc = new Y.Doc();
  for (const row of [...state.rows.map((r) => r.state), ...updates.rows.map((r) => r.update)]) Y.applyUpdate(doc, new Uint8Array(row));
  return doc;
}

async function run(context: BenchContext): Promise<Measurement[]> {
  const db = new pg.Client({ connectionString: context.databaseUrl });
  await db.connect();
  const editors: Editor[] = [];
  try {
    const secret = readFileSync(path.join(dataDir(), "auth-secret"), "utf8").trim();
    const account = (await db.query<{ id: string; displayName: string }>(`SELECT "id"::text AS "id", "displayName" FROM "User" WHERE "email" = 'editor@demo.newsdesk'`)).rows[0];
    if (!account) throw new Error("collab bench: the demo editor account is missing");
    const stories = (
      await db.query<{ id: string }>(`SELECT "id"::text AS "id" FROM "Story" ORDER BY "createdAt" DESC LIMIT $1`, [STORIES])
    ).rows.map((row) => row.id);
    if (stories.length < STORIES) throw new Error(`collab bench: needs ${STORIES} stories, found ${stories.length}`);

    const url = `${context.baseUrl.replace(/^http/, "ws")}/collab`;
    const memoryBefore = context.memory().reduce((sum, p) => sum + p.rssBytes, 0);
    for (const storyId of stories) {
      for (let i = 0; i < EDITORS_PER_STORY; i += 1) {
        const cookie = await mintCookie(db, account, secret);
        editors.push({ client: connectCollab(url, storyId, { cookie }), storyId, typed: 0 });
      }
    }
    await Promise.all(editors.map((editor) => editor.client.synced));
    const initial = new Map(stories.map((id) => [id, bodyText(editors.find((e) => e.storyId === id)!.client.doc).length]));
    context.log(`collab: ${editors.length} editors connected to ${STORIES} stories`);

    // Latency: each keystroke's Yjs id (client, clock) with when it was made; every other editor of
    // the story notes when it arrives.
    const sentAt = new Map<string, number>();
    const samplesMs: number[] = [];
    for (const editor of editors) {
      editor.client.doc.on("update", (update: Uint8Array, origin: unknown) => {
        if (origin === null) return; // its own typing
        const now = performance.now();
        for (const struct of Y.decodeUpdate(update).structs) {
          const made = sentAt.get(`${struct.id.client}:${struct.id.clock}`);
          if (made !== undefined) samplesMs.push(now - made);
        }
      });
    }

    const cpuBefore = context.cpu();
    const startedAt = performance.now();
    const intervalMs = 1000 / CHARS_PER_S;
    const total = TYPING_S * CHARS_PER_S;
    await Promise.all(
      editors.map(
        (editor, index) =>
          new Promise<void>((resolve) => {
            // Spread over the interval, so 40 editors do not all type in the same millisecond.
            setTimeout(() => {
              const timer = setInterval(() => {
                const doc = editor.client.doc;
                const text = firstText(doc);
                const clock = Y.getState(doc.store, doc.clientID);
                sentAt.set(`${doc.clientID}:${clock}`, performance.now());
                text.insert(text.length, String.fromCharCode(97 + ((index + editor.typed) % 26)));
                editor.typed += 1;
                if (editor.typed >= total) {
                  clearInterval(timer);
                  resolve();
                }
              }, intervalMs);
            }, (index * intervalMs) / editors.length);
          }),
      ),
    );
    const typingMs = performance.now() - startedAt;
    const cpuAfter = context.cpu();
    const memoryDuring = context.memory().reduce((sum, p) => sum + p.rssBytes, 0);

    await waitUntil(() => editors.every((editor) => editor.client.provider.unsyncedChanges === 0), 60_000, "every keystroke acknowledged");
    await waitUntil(
      () => stories.every((id) => new Set(editors.filter((e) => e.storyId === id).map((e) => bodyText(e.client.doc))).size === 1),
      60_000,
      "every editor of a story to hold the same document",
    );
    let lost = 0;
    let differing = 0;
    for (const storyId of stories) {
      const typed = editors.filter((e) => e.storyId === storyId).reduce((sum, e) => sum + e.typed, 0);
      const held = bodyText(editors.find((e) => e.storyId === storyId)!.client.doc);
      const stored = bodyText(await storedDoc(db, storyId));
      if (stored !== held) differing += 1;
      lost += Math.max(0, typed - (stored.length - initial.get(storyId)!));
    }
    const cores = cpuBefore && cpuAfter ? (cpuAfter.appMs - cpuBefore.appMs) / typingMs : Number.NaN;
    const sorted = [...samplesMs].sort((x, y) => x - y);
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN;
    context.log(`collab: ${samplesMs.length} deliveries, p99 ${p99.toFixed(1)} ms, app CPU ${cores.toFixed(2)} cores, lost ${lost}, stories differing ${differing}`);
    return [
      {
        key: "latency",
        label: `A keystroke reaching each other editor of its story (${EDITORS_PER_STORY * STORIES} editors on ${STORIES} stories, ${CHARS_PER_S} chars/s each)`,
        samplesMs,
        extra: { p99Ms: p99, deliveries: samplesMs.length, targetP99Ms: 100 },
      },
      { key: "p99", kind: "value", label: "p99 of the above", value: Math.round(p99 * 10) / 10, unit: "ms", targets: { max: 100 } },
      { key: "cpu", kind: "value", label: "App CPU while everyone types", value: Math.round(cores * 100) / 100, unit: "cores", targets: { max: 0.5 } },
      { key: "memory-per-story", kind: "value", label: "App memory per open live story (resident, all processes)", value: Math.round((memoryDuring - memoryBefore) / STORIES / 1024), unit: "KB" },
      { key: "lost", kind: "value", label: "Characters typed but not stored", value: lost, unit: "chars", targets: { max: 0 } },
      { key: "differing", kind: "value", label: "Stories whose stored document differs from the editors'", value: differing, unit: "stories", targets: { max: 0 } },
    ];
  } finally {
    for (const editor of editors) editor.client.destroy();
    await db.end();
  }
}

export const benchmark: BenchModule = {
  name: "collab",
  description: "Live co-editing: 40 editors on 10 stories typing over WebSockets",
  run,
};
