import { randomBytes, randomUUID } from "node:crypto";

import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import sharp from "sharp";

import { type Actor, loadActor } from "@/lib/auth/actor";
import { createByline } from "@/lib/bylines/mutations";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { HOME_TAG, SECTIONS_TAG, sectionTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { buildNewsArticleJsonLd } from "@/lib/feeds/json-ld";
import { getDiscoveryStory } from "@/lib/feeds/queries";
import { uploadImage } from "@/lib/media/mutations";
import type { MediaItem } from "@/lib/media/queries";
import { ALT_MAX, CAPTION_MAX, CREDIT_MAX } from "@/lib/media/schemas";
import { changeStoryStatus, createStory } from "@/lib/stories/mutations";
import { isSafeUrl } from "@/lib/stories/document";
import { DATELINE_MAX, HEADLINE_MAX, STANDFIRST_MAX, TAG_MAX } from "@/lib/stories/schemas";
import { readSiteSettings } from "@/lib/settings/site";
import { siteInfo } from "@/lib/site";

import { demoEmail, storageStateFor, type DemoRole } from "./fixtures";
import { assertLocalDatabase } from "./seed";
import { expectInert, expectInertHtml, ONE_LINE_XSS_PAYLOADS, packPayloads, readableText, watchForScripts, XSS_PAYLOADS, type ScriptWatch } from "./xss-payloads";

// Issue 11: every payload of the corpus (xss-corpus.ts) through every input a story is made of —
// headline, standfirst, dateline, body (paragraphs, subheadings, quotes, pull quotes and their
// attribution, lists, link text and link addresses, image alt text, captions and credits), tags,
// bylines (name, bio, website) and the media library's alt text, captions and credits — made
// through the desk's own lib functions, then read in Chromium, with JavaScript on, on every page
// and document that shows them: the story pages with their NewsArticle JSON-LD, the section front,
// the front page, byline and tag pages, the desk's story list, editor and media library, search
// results, the RSS and Atom feeds, the sitemaps and the Google News sitemap. Comments, reports,
// display names and reasons are in xss.spec.ts. The stories live in a section of this run's own,
// so no other spec's lists change.

test.describe.configure({ mode: "serial" });

const run = `${Date.now().toString(36)}${randomUUID().slice(0, 4)}`;
const SECTION = { slug: `xss-${run}`, name: `Checks ${run.slice(-4)}` };

/** The field limits of the story, byline and media schemas (and the body allow-list's for attributes): each field is filled to its limit. */
const LIMITS = {
  headline: HEADLINE_MAX,
  standfirst: STANDFIRST_MAX,
  dateline: DATELINE_MAX,
  tag: TAG_MAX,
  bylineName: 120,
  bio: 2000,
  alt: ALT_MAX,
  caption: CAPTION_MAX,
  credit: CREDIT_MAX,
  attribute: 500,
};

const headlines = packPayloads(LIMITS.headline, " ", ONE_LINE_XSS_PAYLOADS);
const standfirsts = packPayloads(LIMITS.standfirst);
const datelines = packPayloads(LIMITS.dateline, " ", ONE_LINE_XSS_PAYLOADS);
const tagNames = packPayloads(LIMITS.tag, " ", ONE_LINE_XSS_PAYLOADS);
const bylineNames = packPayloads(LIMITS.bylineName, " ", ONE_LINE_XSS_PAYLOADS);
const bios = packPayloads(LIMITS.bio);
const attributes = packPayloads(LIMITS.attribute, " ", ONE_LINE_XSS_PAYLOADS);

/**
 * One story per dateline (the smallest field), so every payload is in some story's every field:
 * story i takes chunk i mod n of each field's chunks, payload k goes into story k mod STORY_COUNT's
 * body, and tag chunk k onto story k mod STORY_COUNT.
 */
const STORY_COUNT = Math.max(headlines.length, standfirsts.length, datelines.length, Math.ceil(tagNames.length / 12), Math.ceil(bylineNames.length / 2));

interface SeededStory {
  id: string;
  href: string;
  headline: string;
  standfirst: string;
  dateline: string;
  tags: string[];
  bylines: string[];
  payloads: string[];
}

interface SeededByline {
  slug: string;
  name: string;
  bio: string;
  url: string;
}

const seeded = { stories: [] as SeededStory[], bylines: [] as SeededByline[], media: [] as MediaItem[] };

async function demoActor(role: DemoRole): Promise<Actor> {
  const user = await db.user.findUniqueOrThrow({ where: { email: demoEmail(role) }, select: { id: true } });
  const actor = await loadActor(user.id);
  if (!actor) throw new Error(`the demo ${role} could not be loaded`);
  return actor;
}

/** A link address carrying the payload that the allow-list accepts (it refuses whitespace, so those are percent-encoded). */
function linkCarrying(payload: string, prefix: string): string {
  const raw = `${prefix}${payload}`;
  return isSafeUrl(raw) ? raw : `${prefix}${encodeURIComponent(payload)}`;
}

function text(value: string, marks?: Array<Record<string, unknown>>) {
  return marks ? { type: "text", text: value, marks } : { type: "text", text: value };
}

/** A body holding each of `payloads` in every kind of block and mark a story body may have. */
function hostileBody(payloads: readonly string[], index: number, media: MediaItem) {
  const attribute = attributes[index % attributes.length]!;
  return {
    type: "doc",
    content: [
      { type: "paragraph", content: payloads.flatMap((payload) => [text(payload), { type: "hardBreak" }]).slice(0, -1) },
      ...payloads.map((payload) => ({ type: "heading", attrs: { level: 2 }, content: [text(payload)] })),
      ...payloads.map((payload) => ({ type: "heading", attrs: { level: 3 }, content: [text(payload, [{ type: "bold" }, { type: "italic" }])] })),
      { type: "blockquote", content: payloads.map((payload) => ({ type: "paragraph", content: [text(payload, [{ type: "strike" }])] })) },
      ...payloads.map((payload) => ({ type: "pullQuote", attrs: { attribution: [...payload].slice(0, LIMITS.attribute).join("") }, content: [text(payload)] })),
      { type: "bulletList", content: payloads.map((payload) => ({ type: "listItem", content: [{ type: "paragraph", content: [text(payload)] }] })) },
      { type: "orderedList", attrs: { start: 3 }, content: payloads.map((payload) => ({ type: "listItem", content: [{ type: "paragraph", content: [text(payload)] }] })) },
      {
        type: "paragraph",
        content: payloads.flatMap((payload) => [
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "https://example.org/?q=") } }]),
          text(" and "),
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "/search?q=") } }]),
          text(" and "),
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "mailto:desk@example.org?subject=") } }]),
          text(". "),
        ]),
      },
      { type: "image", attrs: { src: media.url, mediaId: media.id, alt: attribute, caption: attribute, credit: attribute } },
      // An https image that answers at once (nothing listens there), so no page waits on the network for it.
      { type: "image", attrs: { src: `https://127.0.0.1:9/photo.png?q=${encodeURIComponent(payloads[0]!)}`, alt: attribute, caption: attribute, credit: attribute } },
      { type: "horizontalRule" },
      { type: "paragraph", content: [text(`Security check ${run}.`)] },
    ],
  };
}

