import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { read } from "./reader-cache";

// Issue 14: publishing re-renders the story's pages ahead of readers (write-through), and the
// background fill of the reader pages is visible to admins on the settings page, who can start it
// again. The desk is used through the second instance (`next start`, one process): the
// write-through runs on the instance that made the change.
const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

test.afterAll(async () => {
  await db.$disconnect();
});

test.describe("write-through", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("after publishing in the desk, the story page is already rendered: its first reader gets a cache hit", async ({ page }) => {
    const headline = `Written through ${Date.now()}`;
    await page.goto(`${SECOND}/desk/stories/new`);
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await page.getByLabel("Headline").fill(headline);
    await page.getByLabel("Section").selectOption({ label: "Opinion" });
    await page.getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.type("A story rendered before anyone reads it.");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
    const path = `/opinion/${await page.getByLabel("Slug").inputValue()}`;

    const before = new Date();
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: /^Publish (now|anyway)$/ }).click();
    await expect(page.getByRole("status").filter({ hasText: "Publish: done." })).toBeVisible();

    // The instance records each page it re-rendered; no reader has asked for this one yet.
    await expect
      .poll(async () => (await db.readerWriteThrough.findUnique({ where: { path } }))?.renderedAt.getTime() ?? 0, { timeout: 30_000 })
      .toBeGreaterThanOrEqual(before.getTime() - 1000);
    const first = await read(SECOND + path);
    expect(first.status).toBe(200);
    expect(first.body).toContain(headline);
    expect(first.headers.get("x-nextjs-cache"), "the first reader's request is served from the cache").toBe("HIT");
  });
});

test.describe("the background fill on the settings page", () => {
  test("an admin sees the progress and can render every page again", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("admin") });
    const page = await context.newPage();
    await page.goto("/desk/settings");
    const section = page.getByRole("region", { name: "Reader pages" });
    await expect(section).toBeVisible();
    const progress = section.getByTestId("reader-fill-progress");
    await expect(progress).toHaveText(/^Reader pages: /);

    await section.getByRole("button", { name: "Render all again" }).click();
    await expect(section.getByRole("status")).toHaveText(/Rendering every reader page again/);
    // The page refreshes itself while the fill runs; it ends with every page rendered.
    await expect(progress).toHaveText(/^Reader pages: all [\d,]+ rendered for this build\.$/, { timeout: 90_000 });
    const rows = await db.readerFill.findMany({ where: { finishedAt: { not: null } }, orderBy: { updatedAt: "desc" }, take: 1 });
    expect(rows[0]!.done).toBe(rows[0]!.total);
    expect(rows[0]!.total).toBeGreaterThan(0);
    await context.close();
  });

  test("an editor does not see it: the settings page is for admins", async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor("editor") });
    const page = await context.newPage();
    const response = await page.goto("/desk/settings");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("region", { name: "Reader pages" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Render all again" })).toHaveCount(0);
    await context.close();
  });
});
