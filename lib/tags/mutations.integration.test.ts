import { describe, expect, it } from "vitest";

import { FEEDS_TAG, storyTag, topicTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { createStory } from "@/lib/stories/mutations";
import { deleteTag, listTagsForDesk, mergeTags, renameTag } from "@/lib/tags/mutations";
import { findRenamedTag } from "@/lib/tags/queries";
import { doc, makeActor, makeStory, unique } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

async function tagOn(storyIds: string[], name = unique("Topic")) {
  const tag = await db.tag.create({ data: { name, slug: name.toLowerCase().replaceAll(" ", "-") }, select: { id: true, name: true, slug: true } });
  for (const storyId of storyIds) await db.storyTag.create({ data: { storyId, tagId: tag.id } });
  return tag;
}

const tagsOf = async (storyId: string) => (await db.storyTag.findMany({ where: { storyId }, select: { tag: { select: { slug: true } } } })).map((t) => t.tag.slug).sort();

describe("listTagsForDesk", () => {
  it("counts each tag's stories and the published ones, and refuses reporters", async () => {
    const published = await makeStory({ status: "PUBLISHED" });
    const draft = await makeStory();
    const tag = await tagOn([published.id, draft.id]);
    expect((await listTagsForDesk(await makeActor("EDITOR"))).find((t) => t.id === tag.id)).toEqual({ ...tag, storyCount: 2, publishedCount: 1 });
    await expect(listTagsForDesk(await makeActor("REPORTER"))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("renameTag", () => {
  it("renames, keeps the old address as a redirect, stamps the tag pages, its stories' pages and the feeds, audited", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const tag = await tagOn([story.id]);
    invalidations.clear();
    const name = unique("Renamed Topic");
    const renamed = await renameTag(editor, { tagId: tag.id, name });
    expect(renamed).toEqual({ id: tag.id, name, slug: name.toLowerCase().replaceAll(" ", "-") });
    expect(await findRenamedTag(tag.slug)).toBe(renamed.slug);
    expect([...invalidations.tags].sort()).toEqual([topicTag(tag.slug), topicTag(renamed.slug), storyTag(story.id), FEEDS_TAG].sort());
    expect(await db.auditLog.count({ where: { entityId: tag.id, action: "tag.rename", actorId: editor.id } })).toBe(1);
  });

  it("refuses a name another tag has, changing nothing, and refuses reporters", async () => {
    const editor = await makeActor("EDITOR");
    const a = await tagOn([]);
    const b = await tagOn([]);
    await expect(renameTag(editor, { tagId: a.id, name: b.name })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringContaining(`Another tag, “${b.name}”`) });
    await expect(renameTag(editor, { tagId: a.id, name: "!!!" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(renameTag(await makeActor("REPORTER"), { tagId: a.id, name: "Whatever" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.tag.findUniqueOrThrow({ where: { id: a.id }, select: { name: true, slug: true } })).toEqual({ name: a.name, slug: a.slug });
    expect(await db.tagSlug.count({ where: { tagId: a.id } })).toBe(0);
    expect(invalidations.tags).toEqual([]);
  });
});

describe("mergeTags", () => {
  it("moves the stories (once each), redirects the old address, deletes the tag, and files a story typed with the old name under the new", async () => {
    const editor = await makeActor("EDITOR");
    const one = await makeStory({ status: "PUBLISHED" });
    const both = await makeStory({ status: "PUBLISHED" });
    const source = await tagOn([one.id, both.id]);
    const target = await tagOn([both.id]);
    invalidations.clear();
    const merged = await mergeTags(editor, { sourceId: source.id, targetId: target.id });
    expect(merged).toMatchObject({ id: target.id, moved: 1 });
    expect(await tagsOf(one.id)).toEqual([target.slug]);
    expect(await tagsOf(both.id)).toEqual([target.slug]);
    expect(await db.tag.count({ where: { id: source.id } })).toBe(0);
    expect(await findRenamedTag(source.slug)).toBe(target.slug);
    expect([...invalidations.tags].sort()).toEqual([topicTag(source.slug), topicTag(target.slug), storyTag(one.id), storyTag(both.id), FEEDS_TAG].sort());
    expect(await db.auditLog.count({ where: { entityId: target.id, action: "tag.merge" } })).toBe(1);

    const reporter = await makeActor("REPORTER", { withByline: true });
    const section = await db.section.findFirstOrThrow({ where: { archivedAt: null }, select: { id: true } });
    const story = await createStory(reporter, { headline: unique("Tagged the old way"), sectionId: section.id, body: doc("Text."), tags: [source.name] });
    expect(await tagsOf(story.id)).toEqual([target.slug]);
    expect(await db.tag.count({ where: { slug: source.slug } })).toBe(0);
  });

  it("refuses merging a tag into itself", async () => {
    const tag = await tagOn([]);
    await expect(mergeTags(await makeActor("ADMIN"), { sourceId: tag.id, targetId: tag.id })).rejects.toMatchObject({ code: "INVALID_INPUT", message: "A tag cannot be merged into itself: choose another tag to merge it into." });
    expect(await db.tag.count({ where: { id: tag.id } })).toBe(1);
  });
});

describe("deleteTag", () => {
  it("takes the tag off every story and stamps its page, audited; reporters are refused", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    const tag = await tagOn([story.id]);
    await expect(deleteTag(await makeActor("REPORTER"), { tagId: tag.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await tagsOf(story.id)).toEqual([tag.slug]);
    const result = await deleteTag(await makeActor("ADMIN"), { tagId: tag.id });
    expect(result).toEqual({ name: tag.name, removedFrom: 1 });
    expect(await tagsOf(story.id)).toEqual([]);
    expect([...invalidations.tags].sort()).toEqual([topicTag(tag.slug), storyTag(story.id), FEEDS_TAG].sort());
    expect(await db.auditLog.count({ where: { entityId: tag.id, action: "tag.delete" } })).toBe(1);
  });
});