/** A small photograph for the media library: its own colours each run, so never a duplicate of an earlier run's. */
const RUN_COLOUR = randomBytes(2);
async function photo(index: number): Promise<Uint8Array> {
  const image = sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (index * 37) % 256, g: RUN_COLOUR[0]!, b: RUN_COLOUR[1]! } } });
  return new Uint8Array(await image.png().toBuffer());
}

async function seed(): Promise<void> {
  assertLocalDatabase();
  const editor = await demoActor("editor");

  // A section of this run's own, last in the header.
  const section = await db.section.create({ data: { name: SECTION.name, slug: SECTION.slug, position: 1000 }, select: { id: true } });
  await invalidateReaderCache([SECTIONS_TAG, HOME_TAG, sectionTag(SECTION.slug)]);

  // The media library: alt text, captions and credits, each filled with payloads to its limit.
  const alts = packPayloads(LIMITS.alt, " ", ONE_LINE_XSS_PAYLOADS);
  const captions = packPayloads(LIMITS.caption, " ", ONE_LINE_XSS_PAYLOADS);
  const credits = packPayloads(LIMITS.credit, " ", ONE_LINE_XSS_PAYLOADS);
  const uploads = Math.max(alts.length, captions.length, credits.length);
  for (let index = 0; index < uploads; index++) {
    seeded.media.push(
      await uploadImage(editor, {
        bytes: await photo(index),
        filename: `xss-${index}.png`,
        alt: alts[index % alts.length],
        caption: captions[index % captions.length],
        credit: credits[index % credits.length],
      }),
    );
  }

  // Bylines: names, bios and websites. No desk form sets a website, so it is written as an import would.
  for (const [index, name] of bylineNames.entries()) {
    const byline = await createByline(editor, { name, kind: index % 2 === 0 ? "PERSON" : "ORGANISATION", bio: bios[index % bios.length] });
    const payload = XSS_PAYLOADS[index % XSS_PAYLOADS.length]!;
    const url = index % 2 === 0 ? payload : `https://example.org/${payload}`;
    const row = await db.byline.update({ where: { id: byline.id }, data: { url }, select: { slug: true, name: true, bio: true } });
    seeded.bylines.push({ ...row, url });
  }
  const bylineIds = await db.byline.findMany({ where: { slug: { in: seeded.bylines.map((b) => b.slug) } }, select: { id: true, slug: true } });
  const bylineId = (slug: string) => bylineIds.find((b) => b.slug === slug)!.id;

  for (let index = 0; index < STORY_COUNT; index++) {
    const payloads = XSS_PAYLOADS.filter((_, k) => k % STORY_COUNT === index);
    const storyBylines = [...new Set([index % seeded.bylines.length, (index + STORY_COUNT) % seeded.bylines.length])].map((k) => seeded.bylines[k]!);
    const created = await createStory(editor, {
      headline: headlines[index % headlines.length],
      standfirst: standfirsts[index % standfirsts.length],
      dateline: datelines[index % datelines.length],
      sectionId: section.id,
      bylineIds: storyBylines.map((byline) => bylineId(byline.slug)),
      tags: tagNames.filter((_, k) => k % STORY_COUNT === index),
      commentPolicy: "OPEN",
      body: hostileBody(payloads, index, seeded.media[index % seeded.media.length]!),
    });
    // Hostile headlines run long: the pre-publish check warns, and the warnings are not what this tests.
    await changeStoryStatus(editor, { storyId: created.id, version: created.version, action: "publish", acknowledgeWarnings: true });
    const stored = await db.story.findUniqueOrThrow({
      where: { id: created.id },
      select: { slug: true, headline: true, standfirst: true, dateline: true, tags: { select: { tag: { select: { name: true } } } } },
    });
    seeded.stories.push({
      id: created.id,
      href: `/${SECTION.slug}/${stored.slug}`,
      headline: stored.headline,
      standfirst: stored.standfirst,
      dateline: stored.dateline,
      tags: stored.tags.map((t) => t.tag.name),
      bylines: storyBylines.map((byline) => byline.name),
      payloads,
    });
  }
}

