import { expect, test, type Page } from "@playwright/test";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { bylineTag, FEEDS_TAG, HOME_TAG, sectionTag, topicTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { PAGE_SIZE } from "@/lib/stories/listing";

import { demoStories } from "../prisma/demo/content";
import { read } from "./reader-cache";

// Readers page through a section front, a byline page and a tag page with the real "Older" and
// "Newer" links, without JavaScript. The demo newsroom never fills a second page, so this spec adds
// 45 stories of its own, dated 2019 (older than every demo story, so no other spec sees them at the
// top of a list), in Technology (no other spec publishes there or expects it to fit on one page),
// under a byline and a tag nobody else uses.

test.use({ javaScriptEnabled: false });
// One worker runs this file's tests in order, so the seeding below never runs twice at once.
test.describe.configure({ mode: "default" });

const SECTION = { slug: "technology", name: "Technology" };
const BYLINE = { slug: "archive-desk", name: "Archive Desk" };
const TAG = { slug: "from-the-archive", name: "From the archive" };
const ARCHIVE_COUNT = 45;

/** Archive report n (1 = the newest), zero-padded so no headline is a prefix of another. */
function archiveHeadline(n: number): string {
  return `Archive report ${String(n).padStart(2, "0")} from the technology desk`;
}

/** Report n's publication time: 1 on 31 December 2019 at noon, each older one a day earlier. */
function archivePublishedAt(n: number): Date {
  return new Date(Date.UTC(2019, 11, 31 - (n - 1), 12));
}

const ARCHIVE_HEADLINES = Array.from({ length: ARCHIVE_COUNT }, (_, i) => archiveHeadline(i + 1));

/** What each list holds, newest first: Technology's demo stories are all newer than the archive. */
const LISTINGS = [
  {
    what: "a section front",
    path: `/${SECTION.slug}`,
    title: SECTION.name,
    headlines: [
      ...demoStories
        .filter((story) => story.sectionSlug === SECTION.slug)
        .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
        .map((story) => story.headline),
      ...ARCHIVE_HEADLINES,
    ],
  },
  { what: "a byline page", path: `/byline/${BYLINE.slug}`, title: BYLINE.name, headlines: ARCHIVE_HEADLINES },
  { what: "a tag page", path: `/tag/${TAG.slug}`, title: TAG.name, headlines: ARCHIVE_HEADLINES },
] as const;

/**
 * Adds the archive stories straight to this run's database, as the demo seed adds its own (the body
 * through the app's allow-list, bodyText from it, a PUBLISH revision). Skipped when they are already
 * there (a retried worker). They bypass the desk, so nothing invalidated the reader cache for them:
 * another spec may already have cached /technology, so the tags are stamped here, with the app's
 * own function, before any test reads a page.
 */
async function seedArchiveStories(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: run the end-to-end tests through scripts/e2e.ts, which gives Playwright its database.");
  // The same refusal as the harness: this writes freely, so only a database on this machine.
  if (!["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname)) throw new Error("Refusing to seed a database that is not local.");

  await db.$transaction(
    async (tx) => {
      const byline = await tx.byline.upsert({
        where: { slug: BYLINE.slug },
        create: { kind: "ORGANISATION", name: BYLINE.name, slug: BYLINE.slug, bio: "Reports from the Newshub archive." },
        update: {},
        select: { id: true },
      });
      if ((await tx.storyByline.count({ where: { bylineId: byline.id } })) >= ARCHIVE_COUNT) return;
      const tag = await tx.tag.upsert({ where: { slug: TAG.slug }, create: { name: TAG.name, slug: TAG.slug }, update: {}, select: { id: true } });
      const section = await tx.section.findUniqueOrThrow({ where: { slug: SECTION.slug }, select: { id: true } });
      for (let n = 1; n <= ARCHIVE_COUNT; n += 1) {
        const headline = archiveHeadline(n);
        const slug = `archive-report-${String(n).padStart(2, "0")}`;
        const standfirst = `Notes kept for the record, number ${n}.`;
        const body = parseStoryDocument({
          type: "doc",
          content: [{ type: "paragraph", content: [{ type: "text", text: `The archive desk filed report ${n} for the record.` }] }],
        });
        const bodyText = documentToPlainText(body);
        const publishedAt = archivePublishedAt(n);
        const story = await tx.story.create({
          data: {
            slug,
            headline,
            standfirst,
            dateline: "Archive",
            body: body as object,
            bodyText,
            status: "PUBLISHED",
            publishedAt,
            firstPublishedAt: publishedAt,
            sectionId: section.id,
            createdAt: publishedAt,
            // Unchanged since it went out: no "Updated" line, and the bottom of the desk's list.
            updatedAt: publishedAt,
            bylines: { create: [{ bylineId: byline.id, position: 0 }] },
            tags: { create: [{ tagId: tag.id }] },
          },
          select: { id: true, version: true },
        });
        await tx.storyRevision.create({
          data: {
            storyId: story.id,
            version: story.version,
            kind: "PUBLISH",
            headline,
            standfirst,
            dateline: "Archive",
            slug,
            sectionId: section.id,
            body: body as object,
            bodyText,
            bylines: [{ id: byline.id }],
            createdAt: publishedAt,
          },
        });
      }
    },
    { timeout: 60_000 },
  );
  await invalidateReaderCache([sectionTag(SECTION.slug), bylineTag(BYLINE.slug), topicTag(TAG.slug), HOME_TAG, FEEDS_TAG]);
}

test.beforeAll(async () => {
  await seedArchiveStories();
});

test.afterAll(async () => {
  await db.$disconnect();
});

const pageCount = (headlines: readonly string[]) => Math.ceil(headlines.length / PAGE_SIZE);
const onPage = (headlines: readonly string[], n: number) => headlines.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);

/** The teasers' headlines in the list, in the order shown. */
function teaserHeadlines(page: Page) {
  return page.locator(".teaser-grid").getByRole("article").getByRole("heading");
}

for (const listing of LISTINGS) {
  test(`${listing.what}: a reader pages to the oldest stories and back with the Older and Newer links`, async ({ page, baseURL }) => {
    const last = pageCount(listing.headlines);
    expect(last, "the seeded stories fill three pages").toBe(3);
    const pagination = page.getByRole("navigation", { name: "Pagination" });
    const newer = pagination.getByRole("link", { name: "Newer" });
    const older = pagination.getByRole("link", { name: "Older" });

    expect((await page.goto(listing.path))?.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(listing.title);
    await expect(page.locator(".teaser-grid").getByRole("article")).toHaveCount(PAGE_SIZE);
    await expect(teaserHeadlines(page)).toHaveText(onPage(listing.headlines, 1));
    await expect(pagination).toContainText(`Page 1 of ${last}`);
    await expect(newer).toHaveCount(0);

    await older.click();
    await expect(page).toHaveURL(`${baseURL}${listing.path}?page=2`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(listing.title);
    await expect(teaserHeadlines(page)).toHaveText(onPage(listing.headlines, 2));
    await expect(pagination).toContainText(`Page 2 of ${last}`);
    await expect(newer).toHaveAttribute("href", listing.path);
    await expect(older).toHaveAttribute("href", `${listing.path}?page=3`);
    await expect(page).toHaveTitle(`${listing.title} (page 2) · Newshub`);
    await expect(page.locator('link[rel="canonical"]')).toHaveCount(1);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}${listing.path}?page=2`);

    await older.click();
    await expect(page).toHaveURL(`${baseURL}${listing.path}?page=3`);
    await expect(teaserHeadlines(page)).toHaveText(onPage(listing.headlines, 3));
    await expect(pagination).toContainText(`Page 3 of ${last}`);
    await expect(older).toHaveCount(0);

    // And back again by the Newer links, to the bare path of page 1.
    await newer.click();
    await expect(page).toHaveURL(`${baseURL}${listing.path}?page=2`);
    await newer.click();
    await expect(page).toHaveURL(`${baseURL}${listing.path}`);
    await expect(teaserHeadlines(page)).toHaveText(onPage(listing.headlines, 1));

    expect((await page.goto(`${listing.path}?page=${last + 1}`))?.status()).toBe(404);

    // ?page=1 is page 1 under another address: it names the bare path as the page.
    expect((await page.goto(`${listing.path}?page=1`))?.status()).toBe(200);
    await expect(page).toHaveTitle(`${listing.title} · Newshub`);
    await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}${listing.path}`);
  });
}

test("page 2 of a section front is served from the cache the second time it is asked for", async () => {
  const base = process.env.E2E_BASE_URL;
  if (!base) throw new Error("E2E_BASE_URL is not set: run the end-to-end tests through scripts/e2e.ts.");
  const url = `${base}/${SECTION.slug}?page=2`;
  const secondOnPage = onPage(LISTINGS[0].headlines, 2)[0]!;
  // Straight from the app, twice. Polled, because a change another spec makes in Technology
  // meanwhile (a correction) rightly drops the cached page between the two requests.
  await expect
    .poll(async () => {
      const first = await read(url);
      const second = await read(url);
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body).toContain(secondOnPage);
      return second.headers.get("x-nextjs-cache");
    })
    .toBe("HIT");
});
