// Issue 16: the dateline place, the credit line and the embargo, set in the editor's rail. The
// desk shows the embargo, the server refuses to publish before it, and once it has lifted (set in
// the database here: no test waits on the clock) the reader page opens with "SEOUL —" and ends
// with the credit.

import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { makeRailStory, openStory } from "./rail-stories";

test.use({ storageState: storageStateFor("editor") });

test.afterAll(async () => {
  await db.$disconnect();
});

test("an editor sets a dateline place, credit and embargo; publishing waits for the embargo; readers then see SEOUL — and the credit", async ({ page, browser }) => {
  const story = await makeRailStory();
  await openStory(page, story.id);
  // The newsroom is in UTC in this run: the field takes newsroom time.
  const year = new Date().getUTCFullYear() + 1;
  const embargo = new Date(Date.UTC(year, 10, 5, 9, 0));
  await page.getByLabel("Dateline place").fill("SEOUL");
  await page.getByLabel("Credit line").fill("Reporting by Kim Min-ji; Editing by Ana Ruiz");
  await page.getByLabel("Embargoed until").fill(`${year}-11-05T09:00`);
  await expect(page.getByTestId("rail-embargo")).toContainText(`Embargoed until 5 November ${year}, 09:00 UTC`);
  await page.getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { datelinePlace: true, credit: true, embargoUntil: true } })).toEqual({
    datelinePlace: "SEOUL",
    credit: "Reporting by Kim Min-ji; Editing by Ana Ruiz",
    embargoUntil: embargo,
  });

  // Publishing is refused, with the reason beside the button.
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("region", { name: "Workflow" }).getByRole("status")).toHaveText(
    `Publish: not done. This story is embargoed until 5 November ${year}, 09:00 UTC: it cannot be published before then. Schedule it for that time or later instead.`,
  );
  expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true } })).status).toBe("IN_REVIEW");

  // The desk's list and the preview say so too.
  await page.goto(`/desk?q=${encodeURIComponent(story.headline)}`);
  await expect(page.getByRole("row", { name: new RegExp(story.headline) }).getByTestId("board-embargo")).toContainText(`Embargoed until 5 November ${year}, 09:00 UTC`);
  await page.goto(`/preview/${story.id}`);
  await expect(page.getByTestId("preview-embargo")).toContainText(`Embargoed until 5 November ${year}, 09:00 UTC`);

  // Readers do not see it.
  const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  const site = await reader.newPage();
  expect((await site.goto(`/world/${story.slug}`))?.status()).toBe(404);

  // The embargo lifts (the clock is not waited on): now the story goes out.
  await db.story.update({ where: { id: story.id }, data: { embargoUntil: new Date(Date.now() - 60_000) } });
  await openStory(page, story.id);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("region", { name: "Workflow" }).getByRole("status")).toHaveText("Publish: done. The story is now published.");

  await expect(async () => {
    const response = await site.goto(`/world/${story.slug}`);
    expect(response?.status()).toBe(200);
  }).toPass();
  const firstParagraph = site.locator(".story-body p").first();
  await expect(firstParagraph).toHaveText(/^SEOUL — The harbour wall held through the night\.$/);
  await expect(site.getByTestId("dateline-place")).toHaveText("SEOUL");
  await expect(site.getByTestId("story-credit")).toHaveText("Reporting by Kim Min-ji; Editing by Ana Ruiz");
  const scripts = await site.locator('script[type="application/ld+json"]').allTextContents();
  const article = scripts.flatMap((text) => [JSON.parse(text)].flat()).find((item: { "@type"?: string }) => item["@type"] === "NewsArticle");
  expect(article).toMatchObject({ dateline: "SEOUL", creditText: "Reporting by Kim Min-ji; Editing by Ana Ruiz" });
  await reader.close();
});
