import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { buildAtomFeed, buildRssFeed, sectionFeedChannel, siteFeedChannel } from "@/lib/feeds/build";
import { getDiscoveryStory, listFeedStories, listNewsSitemapStories, listSitemapFileIds, listSitemapPages, listSitemapStories } from "@/lib/feeds/queries";
import type { SiteInfo } from "@/lib/site";
import { doc, makeByline, makeMedia, makeSection, makeStory, unique } from "@/tests/integration/factories";

const site: SiteInfo = { url: "https://news.example", name: "Newshub", description: "News.", language: "en" };
const HOUR = 60 * 60 * 1000;

async function makePerson() {
  return db.byline.create({ data: { kind: "PERSON", name: unique("Reporter"), slug: unique("reporter") }, select: { id: true, name: true, slug: true } });
}

async function publishedStory(options: {
  sectionId: string;
  bylineIds: string[];
  publishedAt: Date;
  updatedAt?: Date;
  firstPublishedAt?: Date;
  tags?: string[];
  body?: object;
  heroImageId?: string;
}) {
  const story = await makeStory({ status: "PUBLISHED", sectionId: options.sectionId, bylineIds: options.bylineIds });
  const headline = unique("Headline");
  await db.story.update({
    where: { id: story.id },
    data: {
      headline,
      standfirst: `Standfirst of ${headline}`,
      dateline: "Asia",
      publishedAt: options.publishedAt,
      firstPublishedAt: options.firstPublishedAt ?? options.publishedAt,
      ...(options.body ? { body: options.body } : {}),
      ...(options.heroImageId ? { heroImageId: options.heroImageId } : {}),
      tags: {
        create: (options.tags ?? []).map((name) => ({ tag: { create: { name, slug: unique("tag") } } })),
      },
    },
  });
  // updatedAt is @updatedAt: set it last, with SQL, so the story's "last changed" is what the test says.
  if (options.updatedAt) await db.$executeRaw`UPDATE "Story" SET "updatedAt" = ${options.updatedAt} WHERE id = ${story.id}::uuid`;
  return { ...story, headline };
}

