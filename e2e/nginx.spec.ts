import { expect, test } from "@playwright/test";

import { COLLAB_LIVE } from "@/lib/collab/sentences";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { makeRailStory, openStory } from "./rail-stories";
import { describeAnswers, expectFreshWithin, read, runAction, saveHeadline, sessionCookieHeader, writeStory } from "./reader-cache";

// The production shape: Debian's nginx with deploy/nginx/newsdesk.conf in front of both app
// instances (scripts/e2e.ts starts it when /usr/sbin/nginx exists; .ci/run installs it). Reader
// pages are micro-cached there for at most a second; a change must still be visible through it
// within 2 s, and nothing signed in may ever come out of its cache.
const NGINX = process.env.E2E_NGINX_URL ?? "";

test.beforeAll(() => {
  if (!NGINX) throw new Error("E2E_NGINX_URL is not set: run the end-to-end tests through scripts/e2e.ts, which starts nginx in front of the app.");
});
test.use({ storageState: storageStateFor("editor") });
// The two tests that publish wait on pages of the same section: one at a time, so neither pushes
// the other's story off the front page or changes its related stories (and so its ETag) meanwhile.
test.describe.configure({ mode: "serial" });

test("a change made in the desk is visible through nginx's cache within 2 s", async ({ page }) => {
  const stamp = Date.now();
  const original = `Proxy probe ${stamp} original headline`;
  const revised = `Proxy probe ${stamp} revised headline`;
  const story = await writeStory(page, original);
  const published = await runAction(page, "Publish");
  const has = (path: string, text: string) => async () => (await read(NGINX + path)).body.includes(text);
  await expectFreshWithin("publish, through nginx", { "story page": has(story.path, original), "section front": has("/opinion", original) }, published);

  // nginx answers from its own cache now (within a second of its last fetch).
  await expect
    .poll(async () => (await read(NGINX + story.path)).headers.get("x-cache-status"), { intervals: [50] })
    .toBe("HIT");

  const saved = await saveHeadline(page, revised);
  const explain = (path: string) => () => describeAnswers(path, revised, NGINX);
  await expectFreshWithin(
    "headline edit, through nginx",
    { "story page": has(story.path, revised), "section front": has("/opinion", revised), "front page": has("/", revised) },
    saved,
    { "story page": explain(story.path), "section front": explain("/opinion"), "front page": explain("/") },
  );
});

test("a reader's browser revalidates a cached page with its ETag: 304 while unchanged, the new page once it changed", async ({ page }) => {
  const stamp = Date.now();
  const story = await writeStory(page, `Proxy etag ${stamp} first headline`);
  const published = await runAction(page, "Publish");
  await expectFreshWithin("publish, through nginx", { "story page": async () => (await read(NGINX + story.path)).status === 200 }, published);
  // Another spec publishing can change the page's related stories, and so its ETag, between two
  // reads: what must hold is that a read right after gives 304 and no body for the ETag just seen.
  let etag: string | null = null;
  await expect
    .poll(async () => {
      etag = (await read(NGINX + story.path)).headers.get("etag");
      const again = await read(NGINX + story.path, { headers: { "if-none-match": etag ?? "" } });
      return [again.status, again.body];
    })
    .toEqual([304, ""]);
  expect(etag, "a cached page has an ETag").toMatch(/^"[A-Za-z0-9_-]{32}"$/);

  const saved = await saveHeadline(page, `Proxy etag ${stamp} second headline`);
  // Fresh means the new headline, not any new page: other specs publishing at the same time can
  // change this page's related stories (and so its ETag) before the edit reaches it.
  const edited = async () => {
    const answer = await read(NGINX + story.path, { headers: { "if-none-match": etag! } });
    return answer.status === 200 && answer.body.includes(`Proxy etag ${stamp} second headline`);
  };
  await expectFreshWithin("headline edit, through nginx", { "story page": edited }, saved, {
    "story page": () => describeAnswers(story.path, `Proxy etag ${stamp} second headline`, NGINX, { headers: { "if-none-match": etag! } }),
  });
  const changed = await read(NGINX + story.path, { headers: { "if-none-match": etag! } });
  expect(changed.body).toContain(`Proxy etag ${stamp} second headline`);
  expect(changed.headers.get("etag")).not.toBe(etag);
});