test.beforeAll(async () => {
  test.slow(); // seeds every payload through the lib functions
  await seed();
});

interface WatchedPage {
  context: BrowserContext;
  page: Page;
  watch: ScriptWatch;
}

async function openWatched(browser: Browser, role: DemoRole | null): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: role ? storageStateFor(role) : { cookies: [], origins: [] } });
  const page = await context.newPage();
  return { context, page, watch: await watchForScripts(page) };
}

/** Pages visited at once: the pages are rendered by the app's processes while Chromium lays out others. */
const TABS = 3;

/** Runs `visit` on every item in TABS watched tabs of one context (signed out), each tab taking the next item. */
async function visitAll<T>(browser: Browser, items: readonly T[], visit: (tab: WatchedPage, item: T) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: { cookies: [], origins: [] } });
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(TABS, items.length) }, async () => {
      const page = await context.newPage();
      const tab = { context, page, watch: await watchForScripts(page) };
      while (next < items.length) await visit(tab, items[next++]!);
    }),
  );
  await context.close();
}

/** Which of `texts` the page does not show as text. Compared without whitespace: a line break is a <br>, which textContent leaves out. */
async function shows(page: Page, texts: readonly string[]): Promise<string[]> {
  const withoutSpace = (value: string) => value.replace(/\s+/g, "");
  const shown = withoutSpace(await readableText(page));
  return texts.filter((candidate) => !shown.includes(withoutSpace(candidate)));
}

