// The editor as a writing canvas with a side rail (issue 13): the schedule (its time zone:
// newsroom-time-zone.alone.spec.ts), the
// pre-publish check, workflow results beside their buttons, the sticky toolbar, the wrapping
// headline, the word count, SEO fields reaching the reader page, and the phone layout.

import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import sharp from "sharp";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { makeRailStory as makeStory, openStory, paragraph } from "./rail-stories";

test.use({ storageState: storageStateFor("editor") });

test.afterAll(async () => {
  await db.$disconnect();
});

async function statusOf(id: string) {
  return (await db.story.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
}

test.describe("the schedule", () => {
  // The browser is in New York, the newsroom in UTC (no setting in this run): both times show.
  test.use({ timezoneId: "America/New_York" });

  test("a scheduled story says when it goes out, with its zone, in the rail, the list and the preview; Publish at keeps the time", async ({ page }) => {
    const story = await makeStory();
    await openStory(page, story.id);
    await expect(page.getByText("Newsroom time: UTC")).toBeVisible();
    // Mid-January: New York is five hours behind UTC then.
    const at = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 14, 10, 30));
    await page.getByLabel("Publish at").fill(at.toISOString().slice(0, 16));
    await page.getByRole("button", { name: "Schedule", exact: true }).click();
    await page.getByRole("dialog", { name: "Ready to schedule" }).getByRole("button", { name: "Schedule now" }).click();

    // The result appears beside the button that caused it.
    const workflow = page.getByRole("region", { name: "Workflow" });
    await expect(workflow.getByRole("status")).toHaveText("Schedule: done. The story is now scheduled.");
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { scheduledFor: true } })).scheduledFor?.toISOString()).toBe(at.toISOString());

    await page.reload();
    const year = at.getUTCFullYear();
    const rail = page.getByTestId("rail-schedule");
    await expect(rail).toContainText(`14 January ${year}, 10:30 UTC`);
    await expect(rail).toContainText(new RegExp(`Your time: 14 January ${year}, 05:30 GMT-5`));
    await expect(page.getByLabel("Publish at")).toHaveValue(at.toISOString().slice(0, 16));

    await page.goto(`/desk?status=SCHEDULED&q=${encodeURIComponent(story.headline)}`);
    await expect(page.getByRole("row", { name: new RegExp(story.headline) })).toContainText(`14 January ${year}, 10:30 UTC`);

    await page.goto(`/preview/${story.id}`);
    await expect(page.getByRole("note")).toContainText(`Goes out`);
    await expect(page.getByRole("note")).toContainText(`14 January ${year}, 10:30 UTC`);
  });

  test("Cancel schedule puts a reviewed story back in review", async ({ page }) => {
    const story = await makeStory({ status: "SCHEDULED", scheduledFor: new Date(Date.now() + 86_400_000) });
    await openStory(page, story.id);
    await expect(page.getByTestId("rail-status")).toHaveText("Scheduled");
    await page.getByRole("button", { name: "Cancel schedule" }).click();
    await expect(page.getByRole("region", { name: "Workflow" }).getByRole("status")).toHaveText("Cancel schedule: done. The story is now in review.");
    await expect(page.getByTestId("rail-status")).toHaveText("In review");
    expect(await statusOf(story.id)).toBe("IN_REVIEW");
  });
});

