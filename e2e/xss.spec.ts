import { randomUUID } from "node:crypto";

import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

import { signUpReader, type NewAccount } from "@/lib/accounts/signup";
import { DISPLAY_NAME_MAX } from "@/lib/accounts/validation";
import { loadActor, type Actor } from "@/lib/auth/actor";
import { postComment } from "@/lib/comments/post";
import { reportComment } from "@/lib/comments/report";
import { REPORT_TEXT_MAX } from "@/lib/comments/schemas";
import { COMMENT_MAX_LENGTH } from "@/lib/comments/text";
import { cachedCommentSettings } from "@/lib/comments/settings";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { MAX_REJECT_REASON_LENGTH, moderateComments } from "@/lib/moderation/mutations";
import { banPerson, MAX_REASON_LENGTH, reinstatePerson, suspendPerson } from "@/lib/people/mutations";

import { demoEmail, storageStateFor, type DemoRole } from "./fixtures";
import { publishTestStory } from "./seed";
import { expectInert, packPayloads, readableText, watchForScripts, XSS_PAYLOADS, type ScriptWatch } from "./xss-payloads";

// Issues 5 and 11: the cross-site scripting payloads of xss-payloads.ts as display names, report
// texts, comment bodies, moderators' reasons for rejecting a comment and admins' reasons for a
// suspension or a ban (xss-surfaces.spec.ts puts them in stories), shown in Chromium with JavaScript on, so an
// injected script would run. Accounts, comments and reports are made through the app's own lib
// functions (as moderation.spec.ts does); every page that shows them is read as a person would.
// Each test makes its own story (Opinion, comments open, dated 2016 so it tops no list another
// spec reads) and its own accounts, with unique emails and made-up client addresses.

const PASSWORD = "a long enough passphrase";

