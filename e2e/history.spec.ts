import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

test.use({ storageState: storageStateFor("editor") });

async function writeStory(page: Page, headline: string) {
  await page.goto("/desk/stories/new");
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Standfirst").fill("Councillors backed the plan after a four-hour debate.");
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.type("The harbour council voted on Tuesday to rebuild the old sea wall.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
}

test("an editor compares two revisions word by word and restores the first", async ({ page }) => {
  const stamp = Date.now();
  const headline = `Harbour council backs new sea wall ${stamp}`;
  await writeStory(page, headline);
  const storyUrl = page.url();

  // Change a word in the headline and two at the end of the body, then save.
  await page.getByLabel("Headline").fill(`Harbour council rejects new sea wall ${stamp}`);
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.press("Control+End");
  for (let i = 0; i < "sea wall.".length; i += 1) await page.keyboard.press("Backspace");
  await page.keyboard.type("harbour defences.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved at" })).toBeVisible();

  await page.getByRole("navigation", { name: "Story" }).getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(`${storyUrl}/history`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Harbour council rejects new sea wall ${stamp}`);
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows.filter({ hasText: "Saved" }).first()).toBeVisible();
  const revisionCount = (await rows.count()) - 1;
  expect(revisionCount).toBeGreaterThanOrEqual(2);

  // Compare the first revision with the latest: the oldest option is the last in the list.
  await page.getByLabel("From revision").selectOption({ index: revisionCount - 1 });
  await page.getByLabel("To revision").selectOption({ index: 0 });
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/history\?from=[0-9a-f-]{36}&to=[0-9a-f-]{36}$/);
  const compare = page.getByRole("region", { name: "Compare revisions" });
  await expect(compare).toContainText("Changes from version 1");
  await expect(compare.locator("del").filter({ hasText: "backs" })).toBeVisible();
  await expect(compare.locator("ins").filter({ hasText: "rejects" })).toBeVisible();
  await expect(compare.locator("del").filter({ hasText: "sea wall" })).toBeVisible();
  await expect(compare.locator("ins").filter({ hasText: "harbour defences" })).toBeVisible();
  // Colour is not the only signal: the change is named for assistive technology.
  await expect(compare.locator("del").filter({ hasText: "backs" })).toHaveText("(removed: backs)");

  // Restore the first revision, confirming inline.
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("group", { name: "Restore version 1?" })).toBeVisible();
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored version 1 as version" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(rows.nth(1)).toContainText("Restored version 1");

  await page.getByRole("navigation", { name: "Story" }).getByRole("link", { name: "Edit" }).click();
  await expect(page).toHaveURL(storyUrl);
  await expect(page.getByLabel("Headline")).toHaveValue(headline);
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText("rebuild the old sea wall.");
});

test("the history page explains revisions it does not know instead of failing", async ({ page }) => {
  const headline = `Unknown revision check ${Date.now()}`;
  await writeStory(page, headline);
  await page.goto(`${page.url()}/history?from=00000000-0000-4000-8000-000000000000&to=not-an-id`);
  await expect(page.getByRole("alert").filter({ hasText: "not part of this story’s history" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
  await expect(page.getByLabel("From revision")).toBeVisible();
});
