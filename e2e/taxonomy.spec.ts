import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { bylineTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, publishTestStory } from "./seed";

// Sections, bylines and tags in the desk (issue 15): what an editor changes there, readers see at
// once, and an address that moved answers 308 to the new one.

test.describe("an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("creates a section and moves a story into it, renames it and the old URL redirects", async ({ page, request }) => {
    const story = await publishTestStory({ prefix: "taxonomy-move", headline: "The harbour wall is finished" });
    const tail = randomUUID().slice(0, 6);
    const name = `Harbour ${tail}`;
    const slug = `harbour-${tail}`;

    // Create it: it comes last in the navigation, with its description.
    await page.goto("/desk/sections");
    const create = page.getByRole("form", { name: "New section" });
    await create.getByLabel("Name").fill(name);
    await create.getByLabel("Slug").fill(slug);
    await create.getByLabel("Description").fill("Ships, tides and the sea wall.");
    await create.getByRole("button", { name: "Create section" }).click();
    await expect(create.getByRole("status")).toHaveText(`Section “${name}” created at /${slug}. It is last in the navigation.`);

    // Reorder it with the keyboard: one place up.
    const up = page.getByRole("button", { name: new RegExp(`^Move up\\W+${name}$`) });
    await up.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("form", { name: `Order of ${name}` }).getByRole("status")).toContainText(`, ${name}, `);

    // Move the story into it from the story editor.
    await page.goto(`/desk/stories/${story.id}`);
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await page.getByLabel("Section").selectOption({ label: name });
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();

    // Readers: the section front shows its description and the story; the navigation has it.
    await page.goto(`/${slug}`);
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("Ships, tides and the sea wall.")).toBeVisible();
    await expect(page.getByRole("link", { name: story.headline })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name })).toBeVisible();

    // Rename it: name and slug.
    await page.goto("/desk/sections");
    await page.getByRole("link", { name, exact: true }).click();
    const edit = page.getByRole("form", { name: "Edit section" });
    await edit.getByLabel("Name").fill(`Port ${tail}`);
    await edit.getByLabel("Slug").fill(`port-${tail}`);
    await edit.getByRole("button", { name: "Save section" }).click();
    await expect(edit.getByRole("status")).toHaveText(`Section “Port ${tail}” saved. Its address is /port-${tail}.`);

    // The old addresses answer 308 to the new: the front, its page N, its feeds, its story.
    for (const [from, to] of [
      [`/${slug}`, `/port-${tail}`],
      [`/${slug}?page=2`, `/port-${tail}?page=2`],
      [`/${slug}/rss.xml`, `/port-${tail}/rss.xml`],
      [`/${slug}/atom.xml`, `/port-${tail}/atom.xml`],
      [`/${slug}/${story.slug}`, `/port-${tail}/${story.slug}`],
    ] as const) {
      const response = await request.get(from, { maxRedirects: 0 });
      expect(response.status(), from).toBe(308);
      expect(new URL(response.headers().location ?? "", "http://site.test").pathname + new URL(response.headers().location ?? "", "http://site.test").search, from).toBe(to);
    }
    const feed = await request.get(`/port-${tail}/rss.xml`);
    expect(await feed.text()).toContain("<description>Ships, tides and the sea wall.</description>");
    await page.goto(`/${slug}`);
    await expect(page).toHaveURL(new RegExp(`/port-${tail}$`));
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: `Port ${tail}` })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name })).toHaveCount(0);

    // A taken or reserved slug is refused, and nothing changes.
    await page.goto("/desk/sections");
    await page.getByRole("link", { name: `Port ${tail}`, exact: true }).click();
    await edit.getByLabel("Slug").fill("search");
    await edit.getByRole("button", { name: "Save section" }).click();
    await expect(edit.getByRole("alert")).toContainText("/search is already the search page");
    expect((await request.get(`/port-${tail}`)).status()).toBe(200);

    // Archive it: it leaves the navigation; its front and story stay.
    await page.getByRole("button", { name: "Archive section" }).click();
    // The same form now offers to restore it, and says what happened.
    await expect(page.getByRole("form", { name: "Restore section" }).getByRole("status")).toContainText("is archived: it has left the navigation");
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: `Port ${tail}` })).toHaveCount(0);
    expect((await request.get(`/port-${tail}/${story.slug}`)).status()).toBe(200);
  });
});

test.describe("an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("merges a byline into another: its stories move and its page answers 308", async ({ page, request }) => {
    assertLocalDatabase();
    const story = await publishTestStory({ prefix: "taxonomy-merge", headline: "Two names, one reporter" });
    const tail = randomUUID().slice(0, 6);
    const source = await db.byline.create({ data: { kind: "PERSON", name: `Sam Lee ${tail}`, slug: `sam-lee-${tail}` }, select: { id: true, slug: true, name: true } });
    const target = await db.byline.create({ data: { kind: "PERSON", name: `Samuel Lee ${tail}`, slug: `samuel-lee-${tail}`, bio: "Covers the port." }, select: { id: true, slug: true, name: true } });
    await db.storyByline.deleteMany({ where: { storyId: story.id } });
    await db.storyByline.create({ data: { storyId: story.id, bylineId: source.id, position: 0 } });
    await invalidateReaderCache([bylineTag(source.slug)]);
    expect((await request.get(`/byline/${source.slug}`)).status()).toBe(200);

    await page.goto("/desk/bylines");
    await page.getByRole("link", { name: source.name, exact: true }).click();
    const merge = page.getByRole("form", { name: "Merge byline" });
    // Into itself is not even offered; the server refuses it too (lib/bylines/manage.integration.test.ts).
    await expect(merge.getByRole("option", { name: new RegExp(`^${source.name} `) })).toHaveCount(0);
    await merge.getByLabel("Merge into").selectOption({ label: `${target.name} (0 stories)` });
    await merge.getByRole("button", { name: `Merge ${source.name} into it` }).click();
    await expect(page).toHaveURL(new RegExp(`/desk/bylines/${target.id}\\?merged=1$`));
    await expect(page.getByRole("status").filter({ hasText: "Merged: 1 story moved" })).toBeVisible();

    const moved = await request.get(`/byline/${source.slug}`, { maxRedirects: 0 });
    expect(moved.status()).toBe(308);
    expect(new URL(moved.headers().location ?? "", "http://site.test").pathname).toBe(`/byline/${target.slug}`);
    await page.goto(`/byline/${source.slug}`);
    await expect(page).toHaveURL(new RegExp(`/byline/${target.slug}$`));
    await expect(page.getByRole("heading", { level: 1, name: target.name })).toBeVisible();
    await expect(page.getByText("Covers the port.")).toBeVisible();
    await expect(page.getByRole("link", { name: story.headline })).toBeVisible();
    // The story page credits the byline it became.
    await page.goto(story.href);
    await expect(page.getByRole("article").getByRole("link", { name: target.name })).toBeVisible();
  });
});