test("nginx never serves a signed-in request from its cache, nor a signed-in page to anyone else", async () => {
  const cookie = sessionCookieHeader("editor");
  for (let i = 0; i < 3; i += 1) {
    const desk = await read(`${NGINX}/desk`, { headers: { cookie } });
    expect(desk.status).toBe(200);
    expect(desk.headers.get("x-cache-status")).toBe("BYPASS");
    expect(desk.headers.get("cache-control")).toContain("private");
    expect(desk.body).toContain("Marguerite Vell");
  }
  // Right after, an anonymous request for the same URL is sent to sign in, not shown the desk.
  const anonymous = await read(`${NGINX}/desk`);
  expect(anonymous.headers.get("x-cache-status")).toBe("BYPASS");
  expect(anonymous.status).toBeGreaterThanOrEqual(300);
  expect(anonymous.status).toBeLessThan(400);
  expect(anonymous.headers.get("location")).toContain("/login");
  expect(anonymous.body).not.toContain("Marguerite Vell");

  // A signed-in reader's page views go to the app; sign-in is never cached either.
  expect((await read(`${NGINX}/`, { headers: { cookie } })).headers.get("x-cache-status")).toBe("BYPASS");
  expect((await read(`${NGINX}/login`)).headers.get("x-cache-status")).toBe("BYPASS");
  // The security headers come through with a cached page.
  await expect
    .poll(async () => (await read(`${NGINX}/asia`)).headers.get("x-cache-status"), { intervals: [50] })
    .toBe("HIT");
  const cached = await read(`${NGINX}/asia`);
  expect(cached.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(cached.headers.get("x-frame-options")).toBe("DENY");
  expect(cached.headers.get("x-accel-expires"), "nginx keeps its expiry hint to itself").toBeNull();
});

// The desk through nginx on a port of its own (as `npm run cluster` runs it on 8080): the browser's
// Origin names the port, so the Host nginx passes on must too, or every same-origin check
// (server actions, the co-editing socket, comment posts) takes the desk for another site.
test("an editor works in the desk through nginx: the story goes live and saves", async ({ browser }) => {
  const story = await makeRailStory({ headline: `Through nginx ${Date.now()}` });
  // The stored sign-in is for localhost: the same nginx, named so.
  const context = await browser.newContext({ storageState: storageStateFor("editor"), baseURL: NGINX.replace("127.0.0.1", "localhost") });
  const page = await context.newPage();
  await openStory(page, story.id);
  await expect(page.getByText(COLLAB_LIVE)).toBeVisible();
  await page.getByLabel("Standfirst").fill("Saved through nginx.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  await expect.poll(async () => (await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { standfirst: true } })).standfirst).toBe("Saved through nginx.");
  await context.close();
});

// Reader pages carry no script (lib/cache/plain-html.mjs): the sign-in page, rendered per request,
// loads the framework's.
test("a page's scripts and styles come through nginx as the build precompressed them, the same code as the app's", async ({ browser }) => {
  const app = process.env.E2E_BASE_URL ?? "";
  const html = (await read(`${NGINX}/login`)).body;
  const assets = [...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
  expect(assets.length, "the page loads scripts and a stylesheet").toBeGreaterThan(2);
  for (const asset of new Set(assets)) {
    for (const [accept, encoding] of [["br, gzip", "br"], ["gzip", "gzip"], ["identity", null]] as const) {
      // fetch() would decode; ask for the raw bytes and decode them here.
      const response = await fetch(`${NGINX}${asset}`, { headers: { "accept-encoding": accept } });
      expect(response.status, asset).toBe(200);
      expect(response.headers.get("content-encoding"), `${asset} for "${accept}"`).toBe(encoding);
      expect(response.headers.get("content-type"), asset).toMatch(asset.endsWith(".js") ? /javascript/ : /text\/css/);
      expect(response.headers.get("cache-control"), asset).toContain("immutable");
    }
  }
  // What the browser runs is what the app serves: load the page through nginx in Chromium and
  // compare each decoded script with the app's own copy.
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const bodies = new Map<string, Promise<string>>();
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js")) bodies.set(url.pathname, response.text().catch((error: unknown) => `unreadable: ${String(error)}`));
  });
  // Every script of the page has loaded by its load event; their bodies are read in full below.
  await page.goto(`${NGINX}/login`, { waitUntil: "load" });
  expect(bodies.size).toBeGreaterThan(0);
  for (const [pathname, body] of bodies) expect(await body, pathname).toBe(await (await fetch(`${app}${pathname}`)).text());
  await context.close();
});
