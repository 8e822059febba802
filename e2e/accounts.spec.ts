import { randomUUID } from "node:crypto";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

import { OWN_COMMENTS_PAGE_SIZE } from "@/lib/accounts/queries";
import { DUPLICATE_EMAIL_MESSAGE, signUpReader as signUpReaderAccount } from "@/lib/accounts/signup";
import { loadActor } from "@/lib/auth/actor";
import { GENERIC_FAILURE } from "@/lib/auth/sign-in";
import { recountStoryComments } from "@/lib/comments/counts";
import { postComment } from "@/lib/comments/mutations";
import { FORMER_READER } from "@/lib/comments/queries";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { publishTestStory } from "./seed";
import { freshAddress as freshTestAddress } from "../tests/addresses";

// Readers' accounts, without JavaScript: every reader page must work without it. Each test makes
// its own account (a unique email per run, since all specs of a run share one database) and sends
// its own client address, so the per-address sign-up limit of one test never touches another.
//
// The deletion tests comment through the story page's form; the account page's listing and paging
// tests insert their comments through the app's database module (counted with
// lib/comments/counts.ts), so their status does not depend on the hold rules another spec may set.

test.use({ javaScriptEnabled: false });

const PASSWORD = "a long enough passphrase";
const STORY_SLUG = "typhoon-halden-floods-kestrel-delta";

function freshEmail(): string {
  return `reader-${Date.now()}-${randomUUID().slice(0, 6)}@example.test`;
}

async function sendFromFreshAddress(page: Page): Promise<void> {
  await page.setExtraHTTPHeaders({ "x-forwarded-for": freshTestAddress("e2e") });
}

async function signUp(page: Page, account: { displayName: string; email: string; password: string }): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Display name").fill(account.displayName);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
}

async function signUpReader(page: Page): Promise<{ email: string; displayName: string }> {
  const account = { displayName: `Reader ${randomUUID().slice(0, 6)}`, email: freshEmail(), password: PASSWORD };
  await sendFromFreshAddress(page);
  await signUp(page, account);
  await expect(page).toHaveURL(/\/account$/);
  return account;
}

/** A published comment by this account on a demo story, as posting one would leave it. */
async function addPublishedComment(email: string, body: string): Promise<{ id: string; storyId: string; headline: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  const story = await db.story.findUniqueOrThrow({ where: { slug: STORY_SLUG }, select: { id: true, headline: true } });
  const comment = await db.$transaction(async (tx) => {
    const created = await tx.comment.create({
      data: { storyId: story.id, authorId: user.id, body, bodyHash: randomUUID(), status: "APPROVED" },
      select: { id: true },
    });
    await recountStoryComments(tx, [story.id]);
    return created;
  });
  return { id: comment.id, storyId: story.id, headline: story.headline };
}

/**
 * A published story with open comments, made straight in this run's database as the moderation
 * spec makes its own: in Opinion, whose comments never close by age, dated 2016 so it never tops
 * a list another spec reads.
 */
async function makeOpenStory(): Promise<{ id: string; href: string; headline: string }> {
  return publishTestStory({ prefix: "accounts-e2e", headline: "Readers ask about the library's opening hours", paragraph: "The library opens later on Sundays." });
}

/** Posts through the story page's own form (no JavaScript) and returns the new comment's id. */
async function postThroughStoryPage(page: Page, href: string, text: string): Promise<string> {
  await page.goto(href);
  await page.getByLabel("Comment", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(/\?done=posted&comment=[0-9a-f-]{36}#comment-/);
  const id = new URL(page.url()).searchParams.get("comment");
  if (!id) throw new Error("no comment id in the URL after posting");
  return id;
}

async function replyAsAnotherReader(storyId: string, parentId: string): Promise<{ body: string }> {
  const tag = randomUUID().slice(0, 8);
  const created = await signUpReaderAccount(
    { displayName: `Replier ${tag}`, email: `replier-${tag}@example.test`, password: PASSWORD },
    { address: `2001:db8:ffff:${tag.slice(0, 4)}::1` },
  );
  const replier = await loadActor(created.id);
  const body = `A reply that stays ${tag}`;
  const posted = await postComment(replier, { storyId, parentId, body });
  expect(posted.status).toBe("APPROVED");
  return { body };
}

async function anonymousPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false });
  return context.newPage();
}

async function expectSignInRefused(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(GENERIC_FAILURE);
}

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, impact: violation.impact, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

test.afterAll(async () => {
  await db.$disconnect();
});

