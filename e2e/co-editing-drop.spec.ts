// A real network drop in live co-editing (issue 18, item 5; docs/desk.md, "Co-editing"): the
// reporter reaches the second app instance through a TCP proxy the test cuts (every connection
// closed, new ones refused), keeps typing while the editor on the first instance types too, and
// when the proxy lets connections through again both end with one text holding both persons'
// words, which the database then holds.

import { expect, test } from "@playwright/test";

import { COLLAB_LIVE, COLLAB_OFFLINE } from "@/lib/collab/sentences";
import { db } from "@/lib/db";

import { bodyText, caretAt, makeReporterDraft, openLive, storedBodyText } from "./co-editing";
import { storageStateFor } from "./fixtures";
import { startCuttableProxy } from "./tcp-proxy";

const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";
const SECOND = process.env.E2E_SECOND_BASE_URL ?? FIRST;

test.afterAll(async () => {
  await db.$disconnect();
});

test("a person cut off the network keeps typing, and both persons' words merge when it returns", async ({ browser }) => {
  const proxy = await startCuttableProxy(SECOND);
  const editorContext = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: FIRST });
  // The reporter's page is opened at the proxy: everything it sends goes through it.
  const reporterContext = await browser.newContext({ storageState: storageStateFor("reporter"), baseURL: proxy.url });
  try {
    const story = await makeReporterDraft("The harbour opened at dawn.");
    const editor = await editorContext.newPage();
    const reporter = await reporterContext.newPage();
    await Promise.all([openLive(editor, story.id), openLive(reporter, story.id)]);
    await expect(editor.getByTestId("live-status")).toContainText("Ines Harrow");

    // Every status line the reporter is shown from here on, in order.
    await reporter.getByTestId("live-status").getByRole("status").evaluate((element) => {
      const seen: string[] = [];
      (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
      new MutationObserver(() => seen.push(element.textContent ?? "")).observe(element, { childList: true, characterData: true, subtree: true });
    });

    proxy.cut();
    await expect(reporter.getByText(COLLAB_OFFLINE)).toBeVisible();
    await caretAt(reporter, "end");
    await caretAt(editor, 0);
    await Promise.all([reporter.keyboard.type(" Typed while cut off."), editor.keyboard.type("Typed meanwhile. ")]);
    await expect.poll(() => bodyText(reporter)).toBe("The harbour opened at dawn. Typed while cut off.");
    await expect.poll(() => bodyText(editor)).toBe("Typed meanwhile. The harbour opened at dawn.");
    await expect(reporter.getByText(COLLAB_OFFLINE)).toBeVisible();

    proxy.restore();
    const merged = "Typed meanwhile. The harbour opened at dawn. Typed while cut off.";
    await expect.poll(() => bodyText(reporter)).toBe(merged);
    await expect.poll(() => bodyText(editor)).toBe(merged);
    await expect(reporter.getByText(COLLAB_LIVE)).toBeVisible();
    // From the cut until it was live again (its retries included), the line said it was offline.
    const seen = await reporter.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
    expect([...new Set(seen)]).toEqual([COLLAB_OFFLINE, COLLAB_LIVE]);

    // The database holds the merged text, and a fresh page shows it.
    await expect.poll(() => storedBodyText(story.id)).toBe(merged);
    await reporter.reload();
    await expect(reporter.getByText(COLLAB_LIVE)).toBeVisible();
    await expect.poll(() => bodyText(reporter)).toBe(merged);
  } finally {
    await editorContext.close();
    await reporterContext.close();
    await proxy.close();
  }
});
