import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { read, runAction, writeStory } from "./reader-cache";

// A reader page rendered by one app instance is kept in the shared store in PostgreSQL
// (docs/caching.md, "The shared store") and served by every other instance without rendering it
// again. scripts/e2e.ts runs two instances on one database.
const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

test.use({ storageState: storageStateFor("editor") });

test.afterAll(async () => {
  await db.$disconnect();
});

test("a story page rendered by one instance is served by the other from the shared store, not rendered again", async ({ page }) => {
  expect(SECOND, "scripts/e2e.ts starts a second instance (E2E_SECOND_BASE_URL)").not.toBe(FIRST);
  const headline = `Shared store probe ${Date.now()}`;
  const story = await writeStory(page, headline);
  await runAction(page, "Publish");

  // The first instance renders the published story, and stores it.
  await expect.poll(async () => (await read(FIRST + story.path)).body.includes(headline)).toBe(true);
  // The story page is written by a route handler (lib/reader-html), stored as a route's response,
  // with the headers and gzip body it was sent with (docs/fast-paths.md).
  await expect
    .poll(async () => (await db.readerPage.findMany({ where: { key: { endsWith: `$${story.path}` }, kind: "APP_ROUTE", path: story.path, gzip: { not: null } }, select: { key: true } })).length)
    .toBe(1);

  // The second instance has never rendered it: its very first answer is the stored page.
  const first = await read(SECOND + story.path);
  expect(first.status).toBe(200);
  expect(first.body).toContain(headline);
  expect(first.headers.get("x-nextjs-cache"), "served from the shared store, not rendered").toBe("HIT");
  expect(first.headers.get("content-security-policy")).toMatch(/script-src 'none'/);
  expect(first.headers.get("etag")).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
});