test.describe("signing up", () => {
  test("from the sign-in page, a new reader signs up and lands signed in on their account page", async ({ page }) => {
    await sendFromFreshAddress(page);
    await page.goto("/login");
    await page.getByRole("link", { name: "Create an account" }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole("heading", { name: "Create an account", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");

    const email = freshEmail();
    await page.getByLabel("Display name").fill("  Ada   Lovelace ");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: email })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: "Ada Lovelace" })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: /^Reader$/ })).toBeVisible();
    await expect(page.getByText("You have not commented yet.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  });

  test("goes on to where the reader was going", async ({ page }) => {
    await sendFromFreshAddress(page);
    await page.goto(`/signup?callbackUrl=${encodeURIComponent(`/asia/${STORY_SLUG}`)}`);
    await page.getByLabel("Display name").fill("Going places");
    await page.getByLabel("Email").fill(freshEmail());
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(new RegExp(`/asia/${STORY_SLUG}$`));
  });

  test("the same email twice is told to sign in, and the first account keeps its name", async ({ page }) => {
    const first = await signUpReader(page);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await signUp(page, { displayName: "Someone else", email: first.email.toUpperCase(), password: "another long passphrase" });
    const alert = page.getByRole("alert");
    await expect(alert).toContainText(DUPLICATE_EMAIL_MESSAGE);
    await expect(alert.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/login");
    await expect(page.getByLabel("Display name")).toHaveValue("Someone else");
    expect(await db.user.findMany({ where: { email: first.email }, select: { displayName: true } })).toEqual([{ displayName: first.displayName }]);
  });

  test("a short password is refused beside its field and no account is made", async ({ page }) => {
    await sendFromFreshAddress(page);
    const email = freshEmail();
    await signUp(page, { displayName: "Brief", email, password: "short pass" });
    await expect(page.getByText("Use a password of at least 12 characters.")).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await expect(page).toHaveURL(/\/signup$/);
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  test("a name posing as the newsroom and the email as password are refused", async ({ page }) => {
    await sendFromFreshAddress(page);
    const email = freshEmail();
    await signUp(page, { displayName: "Newshub Staff", email, password: email });
    await expect(page.getByText("That display name could be mistaken for the newsroom's staff. Choose another.")).toBeVisible();
    await expect(page.getByText("Do not use your email address as your password.")).toBeVisible();
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  test("a banned reader is told why, but only with the right password", async ({ page }) => {
    const account = await signUpReader(page);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await db.user.update({ where: { email: account.email }, data: { status: "BANNED", statusReason: "Threats against other readers" } });
    await page.goto("/login");
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Password", { exact: true }).fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(GENERIC_FAILURE);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText("This account has been banned and cannot sign in. Reason: Threats against other readers");
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);
  });
});

test.describe("the account page", () => {
  test("lists the reader's own comments with their story and status", async ({ page }) => {
    const account = await signUpReader(page);
    const comment = await addPublishedComment(account.email, "Line one <b>not bold</b>");
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Your comments" });
    const link = section.getByRole("link", { name: comment.headline });
    await expect(link).toHaveAttribute("href", `/asia/${STORY_SLUG}/comments#comment-${comment.id}`);
    await expect(section.getByText("Line one <b>not bold</b>")).toBeVisible();
    await expect(section.getByText("Published", { exact: true })).toBeVisible();
  });

  test("pages through many comments, newest first, with Older and Newer", async ({ page }) => {
    const account = await signUpReader(page);
    const user = await db.user.findUniqueOrThrow({ where: { email: account.email }, select: { id: true } });
    const story = await db.story.findUniqueOrThrow({ where: { slug: STORY_SLUG }, select: { id: true } });
    const count = OWN_COMMENTS_PAGE_SIZE + 1;
    await db.comment.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        storyId: story.id,
        authorId: user.id,
        body: `Numbered remark ${String(i + 1).padStart(2, "0")}`,
        bodyHash: randomUUID(),
        status: "PENDING" as const,
        holdReasons: ["FIRST_COMMENT"],
        createdAt: new Date(Date.now() - (count - i) * 60_000),
      })),
    });
    await page.goto("/account");
    const list = page.getByRole("region", { name: "Your comments" }).getByRole("listitem");
    await expect(list).toHaveCount(OWN_COMMENTS_PAGE_SIZE);
    await expect(list.first()).toContainText(`Numbered remark ${count}`);
    await expect(list.first()).toContainText("Waiting for a moderator: it is your first comment here");
    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/\/account\?page=2$/);
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    await expect(list).toHaveCount(1);
    await expect(list.first()).toContainText("Numbered remark 01");
    await page.getByRole("link", { name: "Newer" }).click();
    await expect(page).toHaveURL(/\/account$/);
  });

  test("tells staff to ask an admin instead of offering deletion", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("moderator"), javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/account");
    const section = page.getByRole("region", { name: "Delete your account" });
    await expect(section).toContainText("Ask an admin to close your account.");
    await expect(section.getByRole("button", { name: "Delete my account" })).toHaveCount(0);
    await context.close();
  });
});

