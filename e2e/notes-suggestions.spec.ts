// Editorial notes and suggesting mode in the story editor (issue 18, items 7 and 8): a note added
// to selected text, answered, seen by the person it mentions, and resolved; a suggestion accepted
// and one rejected; publishing refused while a suggestion is open. A second person with the story
// open on the other app instance sees the reply and the resolve without reloading.

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { db } from "@/lib/db";
import { openSuggestionsCount } from "@/lib/notes/sentences";

import { storageStateFor } from "./fixtures";
import { makeRailStory as makeStory, openStory } from "./rail-stories";

test.use({ storageState: storageStateFor("editor") });

test.afterAll(async () => {
  await db.$disconnect();
});

const SECOND = process.env.E2E_SECOND_BASE_URL ?? process.env.E2E_BASE_URL ?? "http://localhost:3100";

const body = (page: Page) => page.getByRole("textbox", { name: "Body" });

/** Selects the last `count` characters of the body with the keyboard. */
async function selectLast(page: Page, count: number) {
  // Selected as a person would, again if the live document's first sync moved the caret meanwhile.
  await expect(async () => {
    await body(page).click();
    await page.keyboard.press("Control+End");
    for (let i = 0; i < count; i += 1) await page.keyboard.press("Shift+ArrowLeft");
    expect(await page.evaluate(() => document.getSelection()?.toString().length)).toBe(count);
  }).toPass();
}

async function save(page: Page) {
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
}

test("a note is added to selected text, answered, seen by the person it names, and resolved", async ({ page, browser }) => {
  const story = await makeStory();
  await openStory(page, story.id);
  await selectLast(page, 6);
  await page.keyboard.press("Control+Alt+m");
  const draft = page.getByLabel("Note on “night.”");
  await draft.fill("Which night? @Ada Admin please check the log.");
  await page.getByRole("button", { name: "Save note" }).click();

  const notes = page.getByRole("list", { name: "Open notes" });
  await expect(notes.getByTestId("note")).toHaveCount(1);
  await expect(notes).toContainText("Which night? @Ada Admin please check the log.");
  await expect(body(page).locator("mark.editorial-note")).toHaveText("night.");
  await save(page);

  // The note's text is selected from the rail.
  await body(page).click();
  await page.keyboard.press("Control+Home");
  await notes.getByRole("button", { name: "“night.”: select this text in the body" }).click();
  // The editor takes focus (and with it the page's selection) on the next frame.
  await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe("night.");

  // Ada Admin has the story open on the other instance: the reply and the resolve reach her rail
  // without a reload (docs/desk.md, "Notes are live").
  const admin = await browser.newContext({ storageState: storageStateFor("admin"), baseURL: SECOND });
  const adminStory = await admin.newPage();
  await openStory(adminStory, story.id);
  await expect(adminStory.getByTestId("live-status")).toContainText("Marguerite Vell");
  const adminNotes = adminStory.getByRole("list", { name: "Open notes" });
  await expect(adminNotes).toContainText("Which night?");

  await notes.getByRole("button", { name: /^Reply/ }).click();
  await page.getByLabel("Reply", { exact: true }).fill("The night of the storm, 4 December.");
  await page.getByRole("button", { name: "Send reply" }).click();
  await expect(notes).toContainText("The night of the storm, 4 December.");
  await expect(adminNotes).toContainText("The night of the storm, 4 December.");

  // Ada Admin sees it on her desk home.
  const adminDesk = await admin.newPage();
  await adminDesk.goto("/desk");
  await expect(adminDesk.getByRole("region", { name: /Mentions/ })).toContainText(story.headline);
  // And gets an email whose link opens the story with the note's text selected and the note outlined.
  const mail = await db.emailMessage.findFirstOrThrow({ where: { to: "admin@demo.newsdesk", kind: "mention", subject: { contains: story.headline } }, select: { text: true } });
  expect(mail.text).toContain("Which night? @Ada Admin please check the log.");
  const link = new URL(/^(https?:\/\/\S+\?note=\S+)$/m.exec(mail.text)?.[1] ?? "http://missing/");
  await adminDesk.goto(`${link.pathname}${link.search}`);
  await expect(adminDesk.getByRole("list", { name: "Open notes" }).getByTestId("note")).toHaveAttribute("aria-current", "true");
  // The text is selected once the live document holds it, which may be a moment after the rail.
  await expect.poll(() => adminDesk.evaluate(() => window.getSelection()?.toString())).toBe("night.");

  await notes.getByRole("button", { name: /^Resolve/ }).click();
  await expect(page.getByRole("list", { name: "Open notes" })).toHaveCount(0);
  await page.getByText("Resolved notes (1)").click();
  await expect(page.getByRole("list", { name: "Resolved notes" })).toContainText("Resolved by Marguerite Vell");
  await expect(adminNotes).toHaveCount(0);
  await expect(adminStory.getByText("Resolved notes (1)")).toBeVisible();
  await admin.close();

  const stored = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { body: true } });
  expect(JSON.stringify(stored.body)).toContain('"type":"note"');
  const note = await db.storyNote.findFirstOrThrow({ where: { storyId: story.id }, select: { resolvedAt: true, _count: { select: { messages: true } } } });
  expect(note.resolvedAt).not.toBeNull();
  expect(note._count.messages).toBe(2);
});