describe("section and site feeds", () => {
  it("list a section's published stories newest first with full metadata, and never a draft, review or unpublished story", async () => {
    const section = await makeSection();
    const person = await makePerson();
    const org = await makeByline("ORGANISATION");
    const now = Date.now();
    const lead = await publishedStory({
      sectionId: section.id,
      bylineIds: [person.id, org.id],
      publishedAt: new Date(now - 2 * HOUR),
      updatedAt: new Date(now - HOUR),
      tags: ["zeta", "alpha"],
      body: doc("First paragraph with <b>markup</b> typed as text.", "Second paragraph."),
    });
    await db.correction.create({ data: { storyId: lead.id, text: "An earlier version misspelt a name." } });
    const older = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(now - 5 * HOUR), updatedAt: new Date(now - 4 * HOUR) });
    const hidden = await Promise.all([
      makeStory({ status: "DRAFT", sectionId: section.id }),
      makeStory({ status: "IN_REVIEW", sectionId: section.id }),
      makeStory({ status: "SCHEDULED", sectionId: section.id }),
      makeStory({ status: "UNPUBLISHED", sectionId: section.id }),
    ]);

    const stories = await listFeedStories({ sectionSlug: section.slug });
    expect(stories.map((story) => story.id)).toEqual([lead.id, older.id]);
    const channel = sectionFeedChannel({ ...section, description: "" }, site);

    const rss = buildRssFeed(channel, stories);
    expect(XMLValidator.validate(rss)).toBe(true);
    const rssFeed = parseFeed(rss);
    expect(rssFeed.self).toBe(`https://news.example/${section.slug}/rss.xml`);
    expect(rssFeed.items.map((item) => item.id)).toEqual([`urn:uuid:${lead.id}`, `urn:uuid:${older.id}`]);
    const rssItem = rssFeed.items[0]!;
    expect(rssItem.title).toBe(lead.headline);
    expect(rssItem.url).toBe(`https://news.example/${section.slug}/${lead.slug}`);
    // RSS dates (RFC 822) carry whole seconds.
    expect(rssItem.published?.getTime()).toBe(Math.floor((now - 2 * HOUR) / 1000) * 1000);
    expect(rssItem.authors.map((author) => author.name)).toEqual([person.name, org.name]);
    expect(rssItem.categories.map((category) => category.term)).toEqual([section.name, "alpha", "zeta"]);
    expect(rssItem.description).toBe(`Standfirst of ${lead.headline}`);
    expect(rssItem.content).toContain("<p>Second paragraph.</p>");
    expect(rssItem.content).toContain("a correction or clarification");

    const atom = buildAtomFeed(channel, stories);
    expect(XMLValidator.validate(atom)).toBe(true);
    const atomFeed = parseFeed(atom);
    const entry = atomFeed.items[0]!;
    expect(entry.id).toBe(`urn:uuid:${lead.id}`);
    expect(entry.updated?.getTime()).toBe(now - HOUR);
    expect(entry.published?.getTime()).toBe(now - 2 * HOUR);
    expect(entry.authors).toEqual([
      { name: person.name, email: null, url: `https://news.example/byline/${person.slug}` },
      { name: org.name, email: null, url: expect.stringMatching(/^https:\/\/news\.example\/byline\/org-/) },
    ]);
    // The feed changed when its most recently changed story did.
    expect(atomFeed.updated?.getTime()).toBe(now - HOUR);

    for (const draft of hidden) expect(rss).not.toContain(draft.id);
  });

  it("puts a new story in the site-wide feed and keeps drafts out of it", async () => {
    const section = await makeSection();
    const org = await makeByline("ORGANISATION");
    const story = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(Date.now() + 60_000) });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    const feed = parseFeed(buildRssFeed(siteFeedChannel(site), await listFeedStories({ limit: 100 })));
    const ids = feed.items.map((item) => item.id);
    expect(ids).toContain(`urn:uuid:${story.id}`);
    expect(ids).not.toContain(`urn:uuid:${draft.id}`);
  });

  it("refuses a limit beyond what a feed may hold", async () => {
    await expect(listFeedStories({ limit: 5000 })).rejects.toThrow();
  });
});

describe("story pictures", () => {
  it("takes the hero image first, else the first picture in the body, with the size readers are served", async () => {
    const section = await makeSection();
    const org = await makeByline();
    const [hero, inBody] = await Promise.all([makeMedia({ widths: [480, 960, 1600] }), makeMedia({ widths: [480, 960, 1600] })]);
    const body = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Before the picture." }] },
        { type: "image", attrs: { src: `/media/${inBody.id}/960`, mediaId: inBody.id, alt: "Body alt", caption: "", credit: "" } },
      ],
    };
    const withHero = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(), body, heroImageId: hero.id });
    const bodyOnly = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(Date.now() - HOUR), body });
    const plain = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(Date.now() - 2 * HOUR) });

    const stories = await listFeedStories({ sectionSlug: section.slug });
    const byId = new Map(stories.map((story) => [story.id, story]));
    expect(byId.get(withHero.id)?.image).toEqual({ url: `/media/${hero.id}/1600`, alt: "Library alt", width: 1600, height: 1067, mimeType: "image/webp", bytes: 150_000 });
    expect(byId.get(bodyOnly.id)?.image).toMatchObject({ url: `/media/${inBody.id}/1600`, alt: "Body alt", width: 1600 });
    expect(byId.get(plain.id)?.image).toBeNull();

    const feed = parseFeed(buildRssFeed(siteFeedChannel(site), stories));
    expect(feed.items[0]?.image?.url).toBe(`https://news.example/media/${hero.id}/1600`);
    expect(feed.items[0]?.content).toContain(`<img src="https://news.example/media/${inBody.id}/960" alt="Body alt">`);

    // Re-cropped, the body's picture has new URLs in the feed too, so no cache keeps the old crop.
    await db.media.update({ where: { id: inBody.id }, data: { version: 3 } });
    const recropped = parseFeed(buildRssFeed(siteFeedChannel(site), await listFeedStories({ sectionSlug: section.slug })));
    expect(recropped.items[0]?.content).toContain(`<img src="https://news.example/media/${inBody.id}/960?v=3" alt="Body alt">`);
  });
});