test.describe("the pre-publish check", () => {
  test("lists errors with links to their fields and refuses to publish", async ({ page }) => {
    const image = { type: "image", attrs: { src: "https://images.example/harbour.jpg", alt: "", caption: "", credit: "" } };
    const story = await makeStory({ bylines: false, content: [paragraph("The wall held."), image] });
    await openStory(page, story.id);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Not ready to publish" });
    await expect(dialog.getByRole("listitem")).toHaveText(["Bylines: Add at least one byline.", "Body: An image in the body has no alt text."]);
    await expect(dialog.getByRole("button", { name: /Publish/ })).toHaveCount(0);
    await dialog.getByRole("link", { name: "Bylines" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByLabel("Add byline")).toBeFocused();
    expect(await statusOf(story.id)).toBe("IN_REVIEW");
  });

  test("shows warnings and lets the editor publish anyway", async ({ page }) => {
    const story = await makeStory({ headline: `${"A very long headline about the harbour wall and the storm ".repeat(2)}${randomUUID().slice(0, 8)}` });
    await openStory(page, story.id);
    await page.getByLabel("SEO title").fill("Harbour wall holds through the worst storm in a generation of record");
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Check before it goes out" });
    await expect(dialog.getByRole("listitem")).toHaveCount(2);
    await expect(dialog.getByRole("listitem").first()).toContainText("Headline: The headline is");
    await expect(dialog.getByRole("listitem").nth(1)).toContainText("SEO title: The SEO title is 68 characters");
    await dialog.getByRole("button", { name: "Publish anyway" }).click();
    await expect(page.getByRole("region", { name: "Workflow" }).getByRole("status")).toHaveText("Publish: done. The story is now published.");
    expect(await statusOf(story.id)).toBe("PUBLISHED");
  });

  test("a featured image from the library: shown in the rail and on the card, a missing credit warned about, and removable", async ({ page }) => {
    const story = await makeStory();
    const file = test.info().outputPath("wall.png");
    // A colour of its own, so a repeated run's upload is not the library's duplicate of the last.
    const [r, g, b] = randomBytes(3);
    writeFileSync(file, await sharp({ create: { width: 1200, height: 630, channels: 3, background: { r, g, b } } }).png().toBuffer());
    const caption = `The harbour wall ${story.slug.slice(-8)}`;
    await openStory(page, story.id);
    await page.getByRole("button", { name: "Choose featured image" }).click();
    const library = page.getByRole("dialog", { name: "Choose the featured image" });
    await library.getByLabel("Image file", { exact: true }).setInputFiles(file);
    await library.getByLabel("Alt text", { exact: true }).fill("Waves breaking on the harbour wall");
    await library.getByLabel("Caption", { exact: true }).fill(caption);
    await library.getByRole("button", { name: "Upload", exact: true }).click();
    await library.getByRole("button", { name: `Insert ${caption}` }).click();
    await expect(library).toBeHidden();
    const featured = page.getByRole("region", { name: "Featured image" });
    await expect(featured.getByRole("img", { name: "Waves breaking on the harbour wall" })).toBeVisible();
    await expect(featured).toContainText("No credit");

    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Check before it goes out" });
    await expect(dialog.getByRole("listitem")).toHaveText(["Featured image: The featured image has no credit."]);
    await dialog.getByRole("button", { name: "Publish anyway" }).click();
    await expect(page.getByRole("region", { name: "Workflow" }).getByRole("status")).toHaveText("Publish: done. The story is now published.");
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true, heroImage: { select: { alt: true } } } });
    expect(row).toEqual({ status: "PUBLISHED", heroImage: { alt: "Waves breaking on the harbour wall" } });

    await featured.getByRole("button", { name: "Remove featured image" }).click();
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { heroImageId: true } })).heroImageId).toBeNull();
  });

  test("a story with no problems still asks before it goes live", async ({ page }) => {
    const story = await makeStory();
    await openStory(page, story.id);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Ready to publish" });
    await expect(dialog).toContainText("No problems found.");
    await dialog.getByRole("button", { name: "Go back" }).click();
    await expect(dialog).toBeHidden();
    expect(await statusOf(story.id)).toBe("IN_REVIEW");
  });
});

