import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";

import { COMMENT_MAX_LENGTH } from "@/lib/comments/text";

import { storageStateFor, type DemoRole } from "./fixtures";
import { runAction, writeStory } from "./reader-cache";
import { expectInert, packPayloads, watchForScripts, XSS_PAYLOADS, type ScriptWatch } from "./xss-payloads";

// Reader flows run with JavaScript off: every comment control is a plain form or link.
// Stories: one written here through the desk (Opinion, comments set to Open), and two demo stories
// no other spec touches: an Opinion piece (pre-moderated section, never closes) and an old World
// story (its section closes comments 14 days after publication).
const PREMODERATED = { path: "/opinion/small-towns-need-buses-not-apps" };
const CLOSED = { path: "/world/ondava-basin-states-agree-dam-release-schedule" };
/** The second app instance scripts/e2e.ts starts (`next start`); the first when run alone. */
const SECOND_INSTANCE = process.env.E2E_SECOND_BASE_URL ?? process.env.E2E_BASE_URL ?? "http://localhost:3100";

async function readerPage(browser: Browser, role: DemoRole | null): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    baseURL: test.info().project.use.baseURL,
    ...(role ? { storageState: storageStateFor(role) } : {}),
  });
  return context.newPage();
}

function commentBy(page: Page, text: string) {
  return page.getByRole("article").filter({ hasText: text }).first();
}

/** An Opinion story with comments set to Open, published by the editor through the desk. */
async function writeOpenStory(browser: Browser, headline: string): Promise<string> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor("editor") });
  const desk = await context.newPage();
  const { path } = await writeStory(desk, headline);
  await desk.getByLabel("Comments").selectOption("OPEN");
  await desk.getByRole("button", { name: "Save", exact: true }).click();
  await expect(desk.getByRole("status").filter({ hasText: /Saved/ }).first()).toBeVisible();
  await runAction(desk, "Publish");
  await context.close();
  return path;
}

test("a reader posts, replies, edits, sorts, reports and deletes, without JavaScript; the story page shows the comment", async ({ browser }) => {
  const run = Date.now().toString(36);
  const storyPath = await writeOpenStory(browser, `Comments on the harbour ferry timetable ${run}`);
  const discussion = `${storyPath}/comments`;

  // The editor comments first, so the reader has someone else's comment to report.
  const editor = await readerPage(browser, "editor");
  await editor.goto(storyPath);
  const editorText = `The timetable changes on Monday, says the operator. [${run}]`;
  await editor.getByLabel("Comment", { exact: true }).fill(editorText);
  await editor.getByRole("button", { name: "Post comment" }).click();
  await expect(editor.getByRole("status")).toHaveText("Your comment is published.");

  const page = await readerPage(browser, "reader");
  await page.goto(storyPath);
  const section = page.getByRole("region", { name: /comment/i });
  await expect(section.getByRole("link", { name: /All 1 comment|Join the conversation/ })).toBeVisible();

  // Too long or only spaces: refused with a message, nothing written.
  await page.getByLabel("Comment", { exact: true }).fill("x".repeat(5001));
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(new RegExp(`${discussion}\\?error=too-long`));
  await expect(page.getByRole("alert")).toHaveText("Comments can be at most 5,000 characters. Shorten yours and post again.");
  await page.getByLabel("Comment", { exact: true }).fill("   \n  ");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("alert")).toHaveText("Write something before posting: the comment is empty.");
  await expect(page.getByText("1 comment", { exact: true })).toBeVisible();

  // Post from the story page: redirected to the discussion, anchored at the new comment.
  await page.goto(storyPath);
  const text = `Will the early sailing still run in winter? [${run}]`;
  await page.getByLabel("Comment", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(new RegExp(`${discussion}\\?done=posted&comment=[0-9a-f-]{36}#comment-`));
  await expect(page.getByRole("status")).toHaveText("Your comment is published.");
  const mine = commentBy(page, text);
  await expect(mine).toContainText("Riley Reader");
  await expect(mine.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);

  // The cached story page shows it within the cache's freshness.
  const story = await readerPage(browser, null);
  await expect
    .poll(async () => {
      await story.goto(storyPath);
      return story.getByRole("region", { name: /comment/i }).getByText(text).count();
    })
    .toBe(1);
  await expect(story.getByRole("heading", { name: "2 comments", exact: true })).toBeVisible();

  // Reply under the comment.
  await mine.getByRole("link", { name: "Reply" }).click();
  const replyText = `Answering myself: the operator says yes. [${run}]`;
  await page.getByLabel("Reply to Riley Reader").fill(replyText);
  await page.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByRole("status")).toHaveText("Your reply is published.");
  const thread = page.getByRole("listitem").filter({ has: page.getByRole("article").filter({ hasText: text }) }).first();
  await expect(thread.getByRole("article").filter({ hasText: replyText })).toBeVisible();

  // Edit within ten minutes: marked "edited".
  const edited = `Will the early sailing still run in winter, and on Sundays? [${run}]`;
  await commentBy(page, text).getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Edit your comment").fill(edited);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toHaveText("Your changes are saved.");
  await expect(commentBy(page, edited)).toContainText("edited");

  // Sort: newest first puts the reader's comment above the editor's.
  const sort = page.getByRole("navigation", { name: "Sort comments" });
  await expect(sort.getByRole("link", { name: "Oldest" })).toHaveAttribute("aria-current", "true");
  await sort.getByRole("link", { name: "Newest" }).click();
  await expect(sort.getByRole("link", { name: "Newest" })).toHaveAttribute("aria-current", "true");
  await expect(page.locator("main ol > li > article").first()).toContainText(edited);
  await sort.getByRole("link", { name: "Oldest" }).click();
  await expect(page.locator("main ol > li > article").first()).toContainText(editorText);

  // Report the editor's comment: Other needs words.
  await commentBy(page, editorText).getByRole("link", { name: "Report" }).click();
  await page.getByRole("radio", { name: "Other" }).check();
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("alert")).toHaveText("Tell us more: with Other, say what is wrong.");
  await page.getByRole("radio", { name: "Other" }).check();
  await page.getByLabel("Tell us more").fill("It gives a date the operator has not announced.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page.getByRole("status")).toHaveText("Thank you: your report is with our moderators.");

  // Delete: the text goes, the thread and its reply stay.
  await commentBy(page, edited).getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("status")).toHaveText("Your comment is deleted. Replies to it stay.");
  await expect(page.getByText(edited)).toHaveCount(0);
  await expect(page.getByText("This comment was deleted.")).toBeVisible();
  await expect(page.getByText(replyText)).toBeVisible();
});

