import { afterEach, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { getLeadState, pinStoryAsLead, unpinLead } from "@/lib/stories/lead";
import {
  getBylinePage,
  getFrontPage,
  getTagPage,
  listRelatedStories,
  listSectionStories,
  MAX_PAGE,
  PAGE_SIZE,
  parsePageNumber,
} from "@/lib/stories/listing";
import { doc, makeActor, makeByline, makeSection, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** Published stories in one section, the first the newest, an hour apart; returns their ids newest first. */
async function publishMany(count: number, options: { sectionId: string; bylineId?: string; tagId?: string; newest?: Date }) {
  const newest = options.newest ?? new Date();
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const publishedAt = new Date(newest.getTime() - i * 3_600_000);
    const story = await db.story.create({
      data: {
        slug: unique("listed"),
        headline: unique("Listed headline"),
        standfirst: "A standfirst.",
        body: doc("Body text") as object,
        bodyText: "Body text",
        status: "PUBLISHED",
        publishedAt,
        firstPublishedAt: publishedAt,
        sectionId: options.sectionId,
        ...(options.bylineId ? { bylines: { create: [{ bylineId: options.bylineId, position: 0 }] } } : {}),
        ...(options.tagId ? { tags: { create: [{ tagId: options.tagId }] } } : {}),
      },
      select: { id: true },
    });
    ids.push(story.id);
  }
  return ids;
}

async function makeTag() {
  const slug = unique("tag");
  return db.tag.create({ data: { name: slug, slug }, select: { id: true, slug: true, name: true } });
}

// Stories dated in the future outrank every other test's stories as "newest"; they are removed
// after each test so other files' tests never see them.
const farFuture: string[] = [];
afterEach(async () => {
  if (farFuture.length > 0) await db.story.deleteMany({ where: { id: { in: farFuture.splice(0) } } });
  await db.story.updateMany({ where: { pinnedAt: { not: null } }, data: { pinnedAt: null } });
});

describe("parsePageNumber", () => {
  it("reads plain whole numbers from 1 to MAX_PAGE, and no page at all as page 1", () => {
    expect(parsePageNumber(undefined)).toBe(1);
    expect(parsePageNumber("1")).toBe(1);
    expect(parsePageNumber("37")).toBe(37);
    expect(parsePageNumber(String(MAX_PAGE))).toBe(MAX_PAGE);
    expect(parsePageNumber(2)).toBe(2);
  });

  it.each([["abc"], ["0"], ["-1"], ["1.5"], ["02"], ["1e3"], [" 2"], [""], [String(MAX_PAGE + 1)], ["99999999999999999999"], [["1", "2"]], [0], [2.5], [null]])(
    "treats %j as a page that does not exist",
    (raw) => {
      expect(() => parsePageNumber(raw)).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    },
  );
});

describe("listSectionStories", () => {
  it("pages a section 20 at a time, newest first, and 404s the page after the last", async () => {
    const section = await makeSection();
    const ids = await publishMany(45, { sectionId: section.id });
    await makeStory({ status: "DRAFT", sectionId: section.id });
    await makeStory({ status: "UNPUBLISHED", sectionId: section.id });

    const first = await listSectionStories(section.slug, undefined);
    expect(first.section).toMatchObject({ name: section.name, slug: section.slug });
    expect(first.pagination).toEqual({ page: 1, pageCount: 3, total: 45, pageSize: PAGE_SIZE });
    expect(first.stories.map((s) => s.id)).toEqual(ids.slice(0, 20));
    expect(first.stories[0]).toMatchObject({ href: `/${section.slug}/${first.stories[0]!.slug}`, standfirst: "A standfirst." });

    const second = await listSectionStories(section.slug, "2");
    expect(second.stories.map((s) => s.id)).toEqual(ids.slice(20, 40));
    const third = await listSectionStories(section.slug, "3");
    expect(third.stories.map((s) => s.id)).toEqual(ids.slice(40));
    expect(third.pagination.page).toBe(3);

    for (const page of ["4", "10000", "abc", "0", "99999"]) {
      expect((await refusal(listSectionStories(section.slug, page))).code).toBe("NOT_FOUND");
    }
  });

  it("gives an empty section an empty first page, and 404s unknown or malformed sections", async () => {
    const section = await makeSection();
    await makeStory({ status: "DRAFT", sectionId: section.id });
    const empty = await listSectionStories(section.slug, undefined);
    expect(empty.stories).toEqual([]);
    expect(empty.pagination).toMatchObject({ page: 1, pageCount: 1, total: 0 });
    expect((await refusal(listSectionStories(section.slug, "2"))).code).toBe("NOT_FOUND");
    expect((await refusal(listSectionStories(unique("no-such-section"), undefined))).code).toBe("NOT_FOUND");
    expect((await refusal(listSectionStories("../etc/passwd", undefined))).code).toBe("NOT_FOUND");
    expect((await refusal(listSectionStories("x".repeat(500), undefined))).code).toBe("NOT_FOUND");
  });
});

describe("getBylinePage", () => {
  it("shows the byline's bio and its published stories only, paged", async () => {
    const slug = unique("person");
    const byline = await db.byline.create({
      data: { kind: "PERSON", name: unique("Dana Quill"), slug, bio: "Covers the harbour.", url: "https://example.org/dana" },
      select: { id: true, name: true },
    });
    const section = await makeSection();
    const ids = await publishMany(21, { sectionId: section.id, bylineId: byline.id });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id, bylineIds: [byline.id] });
    const other = await makeStory({ status: "PUBLISHED", sectionId: section.id });

    const page = await getBylinePage(slug, undefined);
    expect(page.byline).toEqual({ name: byline.name, slug, kind: "PERSON", bio: "Covers the harbour.", url: "https://example.org/dana", photo: null, links: [] });
    expect(page.pagination).toMatchObject({ page: 1, pageCount: 2, total: 21 });
    expect(page.stories.map((s) => s.id)).toEqual(ids.slice(0, 20));
    expect(page.stories[0]!.bylines).toEqual([{ id: byline.id, name: byline.name, slug, kind: "PERSON" }]);
    const second = await getBylinePage(slug, "2");
    expect(second.stories.map((s) => s.id)).toEqual([ids[20]]);
    expect(second.stories.map((s) => s.id)).not.toContain(draft.id);
    expect(second.stories.map((s) => s.id)).not.toContain(other.id);
    expect((await refusal(getBylinePage(slug, "3"))).code).toBe("NOT_FOUND");
  });

  it("404s an unknown byline and one with nothing published yet", async () => {
    const unpublished = await makeByline("PERSON");
    const { slug } = await db.byline.findUniqueOrThrow({ where: { id: unpublished.id }, select: { slug: true } });
    await makeStory({ status: "DRAFT", bylineIds: [unpublished.id] });
    expect((await refusal(getBylinePage(slug, undefined))).code).toBe("NOT_FOUND");
    expect((await refusal(getBylinePage(unique("nobody"), undefined))).code).toBe("NOT_FOUND");
    expect((await refusal(getBylinePage("Not A Slug", undefined))).code).toBe("NOT_FOUND");
  });
});

