import { expect, test } from "@playwright/test";

import { recountReplies, recountStoryComments } from "@/lib/comments/counts";
import { db } from "@/lib/db";

import { demoEmail, storageStateFor } from "./fixtures";
import { publishTestStory, type TestStory } from "./seed";

// A long discussion is read 50 threads a page (lib/comments/pages.ts), with JavaScript off, and a
// reader sent to one comment (a reply form, a report, the outcome of posting) lands on its page.

const THREADS = 55;
let story: TestStory;
let discussion: string;
const ids: string[] = [];

// With fullyParallel a worker may run this hook again when it comes back to the file (the module,
// and so `ids`, stays loaded): the ids are this run's story's, never an earlier story's.
test.beforeAll(async () => {
  ids.length = 0;
  story = await publishTestStory({ prefix: "pages-e2e", headline: "A story with a long discussion" });
  discussion = `${story.href}/comments`;
  const reader = await db.user.findUniqueOrThrow({ where: { email: demoEmail("reader") }, select: { id: true } });
  const start = Date.UTC(2016, 11, 1);
  // Written straight to the database, a minute apart: posting 55 through the app would take the
  // rate limits' eleven minutes. Thread 53 gets a reply.
  for (let n = 1; n <= THREADS; n++) {
    const { id } = await db.comment.create({
      data: { storyId: story.id, authorId: reader.id, body: `Thread ${n} of the long discussion`, bodyHash: `pages-e2e-${story.id}-${n}`, status: "APPROVED", createdAt: new Date(start + n * 60_000) },
      select: { id: true },
    });
    ids.push(id);
  }
  await db.comment.create({
    data: { storyId: story.id, authorId: reader.id, parentId: ids[52]!, body: "A reply deep in the second page", bodyHash: `pages-e2e-${story.id}-reply`, status: "APPROVED", createdAt: new Date(start + 99 * 60_000) },
  });
  await recountStoryComments(db, [story.id]);
  await recountReplies(db, [ids[52]!]);
});

test.use({ javaScriptEnabled: false });

test("a reader pages through a long discussion with Previous and More links, in either order", async ({ page }) => {
  await page.goto(discussion);
  const pages = page.getByRole("navigation", { name: "Comment pages" });
  await expect(pages).toContainText("Page 1 of 2");
  await expect(page.getByText("Thread 1 of the long discussion", { exact: true })).toBeVisible();
  await expect(page.getByText("Thread 50 of the long discussion", { exact: true })).toBeVisible();
  await expect(page.getByText("Thread 51 of the long discussion", { exact: true })).toHaveCount(0);
  await expect(pages.getByRole("link", { name: "Previous comments" })).toHaveCount(0);

  await pages.getByRole("link", { name: "More comments" }).click();
  await expect(page).toHaveURL(`${discussion}?page=2`);
  await expect(page.getByRole("navigation", { name: "Comment pages" })).toContainText("Page 2 of 2");
  await expect(page.getByText("Thread 55 of the long discussion", { exact: true })).toBeVisible();
  await expect(page.getByText("A reply deep in the second page", { exact: true })).toBeVisible();
  await expect(page.getByText("Thread 1 of the long discussion", { exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: "Previous comments" }).click();
  await expect(page.getByText("Thread 1 of the long discussion", { exact: true })).toBeVisible();

  // Newest first: the last thread opens page 1, and the pages keep the order.
  await page.getByRole("navigation", { name: "Sort comments" }).getByRole("link", { name: "Newest" }).click();
  const first = page.getByRole("article").first();
  await expect(first).toContainText("Thread 55 of the long discussion");
  await page.getByRole("navigation", { name: "Comment pages" }).getByRole("link", { name: "More comments" }).click();
  await expect(page).toHaveURL(`${discussion}?sort=newest&page=2`);
  await expect(page.getByText("Thread 1 of the long discussion", { exact: true })).toBeVisible();
});

test("a page past the last, or a page that is not a number, is a 404", async ({ page }) => {
  for (const query of ["page=3", "page=0", "page=two", "page=1.5"]) {
    const response = await page.goto(`${discussion}?${query}`);
    expect(response?.status(), query).toBe(404);
  }
});

test.describe("a signed-in reader", () => {
  test.use({ storageState: storageStateFor("reader") });

  test("sent to reply to a comment on the second page gets that page with the reply form open", async ({ page }) => {
    await page.goto(`${discussion}?reply=${ids[52]}#reply-${ids[52]}`);
    await expect(page.getByRole("navigation", { name: "Comment pages" })).toContainText("Page 2 of 2");
    await expect(page.getByRole("textbox", { name: /^Reply to / })).toBeVisible();
    await expect(page.getByText("Thread 53 of the long discussion", { exact: true })).toBeVisible();
  });
});