test("a pre-moderated story holds a reader's comment and tells them why; other readers do not see it", async ({ browser }) => {
  const page = await readerPage(browser, "reader");
  await page.goto(PREMODERATED.path);
  await expect(page.getByText("Comments on this story are checked by a moderator before they appear.")).toBeVisible();
  const text = `Our village bus has not come on time since March. [${Date.now().toString(36)}]`;
  await page.getByLabel("Comment", { exact: true }).fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page.getByRole("status")).toHaveText(
    "Your comment is waiting for a moderator because a moderator checks every comment on this story before it appears.",
  );
  await expect(commentBy(page, text)).toContainText("Only you can see this: it is waiting for a moderator because a moderator checks every comment");

  const anonymous = await readerPage(browser, null);
  await anonymous.goto(`${PREMODERATED.path}/comments`);
  await expect(anonymous.getByText(text)).toHaveCount(0);
  await anonymous.goto(PREMODERATED.path);
  await expect(anonymous.getByText(text)).toHaveCount(0);
});

test("a closed story says why and has no comment form", async ({ browser }) => {
  const page = await readerPage(browser, "reader");
  await page.goto(CLOSED.path);
  const section = page.getByRole("region", { name: /comment/i });
  await expect(section).toContainText(/Comments closed on \d+ \w+, 14 days after publication\./);
  await expect(page.getByLabel("Comment", { exact: true })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Post comment" })).toHaveCount(0);
  const discussion = await page.goto(`${CLOSED.path}/comments`);
  // Rendered per request, so proxy.ts gives it a nonce policy.
  expect(discussion?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  await expect(page.getByText(/Comments closed on \d+ \w+, 14 days after publication\./)).toBeVisible();
  await expect(page.getByLabel("Comment", { exact: true })).toHaveCount(0);
});

test("a signed-out reader who posts is sent to sign in, with the discussion page to come back to", async ({ browser }) => {
  const page = await readerPage(browser, null);
  await page.goto(PREMODERATED.path);
  await page.getByLabel("Comment", { exact: true }).fill("Hello from nowhere.");
  await page.getByRole("button", { name: "Post comment" }).click();
  await expect(page).toHaveURL(`/login?callbackUrl=${encodeURIComponent(`${PREMODERATED.path}/comments`)}`);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

/** The comment bodies hold only paragraphs, lines and http(s) links; and nothing on the page runs (xss-payloads.ts). */
async function expectInertComments(page: Page, watch: ScriptWatch): Promise<void> {
  const found = await page.evaluate(() => {
    const area = [...document.querySelectorAll(".comment-body")];
    const elements = area.flatMap((body) => [...body.querySelectorAll("*")]);
    return {
      bodies: area.length,
      foreign: elements.filter((el) => !["P", "SPAN", "BR", "A"].includes(el.tagName)).map((el) => el.tagName),
      hrefs: elements.filter((el) => el.tagName === "A").map((el) => el.getAttribute("href") ?? ""),
      rels: [...new Set(elements.filter((el) => el.tagName === "A").map((el) => el.getAttribute("rel")))],
    };
  });
  expect(found.bodies).toBeGreaterThan(0);
  expect(found.foreign).toEqual([]);
  expect(found.hrefs.every((href) => /^https?:\/\//.test(href))).toBe(true);
  expect(found.rels).toEqual(["nofollow ugc noopener"]);
  await expectInert(page, watch);
}

test("none of the cross-site scripting payloads one comment can hold, posted through the JSON endpoint, runs in Chromium; cross-site and non-JSON posts are refused; the open forms pass axe", async ({ browser }) => {
  // As many of the corpus as one comment holds (xss.spec.ts posts all of it, over several).
  const body = packPayloads(COMMENT_MAX_LENGTH, "\n\n")[0]!;
  expect(body.split("\n\n").length).toBeGreaterThanOrEqual(50);
  const run = Date.now().toString(36);
  const storyPath = await writeOpenStory(browser, `Comments that try to be code ${run}`);
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor("editor") });
  const page = await context.newPage();
  const watch = await watchForScripts(page);
  await page.goto(storyPath);
  const storyId = await page.locator('input[name="storyId"]').first().inputValue();

  const url = `/api/stories/${storyId}/comments`;
  // The same answers from both instances: the first is scripts/serve.mjs, which answers this
  // endpoint from Node's request; the second is `next start`, where the route handler does.
  for (const base of [test.info().project.use.baseURL!, SECOND_INSTANCE]) {
    const refused = await context.request.post(base + url, { data: { body: "Hi" }, headers: { Origin: "https://elsewhere.example" } });
    expect(refused.status()).toBe(403);
    const plain = await context.request.post(base + url, { data: JSON.stringify({ body: "Hi" }), headers: { "Content-Type": "text/plain" } });
    expect(plain.status()).toBe(415);
    const empty = await context.request.post(base + url, { data: { body: "   " } });
    expect(empty.status()).toBe(400);
    expect(await empty.json()).toEqual({ error: "Write something before posting: the comment is empty." });
    const huge = await context.request.post(base + url, { data: { body: "x".repeat(70_000) } });
    expect(huge.status()).toBe(413);
    expect(await huge.json()).toEqual({ error: "That request is too large for a comment." });
  }

  const posted = await context.request.post(url, { data: { body } });
  expect(posted.status()).toBe(201);
  const created = (await posted.json()) as { id: string; status: string; heldBecause: string | null };
  expect(created).toMatchObject({ status: "APPROVED", heldBecause: null });

  await page.goto(`${storyPath}/comments`);
  const comment = commentBy(page, "<script>alert(1)</script>");
  for (const payload of XSS_PAYLOADS.slice(0, 10)) await expect(comment).toContainText(payload);
  await expectInertComments(page, watch);

  await expect
    .poll(async () => {
      await page.goto(storyPath);
      return page.locator(".comment-body").count();
    })
    .toBe(1);
  await expectInertComments(page, watch);

  // The discussion page with the reply form open (the author) and the report form open (a reader).
  await page.goto(`${storyPath}/comments?reply=${created.id}`);
  await expect(page.getByRole("button", { name: "Post reply" })).toBeVisible();
  await expectNoAccessibilityViolations(page);
  const reader = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor("reader") });
  const readerPage = await reader.newPage();
  await readerPage.goto(`${storyPath}/comments?report=${created.id}`);
  await expect(readerPage.getByRole("button", { name: "Send report" })).toBeVisible();
  await expectNoAccessibilityViolations(readerPage);
  await reader.close();
  await context.close();
});

async function expectNoAccessibilityViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`) }));
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}