describe("getTagPage", () => {
  it("lists a tag's published stories, newest first, and 404s a tag on drafts only", async () => {
    const tag = await makeTag();
    const section = await makeSection();
    const ids = await publishMany(3, { sectionId: section.id, tagId: tag.id });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    await db.storyTag.create({ data: { storyId: draft.id, tagId: tag.id } });

    const page = await getTagPage(tag.slug, "1");
    expect(page.tag).toEqual({ name: tag.name, slug: tag.slug });
    expect(page.stories.map((s) => s.id)).toEqual(ids);
    expect(page.pagination).toMatchObject({ page: 1, pageCount: 1, total: 3 });
    expect((await refusal(getTagPage(tag.slug, "2"))).code).toBe("NOT_FOUND");

    const draftsOnly = await makeTag();
    await db.storyTag.create({ data: { storyId: draft.id, tagId: draftsOnly.id } });
    expect((await refusal(getTagPage(draftsOnly.slug, undefined))).code).toBe("NOT_FOUND");
    expect((await refusal(getTagPage(unique("no-tag"), undefined))).code).toBe("NOT_FOUND");
  });
});

describe("listRelatedStories", () => {
  it("puts stories sharing a tag first, then the section's newest, never the story itself or unpublished ones", async () => {
    const section = await makeSection();
    const elsewhere = await makeSection();
    const tag = await makeTag();
    const [story] = await publishMany(1, { sectionId: section.id, tagId: tag.id, newest: new Date(Date.now() - 86_400_000) });
    // Sharing the tag from another section, older than everything in the section.
    const [tagged] = await publishMany(1, { sectionId: elsewhere.id, tagId: tag.id, newest: new Date(Date.now() - 30 * 86_400_000) });
    const sameSection = await publishMany(4, { sectionId: section.id });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    await db.storyTag.create({ data: { storyId: draft.id, tagId: tag.id } });

    const related = await listRelatedStories(story!);
    expect(related.map((s) => s.id)).toEqual([tagged, ...sameSection.slice(0, 3)]);
    expect(related[0]!.section.slug).toBe(elsewhere.slug);
    expect(await listRelatedStories(story!, 2)).toHaveLength(2);
  });

  it("finds nothing for a story alone in its section, or for an id that is not one", async () => {
    const section = await makeSection();
    const [alone] = await publishMany(1, { sectionId: section.id });
    expect(await listRelatedStories(alone!)).toEqual([]);
    expect(await listRelatedStories("not-a-uuid")).toEqual([]);
  });
});