describe("getDiscoveryStory", () => {
  it("gives a published story's tags, bylines and picture, and nothing for a draft or a malformed id", async () => {
    const section = await makeSection();
    const person = await makePerson();
    const story = await publishedStory({ sectionId: section.id, bylineIds: [person.id], publishedAt: new Date(), tags: ["harbour"] });
    const discovery = await getDiscoveryStory(story.id);
    expect(discovery).toMatchObject({
      id: story.id,
      headline: story.headline,
      dateline: "Asia",
      href: `/${section.slug}/${story.slug}`,
      section: { name: section.name, slug: section.slug },
      bylines: [{ name: person.name, slug: person.slug, kind: "PERSON" }],
      tags: ["harbour"],
      image: null,
    });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });
    expect(await getDiscoveryStory(draft.id)).toBeNull();
    expect(await getDiscoveryStory("not-a-uuid")).toBeNull();
  });
});

describe("sitemaps", () => {
  it("list every published story and section front, and no draft", async () => {
    const section = await makeSection();
    const org = await makeByline();
    const story = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(), updatedAt: new Date(Date.now() + HOUR) });
    const earlier = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(Date.now() - 5 * HOUR) });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });

    const ids = await listSitemapFileIds();
    expect(ids).toEqual([0]);
    const pages = await listSitemapPages();
    expect(pages[0]?.href).toBe("/");
    const front = pages.find((page) => page.href === `/${section.slug}`);
    expect(front?.lastModified.getTime()).toBeGreaterThanOrEqual(Date.now() + HOUR - 5_000);
    expect(pages[0]!.lastModified.getTime()).toBeGreaterThanOrEqual(front!.lastModified.getTime());

    const stories = await listSitemapStories({ offset: 0, limit: 50_000 });
    const hrefs = stories.map((entry) => entry.href);
    expect(hrefs).toContain(`/${section.slug}/${story.slug}`);
    expect(hrefs).not.toContain(`/${section.slug}/${draft.slug}`);
    // Oldest first, so a story keeps its place in the files as newer ones arrive.
    expect(hrefs.indexOf(`/${section.slug}/${earlier.slug}`)).toBeLessThan(hrefs.indexOf(`/${section.slug}/${story.slug}`));
    expect(stories.find((entry) => entry.href === `/${section.slug}/${story.slug}`)?.lastModified.getTime()).toBeGreaterThan(Date.now());
    expect(await listSitemapStories({ offset: 0, limit: 0 })).toEqual([]);
  });

  it("give Google News only stories first published in the last 48 hours", async () => {
    const section = await makeSection();
    const org = await makeByline();
    // Two hours ahead: the list is site-wide and capped, and other test files publish into this same
    // database at the same time; these stories must be the newest so the cap cannot push them out.
    const now = new Date(Date.now() + 2 * HOUR);
    const fresh = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(now.getTime() - HOUR) });
    const old = await publishedStory({ sectionId: section.id, bylineIds: [org.id], publishedAt: new Date(now.getTime() - 49 * HOUR) });
    const republished = await publishedStory({
      sectionId: section.id,
      bylineIds: [org.id],
      publishedAt: new Date(now.getTime() - HOUR),
      firstPublishedAt: new Date(now.getTime() - 72 * HOUR),
    });
    const draft = await makeStory({ status: "DRAFT", sectionId: section.id });

    const news = await listNewsSitemapStories({ now });
    const hrefs = news.map((entry) => entry.href);
    expect(news.find((entry) => entry.href === `/${section.slug}/${fresh.slug}`)).toEqual({
      href: `/${section.slug}/${fresh.slug}`,
      headline: fresh.headline,
      publishedAt: new Date(now.getTime() - HOUR),
    });
    for (const excluded of [old, republished, draft]) expect(hrefs).not.toContain(`/${section.slug}/${excluded.slug}`);
    expect(news.length).toBeLessThanOrEqual(1000);
  });
});