/** Follows rel="next" from `firstUrl`, checking each page, until every text was seen; returns the ones never seen. */
async function walk(watched: WatchedPage, firstUrl: string, texts: readonly string[], maxPages = 20): Promise<string[]> {
  let missing = [...texts];
  let url: string | null = firstUrl;
  for (let pageNumber = 1; url && pageNumber <= maxPages && missing.length > 0; pageNumber++) {
    const response = await watched.page.goto(url);
    expect(response?.status(), url).toBe(200);
    missing = await shows(watched.page, missing);
    await expectInert(watched.page, watched.watch, url);
    const next = watched.page.locator('a[rel="next"]');
    url = (await next.count()) > 0 ? await next.first().getAttribute("href") : null;
  }
  return missing;
}

test("every story field and byline, on the story pages and their NewsArticle JSON-LD", async ({ browser, baseURL }) => {
  test.slow();
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
  const site = siteInfo(await readSiteSettings(), new URL(baseURL!).origin);
  await visitAll(browser, seeded.stories, async (reader, story) => {
    const response = await reader.page.goto(story.href);
    expect(response?.status(), story.href).toBe(200);
    const fields = [story.headline, story.standfirst, story.dateline, ...story.bylines, ...story.tags, ...story.payloads];
    expect(await shows(reader.page, fields), `${story.href}: fields not shown as text`).toEqual([]);
    await expectInert(reader.page, reader.watch, story.href);

    // The JSON-LD as a search engine reads it: the text up to the first "</script" is the whole
    // block, it parses, and it is the story's data exactly.
    const html = await response!.text();
    const opening = '<script type="application/ld+json">';
    const start = html.indexOf(opening);
    expect(start, `${story.href}: a JSON-LD block`).toBeGreaterThan(-1);
    const raw = html.slice(start + opening.length, html.indexOf("</script", start));
    expect(raw, `${story.href}: the JSON-LD hides nothing from the HTML tokenizer`).not.toMatch(/[<>\u2028\u2029]/);
    const discovery = await getDiscoveryStory(story.id);
    expect(JSON.parse(raw), `${story.href}: the JSON-LD is the story's data`).toEqual(JSON.parse(JSON.stringify(buildNewsArticleJsonLd(discovery!, site))));
    expect(await reader.page.locator('script[type="application/ld+json"]').count()).toBe(1);
  });
});

