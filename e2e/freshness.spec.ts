import { expect, test } from "@playwright/test";
import pg from "pg";

import { storageStateFor } from "./fixtures";
import { expectFreshWithin, read, runAction, saveHeadline, writeStory } from "./reader-cache";

// Reader pages are served from each instance's cache; a change made through one instance must be
// on the other's pages within 2 s (docs/caching.md). scripts/e2e.ts runs two instances on one
// database: this spec edits through the first (the browser's baseURL) and reads from the second.
const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;
// Both instances read the reader site from a streaming standby (scripts/e2e.ts, DATABASE_REPLICA_URLS).
const REPLICA = process.env.E2E_REPLICA_URL;

test.use({ storageState: storageStateFor("editor") });

test("a change made on one instance is on the other's cached story page, section, front page and feed within 2 s", async ({ page }) => {
  expect(SECOND, "scripts/e2e.ts starts a second instance (E2E_SECOND_BASE_URL)").not.toBe(FIRST);
  const stamp = Date.now();
  const original = `Cache probe ${stamp} original headline`;
  const revised = `Cache probe ${stamp} revised headline`;
  const story = await writeStory(page, original);

  // Both instances have the lists cached, and before the story is published the second one caches
  // its URL as a 404.
  for (const base of [FIRST, SECOND]) for (const path of ["/", "/opinion", "/rss.xml"]) expect((await read(base + path)).status).toBe(200);
  for (let i = 0; i < 2; i += 1) expect((await read(SECOND + story.path)).status).toBe(404);
  expect((await read(SECOND + story.path)).headers.get("x-nextjs-cache")).toBe("HIT");

  const published = await runAction(page, "Publish");
  const has = (path: string, text: string) => async () => (await read(SECOND + path)).body.includes(text);
  await expectFreshWithin("publish", {
    "story page": has(story.path, original),
    "section front": has("/opinion", original),
    "front page": has("/", original),
    "RSS feed": has("/rss.xml", original),
  }, published);

  // Both instances have every page cached now: a second request to an unchanged page is a hit.
  for (const base of [FIRST, SECOND]) for (const path of [story.path, "/opinion", "/", "/rss.xml"]) await read(base + path);
  const again = await read(SECOND + story.path);
  expect(again.status).toBe(200);
  expect(again.headers.get("x-nextjs-cache"), "an unchanged story page is served from the cache").toBe("HIT");
  expect(again.headers.get("cache-control")).toMatch(/s-maxage=\d+/);

  const saved = await saveHeadline(page, revised);
  await expectFreshWithin("headline edit", {
    "story page": has(story.path, revised),
    "section front": has("/opinion", revised),
    "front page": has("/", revised),
    "RSS feed": has("/rss.xml", revised),
  }, saved);
  expect((await read(SECOND + story.path)).body).not.toContain(original);

  await page.goto(`/desk/stories/${story.id}/corrections`);
  const text = `An earlier version of this probe misstated its own purpose. [${stamp}]`;
  await page.getByLabel("Correction text").fill(text);
  await page.getByRole("button", { name: "Add correction" }).click();
  await expect(page.getByRole("form", { name: "Add a correction" }).getByRole("status")).toContainText("Correction added");
  const corrected = Date.now();
  await expectFreshWithin("correction", { "story page": has(story.path, text) }, corrected);

  await page.goto(`/desk/stories/${story.id}`);
  const unpublished = await runAction(page, "Unpublish");
  const lacks = (path: string, text: string) => async () => !(await read(SECOND + path)).body.includes(text);
  await expectFreshWithin("unpublish", {
    "story page is a 404": async () => (await read(SECOND + story.path)).status === 404,
    "section front": lacks("/opinion", revised),
    "front page": lacks("/", revised),
    "RSS feed": lacks("/rss.xml", revised),
  }, unpublished);

  // Those renders read the replica: the app's reader connections are open on the standby.
  expect(REPLICA, "scripts/e2e.ts starts a read replica (E2E_REPLICA_URL)").toBeDefined();
  const standby = new pg.Client({ connectionString: REPLICA });
  await standby.connect();
  try {
    const { rows } = await standby.query<{ standby: boolean; readers: number }>(
      "SELECT pg_is_in_recovery() AS standby, (SELECT count(*) FROM pg_stat_activity WHERE application_name = 'newsdesk-replica-read')::int AS readers",
    );
    expect(rows[0]).toEqual({ standby: true, readers: expect.any(Number) });
    expect(rows[0]!.readers).toBeGreaterThan(0);
  } finally {
    await standby.end();
  }
});
