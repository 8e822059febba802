// The co-editing server behind real Node HTTP servers and WebSockets, against PostgreSQL: two
// servers stand for two app instances (or two workers), relaying through the database.

import http from "node:http";
import type { AddressInfo } from "node:net";

import * as decoding from "lib0/decoding";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";

import { startSession } from "@/lib/auth/sessions";
import { COLLAB_REFUSALS, COLLAB_SCHEMA_VERSION, documentNameOf, MAX_UPDATE_BYTES, NOTES_CHANGED } from "@/lib/collab/protocol";
import { createCollabServer, type CollabServer } from "@/lib/collab/server";
import { flushLiveStory } from "@/lib/collab/store";
import { docFromStory } from "@/lib/collab/ydoc";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { addNote, replyToNote, setNoteResolved } from "@/lib/notes/mutations";
import { banPerson } from "@/lib/people/mutations";
import { saveStory } from "@/lib/stories/mutations";
import { allAcknowledged, connectCollab, type CollabClient } from "@/tests/integration/collab-client";
import { RAIL_FIELDS } from "@/tests/fixtures/story-fields";
import { doc as storyDoc, makeActor, makeStory, makeUser, unique } from "@/tests/integration/factories";

const COOKIE = "authjs.session-token";
const SECRET = "collab-integration-secret-0123456789abcdef";

interface Instance {
  collab: CollabServer;
  server: http.Server;
  url: string;
  logged: string[];
}

const instances: Instance[] = [];
const clients: CollabClient[] = [];

