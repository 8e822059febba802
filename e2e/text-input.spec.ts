import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { publishTestStory } from "./seed";

// A control character in what someone types gets a message that says which field and why, never a
// server error, and nothing is written (lib/validation/text.ts; docs/security.md, "Control characters").

const SECOND_INSTANCE = process.env.E2E_SECOND_BASE_URL ?? process.env.E2E_BASE_URL ?? "http://localhost:3100";

test.afterAll(async () => {
  await db.$disconnect();
});

test("a search with a NUL byte says why instead of searching, and a plain search still works", async ({ page }) => {
  const response = await page.goto("/search?q=flood%00warning");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "NUL" })).toHaveText("Your search contains a NUL character (U+0000): remove it and try again.");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("flood warning");
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveAttribute("aria-invalid", "true");
  await page.goto("/search?q=flood");
  await expect(page.locator("#search-problem")).toHaveCount(0);
  await expect(page.getByRole("status")).toContainText("for “flood”");
});

test("a comment with a NUL byte is refused with the reason by both instances, and nothing is stored", async ({ browser }) => {
  const story = await publishTestStory({ prefix: "text-input", headline: "A story whose comments carry odd characters" });
  const context = await browser.newContext({ storageState: storageStateFor("reader") });
  for (const base of [test.info().project.use.baseURL!, SECOND_INSTANCE]) {
    const refused = await context.request.post(`${base}/api/stories/${story.id}/comments`, { data: { body: "A fair\u0000 point." } });
    expect(refused.status()).toBe(400);
    expect(await refused.json()).toEqual({ error: "Your comment contains a NUL character (U+0000): remove it and try again." });
  }
  expect(await db.comment.count({ where: { storyId: story.id } })).toBe(0);
  await context.close();
});

test("the desk's story search and people search say why a NUL byte is refused, and still list", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("admin") });
  const page = await context.newPage();
  expect((await page.goto("/desk?q=flood%00"))?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "NUL" })).toHaveText("The search contains a NUL character (U+0000): remove it and try again.");
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByLabel("Search headlines")).toHaveValue("flood");
  expect((await page.goto("/desk/people?q=ada%00"))?.status()).toBe(200);
  await expect(page.getByRole("alert").filter({ hasText: "NUL" })).toHaveText("The search contains a NUL character (U+0000): remove it and try again.");
  await expect(page.getByLabel("Name or email")).toHaveValue("ada");
  // Still the list, unfiltered: its first page of people (others' specs add readers, so not a
  // particular one).
  await expect(page.getByRole("table").getByRole("row")).not.toHaveCount(0);
  await expect(page.getByRole("table").getByRole("row").nth(1)).toContainText("@");
  await context.close();
});