test("the section front, the front page, byline and tag pages show them as text", async ({ browser }) => {
  test.slow();
  const reader = await openWatched(browser, null);
  expect(await walk(reader, `/${SECTION.slug}`, seeded.stories.map((story) => story.headline)), "headlines missing from the section front").toEqual([]);

  // The front page leads with one of them (the newest story) unless another spec published since,
  // and shows this section's newest four.
  await expect.poll(async () => {
    await reader.page.goto("/");
    return reader.page.getByRole("region", { name: SECTION.name, exact: true }).count();
  }).toBe(1);
  expect(await reader.page.getByRole("region", { name: SECTION.name, exact: true }).getByRole("article").count()).toBeGreaterThanOrEqual(3);
  await expectInert(reader.page, reader.watch, "/");

  await reader.context.close();

  // Every byline's page: name, bio and website. Only an http(s) website becomes a link.
  await visitAll(browser, seeded.bylines, async (tab, byline) => {
    const url = `/byline/${byline.slug}`;
    expect((await tab.page.goto(url))?.status(), url).toBe(200);
    expect(await shows(tab.page, [byline.name, byline.bio]), `${url}: name and bio`).toEqual([]);
    await expectInert(tab.page, tab.watch, url);
    const website = tab.page.getByRole("link", { name: /website/i });
    if (/^https?:\/\//.test(byline.url) && isSafeUrl(byline.url)) await expect(website).toHaveAttribute("href", byline.url);
    else await expect(website, `${url}: no link to ${JSON.stringify(byline.url)}`).toHaveCount(0);
  });

  // Every tag's page.
  const tags = await db.tag.findMany({ where: { stories: { some: { storyId: { in: seeded.stories.map((story) => story.id) } } } }, select: { slug: true, name: true } });
  expect(tags.length).toBeGreaterThan(0);
  await visitAll(browser, tags, async (tab, tag) => {
    const url = `/tag/${tag.slug}`;
    expect((await tab.page.goto(url))?.status(), url).toBe(200);
    expect(await shows(tab.page, [tag.name]), url).toEqual([]);
    await expectInert(tab.page, tab.watch, url);
  });
});

test("the desk's story list, editor and media library show them as text", async ({ browser }) => {
  const editor = await openWatched(browser, "editor");
  await editor.page.goto("/desk");
  await expectInert(editor.page, editor.watch, "/desk");
  for (const story of seeded.stories.slice(0, 3)) {
    const url = `/desk/stories/${story.id}`;
    await editor.page.goto(url);
    await expect(editor.page.getByLabel("Headline")).toHaveValue(story.headline);
    await expect(editor.page.getByText(`Security check ${run}.`)).toBeVisible();
    await expectInert(editor.page, editor.watch, url);
  }
  await editor.page.goto("/desk/media");
  // The library lists the newest images first, loaded after the page.
  await expect.poll(() => shows(editor.page, seeded.media.slice(-3).map((item) => item.caption))).toEqual([]);
  await expectInert(editor.page, editor.watch, "/desk/media");
  await editor.context.close();
});

test("search: results that quote them, and queries made of them", async ({ browser }) => {
  test.slow();
  const reader = await openWatched(browser, null);
  // Every story's body ends with the run's words: the results quote the headlines and highlight around them.
  const missing = await walk(reader, `/search?q=${encodeURIComponent(`security check ${run}`)}`, seeded.stories.map((story) => story.headline), 10);
  expect(missing, "headlines missing from the search results").toEqual([]);
  // A word inside the payloads: the highlighted snippets are cut out of hostile text.
  await reader.page.goto("/search?q=script+alert");
  await expectInert(reader.page, reader.watch, "/search?q=script alert");
  await reader.context.close();
  await visitAll(browser, packPayloads(200), async (tab, query) => {
    const url = `/search?${new URLSearchParams({ q: query }).toString()}`;
    expect((await tab.page.goto(url))?.status(), url).toBe(200);
    await expect(tab.page.getByRole("searchbox")).toHaveValue(/\S/);
    await expectInert(tab.page, tab.watch, `/search?q=${query}`);
  });
});

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false, isArray: (name) => ["item", "entry", "category", "dc:creator", "author", "url", "sitemap"].includes(name) });

/** The HTML-escaped text of an RSS description, as a feed reader shows it. */
function unescapeHtml(value: string): string {
  return value.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[name]!);
}

async function fetchXml(page: Page, path: string): Promise<Record<string, unknown>> {
  const response = await page.request.get(path);
  expect(response.status(), path).toBe(200);
  const body = await response.text();
  expect(XMLValidator.validate(body), `${path} is well-formed XML`).toBe(true);
  return xml.parse(body) as Record<string, unknown>;
}