describe("the front page and its lead", () => {
  it("leads with the newest story when nothing is pinned, and groups the rest by section, four each", async () => {
    const section = await makeSection();
    // Dated far ahead so no other test's story is newer while this one runs.
    const ids = await publishMany(6, { sectionId: section.id, newest: new Date("3000-01-01T12:00:00Z") });
    farFuture.push(...ids);
    await makeStory({ status: "DRAFT", sectionId: section.id });

    const front = await getFrontPage();
    expect(front.lead?.id).toBe(ids[0]);
    expect(front.lead).toMatchObject({ standfirst: "A standfirst.", section: { slug: section.slug } });
    const group = front.sections.find((g) => g.section.slug === section.slug);
    expect(group?.section).toMatchObject({ name: section.name, slug: section.slug });
    expect(group?.stories.map((s) => s.id)).toEqual(ids.slice(1, 5));
    // No story appears twice, and no group is empty or longer than four.
    const all = [front.lead!.id, ...front.sections.flatMap((g) => g.stories.map((s) => s.id))];
    expect(new Set(all).size).toBe(all.length);
    for (const g of front.sections) expect(g.stories.length).toBeGreaterThan(0);
    for (const g of front.sections) expect(g.stories.length).toBeLessThanOrEqual(4);
  });

  it("leads with the pinned story until it is unpinned; only one story is pinned at a time", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const ids = await publishMany(6, { sectionId: section.id, newest: new Date(Date.now() - 3_600_000) });
    const older = ids[5]!;
    const before = await db.story.findUniqueOrThrow({ where: { id: older }, select: { updatedAt: true, version: true } });

    const pinned = await pinStoryAsLead(editor, { storyId: older });
    expect(pinned.storyId).toBe(older);
    let front = await getFrontPage();
    expect(front.lead?.id).toBe(older);
    expect(front.sections.find((g) => g.section.slug === section.slug)?.stories.map((s) => s.id)).toEqual(ids.slice(0, 4));
    // A placement, not an edit: readers see no "Updated", editors no new version.
    expect(await db.story.findUniqueOrThrow({ where: { id: older }, select: { updatedAt: true, version: true } })).toEqual(before);
    expect(await getLeadState(editor, older)).toEqual({ isPublished: true, isPinned: true, hasPinnedLead: true });

    // Pinning another replaces the first pin.
    const second = await pinStoryAsLead(editor, { storyId: ids[3]! });
    expect(second.replacedIds).toEqual([older]);
    expect((await getFrontPage()).lead?.id).toBe(ids[3]);
    expect(await db.story.count({ where: { pinnedAt: { not: null } } })).toBe(1);
    expect(await getLeadState(editor, older)).toEqual({ isPublished: true, isPinned: false, hasPinnedLead: true });

    const audits = await db.auditLog.findMany({
      where: { entityType: "story", entityId: { in: [older, ids[3]!] }, action: { in: ["story.pin", "story.unpin"] } },
      orderBy: { id: "asc" },
      select: { action: true, actorId: true, entityId: true },
    });
    expect(audits).toEqual([
      { action: "story.pin", actorId: editor.id, entityId: older },
      { action: "story.pin", actorId: editor.id, entityId: ids[3] },
    ]);

    const unpinned = await unpinLead(editor);
    expect(unpinned.unpinnedIds).toEqual([ids[3]]);
    expect(await db.story.count({ where: { pinnedAt: { not: null } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "story.unpin", entityId: ids[3]!, actorId: editor.id } })).toBe(1);
    front = await getFrontPage();
    expect(front.lead?.id).not.toBe(ids[3]);
    expect(front.sections.find((g) => g.section.slug === section.slug)?.stories.map((s) => s.id)).toEqual(ids.slice(0, 4));
  });

  it("ignores a pinned story once it is no longer published", async () => {
    const editor = await makeActor("ADMIN");
    const section = await makeSection();
    const [story] = await publishMany(1, { sectionId: section.id, newest: new Date(Date.now() - 7 * 86_400_000) });
    await pinStoryAsLead(editor, { storyId: story! });
    expect((await getFrontPage()).lead?.id).toBe(story);
    await db.story.update({ where: { id: story! }, data: { status: "UNPUBLISHED" } });
    const front = await getFrontPage();
    expect(front.lead?.id).not.toBe(story);
    expect(front.sections.flatMap((g) => g.stories).map((s) => s.id)).not.toContain(story);
  });

  it("pins only published stories, and only for editors and admins", async () => {
    const editor = await makeActor("EDITOR");
    const draft = await makeStory({ status: "DRAFT" });
    const [published] = await publishMany(1, { sectionId: (await makeSection()).id, newest: new Date(Date.now() - 86_400_000) });
    const auditsBefore = await db.auditLog.count({ where: { action: "story.pin" } });

    expect(await refusal(pinStoryAsLead(editor, { storyId: draft.id }))).toMatchObject({ code: "INVALID_TRANSITION" });
    expect((await refusal(pinStoryAsLead(editor, { storyId: "00000000-0000-4000-8000-000000000000" }))).code).toBe("NOT_FOUND");
    expect((await refusal(pinStoryAsLead(editor, { storyId: "nope" }))).code).toBe("NOT_FOUND");
    expect((await refusal(pinStoryAsLead(editor, null))).code).toBe("NOT_FOUND");
    for (const role of ["REPORTER", "MODERATOR", "READER"] as const) {
      const actor = await makeActor(role);
      expect((await refusal(pinStoryAsLead(actor, { storyId: published! }))).code).toBe("FORBIDDEN");
      expect((await refusal(unpinLead(actor))).code).toBe("FORBIDDEN");
      expect(await getLeadState(actor, published!)).toBeNull();
    }
    expect((await refusal(pinStoryAsLead(null, { storyId: published! }))).code).toBe("UNAUTHENTICATED");
    expect(await db.story.count({ where: { pinnedAt: { not: null } } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "story.pin" } })).toBe(auditsBefore);
    expect(await getLeadState(editor, draft.id)).toEqual({ isPublished: false, isPinned: false, hasPinnedLead: false });
    expect(await getLeadState(editor, "00000000-0000-4000-8000-000000000000")).toBeNull();
  });
});
