// The conflict screen: two editors save the same story; the second sees when the first saved in
// words, the body compared word by word with marks that are not colour alone, and takes one
// changed paragraph from the other's version while keeping their own other changes.

import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

async function newStory(page: Page, headline: string, paragraphs: string[]) {
  await page.goto("/desk/stories/new");
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Section").selectOption({ label: "World" });
  await body.click();
  await page.keyboard.type(paragraphs.join("\n"));
  await expect(body.locator("p")).toHaveCount(paragraphs.length);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  return page.url().split("/").at(-1)!;
}

async function replaceParagraph(page: Page, from: string, to: string) {
  await page.getByRole("textbox", { name: "Body" }).locator("p", { hasText: from }).click({ clickCount: 3 });
  await page.keyboard.type(to);
}

test("the second saver sees times in words, a word diff, and takes one paragraph of theirs", async ({ browser }) => {
  const baseURL = test.info().project.use.baseURL;
  const editorContext = await browser.newContext({ storageState: storageStateFor("editor"), baseURL });
  const adminContext = await browser.newContext({ storageState: storageStateFor("admin"), baseURL });
  const editor = await editorContext.newPage();
  const admin = await adminContext.newPage();

  const id = await newStory(editor, `Conflict story ${Date.now()}`, [
    "The ferry left at noon.",
    "The quick crossing took an hour.",
    "Passengers were calm.",
  ]);
  await admin.goto(`/desk/stories/${id}`);
  await expect(admin.getByRole("textbox", { name: "Body" })).toContainText("Passengers were calm.");
  await replaceParagraph(admin, "The quick crossing", "The slow crossing took two hours.");
  await replaceParagraph(admin, "Passengers were", "Passengers were angry.");
  await admin.getByRole("button", { name: "Save", exact: true }).click();
  await expect(admin.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();

  await replaceParagraph(editor, "Passengers were", "Passengers were relieved.");
  await editor.getByRole("button", { name: "Save", exact: true }).click();
  const conflict = editor.getByRole("alert").filter({ hasText: "Someone else saved this story" });
  await expect(conflict).toContainText(/Version \d+ was saved by Ada Admin (less than a minute|\d+ minutes?) ago, at \d\d:\d\d\./);
  await expect(conflict).not.toContainText(/\d{4}-\d\d-\d\dT\d\d:/);

  // The body is compared a changed paragraph at a time, word by word: <del> yours, <ins> theirs.
  await expect(conflict.getByRole("heading", { name: "Body: 2 places differ" })).toBeVisible();
  const changes = conflict.getByRole("listitem");
  await expect(changes).toHaveCount(2);
  // The marks carry words for screen readers too, not colour alone.
  await expect(changes.nth(0).locator("del").first()).toHaveText("(only in yours: quick)");
  await expect(changes.nth(0).locator("del")).toHaveText([/quick/, /an hour/]);
  await expect(changes.nth(0).locator("ins")).toHaveText([/slow/, /two hours/]);
  await expect(changes.nth(1).locator("del")).toHaveText(/relieved/);
  await expect(changes.nth(1).locator("ins")).toHaveText(/angry/);

  await conflict.getByRole("button", { name: "Use theirs for paragraph 2" }).click();
  const body = editor.getByRole("textbox", { name: "Body" });
  await expect(body.locator("p")).toHaveText(["The ferry left at noon.", "The slow crossing took two hours.", "Passengers were relieved."]);
  await expect(conflict.getByRole("heading", { name: "Body: 1 place differs" })).toBeVisible();

  await conflict.getByRole("button", { name: "Save merged version" }).click();
  await expect(editor.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  await editor.reload();
  await expect(editor.getByRole("textbox", { name: "Body" }).locator("p")).toHaveText([
    "The ferry left at noon.",
    "The slow crossing took two hours.",
    "Passengers were relieved.",
  ]);
  await editorContext.close();
  await adminContext.close();
});
