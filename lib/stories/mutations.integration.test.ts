import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { changeStoryStatus, createStory, saveStory } from "@/lib/stories/mutations";
import { getPublishedStory } from "@/lib/stories/queries";
import { KEEP_THE_SECTION, WRITE_SOMETHING_FIRST } from "@/lib/stories/sentences";
import { doc, makeActor, makeSection, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function counts() {
  const [stories, revisions, audits] = await Promise.all([db.story.count(), db.storyRevision.count(), db.auditLog.count()]);
  return { stories, revisions, audits };
}

describe("createStory", () => {
  it("stores the story with its bylines, a first revision and an audit record", async () => {
    const editor = await makeActor("EDITOR", { withByline: true });
    const section = await makeSection();
    const headline = unique("Sea wall vote");
    const saved = await createStory(editor, {
      headline,
      standfirst: "Councillors backed it.",
      sectionId: section.id,
      dateline: "Europe",
      body: JSON.stringify(doc("First paragraph.", "Second paragraph.")),
    });
    const story = await db.story.findUniqueOrThrow({
      where: { id: saved.id },
      select: { headline: true, status: true, version: true, bodyText: true, dateline: true, slug: true, bylines: { select: { bylineId: true } } },
    });
    expect(story).toMatchObject({ headline, status: "DRAFT", version: 1, dateline: "Europe", bodyText: "First paragraph.\n\nSecond paragraph." });
    expect(story.slug).toMatch(/^sea-wall-vote-/);
    expect(story.bylines.map((b) => b.bylineId)).toEqual([editor.bylineId]);
    expect(await db.storyRevision.count({ where: { storyId: saved.id } })).toBe(1);
    expect(await db.auditLog.findMany({ where: { entityId: saved.id }, select: { action: true, actorId: true } })).toEqual([
      { action: "story.create", actorId: editor.id },
    ]);
  });

  it("gives a second story with the same headline its own slug", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const headline = unique("Same headline");
    const first = await createStory(editor, { headline, sectionId: section.id, body: doc("a") });
    const second = await createStory(editor, { headline, sectionId: section.id, body: doc("b") });
    expect(second.slug).toBe(`${first.slug}-2`);
  });

  it.each([
    ["no text at all", { headline: "", standfirst: " ", body: { type: "doc", content: [{ type: "paragraph" }] } }, "headline", WRITE_SOMETHING_FIRST],
    ["an over-long headline", { headline: "x".repeat(201) }, "headline", "Keep the headline under 200 characters."],
    ["an over-long standfirst", { standfirst: "x".repeat(401) }, "standfirst", "Keep the standfirst under 400 characters."],
    ["a section that is not an id", { sectionId: "world" }, "sectionId", "Choose a section."],
    ["an unknown section", { sectionId: "00000000-0000-4000-8000-000000000000" }, "sectionId", "Choose a section from the list."],
    ["a body that is not a document", { body: '{"type":"notdoc"}' }, "body", "The body is not a document."],
    ["a body that is not JSON", { body: "<p>hi</p>" }, "body", "The body could not be read. Reload the page and try again."],
    [
      "a javascript: link",
      { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] } },
      "body",
      'The link "javascript:alert(1)" is not allowed: links must be http, https, mailto or a path on this site.',
    ],
    ["a malformed slug", { slug: "Not A Slug" }, "slug", "Use lower-case letters, digits and single hyphens (at most 80 characters)."],
    ["a NUL byte in the headline", { headline: "Sea\u0000wall" }, "headline", "The headline contains a NUL character (U+0000): remove it and try again."],
    ["a line break in the headline", { headline: "Sea\nwall" }, "headline", "The headline must be on one line: remove the line break."],
    ["a control character in the standfirst", { standfirst: "Council\u001bvotes" }, "standfirst", "The standfirst contains an invisible control character (U+001B): remove it and try again."],
    ["a NUL byte in the dateline", { dateline: "Europe\u0000" }, "dateline", "The dateline contains a NUL character (U+0000): remove it and try again."],
    ["a C1 control in a tag", { tags: "floods, sea\u0085wall" }, "tags", "The list of tags contains an invisible control character (U+0085): remove it and try again."],
    ["a NUL byte in the body's text", { body: doc("First\u0000paragraph.") }, "body", "The body contains a NUL character (U+0000): remove it and try again."],
    ["a lone surrogate in the headline", { headline: "Sea wall \uD83C" }, "headline", "The headline contains a broken character (half of a surrogate pair): retype it and try again."],
  ])("refuses %s with a message beside the field and writes nothing", async (_label, override, field, message) => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const before = await db.story.count({ where: { createdById: editor.id } });
    const error = await refusal(createStory(editor, { headline: "Fine headline", sectionId: section.id, body: doc("Body"), ...override }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fieldErrors?.[field]).toEqual([message]);
    expect(await db.story.count({ where: { createdById: editor.id } })).toBe(before);
  });

  it.each(["READER", "MODERATOR"] as const)("refuses a %s and writes nothing", async (role) => {
    const actor = await makeActor(role);
    const section = await makeSection();
    const error = await refusal(createStory(actor, { headline: "Not allowed", sectionId: section.id, body: doc("x") }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.story.count({ where: { createdById: actor.id } })).toBe(0);
  });

  it("refuses an anonymous caller", async () => {
    const section = await makeSection();
    const before = await counts();
    const error = await refusal(createStory(null, { headline: "Anon", sectionId: section.id, body: doc("x") }));
    expect(error.code).toBe("UNAUTHENTICATED");
    expect((await counts()).stories).toBe(before.stories);
  });
});

