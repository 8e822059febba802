import { expect, test } from "@playwright/test";

import { storageStateFor } from "./fixtures";

// A demo story no other spec changes: corrections are only offered on published stories.
const HEADLINE = "Brennport pauses pavement delivery robots after complaints from disability groups";

test.use({ storageState: storageStateFor("editor") });

test("an editor corrects a published story; readers see it on the story and on /corrections; the timeline records it", async ({ page, browser }) => {
  // Found by its headline: other specs' stories may have pushed it off the board's first page.
  await page.goto(`/desk?q=${encodeURIComponent(HEADLINE)}`);
  const row = page.getByRole("row").filter({ hasText: HEADLINE });
  await expect(row.getByRole("cell").nth(1)).toHaveText("Published");
  await row.getByRole("link", { name: HEADLINE }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  const tabs = page.getByRole("navigation", { name: "Story" });
  await tabs.getByRole("link", { name: "Corrections" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(HEADLINE);

  // Too short: the error sits beside the field, the text stays, and nothing is added.
  const form = page.getByRole("form", { name: "Add a correction" });
  await page.getByLabel("Correction text").fill("Typo.");
  await page.getByRole("button", { name: "Add correction" }).click();
  await expect(form.getByRole("alert")).toContainText("Some fields need attention.");
  await expect(page.getByLabel("Correction text")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Correction text")).toHaveAccessibleDescription(/Write at least 10 characters/);
  await expect(page.getByLabel("Correction text")).toHaveValue("Typo.");

  const text = `An earlier version of this story said the permits were suspended for six months; it is three months. [${Date.now()}]`;
  await page.getByLabel("Type").selectOption({ label: "Correction" });
  await page.getByLabel("Correction text").fill(text);
  await page.getByRole("button", { name: "Add correction" }).click();
  await expect(form.getByRole("status")).toContainText("Correction added, linked to version");
  await expect(form.getByRole("alert")).toHaveCount(0);
  await expect(page.getByLabel("Correction text")).toHaveValue("");
  await expect(page.getByRole("listitem").filter({ hasText: text })).toContainText("by Marguerite Vell");

  const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const site = await reader.newPage();
  await site.goto("/corrections");
  await expect(site.getByRole("heading", { level: 1 })).toHaveText("Corrections and clarifications");
  const item = site.getByRole("listitem").filter({ hasText: text });
  await expect(item).toContainText("Correction");
  await expect(item).toContainText(/amended version \d+/);
  await expect(item.locator("time[datetime]")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  await item.getByRole("link", { name: HEADLINE }).click();

  await expect(site).toHaveURL(/\/technology\/brennport-pauses-pavement-delivery-robots#correction-[0-9a-f-]{36}$/);
  const article = site.getByRole("article");
  await expect(article.getByRole("heading", { level: 1 })).toHaveText(HEADLINE);
  const anchor = new URL(site.url()).hash;
  await expect(article.locator(`aside ${anchor}`)).toContainText(text);
  // The correction marks the story as updated just now.
  const updated = article.locator("header").getByText("Updated").locator("time[datetime]");
  expect(Date.now() - Date.parse((await updated.getAttribute("datetime")) ?? "")).toBeLessThan(10 * 60_000);
  await reader.close();

  await tabs.getByRole("link", { name: "Timeline" }).click();
  const entry = page.getByRole("listitem").filter({ hasText: "Marguerite Vell added a correction" }).first();
  await expect(entry).toBeVisible();
  await expect(entry.locator("time[datetime]")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
});

test("the correction form works before the page's JavaScript has loaded", async ({ browser }) => {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: storageStateFor("editor"),
    baseURL: test.info().project.use.baseURL,
  });
  const page = await context.newPage();
  await page.goto(`/desk?q=${encodeURIComponent(HEADLINE)}`);
  await page.getByRole("row").filter({ hasText: HEADLINE }).getByRole("link", { name: HEADLINE }).click();
  await page.getByRole("navigation", { name: "Story" }).getByRole("link", { name: "Corrections" }).click();
  const text = `This story has been clarified to say the pause covers permits, not the robots already in use. [${Date.now()}]`;
  await page.getByLabel("Type").selectOption({ label: "Clarification" });
  await page.getByLabel("Correction text").fill(text);
  await page.getByRole("button", { name: "Add correction" }).click();
  await expect(page.getByRole("status")).toContainText("Clarification added");
  await expect(page.getByRole("listitem").filter({ hasText: text })).toContainText("Clarification");
  await context.close();
});