test.describe("the writing canvas", () => {
  test("the toolbar stays in view while a long body scrolls", async ({ page }) => {
    const story = await makeStory({ content: Array.from({ length: 80 }, (_, i) => paragraph(`Paragraph ${i + 1} of a long report from the harbour.`)) });
    await openStory(page, story.id);
    await page.getByRole("textbox", { name: "Body" }).getByText("Paragraph 80 of").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" The end.");
    const toolbar = page.getByRole("toolbar", { name: "Formatting" });
    await expect(toolbar).toBeInViewport();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
    await toolbar.getByRole("button", { name: "Bold" }).click();
    await expect(toolbar.getByRole("button", { name: "Bold" })).toHaveAttribute("aria-pressed", "true");
  });

  test("a 200-character headline is shown whole, with its length; the word count follows the body", async ({ page }) => {
    const story = await makeStory();
    await openStory(page, story.id);
    const headline = `${"Harbour wall holds as the storm passes ".repeat(6).slice(0, 199)}!`;
    const field = page.getByLabel("Headline");
    await field.fill(headline);
    await expect(field).toHaveValue(headline);
    await expect(page.getByText("200 of 90 characters")).toBeVisible();
    const fits = await field.evaluate((element) => element.scrollWidth <= element.clientWidth && element.scrollHeight <= element.clientHeight + 2);
    expect(fits).toBe(true);
    const lines = await field.evaluate((element) => element.clientHeight / parseFloat(getComputedStyle(element).lineHeight));
    expect(lines).toBeGreaterThan(1.5);

    await expect(page.getByTestId("word-count")).toHaveText("7 words · 1 min read");
    await page.getByRole("textbox", { name: "Body" }).getByText("night.").click();
    await page.keyboard.press("End");
    await page.keyboard.type(" Nobody was hurt.");
    await expect(page.getByTestId("word-count")).toHaveText("10 words · 1 min read");
  });

  test("the SEO title and social headline reach the reader page's title and card", async ({ page, browser }) => {
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { publishedAt: new Date(), firstPublishedAt: new Date() } });
    await openStory(page, story.id);
    const seoTitle = `Sea wall survives storm ${story.slug.slice(-8)}`;
    await page.getByLabel("SEO title").fill(seoTitle);
    await page.getByLabel("Social card title").fill("The wall that held");
    await expect(page.getByTestId("search-preview-title")).toHaveText(`${seoTitle} · Newshub`);
    await expect(page.getByTestId("social-preview-title")).toHaveText("The wall that held");
    await page.getByRole("button", { name: "Save", exact: true }).first().click();
    await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();

    const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
    const site = await reader.newPage();
    await site.goto(`/world/${story.slug}`);
    await expect(site).toHaveTitle(`${seoTitle} · Newshub`);
    await expect(site.getByRole("heading", { level: 1 })).toHaveText(story.headline);
    await expect(site.locator('meta[property="og:title"]')).toHaveAttribute("content", "The wall that held");
    await reader.close();
  });
});

test.describe("on a 390 px phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the rail folds away behind a button and nothing overflows sideways", async ({ page }) => {
    const story = await makeStory();
    await openStory(page, story.id);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    await expect(page.getByLabel("SEO title")).toBeHidden();
    const open = page.getByRole("button", { name: "Story settings" });
    await expect(open).toHaveAttribute("aria-expanded", "false");
    await open.click();
    const rail = page.getByRole("complementary", { name: "Story settings" });
    await expect(rail.getByLabel("SEO title")).toBeVisible();
    await expect(rail.getByRole("button", { name: "Publish", exact: true })).toBeVisible();
    expect(await overflow()).toBe(0);
    await rail.getByRole("button", { name: "Close settings" }).click();
    await expect(page.getByLabel("SEO title")).toBeHidden();
    await expect(page.getByLabel("Headline")).toBeVisible();
  });
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the editor with its rail and the pre-publish check has no serious or critical accessibility violations (${colorScheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const story = await makeStory({ bylines: false });
    await openStory(page, story.id);
    const blocking = async () =>
      (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze()).violations
        .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
        .map((violation) => `${violation.id}: ${violation.nodes.slice(0, 3).map((node) => node.target.join(" ")).join(", ")}`);
    expect(await blocking()).toEqual([]);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await expect(page.getByRole("dialog", { name: "Not ready to publish" })).toBeVisible();
    expect(await blocking()).toEqual([]);
  });
}