describe("saveStory", () => {
  it("saves on the current version and bumps it", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const saved = await saveStory(editor, story.id, story.version, { headline: "New headline", sectionId: story.sectionId, body: doc("New body") });
    expect(saved.version).toBe(story.version + 1);
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, bodyText: true, updatedById: true } });
    expect(row).toEqual({ headline: "New headline", bodyText: "New body", updatedById: editor.id });
  });

  it("refuses a save based on a stale version, says who saved, and leaves the story as it was", async () => {
    const first = await makeActor("EDITOR");
    const second = await makeActor("EDITOR");
    const story = await makeStory();
    await saveStory(first, story.id, story.version, { headline: "First editor's headline", sectionId: story.sectionId, body: doc("one") });
    const error = await refusal(saveStory(second, story.id, story.version, { headline: "Second editor's headline", sectionId: story.sectionId, body: doc("two") }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain(first.displayName);
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, version: true } });
    expect(row).toEqual({ headline: "First editor's headline", version: story.version + 1 });
  });

  it("lets exactly one of two simultaneous saves on the same version through", async () => {
    const [a, b] = await Promise.all([makeActor("EDITOR"), makeActor("EDITOR")]);
    const story = await makeStory();
    const results = await Promise.allSettled([
      saveStory(a, story.id, story.version, { headline: "From A", sectionId: story.sectionId, body: doc("A") }),
      saveStory(b, story.id, story.version, { headline: "From B", sectionId: story.sectionId, body: doc("B") }),
    ]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0]?.reason as AppError).code).toBe("CONFLICT");
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, version: true } });
    expect(row.version).toBe(story.version + 1);
    expect(["From A", "From B"]).toContain(row.headline);
    expect(await db.storyRevision.count({ where: { storyId: story.id } })).toBe(1);
  });

  it("lets a reporter edit their own draft but not someone else's", async () => {
    const reporter = await makeActor("REPORTER");
    const own = await makeStory({ createdById: reporter.id });
    const other = await makeStory();
    await saveStory(reporter, own.id, own.version, { headline: "Mine", sectionId: own.sectionId, body: doc("x") });
    const error = await refusal(saveStory(reporter, other.id, other.version, { headline: "Theirs", sectionId: other.sectionId, body: doc("x") }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await db.story.findUniqueOrThrow({ where: { id: other.id }, select: { version: true } })).version).toBe(other.version);
  });

  it("keeps a published story's old slug as a redirect", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    await db.story.update({ where: { id: story.id }, data: { firstPublishedAt: new Date() } });
    const newSlug = unique("renamed");
    await saveStory(editor, story.id, story.version, { headline: "Renamed", slug: newSlug, sectionId: section.id, body: doc("x") });
    expect(await getPublishedStory(section.slug, story.slug)).toEqual({ kind: "redirect", href: `/${section.slug}/${newSlug}` });
  });
});

