// The wire ingest endpoint against the real database: valid ninjs and NewsML-G2 items are stored,
// versions and duplicates behave as agencies' retry logic expects, and hostile input is refused
// with the right status and a clear message, nothing stored.

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { handleWireIngest as POST } from "@/lib/wire/endpoint";
import { createWireSource, openWireItem, revokeWireSource } from "@/lib/wire/mutations";
import { getStoryWireUpdate, listWireItems } from "@/lib/wire/queries";
import { makeActor, unique } from "@/tests/integration/factories";

const FIXTURES = path.resolve(__dirname, "../../tests/fixtures/wire");
const ninjsSample = readFileSync(path.join(FIXTURES, "ninjs-harbour.json"), "utf8");
const newsmlSample = readFileSync(path.join(FIXTURES, "newsml-orchard.xml"), "utf8");

async function newSource() {
  const admin = await makeActor("ADMIN");
  const source = await createWireSource(admin, { name: unique("Test Wire"), credit: "Test Wire" });
  return { admin, source };
}

function post(secret: string | null, body: BodyInit | null, contentType = "application/json", extra: Record<string, string> = {}): Promise<Response> {
  const headers: Record<string, string> = { "content-type": contentType, ...extra };
  if (secret) headers.authorization = `Bearer ${secret}`;
  return POST(new Request("http://localhost/api/wire/v1/items", { method: "POST", headers, body, ...(body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit));
}

function ninjs(guid: string, version: number, headline = "Harbour cranes fall silent"): string {
  return JSON.stringify({ ...JSON.parse(ninjsSample), uri: guid, version: String(version), headlines: [{ role: "main", value: headline }] });
}

async function itemCount(sourceId: string): Promise<number> {
  return db.wireItem.count({ where: { sourceId } });
}

describe("wire ingest", () => {
  it("stores a ninjs item once (201), acknowledges it again as a duplicate (200), and lists it", async () => {
    const { source } = await newSource();
    const guid = unique("urn:test:harbour");
    const first = await post(source.secret, ninjs(guid, 1));
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ status: "created", guid, version: 1 });
    const again = await post(source.secret, ninjs(guid, 1));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate", version: 1 });
    expect(await itemCount(source.id)).toBe(1);
    const row = await db.wireItem.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(row).toMatchObject({ format: "NINJS", guid, version: 1, urgency: 3, priority: 4, slugline: "PORT-CRANES/", datelinePlace: "BUSAN", state: "NEW", latest: true });
    expect(row.bylines).toEqual(["Mira Okonkwo", "Tomas Lindqvist"]);
    expect(row.embargoUntil?.toISOString()).toBe("2030-01-15T06:00:00.000Z");
    // The script in the body is gone; the heading stays a heading.
    expect(JSON.stringify(row.body)).not.toContain("alert");
    expect(JSON.stringify(row.body)).toContain("\"heading\"");
  });

  it("stores a NewsML-G2 item with an NITF body", async () => {
    const { source } = await newSource();
    const guid = unique("urn:test:orchard");
    const response = await post(source.secret, newsmlSample.replace("urn:newsdesk-test:wire:orchard-frost", guid), "application/xml");
    expect(response.status).toBe(201);
    const row = await db.wireItem.findFirstOrThrow({ where: { sourceId: source.id } });
    expect(row).toMatchObject({ format: "NEWSML", version: 2, urgency: 2, slugline: "ORCHARD-FROST/", datelinePlace: "NELSON", headline: "Late frost & early blossom leave orchard growers counting losses" });
    expect(row.standfirst).toContain("a third of the apple crop");
    expect(JSON.stringify(row.body)).toContain("Insurance questions");
  });

  it("stores 20 concurrent posts of the same item exactly once", async () => {
    const { source } = await newSource();
    const body = ninjs(unique("urn:test:race"), 1);
    const statuses = (await Promise.all(Array.from({ length: 20 }, () => post(source.secret, body)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    expect(await itemCount(source.id)).toBe(1);
  });

  it("lists only the newest version, and a newer version flags the draft an editor opened", async () => {
    const { source } = await newSource();
    const editor = await makeActor("EDITOR");
    const guid = unique("urn:test:versions");
    expect((await post(source.secret, ninjs(guid, 1, "First take"))).status).toBe(201);
    expect((await post(source.secret, ninjs(guid, 2, "Second take"))).status).toBe(201);
    let listed = (await listWireItems(editor, { source: source.id }));
    expect(listed.map((i) => [i.headline, i.version])).toEqual([["Second take", 2]]);
    const opened = await openWireItem(editor, listed[0]!.id);
    const story = await db.story.findUniqueOrThrow({ where: { id: opened.storyId }, include: { bylines: { include: { byline: true } } } });
    expect(story).toMatchObject({ headline: "Second take", status: "DRAFT", datelinePlace: "BUSAN", credit: "Mira Okonkwo, Tomas Lindqvist (Test Wire)" });
    expect(story.embargoUntil?.toISOString()).toBe("2030-01-15T06:00:00.000Z");
    expect(story.bylines.map((b) => [b.byline.kind, b.byline.name])).toEqual([["ORGANISATION", "Test Wire"]]);
    expect(await db.auditLog.count({ where: { entityId: listed[0]!.id, action: "wireItem.open", actorId: editor.id } })).toBe(1);
    await expect(openWireItem(editor, listed[0]!.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await getStoryWireUpdate(editor, story.id)).toBeNull();
    // An older version arriving late changes nothing the desk sees.
    expect((await post(source.secret, ninjs(guid, 3, "Third take"))).status).toBe(201);
    expect((await post(source.secret, ninjs(guid, 1, "First take"))).status).toBe(200);
    listed = await listWireItems(editor, { source: source.id });
    expect(listed.map((i) => [i.headline, i.version, i.storyId])).toEqual([["Third take", 3, story.id]]);
    expect(await getStoryWireUpdate(editor, story.id)).toEqual({ itemId: listed[0]!.id, version: 3 });
  });

  it("lets only staff who write stories read and open the wire", async () => {
    const { source } = await newSource();
    await post(source.secret, ninjs(unique("urn:test:perm"), 1));
    const item = await db.wireItem.findFirstOrThrow({ where: { sourceId: source.id } });
    for (const role of ["MODERATOR", "READER"] as const) {
      const actor = await makeActor(role);
      await expect(listWireItems(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(openWireItem(actor, item.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(openWireItem(null, item.id)).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(createWireSource(await makeActor("EDITOR"), { name: "X", credit: "X" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.wireItem.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("NEW");
  });

  it("refuses an unknown, missing or revoked key with 401", async () => {
    const { admin, source } = await newSource();
    const body = ninjs(unique("urn:test:key"), 1);
    const unknown = await post("nd_not-a-real-key", body);
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error).toMatch(/not known/);
    expect((await post(null, body)).status).toBe(401);
    await revokeWireSource(admin, source.id);
    expect((await post(source.secret, body)).status).toBe(401);
    expect(await itemCount(source.id)).toBe(0);
  });

  describe("hostile and malformed input: the right status, a clear message, nothing stored", () => {
    const cases: Array<[string, () => BodyInit, string, number, RegExp]> = [
      [
        "billion laughs",
        () =>
          `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><newsItem guid="urn:x" version="1"><contentMeta><headline>&lol9;</headline></contentMeta></newsItem>`,
        "application/xml",
        400,
        /DOCTYPE/,
      ],
      [
        "an external entity naming a file",
        () => `<?xml version="1.0"?><!DOCTYPE n [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><newsItem guid="urn:x" version="1"><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>`,
        "application/xml",
        400,
        /DOCTYPE/,
      ],
      [
        "an external entity naming a URL",
        () => `<?xml version="1.0"?><!DOCTYPE n SYSTEM "http://127.0.0.1:9/evil.dtd"><newsItem guid="urn:x" version="1"><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>`,
        "application/xml",
        400,
        /DOCTYPE/,
      ],
      ["malformed XML", () => `<newsItem guid="urn:x" version="1"><contentMeta><headline>Open</contentMeta>`, "application/xml", 400, /not well-formed XML/],
      ["XML that is not a newsItem", () => `<rss><channel/></rss>`, "application/xml", 400, /newsItem/],
      ["malformed JSON", () => `{"uri": "urn:x", "headline": `, "application/json", 400, /not well-formed JSON/],
      ["JSON of the wrong types", () => JSON.stringify({ uri: "urn:x", headline: 42, urgency: "high" }), "application/json", 400, /not valid/],
      ["a JSON array", () => JSON.stringify([{ uri: "urn:x" }]), "application/json", 400, /one JSON object/],
      ["a picture item", () => JSON.stringify({ uri: "urn:x", type: "picture", headline: "A photo" }), "application/json", 400, /text items/],
      ["no headline", () => JSON.stringify({ uri: "urn:x", body_text: "Words." }), "application/json", 400, /no headline/],
      ["binary data", () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]), "application/json", 400, /binary/],
      ["a form post", () => "a=1&b=2", "application/x-www-form-urlencoded", 415, /application\/json/],
      ["plain text", () => "SEOUL (Agency) - words", "text/plain", 415, /application\/json/],
    ];
    for (const [name, body, type, status, message] of cases) {
      it(`refuses ${name} with ${status}`, async () => {
        const { source } = await newSource();
        const response = await post(source.secret, body(), type);
        expect(response.status).toBe(status);
        expect((await response.json()).error).toMatch(message);
        expect(await itemCount(source.id)).toBe(0);
      });
    }

    it("refuses a 50 MB item with 413 before reading it all (declared or streamed without a length)", async () => {
      const { source } = await newSource();
      const declared = await post(source.secret, "x", "application/json", { "content-length": String(50_000_000) });
      expect(declared.status).toBe(413);
      expect((await declared.json()).error).toMatch(/larger than 5 MB/);

      let pulled = 0;
      const chunk = new Uint8Array(1_000_000).fill(0x20);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled >= 50_000_000) return controller.close();
          pulled += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const streamed = await post(source.secret, stream, "application/json");
      expect(streamed.status).toBe(413);
      expect(pulled).toBeLessThan(10_000_000);
      expect(await itemCount(source.id)).toBe(0);
    });
  });
});
