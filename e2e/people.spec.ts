import { randomUUID } from "node:crypto";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

import { signUpReader } from "@/lib/accounts/signup";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, publishTestStory } from "./seed";

// Admins at /desk/people. Every person suspended or banned here is a reader this spec signs up
// through the app's own sign-up function: never the shared demo accounts.

const PASSWORD = "a long enough password 1";

async function makeReader(name: string) {
  assertLocalDatabase();
  const tag = randomUUID().slice(0, 8);
  return signUpReader(
    { displayName: `${name} ${tag}`, email: `${name.toLowerCase()}-${tag}@example.test`, password: PASSWORD },
    { address: `10.66.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  );
}

/** A story of this spec's own, open for comments. */
async function openStory(): Promise<string> {
  return (await publishTestStory({ prefix: "people-e2e", headline: "The library reopens", paragraph: "The library reopens." })).href;
}

async function signIn(browser: Browser, email: string): Promise<Page> {
  // A context of their own, without the admin's cookies this file's tests use.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return page;
}

function personRow(page: Page, email: string) {
  return page.getByRole("row").filter({ hasText: email });
}

/** Finds the person in the list and opens their panel, where every change to them is made. */
async function findPerson(page: Page, email: string, displayName: string) {
  await page.goto(`/desk/people?q=${encodeURIComponent(email)}`);
  await personRow(page, email).getByRole("link", { name: displayName }).click();
  await expect(page.getByRole("heading", { level: 1, name: displayName })).toBeVisible();
}

test.use({ storageState: storageStateFor("admin") });

test("an admin suspends a reader: their next try to comment is refused with the reason", async ({ page, browser }) => {
  const reader = await makeReader("Kit");
  const readerPage = await signIn(browser, reader.email);

  await findPerson(page, reader.email, reader.displayName);
  const suspend = page.getByRole("form", { name: "Suspend" });
  await suspend.getByLabel("Reason shown to the person").fill("Three personal attacks this week.");
  await suspend.getByLabel("Suspend for").selectOption({ label: "1 day" });
  await suspend.getByRole("button", { name: `Suspend ${reader.displayName}` }).click();
  await expect(suspend.getByRole("status")).toContainText(`${reader.displayName} is suspended until`);
  await page.goto(`/desk/people?q=${encodeURIComponent(reader.email)}`);
  const row = personRow(page, reader.email);
  await expect(row).toContainText("Suspended until");
  await expect(row).toContainText("Reason: Three personal attacks this week.");

  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: reader.id, action: "user.suspend" }, select: { data: true } });
  expect(audit.data).toMatchObject({ before: { status: "ACTIVE" }, after: { status: "SUSPENDED" }, reason: "Three personal attacks this week." });

  // The reader's session is the same; their very next request knows.
  await readerPage.goto(await openStory());
  await readerPage.getByLabel("Comment", { exact: true }).fill("I was only joking.");
  await readerPage.getByRole("button", { name: "Post comment" }).click();
  await expect(readerPage.getByText(/Your account is suspended/).first()).toBeVisible();
  await expect(readerPage.getByText(/Three personal attacks this week\./).first()).toBeVisible();
  expect(await db.comment.count({ where: { authorId: reader.id } })).toBe(0);
  await readerPage.context().close();
});

test("an admin bans a reader: they are signed out at once and told why when they try to sign in", async ({ page, browser }) => {
  const reader = await makeReader("Lux");
  const readerPage = await signIn(browser, reader.email);

  await findPerson(page, reader.email, reader.displayName);
  const ban = page.getByRole("form", { name: "Ban" });
  await ban.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
  await expect(ban.getByText("Give a reason: the person is told it.")).toBeVisible();
  await ban.getByLabel("Reason shown to the person").fill("Posting other people's home addresses.");
  await ban.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
  // A ban is confirmed in a dialog that names the person (e2e/desk-media-people.spec.ts tests cancelling).
  await page.getByRole("dialog", { name: `Ban ${reader.displayName}?` }).getByRole("button", { name: `Ban ${reader.displayName}` }).click();
  await expect(ban.getByRole("status")).toContainText(`${reader.displayName} is banned and can no longer sign in.`);
  await expect(page.getByRole("button", { name: `Reinstate ${reader.displayName}` })).toBeVisible();

  // Their next request has nobody signed in.
  await readerPage.goto("/account");
  await expect(readerPage.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await readerPage.goto("/login");
  await readerPage.getByLabel("Email").fill(reader.email);
  await readerPage.getByLabel("Password").fill(PASSWORD);
  await readerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(readerPage.getByText(/banned/).first()).toBeVisible();
  await expect(readerPage.getByText(/Posting other people's home addresses\./).first()).toBeVisible();
  await expect(readerPage.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await readerPage.context().close();

  // Reinstated, they can sign in again.
  const reinstate = page.getByRole("form", { name: "Reinstate" });
  await reinstate.getByRole("button", { name: `Reinstate ${reader.displayName}` }).click();
  await expect(reinstate.getByRole("status")).toContainText(`${reader.displayName} is reinstated.`);
  const again = await signIn(browser, reader.email);
  await again.context().close();
});

test("an admin changes a reader's role and the person's next request has it", async ({ page, browser }) => {
  const reader = await makeReader("Mo");
  const readerPage = await signIn(browser, reader.email);
  expect((await readerPage.goto("/desk/moderation"))?.status()).toBe(403);

  await findPerson(page, reader.email, reader.displayName);
  const role = page.getByRole("form", { name: "Role" });
  await role.getByLabel("New role").selectOption({ label: "Moderator" });
  await role.getByRole("button", { name: "Change role" }).click();
  await expect(role.getByRole("status")).toContainText(`${reader.displayName} is now moderator.`);

  expect((await readerPage.goto("/desk/moderation"))?.status()).toBe(200);
  await expect(readerPage.getByRole("heading", { level: 1, name: "Moderation" })).toBeVisible();
  await readerPage.context().close();
});

test("search by name and filter by role", async ({ page }) => {
  const reader = await makeReader("Nia");
  await page.goto("/desk/people");
  await page.getByLabel("Name or email").fill(reader.displayName);
  await page.getByRole("button", { name: "Find" }).click();
  await expect(personRow(page, reader.email)).toBeVisible();
  await page.getByLabel("Role", { exact: true }).first().selectOption({ label: "Editor" });
  await page.getByRole("button", { name: "Find" }).click();
  await expect(page.getByText("Nobody matches.")).toBeVisible();
  // An admin's own page has no controls: another admin changes it.
  await page.goto("/desk/people?q=admin%40demo.newsdesk");
  await expect(personRow(page, "admin@demo.newsdesk")).toContainText("(you)");
  await personRow(page, "admin@demo.newsdesk").getByRole("link").click();
  await expect(page.getByText("This is your own account: another admin can change it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Change role" })).toHaveCount(0);
});

for (const role of ["editor", "moderator"] as const) {
  test(`an ${role} gets 403 at /desk/people and /desk/settings`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await context.newPage();
    expect((await page.goto("/desk/people"))?.status()).toBe(403);
    expect((await page.goto("/desk/settings"))?.status()).toBe(403);
    await context.close();
  });
}

test("an admin sees and saves the comment settings", async ({ page }) => {
  await page.goto("/desk/settings");
  const reports = page.getByLabel("Reports before a comment is held");
  const current = await reports.inputValue();
  await reports.fill("0");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Some settings need attention." })).toBeVisible();
  await page.getByLabel("Reports before a comment is held").fill(current);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment settings saved." })).toBeVisible();
  await expect(page.getByLabel("Banned words")).toBeVisible();
  await expect(page.getByLabel("Suspect words")).toBeVisible();
  await expect(page.getByLabel("Hold a new account’s first comment")).toBeVisible();
});

test("an admin sets a section's automatic closing, and its stories tell readers when comments closed", async ({ page, browser }) => {
  const STORY = "/business/meridane-freight-cuts-profit-forecast"; // published in the demo on 14 November 2026
  await page.goto("/desk/settings");
  const business = page.getByRole("form", { name: "Comment rules for Business" });
  const days = business.getByLabel("Close comments after (days)");
  const before = await days.inputValue();
  const reader = await browser.newContext({ baseURL: test.info().project.use.baseURL, javaScriptEnabled: false });
  const story = await reader.newPage();
  try {
    await days.fill("0");
    await business.getByRole("button", { name: "Save Business" }).click();
    await expect(business.getByText("Enter a whole number of days from 1 to 365, or leave it blank to never close.")).toBeVisible();

    await business.getByLabel("Close comments after (days)").fill("1");
    await business.getByRole("button", { name: "Save Business" }).click();
    await expect(business.getByRole("status")).toHaveText("Business: saved. Comments close 1 day after publication.");
    await expect
      .poll(async () => {
        await story.goto(STORY);
        return story.getByRole("region", { name: /comment/i }).textContent();
      })
      .toMatch(/Comments closed on 15 November, 1 day after publication\./);
    await expect(story.getByRole("button", { name: "Post comment" })).toHaveCount(0);

    await business.getByLabel("Close comments after (days)").fill("");
    await business.getByRole("button", { name: "Save Business" }).click();
    await expect(business.getByRole("status")).toHaveText("Business: saved. Comments stay open until someone closes them.");
    await expect
      .poll(async () => {
        await story.goto(STORY);
        return story.getByRole("button", { name: "Post comment" }).count();
      })
      .toBe(1);
  } finally {
    await page.goto("/desk/settings");
    const form = page.getByRole("form", { name: "Comment rules for Business" });
    await form.getByLabel("Close comments after (days)").fill(before);
    await form.getByRole("button", { name: "Save Business" }).click();
    await expect(form.getByRole("status")).toContainText("Business: saved.");
    await reader.close();
  }
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`/desk/people has no serious or critical accessibility violations (${colorScheme} scheme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await makeReader("Ola");
    await page.goto("/desk/people");
    await expect(page.getByRole("table")).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Desk" });
    await expect(nav.getByRole("link", { name: "People" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Settings" })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({ rule: violation.id, help: violation.help, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  });
}