describe("changeStoryStatus", () => {
  it("lets an editor publish: status, publish time, a publish revision and an audit record", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const result = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish" });
    expect(result.status).toBe("PUBLISHED");
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true, publishedAt: true } });
    expect(row.status).toBe("PUBLISHED");
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(await db.storyRevision.count({ where: { storyId: story.id, kind: "PUBLISH" } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: story.id, action: "story.publish", actorId: editor.id } })).toBe(1);
    const section = await db.section.findUniqueOrThrow({ where: { id: story.sectionId! }, select: { slug: true } });
    expect((await getPublishedStory(section.slug, story.slug)).kind).toBe("found");
  });

  it("refuses to let a reporter publish, even their own story, and changes nothing", async () => {
    const reporter = await makeActor("REPORTER");
    const story = await makeStory({ createdById: reporter.id });
    const error = await refusal(changeStoryStatus(reporter, { storyId: story.id, version: story.version, action: "publish" }));
    expect(error.code).toBe("FORBIDDEN");
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true, version: true, publishedAt: true } });
    expect(row).toEqual({ status: "DRAFT", version: story.version, publishedAt: null });
    expect(await db.auditLog.count({ where: { entityId: story.id } })).toBe(0);
  });

  it("lets a reporter submit their own draft for review", async () => {
    const reporter = await makeActor("REPORTER");
    const story = await makeStory({ createdById: reporter.id });
    expect((await changeStoryStatus(reporter, { storyId: story.id, version: story.version, action: "submit" })).status).toBe("IN_REVIEW");
  });

  it("refuses a transition the status does not allow", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const error = await refusal(changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "unpublish" }));
    expect(error.code).toBe("INVALID_TRANSITION");
  });

  it("refuses to publish a story with no byline", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ bylineIds: [] });
    const error = await refusal(changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish" }));
    expect(error.fieldErrors?.bylineIds).toEqual(["Add at least one byline."]);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true } })).status).toBe("DRAFT");
  });

  it("refuses a schedule in the past", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const error = await refusal(
      changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "schedule", scheduledFor: new Date(Date.now() - 1000).toISOString() }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true } })).status).toBe("DRAFT");
  });
});

describe("getPublishedStory", () => {
  it("hides drafts and unpublished stories from readers", async () => {
    const section = await makeSection();
    for (const status of ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"] as const) {
      const story = await makeStory({ status, sectionId: section.id });
      expect(await getPublishedStory(section.slug, story.slug)).toEqual({ kind: "missing" });
    }
  });

  it("redirects a story asked for under the wrong section to its own", async () => {
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    expect(await getPublishedStory("wrong-section", story.slug)).toEqual({ kind: "redirect", href: `/${section.slug}/${story.slug}` });
  });
});