async function startInstance(options: { debounceMs?: number } = {}): Promise<Instance> {
  const logged: string[] = [];
  const collab = createCollabServer({ databaseUrl: process.env.DATABASE_URL, log: (message) => logged.push(message), ...options });
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket, head) => {
    if (!collab.upgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const instance = { collab, server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/collab`, logged };
  instances.push(instance);
  return instance;
}

async function stopInstance(instance: Instance, options: { flush: boolean }): Promise<void> {
  // Without flush, a crash: connections cut, nothing written on the way out.
  await instance.collab.close({ flush: options.flush });
  instance.server.closeAllConnections();
  await new Promise((resolve) => instance.server.close(resolve));
  instances.splice(instances.indexOf(instance), 1);
}

async function cookieFor(userId: string): Promise<string> {
  const sid = await startSession(userId, { userAgent: "integration test" });
  return `${COOKIE}=${await encode({ token: { sub: userId, sid }, secret: SECRET, salt: COOKIE })}`;
}

function connect(instance: Instance, storyId: string, options: Parameters<typeof connectCollab>[2] = {}): CollabClient {
  const client = connectCollab(instance.url, storyId, options);
  clients.push(client);
  return client;
}

let a: Instance;
let b: Instance;

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  reloadEnv();
  a = await startInstance();
  b = await startInstance();
});

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const instance of [...instances]) await stopInstance(instance, { flush: true });
});

/** An editor and the reporter of a new story, connected to it on `editorAt` and `reporterAt`, both synced. */
async function editorAndReporter(editorAt: Instance, reporterAt: Instance) {
  const editor = await makeUser("EDITOR");
  const reporter = await makeUser("REPORTER");
  const story = await makeStory({ createdById: reporter.id });
  const first = connect(editorAt, story.id, { cookie: await cookieFor(editor.id) });
  const second = connect(reporterAt, story.id, { cookie: await cookieFor(reporter.id) });
  await Promise.all([first.synced, second.synced]);
  return { editor, reporter, story, first, second };
}

function bodyText(client: CollabClient): string {
  return client.doc.getXmlFragment("body").toString();
}

/** Types `value` at the end of a live text field, one character per update, as an editor sends it. */
/** The names in an awareness's states (who is in the story). */
function namesIn(states: Map<number, unknown>): Array<string | undefined> {
  return [...states.values()].map((state) => (state as { user?: { name?: string } }).user?.name);
}

function typeInto(client: CollabClient, field: string, value: string): void {
  const text = client.doc.getText(field);
  for (const char of value) text.insert(text.length, char);
}


describe("live co-editing", () => {
  it("relays typing between two instances, and writes the story with a revision naming both editors", async () => {
    const { editor, reporter, story, first, second } = await editorAndReporter(a, b);
    expect(bodyText(first)).toContain("Body text");
    // Who is in the story reaches the other instance too.
    first.provider.setAwarenessField("user", { name: "First editor", color: "#1e40af" });
    await vi.waitFor(() => expect(namesIn(second.provider.awareness!.getStates())).toContain("First editor"));

    first.doc.getText("headline").delete(0, first.doc.getText("headline").length);
    first.doc.getText("headline").insert(0, "Harbour reopens");
    const paragraph = second.doc.getXmlFragment("body").get(0) as Y.XmlElement;
    (paragraph.get(0) as Y.XmlText).insert(0, "Live: ");
    await vi.waitFor(() => {
      expect(second.doc.getText("headline").toString()).toBe("Harbour reopens");
      expect(bodyText(first)).toContain("Live: Body text");
    });
    await vi.waitFor(() => expect(allAcknowledged(first) && allAcknowledged(second)).toBe(true));

    await flushLiveStory(story.id, { step: true });
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, bodyText: true, version: true } });
    expect(saved.headline).toBe("Harbour reopens");
    expect(saved.bodyText).toContain("Live: Body text");
    expect(saved.version).toBeGreaterThan(story.version);
    const revision = await db.storyRevision.findFirstOrThrow({ where: { storyId: story.id }, orderBy: { createdAt: "desc" } });
    expect(new Set(revision.editorIds)).toEqual(new Set([editor.id, reporter.id]));
    expect(await db.collabUpdate.count({ where: { storyId: story.id } })).toBe(0);
  });

  it("shows someone opening a story on another instance who is already in it, at once", async () => {
    const editor = await makeUser("EDITOR");
    const reporter = await makeUser("REPORTER");
    const story = await makeStory({ createdById: reporter.id });
    const first = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await first.synced;
    first.provider.setAwarenessField("user", { name: "Already here", color: "#1e40af" });
    await vi.waitFor(() => expect(namesIn(a.collab.hocuspocus.documents.get(documentNameOf(story.id))!.awareness.getStates())).toContain("Already here"));

    // The second instance opens the story only now. Editors renew their awareness every 15 s; the
    // newcomer must not wait for that (bounded well below it).
    const second = connect(b, story.id, { cookie: await cookieFor(reporter.id) });
    await second.synced;
    await vi.waitFor(() => expect(namesIn(second.provider.awareness!.getStates())).toContain("Already here"), { timeout: 5_000 });
  });

  it("lists someone whose connection dropped again as soon as it is back, and shows them who is in", async () => {
    const { reporter, story, first: staying, second: dropping } = await editorAndReporter(a, a);
    staying.provider.setAwarenessField("user", { name: "Staying", color: "#1e40af" });
    dropping.provider.setAwarenessField("user", { name: "Dropping", color: "#166534" });
    await vi.waitFor(() => {
      expect(namesIn(staying.provider.awareness!.getStates())).toContain("Dropping");
      expect(namesIn(dropping.provider.awareness!.getStates())).toContain("Staying");
    });

    // The network drops under the reporter's editor (no close from either side), and it reconnects.
    const document = a.collab.hocuspocus.documents.get(documentNameOf(story.id))!;
    const socket = document.getConnections().find((connection) => (connection.context as { userId: string }).userId === reporter.id)!.webSocket;
    const reconnected = new Promise<void>((resolve) => dropping.provider.on("synced", ({ state }: { state: boolean }) => state && resolve()));
    socket.terminate();
    await vi.waitFor(() => expect(namesIn(staying.provider.awareness!.getStates())).not.toContain("Dropping"));
    await reconnected;
    // Back in each other's lists at once: editors renew their state only every 15 s, and neither moves.
    await vi.waitFor(
      () => {
        expect(namesIn(staying.provider.awareness!.getStates())).toContain("Dropping");
        expect(namesIn(dropping.provider.awareness!.getStates())).toContain("Staying");
      },
      { timeout: 5_000 },
    );
  });

  it("refuses readers, visitors, forged sessions, a reporter on someone else's story, another site's page and an outdated editor", async () => {
    const story = await makeStory();
    const reader = await makeUser("READER");
    const reporter = await makeUser("REPORTER");
    const forged = `${COOKIE}=${await encode({ token: { sub: reader.id, sid: crypto.randomUUID() }, secret: "another-secret-entirely-0123456789", salt: COOKIE })}`;
    const cases = [
      { client: connect(a, story.id, { cookie: await cookieFor(reader.id), reconnect: false }), reason: COLLAB_REFUSALS.forbidden },
      { client: connect(a, story.id, { reconnect: false }), reason: COLLAB_REFUSALS.signIn },
      { client: connect(a, story.id, { cookie: forged, reconnect: false }), reason: COLLAB_REFUSALS.signIn },
      { client: connect(a, story.id, { cookie: await cookieFor(reporter.id), reconnect: false }), reason: COLLAB_REFUSALS.forbidden },
      // An editor's own cookies, sent by a page of another site.
      { client: connect(a, story.id, { cookie: await cookieFor((await makeUser("EDITOR")).id), origin: "https://elsewhere.example", reconnect: false }), reason: COLLAB_REFUSALS.forbidden },
      { client: connect(a, story.id, { cookie: await cookieFor((await makeUser("EDITOR")).id), token: JSON.stringify({ schema: 0 }), reconnect: false }), reason: COLLAB_REFUSALS.schema },
      // An editor built for schema 1, which knew only the headline and standfirst as text fields.
      { client: connect(a, story.id, { cookie: await cookieFor((await makeUser("EDITOR")).id), token: JSON.stringify({ schema: 1 }), reconnect: false }), reason: COLLAB_REFUSALS.schema },
    ];
    await vi.waitFor(() => expect(cases.map(({ client }) => client.refusal())).toEqual(cases.map(({ reason }) => reason)));
    // None of them was sent the story.
    for (const { client } of cases) expect(client.doc.getText("headline").toString()).toBe("");
  });

  it("disconnects a person once they are banned", async () => {
    const admin = await makeActor("ADMIN");
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await client.synced;
    await banPerson(admin, { userId: editor.id, reason: "integration test" });
    await vi.waitFor(() => expect(client.closes).toContain(COLLAB_REFUSALS.signIn), { timeout: 10_000 });
  });

  it("tells a reporter to reload when a workflow step gives or takes her right to edit the open story", async () => {
    const reporter = await makeUser("REPORTER");
    // Her draft, open for writing; then published (by a statement, as the workflow's own would): hers to watch only.
    const draft = await makeStory({ createdById: reporter.id, status: "DRAFT" });
    const writing = connect(a, draft.id, { cookie: await cookieFor(reporter.id), reconnect: false });
    await writing.synced;
    await db.story.update({ where: { id: draft.id }, data: { status: "PUBLISHED", publishedAt: new Date() } });
    await vi.waitFor(() => expect(writing.closes).toContain(COLLAB_REFUSALS.rightsChanged), { timeout: 10_000 });

    // Her published story, open for watching; then sent back to draft: hers to write again.
    const published = await makeStory({ createdById: reporter.id, status: "PUBLISHED" });
    const watching = connect(a, published.id, { cookie: await cookieFor(reporter.id), reconnect: false });
    await watching.synced;
    await db.story.update({ where: { id: published.id }, data: { status: "DRAFT" } });
    await vi.waitFor(() => expect(watching.closes).toContain(COLLAB_REFUSALS.rightsChanged), { timeout: 10_000 });
    expect([...writing.closes, ...watching.closes]).not.toContain(COLLAB_REFUSALS.forbidden);
  });

  it("refuses an update over 1 MB and one the allow-list refuses, leaving the document as it was for everyone", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    const cookie = await cookieFor(editor.id);
    const watcher = connect(b, story.id, { cookie });
    await watcher.synced;

    const big = connect(a, story.id, { cookie, reconnect: false });
    await big.synced;
    big.doc.getText("standfirst").insert(0, "x".repeat(MAX_UPDATE_BYTES + 10));
    await vi.waitFor(() => expect(big.closes).toContain(COLLAB_REFUSALS.tooLarge));

    const bad = connect(a, story.id, { cookie, reconnect: false });
    await bad.synced;
    bad.doc.getXmlFragment("body").insert(0, [new Y.XmlElement("script")]);
    await vi.waitFor(() => expect(bad.closes).toContain(COLLAB_REFUSALS.invalid));
    await vi.waitFor(() => expect(a.logged.some((line) => line.includes("refused an update from"))).toBe(true));

    // A later edit still goes through; neither refused update reached anyone or the database.
    watcher.doc.getText("headline").insert(0, "After: ");
    const later = connect(a, story.id, { cookie });
    await later.synced;
    await vi.waitFor(() => expect(later.doc.getText("headline").toString()).toMatch(/^After: /));
    expect(later.doc.getText("standfirst").toString()).toBe("");
    expect(bodyText(later)).not.toContain("script");
    expect(bodyText(watcher)).not.toContain("script");
    await vi.waitFor(() => expect(allAcknowledged(watcher)).toBe(true));
    await flushLiveStory(story.id);
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, standfirst: true } });
    expect(saved.headline).toMatch(/^After: /);
    expect(saved.standfirst).toBe("");
  });

  it("closes a connection that floods the server with updates", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id), reconnect: false });
    await client.synced;
    const standfirst = client.doc.getText("standfirst");
    // One update per character, far faster than anyone types.
    for (let i = 0; i < 1000; i += 1) standfirst.insert(standfirst.length, "x");
    await vi.waitFor(() => expect(client.closes).toContain(COLLAB_REFUSALS.rateLimited));
    await vi.waitFor(() => expect(a.logged.some((line) => line.includes("too many updates"))).toBe(true));
  });

  it("keeps what was acknowledged when the server stops without writing the story", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    const cookie = await cookieFor(editor.id);
    // A debounce no test outlasts: the crash comes before the story row is ever written, whatever
    // the machine's speed, so the text can only come back from the stored updates.
    const crashing = await startInstance({ debounceMs: 10 * 60_000 });
    const client = connect(crashing, story.id, { cookie, reconnect: false });
    await client.synced;
    client.doc.getText("standfirst").insert(0, "Typed before the crash");
    await vi.waitFor(() => expect(allAcknowledged(client)).toBe(true));
    await stopInstance(crashing, { flush: false });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { standfirst: true } })).standfirst).toBe("");

    const after = connect(a, story.id, { cookie });
    await after.synced;
    expect(after.doc.getText("standfirst").toString()).toBe("Typed before the crash");
    await flushLiveStory(story.id);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { standfirst: true } })).standfirst).toBe("Typed before the crash");
  });

  it("brings an Admin API save into the live document", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: { seoTitle: "Kept when the API leaves it out" } });
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await client.synced;
    const current = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true, headline: true, sectionId: true } });
    // The dateline place, credit and the search and social fields are optional in a save: the
    // SEO title is left out here, and keeps its stored value in the live document too.
    const { seoTitle: _left, ...sent } = RAIL_FIELDS;
    await saveStory(editor, story.id, current.version, { ...sent, headline: "From the API", standfirst: "", slug: "", sectionId: current.sectionId, body: JSON.stringify(storyDoc("API body")) });
    await vi.waitFor(() => {
      expect(client.doc.getText("headline").toString()).toBe("From the API");
      expect(bodyText(client)).toContain("API body");
      for (const [field, value] of Object.entries(sent)) expect(client.doc.getText(field).toString()).toBe(value);
    });
    expect(client.doc.getText("seoTitle").toString()).toBe("Kept when the API leaves it out");
  });

  it("relays the dateline place and credit typed on two instances, and writes them, with the search fields, to the story", async () => {
    const { editor, reporter, story, first, second } = await editorAndReporter(a, b);

    typeInto(first, "datelinePlace", "SEOUL");
    typeInto(second, "credit", "Reporting by A; Editing by B");
    typeInto(second, "seoDescription", "Ferries ran again at dawn.");
    await vi.waitFor(() => {
      expect(second.doc.getText("datelinePlace").toString()).toBe("SEOUL");
      expect(first.doc.getText("credit").toString()).toBe("Reporting by A; Editing by B");
      expect(first.doc.getText("seoDescription").toString()).toBe("Ferries ran again at dawn.");
    });
    await vi.waitFor(() => expect(allAcknowledged(first) && allAcknowledged(second)).toBe(true));

    await flushLiveStory(story.id, { step: true });
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { datelinePlace: true, credit: true, seoDescription: true, version: true } });
    expect(saved).toMatchObject({ datelinePlace: "SEOUL", credit: "Reporting by A; Editing by B", seoDescription: "Ferries ran again at dawn." });
    expect(saved.version).toBeGreaterThan(story.version);
    // The revision keeps what revisions keep of them (the dateline place and credit), naming both.
    const revision = await db.storyRevision.findFirstOrThrow({ where: { storyId: story.id }, orderBy: { createdAt: "desc" } });
    expect(revision).toMatchObject({ datelinePlace: "SEOUL", credit: "Reporting by A; Editing by B" });
    expect(new Set(revision.editorIds)).toEqual(new Set([editor.id, reporter.id]));
  });

  it("refuses a text field made longer than a save allows, leaving it as it was for everyone", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: { datelinePlace: "SEOUL" } });
    const cookie = await cookieFor(editor.id);
    const watcher = connect(b, story.id, { cookie });
    await watcher.synced;
    const long = connect(a, story.id, { cookie, reconnect: false });
    await long.synced;
    // The desk's field stops at 80 characters, and two people's typing merged may reach twice
    // that; a client that goes past it is refused by the server.
    long.doc.getText("datelinePlace").insert(5, ` ${"X".repeat(160)}`);
    await vi.waitFor(() => expect(long.closes).toContain(COLLAB_REFUSALS.invalid));
    await vi.waitFor(() => expect(a.logged.some((line) => line.includes("Keep the dateline place under 80 characters."))).toBe(true));

    typeInto(watcher, "credit", "Reporting by A");
    await vi.waitFor(() => expect(allAcknowledged(watcher)).toBe(true));
    expect(watcher.doc.getText("datelinePlace").toString()).toBe("SEOUL");
    await flushLiveStory(story.id);
    expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { datelinePlace: true, credit: true } })).toEqual({ datelinePlace: "SEOUL", credit: "Reporting by A" });
  });

  it("takes two people's typing into one field at once even when together they pass its limit", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: { datelinePlace: "x".repeat(75) } });
    const cookie = await cookieFor(editor.id);
    const first = connect(a, story.id, { cookie });
    await first.synced;
    // The second person types five letters on the 75 they see (80: all the desk's field allows)
    // while the first types five too: each keystroke was within the limit where it was typed.
    const offline = new Y.Doc();
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(first.doc));
    const before = Y.encodeStateVector(offline);
    offline.getText("datelinePlace").insert(75, "BBBBB");
    const typedOffline = Y.encodeStateAsUpdate(offline, before);
    typeInto(first, "datelinePlace", "AAAAA");
    await vi.waitFor(() => expect(allAcknowledged(first)).toBe(true));

    const second = connect(b, story.id, { cookie });
    await second.synced;
    Y.applyUpdate(second.doc, typedOffline);
    await vi.waitFor(() => expect(allAcknowledged(second)).toBe(true));
    await vi.waitFor(() => expect(first.doc.getText("datelinePlace").toString()).toHaveLength(85));
    expect(second.closes).not.toContain(COLLAB_REFUSALS.invalid);
    expect(second.doc.getText("datelinePlace").toString()).toBe(first.doc.getText("datelinePlace").toString());
    await flushLiveStory(story.id);
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { datelinePlace: true } });
    expect(saved.datelinePlace).toMatch(/^x{75}(AAAAABBBBB|BBBBBAAAAA)$/);
  });

  it("keeps the live document's text fields over a desk save's, which saves the rest", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await client.synced;
    typeInto(client, "datelinePlace", "SEOUL");
    await vi.waitFor(() => expect(allAcknowledged(client)).toBe(true));
    const current = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true, headline: true, sectionId: true } });
    // A form that still holds what it was opened with (an autosave racing the typing, say). A tag
    // of its own: tags are shared by name, whatever the case, with every other test on this database.
    const tag = unique("harbour");
    await saveStory(editor, story.id, current.version, { headline: "Stale", standfirst: "", dateline: "Stale desk", datelinePlace: "", credit: "Stale credit", tags: tag, slug: "", sectionId: current.sectionId, body: JSON.stringify(storyDoc("Stale")) }, { live: true });
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, dateline: true, datelinePlace: true, credit: true, tags: { select: { tag: { select: { name: true } } } } } });
    expect(saved).toMatchObject({ headline: current.headline, dateline: "", datelinePlace: "SEOUL", credit: "" });
    expect(saved.tags.map((t) => t.tag.name)).toEqual([tag]);
    expect(client.doc.getText("datelinePlace").toString()).toBe("SEOUL");
    expect(client.doc.getText("credit").toString()).toBe("");
  });
});

describe("a live document stored under schema 1 (headline, standfirst and body only)", () => {
  /** What a server of schema 1 stored for a story: its headline, standfirst and body, none of the rail's fields. */
  async function storeSchemaOneDocument(storyId: string, options: { headline?: string } = {}): Promise<void> {
    const story = await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { headline: true, standfirst: true, body: true } });
    const blank = { dateline: "", datelinePlace: "", credit: "", seoTitle: "", seoDescription: "", socialHeadline: "" };
    const state = Y.encodeStateAsUpdate(docFromStory({ ...story, ...blank }));
    await db.collabDocument.create({ data: { storyId, state: Buffer.from(state), schemaVersion: 1 } });
    if (options.headline) {
      // Typed live and stored, not yet written into the story (the server stopped first).
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      const before = Y.encodeStateVector(doc);
      doc.getText("headline").insert(doc.getText("headline").length, options.headline);
      await db.collabUpdate.create({ data: { storyId, update: Buffer.from(Y.encodeStateAsUpdate(doc, before)) } });
    }
  }

  it("is filled from the story once when two instances open it at the same moment", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: RAIL_FIELDS });
    await storeSchemaOneDocument(story.id);
    const cookie = await cookieFor(editor.id);
    const first = connect(a, story.id, { cookie });
    const second = connect(b, story.id, { cookie });
    await Promise.all([first.synced, second.synced]);
    for (const client of [first, second]) for (const [field, value] of Object.entries(RAIL_FIELDS)) expect(client.doc.getText(field).toString()).toBe(value);
    expect((await db.collabDocument.findUniqueOrThrow({ where: { storyId: story.id } })).schemaVersion).toBe(COLLAB_SCHEMA_VERSION);

    typeInto(first, "headline", " live");
    await vi.waitFor(() => expect(allAcknowledged(first)).toBe(true));
    await flushLiveStory(story.id, { step: true });
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, ...Object.fromEntries(Object.keys(RAIL_FIELDS).map((field) => [field, true])) } });
    expect(saved).toMatchObject(RAIL_FIELDS);
    expect(saved.headline).toMatch(/ live$/);
    // Opened again later, nothing is filled a second time.
    const later = connect(a, story.id, { cookie });
    await later.synced;
    expect(later.doc.getText("datelinePlace").toString()).toBe("SEOUL");
  });

  it("is not written over the story's fields with empty ones when the story is written before anyone opens it", async () => {
    const editor = await makeUser("EDITOR");
    const story = await makeStory();
    await db.story.update({ where: { id: story.id }, data: RAIL_FIELDS });
    await storeSchemaOneDocument(story.id, { headline: " (typed before the update)" });
    await flushLiveStory(story.id, { step: true });
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, ...Object.fromEntries(Object.keys(RAIL_FIELDS).map((field) => [field, true])) } });
    expect(saved).toMatchObject(RAIL_FIELDS);
    expect(saved.headline).toMatch(/\(typed before the update\)$/);
    // And whoever opens it next finds them in the live document.
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await client.synced;
    for (const [field, value] of Object.entries(RAIL_FIELDS)) expect(client.doc.getText(field).toString()).toBe(value);
  });
});

describe("notes live for everyone in the story", () => {
  /** The stateless messages a client was sent, in order. */
  function heard(client: CollabClient): string[] {
    const messages: string[] = [];
    client.provider.on("stateless", ({ payload }: { payload: string }) => messages.push(payload));
    return messages;
  }

  it("tells every editor of the story, on either instance, of each added, answered, resolved and reopened note, and nothing more", async () => {
    const editor = await makeActor("EDITOR");
    const reporter = await makeUser("REPORTER");
    const story = await makeStory({ createdById: reporter.id });
    const elsewhere = await makeStory({ createdById: reporter.id });
    const onA = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    const onB = connect(b, story.id, { cookie: await cookieFor(reporter.id) });
    const other = connect(b, elsewhere.id, { cookie: await cookieFor(reporter.id) });
    await Promise.all([onA.synced, onB.synced, other.synced]);
    const [fromA, fromB, fromOther] = [heard(onA), heard(onB), heard(other)];
    const before = Y.encodeStateVector(onB.doc);

    const noteId = crypto.randomUUID();
    const secret = "Check the ferry timetable with the port authority";
    await addNote(editor, { storyId: story.id, noteId, quote: "Body text", text: secret });
    await vi.waitFor(() => expect([fromA.length, fromB.length]).toEqual([1, 1]));
    await replyToNote(editor, { noteId, text: "Port authority confirmed 06:00." });
    await vi.waitFor(() => expect([fromA.length, fromB.length]).toEqual([2, 2]));
    await setNoteResolved(editor, { noteId, resolved: true });
    await vi.waitFor(() => expect([fromA.length, fromB.length]).toEqual([3, 3]));
    await setNoteResolved(editor, { noteId, resolved: false });
    await vi.waitFor(() => expect([fromA.length, fromB.length]).toEqual([4, 4]));

    // The message only says "read the notes again": no note's text travels, and the live document
    // (what becomes the story readers get) is untouched.
    expect(new Set([...fromA, ...fromB])).toEqual(new Set([NOTES_CHANGED]));
    expect(Buffer.from(Y.encodeStateVector(onB.doc))).toEqual(Buffer.from(before));
    expect(JSON.stringify(onB.doc.toJSON())).not.toContain("ferry timetable");
    // Someone in another story hears nothing of these notes.
    expect(fromOther).toEqual([]);
  });

  it("says nothing for a note change that was refused", async () => {
    const editor = await makeActor("EDITOR");
    const stranger = await makeActor("REPORTER");
    const story = await makeStory();
    const client = connect(a, story.id, { cookie: await cookieFor(editor.id) });
    await client.synced;
    const messages = heard(client);
    await expect(addNote(stranger, { storyId: story.id, noteId: crypto.randomUUID(), quote: "Body", text: "Not mine to note" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // A note that is let through afterwards arrives alone: the refused one announced nothing.
    await addNote(editor, { storyId: story.id, noteId: crypto.randomUUID(), quote: "Body", text: "Mine" });
    await vi.waitFor(() => expect(messages).toEqual([NOTES_CHANGED]));
  });
});

describe("someone who may only see the story", () => {
  /** How many of the client's updates the server answered "not applied". */
  function refusedUpdates(client: CollabClient): () => number {
    let refused = 0;
    client.provider.on("message", ({ event }: { event: MessageEvent }) => {
      const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
      decoding.readVarString(decoder);
      // 8: SyncStatus (MessageType in @hocuspocus/provider), then 1 applied or 0 not.
      if (decoding.readVarUint(decoder) === 8 && decoding.readVarUint(decoder) === 0) refused += 1;
    });
    return () => refused;
  }

  it("watches the story live, hears of notes, and nothing she sends is applied, stored or relayed", async () => {
    // Instances of their own that write the story only when told: nothing folds the stored updates away meanwhile.
    const [first, second] = [await startInstance({ debounceMs: 600_000 }), await startInstance({ debounceMs: 600_000 })];
    const editor = await makeActor("EDITOR");
    const reporter = await makeUser("REPORTER");
    // Her own story, published: hers to see in the desk, no longer hers to change.
    const story = await makeStory({ createdById: reporter.id, status: "PUBLISHED" });
    const writer = connect(first, story.id, { cookie: await cookieFor(editor.id) });
    const watcher = connect(second, story.id, { cookie: await cookieFor(reporter.id) });
    await Promise.all([writer.synced, watcher.synced]);
    expect(bodyText(watcher)).toContain("Body text");
    const messages: string[] = [];
    watcher.provider.on("stateless", ({ payload }: { payload: string }) => messages.push(payload));
    const refused = refusedUpdates(watcher);

    // The editor's typing reaches her as it happens, from the other instance.
    (((writer.doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0)) as Y.XmlText).insert(0, "Live: ");
    await vi.waitFor(() => expect(bodyText(watcher)).toContain("Live: Body text"));
    // And so does a note's change.
    await addNote(editor, { storyId: story.id, noteId: crypto.randomUUID(), quote: "Body text", text: "Check the date" });
    await vi.waitFor(() => expect(messages).toEqual([NOTES_CHANGED]));

    // What she sends is answered "not applied", and goes nowhere.
    watcher.doc.getText("headline").insert(0, "Hers: ");
    (((watcher.doc.getXmlFragment("body").get(0) as Y.XmlElement).get(0)) as Y.XmlText).insert(0, "Hers too: ");
    await vi.waitFor(() => expect(refused()).toBeGreaterThanOrEqual(2));
    expect(await db.collabUpdate.count({ where: { storyId: story.id, userId: reporter.id } })).toBe(0);
    expect(second.collab.hocuspocus.documents.get(documentNameOf(story.id))!.getText("headline").toString()).not.toMatch(/^Hers/);
    expect(second.logged.some((line) => line.includes(`read-only user ${reporter.id}`))).toBe(true);
    // The editor's next change still reaches her, and she never sees her own text come back to the editor.
    writer.doc.getText("standfirst").insert(0, "After her.");
    await vi.waitFor(() => expect(watcher.doc.getText("standfirst").toString()).toBe("After her."));
    await vi.waitFor(() => expect(allAcknowledged(writer)).toBe(true));
    expect(writer.doc.getText("headline").toString()).not.toMatch(/^Hers/);
    expect(bodyText(writer)).not.toContain("Hers too");

    // The story written from the stored document holds the editor's change and none of hers.
    await flushLiveStory(story.id);
    const saved = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, bodyText: true, standfirst: true } });
    expect(saved.bodyText).toContain("Live: Body text");
    expect(saved.bodyText).not.toContain("Hers too");
    expect(saved.headline).not.toMatch(/^Hers/);
    expect(saved.standfirst).toBe("After her.");
    await stopInstance(first, { flush: false });
    await stopInstance(second, { flush: false });
  });
});
