// The Admin API against the real database: drafts created and saved with the desk's validation and
// optimistic locking, status changes as the key's role allows, media uploads, and every change in
// the audit log under the integration's name. Every answer is checked against the OpenAPI document.

import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { callApi, makeKey } from "@/tests/integration/api-client";
import { doc, makeByline, makeSection, unique } from "@/tests/integration/factories";

async function png(): Promise<Uint8Array> {
  const channel = () => Math.floor(Math.random() * 256);
  return new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: channel(), g: channel(), b: channel() } } }).png().toBuffer());
}

describe("the Admin API", () => {
  it("creates a draft as the integration, audited under its account", async () => {
    const key = await makeKey("REPORTER");
    const headline = unique("From the wire");
    const created = await callApi("/api/admin/v1/stories", { key: key.secret, json: { headline, body: doc("First paragraph.") } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ status: "DRAFT", version: 1 });
    const story = await db.story.findUniqueOrThrow({ where: { id: created.body.data.id }, select: { headline: true, createdById: true, status: true } });
    expect(story).toEqual({ headline, createdById: key.userId, status: "DRAFT" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: created.body.data.id, action: "story.create" }, select: { actorId: true, actor: { select: { displayName: true } } } });
    expect(audit.actorId).toBe(key.userId);
    expect(audit.actor?.displayName).toContain("(integration)");
  });

  it("validates like the desk: a bad body or field is a 400 with the field's message, and nothing is written", async () => {
    const key = await makeKey("EDITOR");
    const standfirst = unique("Refused draft");
    const bad = await callApi("/api/admin/v1/stories", { key: key.secret, json: { headline: "x".repeat(500), standfirst, body: { type: "doc", content: [{ type: "script" }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("INVALID_INPUT");
    expect(Object.keys(bad.body.error.fieldErrors)).toEqual(expect.arrayContaining(["headline", "body"]));
    const notJson = await callApi("/api/admin/v1/stories", { key: key.secret, headers: { "content-type": "text/plain" }, body: JSON.stringify({ standfirst, body: doc("Text.") }) });
    expect(notJson.status).toBe(400);
    expect(await db.story.count({ where: { standfirst } })).toBe(0);
  });

  it("sets the dateline place, credit line and embargo, and refuses to publish before the embargo (issue 16)", async () => {
    const editor = await makeKey("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const embargoUntil = new Date(Date.now() + 3_600_000).toISOString();
    const input = {
      headline: unique("Embargoed wire story"),
      sectionId: section.id,
      bylineIds: [byline.id],
      datelinePlace: "SEOUL",
      credit: "Reporting by Kim Min-ji; Editing by Ana Ruiz",
      embargoUntil,
      body: doc("A full paragraph for readers."),
    };
    const badCredit = await callApi("/api/admin/v1/stories", { key: editor.secret, json: { ...input, credit: "Line\u0007bell" } });
    expect(badCredit.status).toBe(400);
    expect(badCredit.body.error.fieldErrors.credit[0]).toMatch(/^The credit line contains an invisible control character/);
    const created = await callApi("/api/admin/v1/stories", { key: editor.secret, json: input });
    expect(created.status).toBe(201);
    const id = created.body.data.id as string;
    const stored = await db.story.findUniqueOrThrow({ where: { id }, select: { datelinePlace: true, credit: true, embargoUntil: true } });
    expect(stored).toEqual({ datelinePlace: "SEOUL", credit: input.credit, embargoUntil: new Date(embargoUntil) });
    const refused = await callApi(`/api/admin/v1/stories/${id}/status`, { key: editor.secret, json: { version: 1, action: "publish", acknowledgeWarnings: true } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^This story is embargoed until .+: it cannot be published before then\./);
    expect((await db.story.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe("DRAFT");
    const reader = await makeKey("READER");
    const hidden = await callApi(`/api/content/v1/stories/${id}`, { key: reader.secret });
    expect(hidden.status).toBe(404);
  });

  it("saves on the version it was based on, and answers a stale version with 409 and the current version", async () => {
    const key = await makeKey("REPORTER");
    const created = await callApi("/api/admin/v1/stories", { key: key.secret, json: { headline: unique("Draft"), body: doc("One.") } });
    const id = created.body.data.id as string;
    const saved = await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret, method: "PUT", json: { version: 1, headline: "Second headline", body: doc("Two.") } });
    expect(saved.status).toBe(200);
    expect(saved.body.data.version).toBe(2);
    const stale = await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret, method: "PUT", json: { version: 1, headline: "Lost update", body: doc("Three.") } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("CONFLICT");
    expect(stale.body.error.details.currentVersion).toBe(2);
    const stored = await db.story.findUniqueOrThrow({ where: { id }, select: { headline: true, version: true } });
    expect(stored).toEqual({ headline: "Second headline", version: 2 });
  });

  it("reads a draft back with the version to save on, in the shape a save takes; the desk's rules decide who sees it", async () => {
    const reporter = await makeKey("REPORTER");
    const section = await makeSection();
    const headline = unique("Read me back");
    // A tag of its own: tags are shared by name, whatever the case, with every other test on this database.
    const tag = unique("Harbour");
    const created = await callApi("/api/admin/v1/stories", { key: reporter.secret, json: { headline, sectionId: section.id, tags: [tag], body: doc("One paragraph.") } });
    const id = created.body.data.id as string;
    const read = await callApi(`/api/admin/v1/stories/${id}`, { key: reporter.secret });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id, version: 1, status: "DRAFT", headline, sectionId: section.id, tags: [tag], bylineIds: [] });
    // What it read saves back on its version.
    const { id: _id, slug: _slug, status: _status, publishedAt: _p, scheduledFor: _s, updatedAt: _u, ...fields } = read.body.data;
    const saved = await callApi(`/api/admin/v1/stories/${id}`, { key: reporter.secret, method: "PUT", json: { ...fields, standfirst: "Added later." } });
    expect(saved.status).toBe(200);
    expect(await db.story.findUniqueOrThrow({ where: { id }, select: { headline: true, standfirst: true, version: true } })).toEqual({ headline, standfirst: "Added later.", version: 2 });

    // Another reporter's draft is not theirs to read; a read-only key is no desk user; a bad id is missing.
    expect((await callApi(`/api/admin/v1/stories/${id}`, { key: (await makeKey("REPORTER")).secret })).status).toBe(403);
    expect((await callApi(`/api/admin/v1/stories/${id}`, { key: (await makeKey("READER")).secret })).status).toBe(403);
    expect((await callApi("/api/admin/v1/stories/not-a-story", { key: reporter.secret })).status).toBe(404);
    expect((await callApi(`/api/admin/v1/stories/${id}`, {})).status).toBe(401);
  });

  it("reads a draft, saves it on the version it read, and a save on that version again is 409 with the current one", async () => {
    const key = await makeKey("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const headline = unique("Round trip");
    const created = await callApi("/api/admin/v1/stories", {
      key: key.secret,
      json: { headline, standfirst: "First standfirst.", sectionId: section.id, bylineIds: [byline.id], tags: ["Port"], datelinePlace: "GENOA", credit: "Wire staff", body: doc("One.") },
    });
    const id = created.body.data.id as string;
    const read = await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret });
    expect(read.body.data).toMatchObject({
      version: 1,
      status: "DRAFT",
      headline,
      standfirst: "First standfirst.",
      sectionId: section.id,
      bylineIds: [byline.id],
      tags: ["Port"],
      datelinePlace: "GENOA",
      credit: "Wire staff",
      embargoUntil: null,
      body: doc("One."),
      canEdit: true,
      actions: expect.arrayContaining(["submit", "publish", "schedule"]),
    });
    // The whole answer goes back as it came, with one field changed.
    const saved = await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret, method: "PUT", json: { ...read.body.data, credit: "Harbour desk" } });
    expect(saved.status).toBe(200);
    expect(saved.body.data.version).toBe(2);
    const again = await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret, method: "PUT", json: { ...read.body.data, credit: "Lost update" } });
    expect(again.status).toBe(409);
    expect(again.body.error.details.currentVersion).toBe(2);
    expect(await db.story.findUniqueOrThrow({ where: { id }, select: { credit: true, version: true } })).toEqual({ credit: "Harbour desk", version: 2 });
    expect((await callApi(`/api/admin/v1/stories/${id}`, { key: key.secret })).body.data).toMatchObject({ version: 2, credit: "Harbour desk" });
  });

  it("tells a reporter's key it may no longer save its own story once published, and refuses the save", async () => {
    const reporter = await makeKey("REPORTER");
    const editor = await makeKey("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const created = await callApi("/api/admin/v1/stories", {
      key: reporter.secret,
      json: { headline: unique("Out now"), sectionId: section.id, bylineIds: [byline.id], body: doc("A full paragraph for readers.") },
    });
    const id = created.body.data.id as string;
    expect((await callApi(`/api/admin/v1/stories/${id}`, { key: reporter.secret })).body.data).toMatchObject({ canEdit: true, actions: ["submit"] });
    await callApi(`/api/admin/v1/stories/${id}/status`, { key: editor.secret, json: { version: 1, action: "publish", acknowledgeWarnings: true } });
    const read = await callApi(`/api/admin/v1/stories/${id}`, { key: reporter.secret });
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ status: "PUBLISHED", canEdit: false, actions: [] });
    const refused = await callApi(`/api/admin/v1/stories/${id}`, { key: reporter.secret, method: "PUT", json: { ...read.body.data, headline: "Changed after" } });
    expect(refused.status).toBe(403);
    expect((await db.story.findUniqueOrThrow({ where: { id }, select: { version: true } })).version).toBe(read.body.data.version);
  });

  it("changes status as the key's role allows: a reporter submits but may not publish; an editor publishes", async () => {
    const reporter = await makeKey("REPORTER");
    const editor = await makeKey("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const input = { headline: unique("Ready story"), sectionId: section.id, bylineIds: [byline.id], body: doc("A full paragraph for readers.") };
    const created = await callApi("/api/admin/v1/stories", { key: reporter.secret, json: input });
    const id = created.body.data.id as string;
    const refused = await callApi(`/api/admin/v1/stories/${id}/status`, { key: reporter.secret, json: { version: 1, action: "publish" } });
    expect(refused.status).toBe(403);
    const submitted = await callApi(`/api/admin/v1/stories/${id}/status`, { key: reporter.secret, json: { version: 1, action: "submit" } });
    expect(submitted.status).toBe(200);
    expect(submitted.body.data.status).toBe("IN_REVIEW");
    const published = await callApi(`/api/admin/v1/stories/${id}/status`, { key: editor.secret, json: { version: 2, action: "publish", acknowledgeWarnings: true } });
    expect(published.status).toBe(200);
    expect(published.body.data.status).toBe("PUBLISHED");
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: id, action: "story.publish" }, select: { actorId: true } });
    expect(audit.actorId).toBe(editor.userId);
  });

  it("refuses a read-only key anything that writes, with 403 and nothing written", async () => {
    const key = await makeKey("READER");
    const headline = unique("Not allowed");
    const answer = await callApi("/api/admin/v1/stories", { key: key.secret, json: { headline, body: doc("Text.") } });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("FORBIDDEN");
    expect(await db.story.count({ where: { headline } })).toBe(0);
  });

  it("uploads an image to the media library, and refuses a file that is no image", async () => {
    const key = await makeKey("REPORTER");
    const alt = unique("Harbour at dawn");
    const body = new FormData();
    body.append("alt", alt);
    body.append("file", new File([(await png()).slice()], "harbour.png", { type: "image/png" }));
    const uploaded = await callApi("/api/admin/v1/media", { key: key.secret, body });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.data.alt).toBe(alt);
    const media = await db.media.findUniqueOrThrow({ where: { id: uploaded.body.data.id }, select: { uploadedById: true } });
    expect(media.uploadedById).toBe(key.userId);
    const junk = new FormData();
    junk.append("file", new File([new TextEncoder().encode("not an image")], "x.png", { type: "image/png" }));
    expect((await callApi("/api/admin/v1/media", { key: key.secret, body: junk })).status).toBe(400);
  });

  it("refuses a revoked key before doing anything", async () => {
    const key = await makeKey("EDITOR");
    await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    const headline = unique("After revoking");
    const answer = await callApi("/api/admin/v1/stories", { key: key.secret, json: { headline, body: doc("Text.") } });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe("KEY_REVOKED");
    expect(await db.story.count({ where: { headline } })).toBe(0);
  });
});