test("the RSS and Atom feeds, the sitemaps and the Google News sitemap: well-formed, the data exactly, no markup", async ({ browser, baseURL }) => {
  const reader = await openWatched(browser, null);
  await reader.page.goto("/");
  const byId = new Map(seeded.stories.map((story) => [`urn:uuid:${story.id}`, story]));
  const checked = new Set<string>();
  const storyBylines = new Map(seeded.stories.map((story) => [story.id, story.bylines]));

  for (const path of [`/${SECTION.slug}/rss.xml`, "/rss.xml"]) {
    const { rss } = (await fetchXml(reader.page, path)) as { rss: { channel: { item?: Array<Record<string, unknown>> } } };
    for (const item of rss.channel.item ?? []) {
      const story = byId.get((item.guid as { "#text": string })["#text"]);
      if (!story) continue;
      checked.add(`${path} ${story.id}`);
      expect(item.title, path).toBe(story.headline);
      const description = item.description as string;
      expect(description, `${path}: the standfirst is text to a feed reader`).not.toMatch(/</);
      expect(unescapeHtml(description)).toBe(story.standfirst);
      expect(item["dc:creator"]).toEqual(storyBylines.get(story.id));
      expect((item.category as Array<string | { "#text": string }>).slice(1)).toEqual([...story.tags].sort((a, b) => a.localeCompare(b)).map((name) => name));
      await expectInertHtml(reader.page, item["content:encoded"] as string, `${path} ${story.href}`);
    }
  }
  for (const path of [`/${SECTION.slug}/atom.xml`, "/atom.xml"]) {
    const { feed } = (await fetchXml(reader.page, path)) as { feed: { entry?: Array<Record<string, unknown>> } };
    for (const entry of feed.entry ?? []) {
      const story = byId.get(entry.id as string);
      if (!story) continue;
      checked.add(`${path} ${story.id}`);
      expect((entry.title as { "#text": string })["#text"]).toBe(story.headline);
      expect((entry.summary as { "#text": string })["#text"]).toBe(story.standfirst);
      expect((entry.author as Array<{ name: string }>).map((author) => author.name)).toEqual(storyBylines.get(story.id));
      expect((entry.category as Array<{ "@term": string }>).slice(1).map((category) => category["@term"])).toEqual([...story.tags].sort((a, b) => a.localeCompare(b)));
      await expectInertHtml(reader.page, (entry.content as { "#text": string })["#text"], `${path} ${story.href}`);
    }
  }
  // The section's feeds hold its 20 newest; the site's, whatever is newest across the site.
  expect([...checked].filter((key) => key.startsWith(`/${SECTION.slug}/rss.xml`)).length).toBe(Math.min(20, seeded.stories.length));
  expect([...checked].filter((key) => key.startsWith(`/${SECTION.slug}/atom.xml`)).length).toBe(Math.min(20, seeded.stories.length));

  const { sitemapindex } = (await fetchXml(reader.page, "/sitemap.xml")) as { sitemapindex: { sitemap: Array<{ loc: string }> } };
  const locations = new Set<string>();
  for (const { loc } of sitemapindex.sitemap) {
    const { urlset } = (await fetchXml(reader.page, new URL(loc).pathname)) as { urlset: { url: Array<{ loc: string }> } };
    for (const { loc: page } of urlset.url) locations.add(page);
  }
  expect(seeded.stories.filter((story) => !locations.has(`${baseURL}${story.href}`)).map((story) => story.href), "stories missing from the sitemap").toEqual([]);

  const { urlset } = (await fetchXml(reader.page, "/news-sitemap.xml")) as { urlset: { url?: Array<{ loc: string; "news:news": { "news:title": string } }> } };
  const titles = new Map((urlset.url ?? []).map((entry) => [entry.loc, entry["news:news"]["news:title"]]));
  for (const story of seeded.stories) expect(titles.get(`${baseURL}${story.href}`), `news sitemap title of ${story.href}`).toBe(story.headline);
  await reader.context.close();
});