function runTag(): string {
  return `${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;
}

/** A made-up client address per sign-up, so the five-an-hour limit per address never trips. */
function freshAddress(): string {
  const hex = randomUUID().replaceAll("-", "");
  return `2001:db8:${hex.slice(0, 4)}:${hex.slice(4, 8)}::${hex.slice(8, 12)}`;
}

function makeOpenStory(headline: string) {
  return publishTestStory({ prefix: "xss-e2e", headline });
}

async function actorFor(id: string): Promise<Actor> {
  const actor = await loadActor(id);
  if (!actor) throw new Error(`account ${id} could not be loaded`);
  return actor;
}

async function demoModerator(): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail("moderator") }, select: { id: true } });
  return actorFor(user.id);
}

/**
 * Posts a comment that readers see. Plain words, no links, one per author, so no automatic hold
 * applies by default; should an admin setting hold it anyway (first comments), the demo
 * moderator approves it, since these tests are about what the page shows, not about holds.
 */
async function postVisibleComment(author: Actor, storyId: string, body: string): Promise<string> {
  const posted = await postComment(author, { storyId, body });
  if (posted.status !== "APPROVED") await moderateComments(await demoModerator(), { ids: [posted.id], decision: "approve" });
  return posted.id;
}

/** Runs `work` on every item, at most `limit` at a time (password hashing is slow on a busy machine). */
async function forEachLimited<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!, index);
      }
    }),
  );
  return results;
}

interface WatchedPage {
  context: BrowserContext;
  page: Page;
  watch: ScriptWatch;
}

/** A fresh context with JavaScript on (the default), signed in as a demo role or not at all, watched from its first request. */
async function openWatched(browser: Browser, role: DemoRole | null): Promise<WatchedPage> {
  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    storageState: role ? storageStateFor(role) : { cookies: [], origins: [] },
  });
  const page = await context.newPage();
  return { context, page, watch: await watchForScripts(page) };
}

/** Which of `texts` the page shows as text a person reads. */
async function shownOf(page: Page, texts: readonly string[]): Promise<string[]> {
  // Compared without whitespace: a line break in a comment is a <br>, which textContent leaves out.
  const text = withoutSpace(await readableText(page));
  return texts.filter((candidate) => text.includes(withoutSpace(candidate)));
}

function withoutSpace(value: string): string {
  return value.replace(/\s+/g, "");
}

/**
 * Walks a paged list from `firstUrl`, following the `nextLink` link, checking each page is inert,
 * until every one of `texts` has been seen as text (or `maxPages` pages). Returns what was seen.
 */
async function walkPages(watched: WatchedPage, firstUrl: string, texts: readonly string[], maxPages: number, nextLink = "Next page"): Promise<Set<string>> {
  const seen = new Set<string>();
  let url: string | null = firstUrl;
  for (let pageNumber = 1; url && pageNumber <= maxPages && seen.size < texts.length; pageNumber++) {
    const response = await watched.page.goto(url);
    expect(response?.status(), url).toBe(200);
    for (const found of await shownOf(watched.page, texts)) seen.add(found);
    await expectInert(watched.page, watched.watch, url);
    const next = watched.page.getByRole("link", { name: nextLink });
    url = (await next.count()) > 0 ? await next.first().getAttribute("href") : null;
  }
  return seen;
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login?callbackUrl=%2Faccount");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

interface NameTry {
  payload: string;
  name: string;
  account: NewAccount | null;
  refusal: string | null;
}

test(`display names made of ${XSS_PAYLOADS.length} cross-site scripting payloads are shown as text and run nowhere: story page, discussion, moderation, people, account`, async ({ browser }) => {
  test.slow();
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
  const run = runTag();
  const story = await makeOpenStory("Readers whose names look like code");

  // Sign up with every payload as the display name; longer ones cut to the limit (a cut tag is
  // still hostile). A refusal must be the sign-up's own clear message on the name, nothing else.
  const tries = await forEachLimited(XSS_PAYLOADS, 4, async (payload, index): Promise<NameTry> => {
    const name = [...payload].slice(0, DISPLAY_NAME_MAX).join("");
    try {
      const account = await signUpReader({ displayName: name, email: `xss-name-${run}-${index}@example.test`, password: PASSWORD }, { address: freshAddress() });
      return { payload, name, account, refusal: null };
    } catch (error) {
      if (!isAppError(error) || error.code !== "INVALID_INPUT") throw error;
      const refusal = error.fieldErrors?.displayName?.[0];
      expect(refusal, `the refusal of ${JSON.stringify(name)} says what is wrong with the name`).toMatch(/display name/i);
      return { payload, name, account: null, refusal: refusal ?? "" };
    }
  });
  const accepted = tries.filter((attempt): attempt is NameTry & { account: NewAccount } => attempt.account !== null);
  const refused = tries.filter((attempt) => attempt.account === null);
  const summary = `display names: ${accepted.length} of ${tries.length} payloads accepted, ${refused.length} refused${refused.length ? ` (${refused.map((r) => `${JSON.stringify(r.name)}: ${r.refusal}`).join("; ")})` : ""}`;
  console.log(`[xss] ${summary}`);
  test.info().annotations.push({ type: "xss", description: summary });
  // The rules are about honesty, not HTML (docs/accounts.md): most of these are ordinary names to them.
  expect(accepted.length).toBeGreaterThanOrEqual(Math.floor(XSS_PAYLOADS.length * 0.9));
  // Stored as the reader typed it (normalised spaces only): nothing stripped or escaped into the record.
  for (const { name, account } of accepted) expect(account.displayName).toBe(name.replace(/\s+/g, " ").trim());
  // Cut to the limit and with spaces normalised, a few payloads make the same name: each is looked for once.
  const names = [...new Set(accepted.map(({ account }) => account.displayName))];
  const authors = accepted.map(({ account }) => account);

  // One comment by each, oldest first in this order, so the story page's first threads are known.
  const commentIds: string[] = [];
  for (const [index, account] of authors.entries()) {
    commentIds.push(await postVisibleComment(await actorFor(account.id), story.id, `The ferry timetable, reader ${index + 1} of ${authors.length} [${run}]`));
  }

  // The cached story page: its comments area shows the first threads (STORY_PAGE_THREADS in
  // lib/stories/story-page.ts: 10), with their authors.
  const anonymous = await openWatched(browser, null);
  const onStoryPage = [...new Set(authors.slice(0, 10).map((account) => account.displayName))];
  await expect
    .poll(async () => {
      await anonymous.page.goto(story.href);
      return (await shownOf(anonymous.page, onStoryPage)).length;
    })
    .toBe(onStoryPage.length);
  await expectInert(anonymous.page, anonymous.watch, story.href);

  // The discussion page, signed out: every name, over its pages (50 threads a page).
  const discussion = `${story.href}/comments`;
  expect([...(await walkPages(anonymous, discussion, names, 5, "More comments"))].sort()).toEqual([...names].sort());
  await anonymous.context.close();

  // A signed-in reader opens the report form ("Why are you reporting <name>'s comment?") and the
  // reply form ("Reply to <name>") under the first few.
  const reader = await openWatched(browser, "reader");
  for (const [index, id] of commentIds.slice(0, 3).entries()) {
    const name = authors[index]!.displayName;
    await reader.page.goto(`${discussion}?report=${id}`);
    await expect(reader.page.getByRole("group", { name: `Why are you reporting ${name}’s comment?` })).toBeVisible();
    await expectInert(reader.page, reader.watch, `${discussion}?report=…`);
    await reader.page.goto(`${discussion}?reply=${id}`);
    await expect(reader.page.getByLabel(`Reply to ${name}`, { exact: true })).toBeVisible();
    await expectInert(reader.page, reader.watch, `${discussion}?reply=…`);
  }
  await reader.context.close();

  // The moderator's Recent queue (newest first, 25 a page; other specs comment at the same time).
  const moderator = await openWatched(browser, "moderator");
  const inQueue = await walkPages(moderator, "/desk/moderation?queue=recent", names, 12);
  expect(names.filter((name) => !inQueue.has(name)), "names missing from the Recent queue").toEqual([]);
  await moderator.context.close();

  // The admin's people list, searched by this run's emails (50 a page).
  const admin = await openWatched(browser, "admin");
  await admin.page.goto("/desk/people");
  await admin.page.getByLabel("Name or email").fill(`xss-name-${run}`);
  await admin.page.getByRole("button", { name: "Find" }).click();
  await expect(admin.page).toHaveURL(new RegExp(`q=xss-name-${run}`));
  const inPeople = await walkPages(admin, admin.page.url(), names, 5);
  expect(names.filter((name) => !inPeople.has(name)), "names missing from /desk/people").toEqual([]);
  await admin.context.close();

  // Two of them sign in through the form and see their own name on /account.
  for (const { account } of accepted.slice(0, 2)) {
    const own = await openWatched(browser, null);
    await signIn(own.page, account.email);
    await own.page.goto("/account");
    await expect(own.page.getByText(`[${run}]`)).toBeVisible();
    expect(await shownOf(own.page, [account.displayName])).toEqual([account.displayName]);
    await expectInert(own.page, own.watch, "/account");
    await own.context.close();
  }

  // The sign-up form keeps the name typed when another field is wrong: the echo is a value, not markup.
  const signup = await openWatched(browser, null);
  await signup.page.setExtraHTTPHeaders({ "x-forwarded-for": freshAddress() });
  for (const name of tries.slice(0, 8).map((attempt) => attempt.name)) {
    await signup.page.goto("/signup");
    await signup.page.getByLabel("Display name").fill(name);
    await signup.page.getByLabel("Email").fill(`xss-form-${run}@example.test`);
    await signup.page.getByLabel("Password").fill("short");
    await signup.page.getByRole("button", { name: "Create account" }).click();
    await expect(signup.page.getByText("Use a password of at least 12 characters.")).toBeVisible();
    await expect(signup.page.getByLabel("Display name")).toHaveValue(name);
    await expectInert(signup.page, signup.watch, "/signup after a refusal");
  }
  await signup.context.close();
  expect(await db.user.count({ where: { email: `xss-form-${run}@example.test` } })).toBe(0);
});

test(`report texts made of ${XSS_PAYLOADS.length} cross-site scripting payloads are shown as text in the Reported queue and run nowhere; an over-long one is refused without an echo`, async ({ browser }) => {
  test.slow();
  const run = runTag();
  const story = await makeOpenStory("Readers report comments in code");
  const { reportsToHold } = await cachedCommentSettings();

  // Reports stay under the hold threshold per comment where it allows (a held comment takes no more
  // reports); 20 reports an hour per account, so the payloads are spread over four reporters, 15
  // each, and over at least 15 comments, so no reporter reports one comment twice.
  const perComment = Math.min(Math.max(1, reportsToHold - 1), Math.floor(XSS_PAYLOADS.length / 15));
  const targetCount = Math.ceil(XSS_PAYLOADS.length / perComment);
  const reporterCount = Math.ceil(XSS_PAYLOADS.length / 15);
  const makeAccount = async (kind: string, index: number) => {
    const account = await signUpReader(
      { displayName: `${kind} ${index + 1} ${run}`, email: `xss-${kind.toLowerCase()}-${run}-${index}@example.test`, password: PASSWORD },
      { address: freshAddress() },
    );
    return actorFor(account.id);
  };
  // Five comments a minute per account: one author for every four comments.
  const authors = await forEachLimited(Array.from({ length: Math.ceil(targetCount / 4) }), 4, (_, index) => makeAccount("Author", index));
  const reporters = await forEachLimited(Array.from({ length: reporterCount }), 4, (_, index) => makeAccount("Reporter", index));
  const targets: string[] = [];
  for (let index = 0; index < targetCount; index++) {
    targets.push(await postVisibleComment(authors[Math.floor(index / 4)]!, story.id, `Reported comment ${index + 1} [${run}]`));
  }

  // Payload i: comment i mod targets, reporter i div 15 (so no reporter reports one comment twice).
  for (const [index, payload] of XSS_PAYLOADS.entries()) {
    const reported = await reportComment(reporters[Math.floor(index / 15)]!, { commentId: targets[index % targetCount]!, reason: "OTHER", text: payload });
    expect(reported.reason).toBe("OTHER");
  }
  const stored = await db.commentReport.findMany({ where: { commentId: { in: targets } }, select: { text: true } });
  expect(stored.map((report) => report.text).sort()).toEqual(XSS_PAYLOADS.map((payload) => payload.trim()).sort());

  // The Reported queue: every text, as text ("Other: <text>"), on inert pages.
  const moderator = await openWatched(browser, "moderator");
  const texts = XSS_PAYLOADS.map((payload) => `Other: ${payload}`);
  const seen = await walkPages(moderator, "/desk/moderation?queue=reported", texts, 10);
  expect(texts.filter((text) => !seen.has(text)), "report texts missing from the Reported queue").toEqual([]);
  await moderator.context.close();

  // The report form's own refusal: over 1,000 characters of payloads. The page names the problem
  // and echoes nothing (the outcome travels as a key, docs/comments.md); nothing is stored.
  let long = "";
  for (const payload of XSS_PAYLOADS) if (long.length <= REPORT_TEXT_MAX) long += `${payload}\n`;
  expect(long.trim().length).toBeGreaterThan(REPORT_TEXT_MAX);
  const reader = await openWatched(browser, "reader");
  const target = targets[targets.length - 1]!;
  await reader.page.goto(`${story.href}/comments?report=${target}`);
  await reader.page.getByRole("radio", { name: "Other" }).check();
  await reader.page.getByLabel("Tell us more").fill(long);
  await reader.page.getByRole("button", { name: "Send report" }).click();
  await expect(reader.page.getByRole("alert").filter({ hasText: "Keep the report under 1,000 characters." })).toBeVisible();
  expect(await shownOf(reader.page, XSS_PAYLOADS)).toEqual([]);
  expect(await reader.page.getByLabel("Tell us more").inputValue()).toBe("");
  await expectInert(reader.page, reader.watch, "the report form after a refusal");
  await reader.context.close();
  const demoReader = await db.user.findUniqueOrThrow({ where: { email: demoEmail("reader") }, select: { id: true } });
  expect(await db.commentReport.count({ where: { commentId: target, reporterId: demoReader.id } })).toBe(0);
});

async function demoActor(role: DemoRole): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail(role) }, select: { id: true } });
  return actorFor(user.id);
}

test(`comment bodies and reasons for rejecting them, made of all ${XSS_PAYLOADS.length} payloads: the moderation queues, the story page, the discussion page, the author's account page`, async ({ browser }) => {
  test.slow();
  const run = runTag();
  const story = await makeOpenStory("Comments and rejections in code");
  const account = await signUpReader({ displayName: `Commenter ${run}`, email: `xss-commenter-${run}@example.test`, password: PASSWORD }, { address: freshAddress() });
  const author = await actorFor(account.id);
  const moderatorActor = await demoActor("moderator");

  // Every payload in a comment body (as few comments as the length limit allows). The account is
  // new, so a comment with a link in it waits for a moderator.
  const bodies = packPayloads(COMMENT_MAX_LENGTH, "\n\n");
  const posted = [];
  for (const body of bodies) posted.push(await postComment(author, { storyId: story.id, body }));
  const lines = XSS_PAYLOADS.map((payload) => payload.replace(/\s+/g, " ").trim());
  const held = posted.flatMap((comment, index) => (comment.status === "PENDING" ? [{ id: comment.id, body: bodies[index]! }] : []));
  expect(held.length, "a comment with links from a new account is held").toBeGreaterThan(0);
  const heldLines = held.flatMap(({ body }) => body.split("\n\n").map((payload) => payload.replace(/\s+/g, " ").trim()));

  // The moderator's Pending queue shows the held ones as text.
  const moderator = await openWatched(browser, "moderator");
  const seenPending = await walkPages(moderator, "/desk/moderation?queue=pending", heldLines, 10);
  expect(heldLines.filter((line) => !seenPending.has(line)), "payloads missing from the Pending queue").toEqual([]);

  // Approved, they are all on the story page and the discussion page.
  await moderateComments(moderatorActor, { ids: held.map((comment) => comment.id), decision: "approve" });
  const reader = await openWatched(browser, null);
  await expect
    .poll(async () => {
      await reader.page.goto(story.href);
      return (await shownOf(reader.page, lines)).length;
    })
    .toBe(lines.length);
  await expectInert(reader.page, reader.watch, story.href);
  await reader.page.goto(`${story.href}/comments`);
  expect(await shownOf(reader.page, lines)).toEqual(lines);
  await expectInert(reader.page, reader.watch, `${story.href}/comments`);
  await reader.context.close();

  // The Recent queue shows them too.
  const seenRecent = await walkPages(moderator, "/desk/moderation?queue=recent", lines, 10);
  expect(lines.filter((line) => !seenRecent.has(line)), "payloads missing from the Recent queue").toEqual([]);
  await moderator.context.close();

  // Rejections, each with a reason made of payloads (as long as a reason may be): the author is told it.
  const reasons = packPayloads(MAX_REJECT_REASON_LENGTH);
  for (const [index, reason] of reasons.entries()) {
    const comment = await db.comment.create({
      data: { storyId: story.id, authorId: author.id, body: `Rejected comment ${index + 1} [${run}]`, bodyHash: `${run}-${index}`, status: "PENDING" },
      select: { id: true },
    });
    await moderateComments(moderatorActor, { ids: [comment.id], decision: "reject", reason });
  }
  const stored = await db.comment.findMany({ where: { authorId: author.id, status: "REJECTED" }, select: { rejectReason: true } });
  expect(stored.map((comment) => comment.rejectReason).sort()).toEqual([...reasons].sort());
  const reasonLines = reasons.map((reason) => reason.replace(/\s+/g, " ").trim());

  const own = await openWatched(browser, null);
  await signIn(own.page, account.email);
  const seenOnAccount = await walkPages(own, "/account", [...lines, ...reasonLines], 3);
  expect([...lines, ...reasonLines].filter((line) => !seenOnAccount.has(line)), "bodies and reasons missing from /account").toEqual([]);
  // On the discussion page only the author sees a rejected comment, with the reason.
  await own.page.goto(`${story.href}/comments`);
  expect(await shownOf(own.page, reasonLines)).toEqual(reasonLines);
  await expectInert(own.page, own.watch, `${story.href}/comments, as the author`);
  await own.context.close();
});

