// Live co-editing with three people (issue 18, "Done when"; docs/desk.md, "Co-editing"): the
// editor and the admin on the first app instance and the story's reporter on the second type in
// one paragraph at the same moment, and all three end with the same text, everyone's words whole,
// which is also what the database holds; each sees the others in the story and their named carets.

import { expect, test, type Browser, type Page } from "@playwright/test";

import { db } from "@/lib/db";

import { bodyOf, bodyText, caretAt, makeReporterDraft, openLive, storedBodyText } from "./co-editing";
import { storageStateFor, type DemoRole } from "./fixtures";

const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

test.afterAll(async () => {
  await db.$disconnect();
});

async function personAt(browser: Browser, role: DemoRole, baseURL: string) {
  const context = await browser.newContext({ storageState: storageStateFor(role), baseURL });
  return { context, page: await context.newPage() };
}

/** Another person's caret in the body, drawn with their name. */
async function expectCaretOf(page: Page, name: string) {
  const label = bodyOf(page).locator(`.collaboration-carets__label[data-name="${name}"]`);
  await expect(label).toBeVisible();
  expect(await label.evaluate((element) => getComputedStyle(element, "::after").content)).toBe(JSON.stringify(name));
}

test("three people on two instances type in one paragraph at once and end with one text", async ({ browser }) => {
  expect(SECOND, "scripts/e2e.ts starts a second instance (E2E_SECOND_BASE_URL)").not.toBe(FIRST);
  const story = await makeReporterDraft("The harbour opened at dawn.");
  const editor = { name: "Marguerite Vell", ...(await personAt(browser, "editor", FIRST)) };
  const reporter = { name: "Ines Harrow", ...(await personAt(browser, "reporter", SECOND)) };
  const admin = { name: "Ada Admin", ...(await personAt(browser, "admin", FIRST)) };
  const people = [editor, reporter, admin];
  try {
    await Promise.all(people.map(({ page }) => openLive(page, story.id)));
    // Everyone is listed by the two others.
    for (const person of people) {
      for (const other of people.filter((someone) => someone !== person)) {
        await expect(person.page.getByTestId("live-status")).toContainText(other.name);
      }
    }

    // One paragraph, three places in it: its start, after "The harbour " and its end.
    await caretAt(editor.page, 0);
    await caretAt(admin.page, "The harbour ".length);
    await caretAt(reporter.page, "end");
    await Promise.all([
      editor.page.keyboard.type("Ferries resumed their crossings. "),
      admin.page.keyboard.type("gates swung wide and the harbour "),
      reporter.page.keyboard.type(" Fishing boats followed by noon."),
    ]);
    const expected = "Ferries resumed their crossings. The harbour gates swung wide and the harbour opened at dawn. Fishing boats followed by noon.";
    for (const { page } of people) await expect.poll(() => bodyText(page)).toBe(expected);

    // Each sees the other two's carets, with their names.
    for (const person of people) {
      for (const other of people.filter((someone) => someone !== person)) await expectCaretOf(person.page, other.name);
    }

    // The database holds the same text, and a fresh page shows it.
    await expect.poll(() => storedBodyText(story.id)).toBe(expected);
    await reporter.page.reload();
    await expect(reporter.page.getByTestId("body-toolbar")).toBeVisible();
    // With the others' carets in it, the body's text is the story's alone (the names are drawn, not text).
    await expectCaretOf(reporter.page, "Marguerite Vell");
    await expect(bodyOf(reporter.page)).toHaveText(expected);
  } finally {
    await Promise.all(people.map(({ context }) => context.close()));
  }
});
