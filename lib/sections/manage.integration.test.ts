import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { bylineTag, CORRECTIONS_TAG, FEEDS_TAG, HOME_TAG, sectionTag, SECTIONS_TAG, slugTag, storyTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { archiveSection, createSection, listSectionsForDesk, moveSection, updateSection } from "@/lib/sections/mutations";
import { findRenamedSection, listSectionChoices, listSections } from "@/lib/sections/queries";
import { createStory } from "@/lib/stories/mutations";
import { doc, makeActor, makeByline, makeSection, makeStory, unique } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

const audits = (entityId: string) => db.auditLog.findMany({ where: { entityId }, orderBy: { id: "asc" }, select: { action: true, actorId: true, data: true } });

describe("createSection", () => {
  it("creates a section last in the navigation, audited, and stamps the navigation and its address", async () => {
    const editor = await makeActor("EDITOR");
    const name = unique("Climate Desk");
    const section = await createSection(editor, { name, slug: "", description: "The warming world." });
    expect(section.slug).toBe(name.toLowerCase().replace(" ", "-"));
    expect(section.description).toBe("The warming world.");
    const max = await db.section.aggregate({ _max: { position: true } });
    expect(section.position).toBe(max._max.position);
    expect((await listSections()).at(-1)?.id).toBe(section.id);
    expect(await audits(section.id)).toEqual([{ action: "section.create", actorId: editor.id, data: { name, slug: section.slug, description: "The warming world." } }]);
    expect([...invalidations.tags].sort()).toEqual([sectionTag(section.slug), SECTIONS_TAG].sort());
  });

  it("refuses a reserved slug, a taken slug and an old slug of another section with a clear message, creating nothing", async () => {
    const admin = await makeActor("ADMIN");
    await expect(createSection(admin, { name: "Search", slug: "search" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { slug: ["“search” cannot be a section's slug: /search is already the search page. Choose another slug."] },
    });
    const taken = await makeSection();
    await expect(createSection(admin, { name: "Copy", slug: taken.slug })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `/${taken.slug} is already the section “${taken.name}”: choose another slug. Nothing was changed.`,
    });
    const renamed = await makeSection();
    await updateSection(admin, { sectionId: renamed.id, name: renamed.name, slug: `${renamed.slug}-now`, description: "" });
    await expect(createSection(admin, { name: "Copy", slug: renamed.slug })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { slug: [expect.stringContaining("still takes readers there")] },
    });
    expect(await db.section.count({ where: { name: "Copy" } })).toBe(0);
  });

  it("refuses reporters, moderators and readers", async () => {
    for (const role of ["REPORTER", "MODERATOR", "READER"] as const) {
      const slug = unique("refused");
      await expect(createSection(await makeActor(role), { name: slug, slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(listSectionsForDesk(await makeActor(role))).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await db.section.count({ where: { slug } })).toBe(0);
    }
    invalidations.clear();
    expect(invalidations.tags).toEqual([]);
  });
});

describe("updateSection", () => {
  it("renames: the old slug redirects, its stories' pages and lists are stamped, and the change is audited", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const byline = await makeByline();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id, bylineIds: [byline.id] });
    await makeStory({ status: "DRAFT", sectionId: section.id }); // not seen by readers: nothing of it is stamped
    const slug = `${section.slug}-renamed`;
    invalidations.clear();

    const updated = await updateSection(editor, { sectionId: section.id, name: "Renamed Desk", slug, description: "" });
    expect(updated).toMatchObject({ name: "Renamed Desk", slug });
    expect(await findRenamedSection(section.slug)).toBe(slug);
    expect(await audits(section.id)).toEqual([
      { action: "section.rename", actorId: editor.id, data: { name: { before: section.name, after: "Renamed Desk" }, slug: { before: section.slug, after: slug } } },
    ]);
    expect([...new Set(invalidations.tags)].sort()).toEqual(
      [SECTIONS_TAG, HOME_TAG, FEEDS_TAG, CORRECTIONS_TAG, sectionTag(section.slug), sectionTag(slug), storyTag(story.id), slugTag(story.slug), bylineTag((await db.byline.findUniqueOrThrow({ where: { id: byline.id } })).slug)].sort(),
    );

    // Renamed back: the address is its own again, and the other one redirects.
    await updateSection(editor, { sectionId: section.id, name: "Renamed Desk", slug: section.slug, description: "" });
    expect(await findRenamedSection(section.slug)).toBeNull();
    expect(await findRenamedSection(slug)).toBe(section.slug);
  });

  it("describes: only the section's front and feeds are stamped", async () => {
    const admin = await makeActor("ADMIN");
    const section = await makeSection();
    await makeStory({ status: "PUBLISHED", sectionId: section.id });
    invalidations.clear();
    await updateSection(admin, { sectionId: section.id, name: section.name, slug: section.slug, description: "Reporting from the coast." });
    expect(invalidations.tags).toEqual([sectionTag(section.slug)]);
    expect((await db.section.findUniqueOrThrow({ where: { id: section.id } })).description).toBe("Reporting from the coast.");
    expect((await audits(section.id)).map((a) => a.action)).toEqual(["section.update"]);
    // The same again changes and stamps nothing.
    invalidations.clear();
    await updateSection(admin, { sectionId: section.id, name: section.name, slug: section.slug, description: "Reporting from the coast." });
    expect(invalidations.tags).toEqual([]);
    expect(await audits(section.id)).toHaveLength(1);
  });

  it("refuses a taken or reserved slug and changes nothing at all", async () => {
    const admin = await makeActor("ADMIN");
    const section = await makeSection();
    const other = await makeSection();
    for (const slug of [other.slug, "desk", "Not A Slug"]) {
      await expect(updateSection(admin, { sectionId: section.id, name: "Changed", slug, description: "Changed" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    }
    expect(await db.section.findUniqueOrThrow({ where: { id: section.id }, select: { name: true, slug: true, description: true } })).toEqual({ name: section.name, slug: section.slug, description: "" });
    expect(await db.sectionSlug.count({ where: { sectionId: section.id } })).toBe(0);
    expect(await audits(section.id)).toEqual([]);
    expect(invalidations.tags).toEqual([]);
    await expect(updateSection(admin, { sectionId: randomUUID(), name: "X", slug: unique("x"), description: "" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(updateSection(await makeActor("REPORTER"), { sectionId: section.id, name: "X", slug: section.slug, description: "" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("moveSection and archiveSection", () => {
  it("moves a section up and down the navigation, stamping the navigation and the front page", async () => {
    const editor = await makeActor("EDITOR");
    const a = await createSection(editor, { name: unique("Order A"), slug: "" });
    const b = await createSection(editor, { name: unique("Order B"), slug: "" });
    invalidations.clear();
    const order = await moveSection(editor, { sectionId: b.id, direction: "up" });
    const ids = order.map((s) => s.id);
    expect(ids.indexOf(b.id)).toBe(ids.indexOf(a.id) - 1);
    expect((await listSections()).map((s) => s.id)).toEqual(ids);
    expect(invalidations.tags).toEqual([SECTIONS_TAG, HOME_TAG]);
    expect((await audits(b.id)).map((x) => x.action)).toEqual(["section.create", "section.reorder"]);
    await moveSection(editor, { sectionId: b.id, direction: "down" });
    const again = (await listSections()).map((s) => s.id);
    expect(again.indexOf(b.id)).toBe(again.indexOf(a.id) + 1);
    await expect(moveSection(await makeActor("REPORTER"), { sectionId: b.id, direction: "up" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("archives: out of the navigation and the choices for new stories, its stories stay; restoring brings it back", async () => {
    const editor = await makeActor("EDITOR");
    const section = await makeSection();
    const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
    invalidations.clear();
    const archived = await archiveSection(editor, { sectionId: section.id, archived: true });
    expect(archived.archivedAt).not.toBeNull();
    expect(invalidations.tags).toEqual([SECTIONS_TAG, HOME_TAG]);
    expect((await listSections()).some((s) => s.id === section.id)).toBe(false);
    expect((await listSectionChoices()).some((s) => s.id === section.id)).toBe(false);
    expect((await listSectionChoices(section.id)).some((s) => s.id === section.id)).toBe(true);
    expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { sectionId: true, status: true } })).toEqual({ sectionId: section.id, status: "PUBLISHED" });

    // A new story cannot choose it.
    const reporter = await makeActor("REPORTER", { withByline: true });
    await expect(createStory(reporter, { headline: unique("Into the archive"), sectionId: section.id, body: doc("Text.") })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { sectionId: ["That section is archived: choose another section."] },
    });

    await archiveSection(editor, { sectionId: section.id, archived: false });
    expect((await listSections()).at(-1)?.id).toBe(section.id);
    expect((await audits(section.id)).map((a) => a.action)).toEqual(["section.archive", "section.restore"]);
    await expect(archiveSection(await makeActor("REPORTER"), { sectionId: section.id, archived: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