test(`reasons for a suspension or a ban, made of all ${XSS_PAYLOADS.length} payloads: the person's account page and discussion page, the sign-in form, the people page`, async ({ browser }) => {
  test.slow();
  const run = runTag();
  const admin = await demoActor("admin");
  const story = await makeOpenStory("Readers told why in code");
  const reasons = packPayloads(MAX_REASON_LENGTH);
  const lineOf = (reason: string) => reason.replace(/\s+/g, " ").trim();

  // One reader per reason, each suspended with it: the admin's people page lists them all.
  const people = await forEachLimited(reasons, 4, async (reason, index) => {
    const person = await signUpReader({ displayName: `Suspended ${index + 1} ${run}`, email: `xss-reason-${run}-${index}@example.test`, password: PASSWORD }, { address: freshAddress() });
    await suspendPerson(admin, { userId: person.id, until: new Date(Date.now() + 24 * 3_600_000), reason });
    return person;
  });
  const adminPage = await openWatched(browser, "admin");
  await adminPage.page.goto(`/desk/people?q=${encodeURIComponent(`xss-reason-${run}`)}`);
  const seenInPeople = await walkPages(adminPage, adminPage.page.url(), reasons.map(lineOf), 3);
  expect(reasons.map(lineOf).filter((line) => !seenInPeople.has(line)), "reasons missing from /desk/people").toEqual([]);
  await adminPage.context.close();

  // The first of them, signed in, is told each reason in turn on the account page and under a story.
  const suspended = people[0]!;
  const own = await openWatched(browser, null);
  await signIn(own.page, suspended.email);
  for (const reason of reasons) {
    await suspendPerson(admin, { userId: suspended.id, until: new Date(Date.now() + 24 * 3_600_000), reason });
    await own.page.goto("/account");
    expect(await shownOf(own.page, [lineOf(reason)]), "/account").toEqual([lineOf(reason)]);
    await expectInert(own.page, own.watch, "/account, suspended");
    await own.page.goto(`${story.href}/comments`);
    expect(await shownOf(own.page, [lineOf(reason)]), "the discussion page").toEqual([lineOf(reason)]);
    await expectInert(own.page, own.watch, `${story.href}/comments, suspended`);
  }
  await own.context.close();

  // The second is banned with each reason in turn and told it by the sign-in form (the right password, so no failure is counted).
  const banned = people[1]!;
  await reinstatePerson(admin, { userId: banned.id });
  const login = await openWatched(browser, null);
  for (const reason of reasons) {
    await banPerson(admin, { userId: banned.id, reason });
    await login.page.goto("/login");
    await login.page.getByLabel("Email").fill(banned.email);
    await login.page.getByLabel("Password").fill(PASSWORD);
    await login.page.getByRole("button", { name: "Sign in" }).click();
    await expect(login.page.getByRole("alert").filter({ hasText: "This account has been banned and cannot sign in." })).toBeVisible();
    expect(await shownOf(login.page, [lineOf(reason)]), "the sign-in form").toEqual([lineOf(reason)]);
    await expectInert(login.page, login.watch, "/login, banned");
    await reinstatePerson(admin, { userId: banned.id });
  }
  await login.context.close();
});

