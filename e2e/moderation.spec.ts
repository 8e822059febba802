import { randomUUID } from "node:crypto";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

import { signUpReader } from "@/lib/accounts/signup";
import { loadActor, type Actor } from "@/lib/auth/actor";
import { postComment } from "@/lib/comments/post";
import { reportComment } from "@/lib/comments/report";
import { db } from "@/lib/db";
import type { CommentPolicy } from "@/lib/generated/prisma/enums";

import { storageStateFor } from "./fixtures";
import { publishTestStory } from "./seed";
import { read } from "./reader-cache";

// Moderators at /desk/moderation. Each test makes its own story (in Opinion, whose comments never
// close by age, dated 2016 so it never reaches the top of a list another spec reads) and its own readers, who post through the
// app's own lib functions; the moderator works through the page as a person would.

const READER_PASSWORD = "a long enough password 1";

function makeStory(commentPolicy: CommentPolicy = "PREMODERATED") {
  return publishTestStory({ prefix: "moderation-e2e", headline: "Harbour council debates the ferry timetable", commentPolicy });
}

async function makeReader(name: string): Promise<Actor> {
  const tag = randomUUID().slice(0, 8);
  const account = await signUpReader(
    { displayName: `${name} ${tag}`, email: `${name.toLowerCase()}-${tag}@example.test`, password: READER_PASSWORD },
    { address: `10.55.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  );
  const actor = await loadActor(account.id);
  if (!actor) throw new Error("the new reader could not be loaded");
  return actor;
}

async function heldComment(storyId: string, author: Actor, body: string) {
  const posted = await postComment(author, { storyId, body });
  expect(posted.status).toBe("PENDING");
  return posted;
}

const commentStatus = async (id: string) => (await db.comment.findUniqueOrThrow({ where: { id }, select: { status: true, rejectReason: true } }));

/** The queue item of a comment, found by its text. */
function itemWith(page: Page, text: string) {
  return page.getByRole("article").filter({ hasText: text });
}

test.use({ storageState: storageStateFor("moderator") });

test("a held comment is in Pending with its reason; a moderator approves it and readers see it on the story", async ({ page, baseURL }) => {
  const story = await makeStory("PREMODERATED");
  const reader = await makeReader("Ada");
  const body = `The ferry should run at seven ${randomUUID().slice(0, 6)}`;
  await heldComment(story.id, reader, body);

  // A reader's view of the story is cached without it.
  const url = `${baseURL}${story.href}`;
  expect((await read(url)).body).not.toContain(body);

  await page.goto("/desk/moderation");
  await expect(page.getByRole("link", { name: /^Pending \(\d+\)$/ })).toHaveAttribute("aria-current", "page");
  const item = itemWith(page, body);
  await expect(item).toBeVisible();
  await expect(item.getByRole("heading", { name: `Comment by ${reader.displayName}` })).toBeVisible();
  await expect(item).toContainText("Held: Pre-moderated story");
  await expect(item.getByRole("link", { name: story.headline })).toHaveAttribute("href", story.href);
  await expect(item).toContainText("0 approved · 0 rejected · 0 spam");

  await item.getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment approved." })).toBeVisible();
  await expect(itemWith(page, body)).toHaveCount(0);
  expect((await commentStatus((await db.comment.findFirstOrThrow({ where: { body }, select: { id: true } })).id)).status).toBe("APPROVED");

  await expect.poll(async () => (await read(url)).body.includes(body), { intervals: [100, 250, 500] }).toBe(true);
});

test("a moderator rejects a comment with the reason its author sees; a reject without one is refused", async ({ page, browser }) => {
  const story = await makeStory("PREMODERATED");
  const reader = await makeReader("Bram");
  const body = `Everyone on the council is a crook ${randomUUID().slice(0, 6)}`;
  const posted = await heldComment(story.id, reader, body);

  await page.goto("/desk/moderation");
  const item = itemWith(page, body);
  await item.getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Say why the comment is rejected" })).toBeVisible();
  const reason = itemWith(page, body).getByLabel("Reason shown to the author");
  await expect(reason).toBeFocused();
  expect((await commentStatus(posted.id)).status).toBe("PENDING");

  await reason.fill("Accusations need evidence: please say what you know.");
  await itemWith(page, body).getByRole("button", { name: "Reject", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment rejected. Its author sees the reason." })).toBeVisible();
  expect(await commentStatus(posted.id)).toEqual({ status: "REJECTED", rejectReason: "Accusations need evidence: please say what you know." });
  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: posted.id, action: "comment.reject" }, select: { data: true } });
  expect(audit.data).toMatchObject({ reason: "Accusations need evidence: please say what you know." });

  // The author sees it with their comments.
  const authorContext = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const authorPage = await authorContext.newPage();
  await authorPage.goto("/login?callbackUrl=%2Faccount");
  await authorPage.getByLabel("Email").fill(reader.email);
  await authorPage.getByLabel("Password").fill(READER_PASSWORD);
  await authorPage.getByRole("button", { name: "Sign in" }).click();
  await expect(authorPage.getByRole("button", { name: "Sign out" })).toBeVisible();
  await authorPage.goto("/account");
  await expect(authorPage.getByText("Not published: Accusations need evidence: please say what you know.")).toBeVisible();
  await authorContext.close();
});

test("a moderator marks several comments as spam at once", async ({ page }) => {
  const story = await makeStory("PREMODERATED");
  const readers = [await makeReader("Cass"), await makeReader("Dov"), await makeReader("Eli")];
  const marker = randomUUID().slice(0, 6);
  const posted = [];
  for (const [i, reader] of readers.entries()) posted.push(await heldComment(story.id, reader, `Cheap watches at example dot com ${marker} ${i}`));

  await page.goto("/desk/moderation");
  for (const reader of readers) await page.getByRole("checkbox", { name: `Select comment by ${reader.displayName}` }).check();
  await page.getByRole("button", { name: "Spam selected" }).click();
  await expect(page.getByRole("status").filter({ hasText: "3 comments marked as spam." })).toBeVisible();
  await expect(page.getByRole("article").filter({ hasText: marker })).toHaveCount(0);
  for (const comment of posted) expect((await commentStatus(comment.id)).status).toBe("SPAM");
  await page.getByRole("link", { name: /^Recent/ }).click();
  await expect(page.getByRole("article").filter({ hasText: marker }).first()).toContainText("Spam");
});

test("keyboard shortcuts: j and k move, x selects, r goes to the reason, a approves, and nothing fires while typing", async ({ page }) => {
  const story = await makeStory("PREMODERATED");
  const reader = await makeReader("Fen");
  const body = `Keyboard comment ${randomUUID().slice(0, 6)}`;
  const posted = await heldComment(story.id, reader, body);

  await page.goto("/desk/moderation");
  await expect(page.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  // The keys work once the page has hydrated; a key pressed before then does nothing.
  await expect(page.getByRole("form", { name: "Moderation queue" })).toHaveAttribute("data-shortcuts", "on");
  const item = itemWith(page, body);
  // Put the keyboard on this comment, then move away and back.
  await item.getByText(body).click();
  await expect(item).toBeFocused();
  const count = await page.getByRole("article").count();
  if (count > 1) {
    const index = await page.getByRole("article").evaluateAll((articles, text) => articles.findIndex((a) => a.textContent?.includes(text)), body);
    await page.keyboard.press(index === count - 1 ? "k" : "j");
    await expect(item).not.toBeFocused();
    await page.keyboard.press(index === count - 1 ? "j" : "k");
    await expect(item).toBeFocused();
  }
  await page.keyboard.press("x");
  await expect(item.getByRole("checkbox")).toBeChecked();
  await page.keyboard.press("r");
  const reason = item.getByLabel("Reason shown to the author");
  await expect(reason).toBeFocused();
  // Typing "a" and "s" in the field types them; it approves nothing.
  await page.keyboard.type("as");
  await expect(reason).toHaveValue("as");
  expect((await commentStatus(posted.id)).status).toBe("PENDING");
  await reason.fill("");

  await item.getByText(body).click();
  await page.keyboard.press("a");
  await expect(page.getByRole("status").filter({ hasText: "Comment approved." })).toBeVisible();
  await expect.poll(async () => (await commentStatus(posted.id)).status).toBe("APPROVED");
});

test("a comment that readers report is in Reported with the reports; the story's comments can be closed from the queue", async ({ page }) => {
  const story = await makeStory("OPEN");
  const author = await makeReader("Gil");
  const body = `A perfectly ordinary opinion ${randomUUID().slice(0, 6)}`;
  const posted = await postComment(author, { storyId: story.id, body });
  await reportComment(await makeReader("Hal"), { commentId: posted.id, reason: "OFF_TOPIC", text: "Nothing to do with ferries" });

  await page.goto("/desk/moderation?queue=reported");
  const item = itemWith(page, body);
  await expect(item).toContainText("1 open report");
  await expect(item).toContainText("Off-topic: Nothing to do with ferries");
  await item.getByRole("button", { name: "Close comments on this story" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comments closed on this story" })).toBeVisible();
  expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentPolicy: true } })).toEqual({ commentPolicy: "CLOSED" });
  await expect(itemWith(page, body)).toContainText("Comments closed");
});

test("the queue works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("moderator"), javaScriptEnabled: false });
  const page = await context.newPage();
  const story = await makeStory("PREMODERATED");
  const reader = await makeReader("Ivo");
  const body = `Posted for a moderator without scripts ${randomUUID().slice(0, 6)}`;
  const posted = await heldComment(story.id, reader, body);
  await page.goto("/desk/moderation");
  await itemWith(page, body).getByRole("button", { name: "Approve", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Comment approved." })).toBeVisible();
  expect((await commentStatus(posted.id)).status).toBe("APPROVED");
  await context.close();
});

for (const role of ["reader", "reporter"] as const) {
  test(`a ${role} gets 403 at /desk/moderation`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await context.newPage();
    const response = await page.goto("/desk/moderation");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("button", { name: "Approve", exact: true })).toHaveCount(0);
    await context.close();
  });
}

test("the nav shows Moderation to moderators but not People or Settings", async ({ page }) => {
  await page.goto("/desk/moderation");
  const nav = page.getByRole("navigation", { name: "Desk" });
  await expect(nav.getByRole("link", { name: "Moderation" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "People" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`/desk/moderation has no serious or critical accessibility violations (${colorScheme} scheme)`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const story = await makeStory("PREMODERATED");
    await heldComment(story.id, await makeReader("Jo"), `Something for axe to look at ${randomUUID().slice(0, 6)}`);
    await page.goto("/desk/moderation");
    await expect(page.getByRole("article").first()).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const blocking = results.violations
      .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
      .map((violation) => ({ rule: violation.id, help: violation.help, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
    expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
  });
}