describe("drafts need nothing but some text", () => {
  it("saves a new story with only a body: no section, no headline, no byline, and a slug of its own", async () => {
    const reporter = await makeActor("REPORTER");
    const saved = await createStory(reporter, { headline: "", body: JSON.stringify(doc("Only a first paragraph.")) });
    const row = await db.story.findUniqueOrThrow({
      where: { id: saved.id },
      select: { sectionId: true, headline: true, status: true, slug: true, bodyText: true, commentPolicy: true, bylines: { select: { bylineId: true } } },
    });
    expect(row).toMatchObject({ sectionId: null, headline: "", status: "DRAFT", bodyText: "Only a first paragraph.", bylines: [] });
    expect(row.slug).toMatch(/^untitled-[0-9a-f]{8}$/);
    expect(await db.storyRevision.findFirst({ where: { storyId: saved.id }, select: { sectionId: true } })).toEqual({ sectionId: null });

    // Another one gets another slug; once a headline is written, the slug is made from it.
    const other = await createStory(reporter, { standfirst: "Just a standfirst.", body: doc() });
    expect(other.slug).not.toBe(saved.slug);
    const headline = unique("Harbour wall");
    const named = await saveStory(reporter, saved.id, saved.version, { headline, slug: saved.slug, body: doc("Only a first paragraph.") });
    expect(named.slug).toMatch(/^harbour-wall-/);
  });

  it("takes the section's comment policy when a draft gets its first section", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    await db.section.update({ where: { id: section.id }, data: { commentPolicy: "PREMODERATED" } });
    const saved = await createStory(editor, { headline: unique("No section yet"), body: doc("x") });
    expect((await db.story.findUniqueOrThrow({ where: { id: saved.id }, select: { commentPolicy: true } })).commentPolicy).toBe("OPEN");
    await saveStory(editor, saved.id, saved.version, { headline: "Placed", sectionId: section.id, body: doc("x") });
    expect(await db.story.findUniqueOrThrow({ where: { id: saved.id }, select: { sectionId: true, commentPolicy: true } })).toEqual({
      sectionId: section.id,
      commentPolicy: "PREMODERATED",
    });
  });

  it.each(["publish", "schedule"] as const)("refuses to %s a draft without a section, and nothing changes", async (action) => {
    const editor = await makeActor("EDITOR", { withByline: true });
    const saved = await createStory(editor, { headline: unique("Unplaced"), body: doc("Ready but for its section.") });
    const before = await db.story.findUniqueOrThrow({ where: { id: saved.id } });
    const audits = await db.auditLog.count({ where: { entityId: saved.id } });
    const error = await refusal(
      changeStoryStatus(editor, { storyId: saved.id, version: saved.version, action, scheduledFor: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.fieldErrors?.sectionId).toEqual(["Choose a section for the story."]);
    expect(await db.story.findUniqueOrThrow({ where: { id: saved.id } })).toEqual(before);
    expect(await db.auditLog.count({ where: { entityId: saved.id } })).toBe(audits);
  });

  it("refuses to take the section away from a published story", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const error = await refusal(saveStory(editor, story.id, story.version, { headline: "Still live", sectionId: "", body: doc("Body") }));
    expect(error.fieldErrors?.sectionId).toEqual([KEEP_THE_SECTION]);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { sectionId: true, version: true } }))).toEqual({
      sectionId: story.sectionId,
      version: story.version,
    });
  });

  it("treats a create sent twice under one id as one story", async () => {
    const reporter = await makeActor("REPORTER");
    const id = crypto.randomUUID();
    const first = await createStory(reporter, { id, headline: "Sent once", body: doc("a") });
    const second = await createStory(reporter, { id, headline: "Sent again, with more", body: doc("a", "b") });
    expect(second.id).toBe(first.id);
    expect(await db.story.count({ where: { id } })).toBe(1);
    expect(await db.story.findUniqueOrThrow({ where: { id }, select: { headline: true, version: true } })).toEqual({ headline: "Sent again, with more", version: 2 });

    const someoneElse = await makeActor("REPORTER");
    const error = await refusal(createStory(someoneElse, { id, headline: "Not theirs", body: doc("c") }));
    expect(error.code).toBe("CONFLICT");
    expect((await db.story.findUniqueOrThrow({ where: { id }, select: { headline: true } })).headline).toBe("Sent again, with more");
  });
});