test.describe("deleting an account", () => {
  // Each test comments through the story page's form, gets a reply from another reader (made with
  // the app's own lib functions), deletes the account, and looks at the discussion as a reader.
  test("with 'Remove my comments': a wrong password changes nothing; the right one removes the text, keeps the thread and the account is gone", async ({ page, browser }) => {
    const story = await makeOpenStory();
    const account = await signUpReader(page);
    const text = `Remove this remark, please ${randomUUID().slice(0, 6)}`;
    const commentId = await postThroughStoryPage(page, story.href, text);
    const reply = await replyAsAnotherReader(story.id, commentId);

    await page.goto("/account");
    const comments = page.getByRole("region", { name: "Your comments" });
    await expect(comments.getByRole("link", { name: story.headline })).toHaveAttribute("href", `${story.href}/comments#comment-${commentId}`);
    await expect(comments.getByText(text)).toBeVisible();
    await expect(comments.getByText("Published", { exact: true })).toBeVisible();

    const section = page.getByRole("region", { name: "Delete your account" });
    await section.getByRole("radio", { name: "Remove my comments" }).check();
    await section.getByLabel("Password").fill("not my password");
    await section.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByRole("alert")).toHaveText("That password is not right.");
    await expect(page.getByRole("radio", { name: "Remove my comments" })).toBeChecked();
    expect(await db.user.count({ where: { email: account.email } })).toBe(1);
    expect((await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { body: true } })).body).toBe(text);

    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/account\?deleted=1$/);
    await expect(page.getByRole("heading", { name: "Your account has been deleted", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login/);

    const reader = await anonymousPage(browser);
    await reader.goto(`${story.href}/comments`);
    const removed = reader.locator(`#comment-${commentId}`);
    await expect(removed).toContainText("This comment was deleted.");
    await expect(reader.getByText(reply.body)).toBeVisible();
    await expect(reader.getByText(text)).toHaveCount(0);
    await expect(reader.getByText(account.displayName)).toHaveCount(0);
    await reader.context().close();
    expect(await db.user.count({ where: { email: account.email } })).toBe(0);
    await expectSignInRefused(page, account.email);
  });

  test("with 'Keep my comments, without my name': the text stays without the name, and signing in fails", async ({ page, browser }) => {
    const story = await makeOpenStory();
    const account = await signUpReader(page);
    const text = `Keep this remark ${randomUUID().slice(0, 6)}`;
    const commentId = await postThroughStoryPage(page, story.href, text);

    await page.goto("/account");
    await page.getByRole("radio", { name: "Keep my comments, without my name" }).check();
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByRole("heading", { name: "Your account has been deleted", level: 1 })).toBeVisible();

    const reader = await anonymousPage(browser);
    await reader.goto(`${story.href}/comments`);
    const kept = reader.locator(`#comment-${commentId}`);
    await expect(kept).toContainText(text);
    await expect(kept).toContainText(FORMER_READER);
    await expect(reader.getByText(account.displayName)).toHaveCount(0);
    await reader.context().close();
    expect(await db.comment.findUniqueOrThrow({ where: { id: commentId }, select: { authorId: true, deletedAt: true } })).toEqual({ authorId: null, deletedAt: null });
    await expectSignInRefused(page, account.email);
  });

  test("without a choice it asks for one and deletes nothing", async ({ page }) => {
    const account = await signUpReader(page);
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByText("Choose what happens to your comments.")).toBeVisible();
    expect(await db.user.count({ where: { email: account.email } })).toBe(1);
  });
});

// axe runs inside the page, so these two tests have JavaScript on; the pages are the same either way.
for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`accessibility in the ${colorScheme} scheme`, () => {
    test.use({ javaScriptEnabled: true, colorScheme });

    test("the sign-up page, with its errors showing, has no serious or critical violations", async ({ page }) => {
      await page.goto("/signup");
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      await expectNoSeriousViolations(page);
      await sendFromFreshAddress(page);
      await signUp(page, { displayName: "A", email: "not an email", password: "short" });
      await expect(page.getByText("Use a password of at least 12 characters.")).toBeVisible();
      await expectNoSeriousViolations(page);
    });

    test("the account page, with comments and the delete form, has no serious or critical violations", async ({ page }) => {
      const account = await signUpReader(page);
      await addPublishedComment(account.email, "An accessible remark.");
      await page.goto("/account");
      await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
      await expectNoSeriousViolations(page);
    });
  });
}
