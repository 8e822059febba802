import { randomUUID } from "node:crypto";

import { expect, test, type Browser, type Page } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { runAction, saveHeadline, writeStory } from "./reader-cache";
import { freshAddress as freshTestAddress } from "../tests/addresses";

// What readers' own account page lets them see, and what it cannot be used to escape: a story taken
// off the site and rewritten in the desk keeps its new headline from the readers who commented on
// it; a suspension is not ended by deleting the account and signing up again. The reader's side
// runs without JavaScript, as every reader page must work; the desk's side with it.

const PASSWORD = "a long enough passphrase";

function freshEmail(): string {
  return `safety-${Date.now()}-${randomUUID().slice(0, 6)}@example.test`;
}

/** A client address of this test's own, so the per-address sign-up limit never touches another test. */
async function sendFromFreshAddress(page: Page): Promise<void> {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshTestAddress("5afe") });
}

async function readerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await sendFromFreshAddress(page);
  return page;
}

async function fillSignUp(page: Page, email: string): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(`Reader ${randomUUID().slice(0, 6)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signUp(page: Page): Promise<string> {
  const email = freshEmail();
  await fillSignUp(page, email);
  await expect(page).toHaveURL(/\/account$/);
  return email;
}

test.afterAll(async () => {
  await db.$disconnect();
});

test("a story unpublished and renamed in the desk shows its readers only the headline it was published under", async ({ browser }) => {
  const stamp = randomUUID().slice(0, 8);
  const published = `Harbour plan approved ${stamp}`;
  const embargoed = `EMBARGOED: Harbour chief to resign ${stamp}`;

  const desk = await (await browser.newContext({ storageState: storageStateFor("editor") })).newPage();
  const story = await writeStory(desk, published);
  await runAction(desk, "Publish");

  const reader = await readerPage(browser);
  await signUp(reader);
  await reader.goto(story.path);
  await reader.getByLabel("Comment", { exact: true }).fill(`Good news for the harbour ${stamp}`);
  await reader.getByRole("button", { name: "Post comment" }).click();
  // Posted or held, by whatever hold rules another spec has set: either way it is the reader's.
  await expect(reader).toHaveURL(/\?done=(posted|held)&comment=[0-9a-f-]{36}#comment-/);
  const commentId = new URL(reader.url()).searchParams.get("comment");

  await reader.goto("/account");
  const entry = reader.getByRole("listitem").filter({ hasText: `Good news for the harbour ${stamp}` });
  await expect(entry.getByRole("link", { name: published })).toHaveAttribute("href", `${story.path}/comments#comment-${commentId}`);

  await desk.goto(`/desk/stories/${story.id}`);
  await runAction(desk, "Unpublish");
  await saveHeadline(desk, embargoed);
  await expect.poll(async () => (await reader.request.get(story.path)).status()).toBe(404);

  await reader.goto("/account");
  await expect(entry).toContainText(`On ${published} (no longer published)`);
  await expect(entry.getByRole("link")).toHaveCount(0);
  await expect(reader.locator("main")).not.toContainText("EMBARGOED");
  await expect(reader.locator("main")).not.toContainText(embargoed);
  expect(await reader.content()).not.toContain("EMBARGOED");
  // The entry without its link still fits a phone's width.
  await reader.setViewportSize({ width: 390, height: 844 });
  expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

test("a suspended reader who deletes their account cannot sign up again with the email, or a +tag of it, until the suspension ends", async ({ browser }) => {
  const reader = await readerPage(browser);
  const email = await signUp(reader);
  const until = new Date(Date.UTC(2031, 2, 4, 14, 5));
  await db.user.update({ where: { email }, data: { status: "SUSPENDED", suspendedUntil: until, statusReason: "Repeated personal attacks" } });

  await reader.goto("/account");
  const section = reader.getByRole("region", { name: "Delete your account" });
  await expect(section).toContainText("Your suspension stays with your email address: it cannot be used for a new account until 4 March 2031");
  await section.getByLabel("Keep my comments, without my name").check();
  await section.getByLabel("Password").fill(PASSWORD);
  await section.getByRole("button", { name: "Delete my account" }).click();
  await expect(reader).toHaveURL(/\/account\?deleted=1$/);
  expect(await db.user.count({ where: { email } })).toBe(0);

  const [local, domain] = email.split("@");
  for (const again of [email, `${local}+fresh-start@${domain}`.toUpperCase()]) {
    await fillSignUp(reader, again);
    await expect(reader.getByRole("alert")).toHaveText("This email cannot be used for a new account until 4 March 2031 at 14:05 UTC. Try again then.");
    await expect(reader.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
    await expect(reader).toHaveURL(/\/signup$/);
  }
  expect(await db.user.count({ where: { email: { contains: local! } } })).toBe(0);
});
