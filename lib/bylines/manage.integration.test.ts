import { describe, expect, it } from "vitest";

import { findMergedByline } from "@/lib/bylines/queries";
import { createByline, listBylinesForDesk, mergeBylines, updateByline } from "@/lib/bylines/mutations";
import { bylineTag, CORRECTIONS_TAG, FEEDS_TAG, HOME_TAG, sectionTag, slugTag, storyTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { makeActor, makeMedia, makeSection, makeStory, makeUser, unique } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

async function person() {
  const name = unique("Jo Writer");
  return db.byline.create({ data: { kind: "PERSON", name, slug: unique("jo-writer") }, select: { id: true, name: true, slug: true } });
}

const edit = (bylineId: string, fields: Record<string, unknown>) => ({ bylineId, kind: "PERSON", bio: "", url: "", links: [], photoId: "", userId: "", ...fields });

describe("updateByline", () => {
  it("edits the bio, photo and links, stamping the byline's page alone, audited", async () => {
    const editor = await makeActor("EDITOR");
    const byline = await person();
    await makeStory({ status: "PUBLISHED", bylineIds: [byline.id] });
    const photo = await makeMedia();
    invalidations.clear();
    const links = [{ label: "Mastodon", url: "https://social.example/@jo" }];
    await updateByline(editor, edit(byline.id, { name: byline.name, bio: "Covers the coast.", url: "https://jo.example", links, photoId: photo.id }));
    const saved = await db.byline.findUniqueOrThrow({ where: { id: byline.id }, select: { bio: true, url: true, links: true, photoId: true } });
    expect(saved).toEqual({ bio: "Covers the coast.", url: "https://jo.example", links, photoId: photo.id });
    expect(invalidations.tags).toEqual([bylineTag(byline.slug)]);
    const audit = await db.auditLog.findMany({ where: { entityId: byline.id, action: "byline.update" }, select: { actorId: true, data: true } });
    expect(audit).toEqual([{ actorId: editor.id, data: expect.objectContaining({ bio: { before: "", after: "Covers the coast." }, photoId: { before: null, after: photo.id } }) }]);
  });

  it("renames: every page showing one of its published stories is stamped", async () => {
    const editor = await makeActor("EDITOR");
    const byline = await person();
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id, bylineIds: [byline.id] });
    invalidations.clear();
    await updateByline(editor, edit(byline.id, { name: `${byline.name} Renamed` }));
    expect([...new Set(invalidations.tags)].sort()).toEqual([bylineTag(byline.slug), storyTag(story.id), slugTag(story.slug), sectionTag(section.slug), HOME_TAG, FEEDS_TAG, CORRECTIONS_TAG].sort());
    // The slug stays: links to the byline's page keep working.
    expect((await db.byline.findUniqueOrThrow({ where: { id: byline.id } })).slug).toBe(byline.slug);
  });

  it("links a staff account, refusing a reader's and one already linked elsewhere, and refuses unsafe links", async () => {
    const admin = await makeActor("ADMIN");
    const byline = await person();
    const reporter = await makeUser("REPORTER");
    await updateByline(admin, edit(byline.id, { name: byline.name, userId: reporter.id }));
    expect((await db.byline.findUniqueOrThrow({ where: { id: byline.id } })).userId).toBe(reporter.id);
    expect(invalidations.tags).toEqual([]); // readers see nothing of it

    const reader = await makeUser("READER");
    await expect(updateByline(admin, edit(byline.id, { name: byline.name, userId: reader.id }))).rejects.toMatchObject({ fieldErrors: { userId: [expect.stringContaining("staff account")] } });
    const other = await person();
    await expect(updateByline(admin, edit(other.id, { name: other.name, userId: reporter.id }))).rejects.toMatchObject({
      message: expect.stringContaining(`already linked to the byline “${byline.name}”`),
    });
    for (const url of ["javascript:alert(1)", "ftp://files.example", "not a link"]) {
      await expect(updateByline(admin, edit(other.id, { name: other.name, links: [{ label: "Bad", url }] }))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    expect(await db.byline.findUniqueOrThrow({ where: { id: other.id }, select: { userId: true, links: true } })).toEqual({ userId: null, links: [] });
  });

  it("refuses reporters", async () => {
    const byline = await person();
    await expect(updateByline(await makeActor("REPORTER"), edit(byline.id, { name: "Taken Over" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listBylinesForDesk(await makeActor("REPORTER"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await db.byline.findUniqueOrThrow({ where: { id: byline.id } })).name).toBe(byline.name);
  });
});

describe("mergeBylines", () => {
  it("moves the stories, leaves a redirect, moves the account, deletes the byline, audited, stamping both pages and the stories'", async () => {
    const editor = await makeActor("EDITOR");
    const source = await person();
    const target = await person();
    const account = await makeUser("REPORTER");
    await db.byline.update({ where: { id: source.id }, data: { userId: account.id } });
    const only = await makeStory({ status: "PUBLISHED", bylineIds: [source.id] });
    const both = await makeStory({ status: "DRAFT", bylineIds: [source.id, target.id] });
    invalidations.clear();

    const merged = await mergeBylines(editor, { sourceId: source.id, targetId: target.id });
    expect(merged).toMatchObject({ id: target.id, moved: 1 });
    expect(await db.byline.count({ where: { id: source.id } })).toBe(0);
    expect(await db.storyByline.findMany({ where: { storyId: { in: [only.id, both.id] } }, orderBy: { storyId: "asc" }, select: { storyId: true, bylineId: true } })).toEqual(
      [
        { storyId: only.id, bylineId: target.id },
        { storyId: both.id, bylineId: target.id },
      ].sort((a, b) => a.storyId.localeCompare(b.storyId)),
    );
    expect(await findMergedByline(source.slug)).toBe(target.slug);
    expect((await db.byline.findUniqueOrThrow({ where: { id: target.id } })).userId).toBe(account.id);
    expect(await db.auditLog.findMany({ where: { entityId: target.id, action: "byline.merge" }, select: { actorId: true } })).toEqual([{ actorId: editor.id }]);
    expect(invalidations.tags).toEqual(expect.arrayContaining([bylineTag(source.slug), bylineTag(target.slug), storyTag(only.id), slugTag(only.slug), HOME_TAG, FEEDS_TAG]));
    expect(invalidations.tags).not.toContain(storyTag(both.id)); // a draft: readers never saw it

    // Merging the target on again carries the old slug along.
    const third = await person();
    await mergeBylines(editor, { sourceId: target.id, targetId: third.id });
    expect(await findMergedByline(source.slug)).toBe(third.slug);
    expect(await findMergedByline(target.slug)).toBe(third.slug);
  });

  it("refuses merging a byline into itself, or as a reporter, and changes nothing", async () => {
    const byline = await person();
    const story = await makeStory({ bylineIds: [byline.id] });
    await expect(mergeBylines(await makeActor("EDITOR"), { sourceId: byline.id, targetId: byline.id })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "A byline cannot be merged into itself: choose another byline to merge it into.",
    });
    const other = await person();
    await expect(mergeBylines(await makeActor("REPORTER"), { sourceId: byline.id, targetId: other.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.storyByline.findMany({ where: { storyId: story.id }, select: { bylineId: true } })).toEqual([{ bylineId: byline.id }]);
    expect(await db.byline.count({ where: { id: byline.id } })).toBe(1);
    expect(invalidations.tags).toEqual([]);
  });

  it("gives a new byline a slug other than a merged one's", async () => {
    const editor = await makeActor("EDITOR");
    const name = unique("Same Name");
    const first = await createByline(editor, { name, kind: "PERSON" });
    const into = await person();
    const firstSlug = (await db.byline.findUniqueOrThrow({ where: { id: first.id } })).slug;
    await mergeBylines(editor, { sourceId: first.id, targetId: into.id });
    const second = await createByline(editor, { name, kind: "PERSON" });
    expect((await db.byline.findUniqueOrThrow({ where: { id: second.id } })).slug).not.toBe(firstSlug);
    expect(await findMergedByline(firstSlug)).toBe(into.slug);
  });
});
