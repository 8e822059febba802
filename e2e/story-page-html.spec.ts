// The story page is written as HTML by a route handler (lib/reader-html; docs/fast-paths.md, "The
// story page written as HTML"), while the other reader pages keep React. In the browser, the
// story page's header, footer and article are the same markup as the front page's header and
// footer and the desk preview's article (which React renders from the same story), for a story
// with everything an article shows; its head carries the metadata, and it carries no script.

import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { sectionTag, slugTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, TEST_STORY_SECTION } from "./seed";

test.use({ storageState: storageStateFor("editor") });

test.afterAll(async () => {
  await db.$disconnect();
});

const HOSTILE = `"quotes" & <b>tags</b> 'too'`;

async function richStory(): Promise<{ id: string; href: string; headline: string }> {
  assertLocalDatabase();
  const stamp = randomUUID().slice(0, 8);
  const text = (value: string, marks?: object[]) => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
  const body = parseStoryDocument({
    type: "doc",
    content: [
      { type: "paragraph", content: [text("The harbour reopened "), text("on Monday", [{ type: "bold" }]), text(", said "), text("the port", [{ type: "link", attrs: { href: "https://example.org/port?a=1&b=2" } }]), text(`. ${HOSTILE}`)] },
      { type: "heading", attrs: { level: 2 }, content: [text("What happens next")] },
      { type: "pullQuote", attrs: { attribution: "Dara Senmoy, mayor" }, content: [text("We need a road.")] },
      { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("one"), { type: "hardBreak" }, text("two")] }] }] },
      { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("third", [{ type: "italic" }])] }] }] },
      { type: "blockquote", content: [{ type: "paragraph", content: [text("Quoted.")] }] },
      { type: "horizontalRule" },
      { type: "image", attrs: { src: "https://images.example.org/road.jpg", mediaId: null, alt: "A road", caption: "The road", credit: "Photo: Desk" } },
    ],
  });
  const publishedAt = new Date(Date.UTC(2016, 2, 1 + Math.floor(Math.random() * 200)));
  const [section, bylines] = await Promise.all([
    db.section.findUniqueOrThrow({ where: { slug: TEST_STORY_SECTION }, select: { id: true } }),
    db.byline.findMany({ where: { slug: { in: ["newshub-editorial", "ines-harrow"] } }, select: { id: true } }),
  ]);
  const slug = `written-${stamp}`;
  const headline = `Written page ${stamp} ${HOSTILE}`;
  const story = await db.story.create({
    data: {
      slug,
      headline,
      standfirst: `A standfirst ${HOSTILE}`,
      dateline: "Asia",
      datelinePlace: "SEOUL",
      credit: "Reporting by A; Editing by B",
      body: body as object,
      bodyText: documentToPlainText(body),
      status: "PUBLISHED",
      publishedAt,
      firstPublishedAt: publishedAt,
      createdAt: publishedAt,
      updatedAt: new Date(publishedAt.getTime() + 3 * 3600_000),
      sectionId: section.id,
      bylines: { create: bylines.map((byline, position) => ({ bylineId: byline.id, position })) },
      corrections: { create: [{ kind: "CORRECTION", text: `An earlier version misspelt the mayor's name. ${HOSTILE}`, createdAt: new Date(publishedAt.getTime() + 3600_000) }] },
    },
    select: { id: true },
  });
  await invalidateReaderCache([slugTag(slug), sectionTag(TEST_STORY_SECTION)]);
  return { id: story.id, href: `/${TEST_STORY_SECTION}/${slug}`, headline };
}

/**
 * The outer HTML of each selector's first match, as the browser has parsed it, without the empty
 * comments React writes between two pieces of text (they show nothing).
 */
async function markup(page: Page, selectors: string[]): Promise<Array<string | null>> {
  const found = await page.evaluate((list) => list.map((selector) => document.querySelector(selector)?.outerHTML ?? null), selectors);
  return found.map((html) => html?.replaceAll("<!-- -->", "") ?? null);
}

test("the story page's header, footer and article are the markup React gives the front page and the preview", async ({ page, browser }) => {
  const story = await richStory();
  const reader = await browser.newContext({ storageState: { cookies: [], origins: [] }, javaScriptEnabled: false });
  try {
    const readerPage = await reader.newPage();
    const response = await readerPage.goto(story.href);
    expect(response?.status()).toBe(200);
    await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(story.headline);

    // The site's chrome, against the front page's (React).
    const chrome = ["body > a.skip-link", "body > header", "body > footer"];
    const written = await markup(readerPage, chrome);
    await readerPage.goto("/");
    expect(written).toEqual(await markup(readerPage, chrome));
    expect(written.every((html) => html !== null)).toBe(true);

    // The article, against the desk preview's (React, from the same story).
    const parts = ["main article > header", "main article > div.mt-8", "main article > [data-testid=story-credit]", "main article > aside"];
    await readerPage.goto(story.href);
    const article = await markup(readerPage, parts);
    expect(article.every((html) => html !== null)).toBe(true);
    expect(article[1]).toContain('data-testid="dateline-place">SEOUL</span>');
    await page.goto(`/preview/${story.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(story.headline);
    expect(article).toEqual(await markup(page, parts));

    // The head: the metadata readers' apps and search engines read, and no script that runs.
    const head = await readerPage.evaluate(() => ({
      title: document.title,
      canonical: document.querySelector("link[rel=canonical]")?.getAttribute("href"),
      description: document.querySelector("meta[name=description]")?.getAttribute("content"),
      ogTitle: document.querySelector("meta[property='og:title']")?.getAttribute("content"),
      ogType: document.querySelector("meta[property='og:type']")?.getAttribute("content"),
      authors: [...document.querySelectorAll("meta[name=author]")].map((meta) => meta.getAttribute("content")),
      stylesheets: document.querySelectorAll("link[rel=stylesheet]").length,
      scripts: [...document.querySelectorAll("script")].map((script) => script.type),
      lang: document.documentElement.lang,
    }));
    expect(head).toMatchObject({
      title: `${story.headline} · Newshub`,
      description: `A standfirst ${HOSTILE}`,
      ogTitle: story.headline,
      ogType: "article",
      authors: ["Newshub Editorial", "Ines Harrow"],
      scripts: ["application/ld+json"],
      lang: "en",
    });
    expect(head.canonical).toMatch(new RegExp(`${story.href}$`));
    expect(head.stylesheets).toBeGreaterThan(0);
    // The stylesheet applies: the headline is set in the story's serif.
    expect(await readerPage.getByRole("heading", { level: 1 }).evaluate((element) => getComputedStyle(element).fontFamily)).toMatch(/serif/i);
  } finally {
    await reader.close();
  }
});