test("the inertness check itself fails on a payload that became markup, whether the policy blocks it or not", async ({ browser }) => {
  for (const keepPolicy of [true, false]) {
    const watched = await openWatched(browser, null);
    await watched.page.route("**/login", async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace("</body>", `<img src="x" onerror="alert('injected')"><script>alert('injected')</script></body>`);
      const headers = Object.fromEntries(
        Object.entries(response.headers()).filter(([name]) => !["content-length", "content-encoding", ...(keepPolicy ? [] : ["content-security-policy"])].includes(name)),
      );
      await route.fulfill({ status: response.status(), headers, body: html });
    });
    await watched.page.goto("/login");
    await expect(expectInert(watched.page, watched.watch, "/login with an injection")).rejects.toThrow(/event handler attribute onerror[\s\S]*inline script that is not Next's/);
    if (keepPolicy) expect(watched.watch.violations.length).toBeGreaterThan(0);
    else expect(watched.watch.dialogs).toContain("alert: injected");
    await watched.context.close();
  }

  // A payload that ran without leaving markup behind is still caught, by its marker.
  const watched = await openWatched(browser, null);
  await watched.page.goto("/login");
  await watched.page.evaluate(() => {
    (window as unknown as { __xss: number }).__xss = 1;
  });
  await expect(expectInert(watched.page, watched.watch, "/login after a payload ran")).rejects.toThrow(/window\.__xss/);
  expect(watched.watch.markers).toEqual(["window.__xss = 1"]);
  await watched.context.close();
});
