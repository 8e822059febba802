import http from "node:http";

import { expect, test } from "@playwright/test";

import { storageStateFor } from "./fixtures";
import { FRESH_WITHIN_MS, runAction, writeStory } from "./reader-cache";

// Runs alone, after every other spec (the "alone" project in playwright.config.ts), against the
// two instances scripts/e2e.ts starts: nothing else publishes while it watches the pages.
const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

test.use({ storageState: storageStateFor("editor") });

/**
 * The page's x-nextjs-cache header, over a new connection each time: an instance is several
 * processes sharing a port (scripts/serve.mjs), each with its own cache, and each new connection
 * goes to the next one, so successive requests ask every process in turn.
 */
function cacheStatus(url: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.headers["x-nextjs-cache"] as string | undefined));
      })
      .on("error", reject);
  });
}

/** More than the processes of one instance (at most 4), so a run of hits covers every one. */
const IN_A_ROW = 8;

// Work readers cannot see leaves their pages alone (issue 14): a workflow step used to stamp a tag
// every reader page carries, so one reporter submitting a draft emptied every reader cache.
test("a reporter submitting an unrelated draft leaves every cached reader page in the cache", async ({ page, browser }) => {
  const stamp = Date.now();
  const published = await writeStory(page, `Cache keeper ${stamp} published`);
  await runAction(page, "Publish");
  const readerPaths = [published.path, "/opinion", "/", "/rss.xml"];
  // Rendered on every process of each instance (after the publish's stamp has reached them): a
  // run of hits in a row.
  for (const base of [FIRST, SECOND]) {
    for (const path of readerPaths) {
      let hits = 0;
      await expect
        .poll(async () => {
          hits = (await cacheStatus(base + path)) === "HIT" ? hits + 1 : 0;
          return hits;
        }, { message: `${base}${path} is served from the cache by every process`, intervals: [50] })
        .toBeGreaterThanOrEqual(IN_A_ROW);
    }
  }

  // A reporter writes a draft in the same section and submits it for review.
  const reporter = await browser.newContext({ storageState: storageStateFor("reporter") });
  const desk = await reporter.newPage();
  await writeStory(desk, `Cache keeper ${stamp} draft in review`);
  await desk.getByRole("button", { name: "Submit for review" }).click();
  await expect(desk.getByRole("status").filter({ hasText: "now in review" })).toBeVisible();
  const submitted = Date.now();

  // Through the whole time a stamp takes to reach every instance (the freshness promise), and on
  // the instance that handled the submit at once, every page is still a hit.
  let checks = 0;
  do {
    for (const base of [FIRST, SECOND]) {
      for (const path of readerPaths) expect(await cacheStatus(base + path), `${base}${path} after the draft was submitted`).toBe("HIT");
    }
    checks += 1;
  } while (Date.now() - submitted < FRESH_WITHIN_MS || checks < IN_A_ROW);
  await reporter.close();
});