test("in Suggesting, an insertion and a deletion wait for the editor: one accepted, one rejected", async ({ page }) => {
  const story = await makeStory();
  await openStory(page, story.id);
  await page.getByRole("button", { name: "Suggesting" }).click();
  await expect(page.getByRole("button", { name: "Suggesting" })).toHaveAttribute("aria-pressed", "true");

  // Delete "night." (it stays, struck through, and the cursor lands after it), then type on.
  await selectLast(page, "night.".length);
  await page.keyboard.press("Backspace");
  await expect(body(page).locator("del.suggestion-delete")).toHaveText("night.");
  await page.keyboard.type(" Crews stood by.");

  await expect(body(page).locator("ins.suggestion-insert")).toHaveText(" Crews stood by.");
  await expect(body(page).locator("del.suggestion-delete")).toHaveText("night.");
  const suggestions = page.getByRole("list", { name: "Pending suggestions" }).getByTestId("suggestion");
  await expect(suggestions).toHaveCount(2);
  await expect(suggestions.first()).toContainText("Delete “night.”");
  await expect(suggestions.first()).toContainText("Marguerite Vell");
  // The marks and the rail's lists pass axe (contrast included), in the body and the rail.
  const axe = await new AxeBuilder({ page }).include("#story-body-editor").include("#story-rail").withTags(["wcag2a", "wcag2aa", "wcag21aa"]).analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);

  await page.getByRole("button", { name: /^Accept: Insert/ }).click();
  await page.getByRole("button", { name: /^Reject: Delete/ }).click();
  await expect(page.getByRole("list", { name: "Pending suggestions" })).toHaveCount(0);
  await save(page);

  const stored = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { body: true, bodyText: true } });
  expect(stored.bodyText).toBe("The harbour wall held through the night. Crews stood by.");
  expect(JSON.stringify(stored.body)).not.toContain("suggestion");
});

test("publishing is refused while a suggestion is open", async ({ page }) => {
  const story = await makeStory();
  await openStory(page, story.id);
  await page.getByRole("button", { name: "Suggesting" }).click();
  await body(page).click();
  await page.keyboard.press("Control+End");
  await page.keyboard.type(" Pending.");
  await save(page);

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Not ready to publish" });
  await expect(dialog.getByRole("listitem")).toHaveText([`Body: ${openSuggestionsCount(1)}`]);
  await expect(dialog.getByRole("button", { name: /Publish/ })).toHaveCount(0);
  expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true } })).status).toBe("IN_REVIEW");
});
