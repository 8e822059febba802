import { parseFeed } from "@rowanmanning/feed-parser";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";

import {
  buildAtomFeed,
  buildNewsSitemap,
  buildRssFeed,
  buildSitemap,
  buildSitemapIndex,
  escapeXml,
  sectionFeedChannel,
  siteFeedChannel,
  sitemapFileCount,
  sitemapFileSlice,
} from "@/lib/feeds/build";
import type { FeedStory } from "@/lib/feeds/queries";
import type { SiteInfo } from "@/lib/site";

const site: SiteInfo = { url: "https://news.example", name: "Newshub", description: "News from the Newshub newsroom.", language: "en" };

function story(overrides: Partial<FeedStory> = {}): FeedStory {
  return {
    id: "0b6f7a8e-1111-4222-8333-444455556666",
    headline: "Typhoon Halden forces 60,000 from their homes",
    standfirst: "Officials say the storm surge breached two sections of the embankment.",
    dateline: "Asia",
    datelinePlace: "",
    credit: "",
    href: "/asia/typhoon-halden",
    publishedAt: new Date("2026-11-27T08:20:00.000Z"),
    updatedAt: new Date("2026-11-27T10:05:00.000Z"),
    section: { name: "Asia", slug: "asia" },
    bylines: [
      { name: "Ines Harrow", slug: "ines-harrow", kind: "PERSON" },
      { name: "Newshub Editorial", slug: "newshub-editorial", kind: "ORGANISATION" },
    ],
    tags: ["climate", "typhoon"],
    image: null,
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "More than 60,000 people were moved." }] }] },
    correctionCount: 0,
    mediaVersions: {},
    ...overrides,
  };
}

/** Strict XML 1.0 well-formedness: the feed parser under test is lenient by design, so check this first. */
function expectWellFormed(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
}

const rawXml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["item", "entry", "url", "sitemap"].includes(name) });

describe("buildRssFeed", () => {
  it("writes a valid RSS 2.0 document that a feed parser reads back in full", () => {
    const xml = buildRssFeed(siteFeedChannel(site), [story(), story({ id: "1b6f7a8e-1111-4222-8333-444455556666", href: "/world/other", publishedAt: new Date("2026-11-26T00:00:00.000Z"), updatedAt: new Date("2026-11-26T00:00:00.000Z") })]);
    expectWellFormed(xml);
    const feed = parseFeed(xml);
    expect(feed.meta).toEqual({ type: "rss", version: "2.0" });
    expect(feed.title).toBe("Newshub");
    expect(feed.url).toBe("https://news.example/");
    expect(feed.self).toBe("https://news.example/rss.xml");
    expect(feed.language).toBe("en");
    expect(feed.updated?.toISOString()).toBe("2026-11-27T10:05:00.000Z");
    expect(feed.items).toHaveLength(2);
    const [item] = feed.items;
    expect(item?.id).toBe("urn:uuid:0b6f7a8e-1111-4222-8333-444455556666");
    expect(item?.title).toBe("Typhoon Halden forces 60,000 from their homes");
    expect(item?.url).toBe("https://news.example/asia/typhoon-halden");
    expect(item?.published?.toISOString()).toBe("2026-11-27T08:20:00.000Z");
    expect(item?.authors.map((author) => author.name)).toEqual(["Ines Harrow", "Newshub Editorial"]);
    expect(item?.categories.map((category) => category.term)).toEqual(["Asia", "climate", "typhoon"]);
    expect(item?.description).toBe("Officials say the storm surge breached two sections of the embankment.");
    expect(item?.content).toBe("<p>More than 60,000 people were moved.</p>");

    const channel = rawXml.parse(xml).rss.channel;
    expect(channel.item[0].guid).toEqual({ "#text": "urn:uuid:0b6f7a8e-1111-4222-8333-444455556666", "@isPermaLink": "false" });
    expect(channel.item[0]["dcterms:modified"]).toBe("2026-11-27T10:05:00.000Z");
    expect(channel.item[0]["dc:creator"]).toEqual(["Ines Harrow", "Newshub Editorial"]);
    expect(channel["atom:link"]).toMatchObject({ "@rel": "self", "@type": "application/rss+xml" });
  });

  it("names a section feed after its section and links to the section front", () => {
    const channel = sectionFeedChannel({ name: "World", slug: "world", description: "" }, site);
    const feed = parseFeed(buildRssFeed(channel, []));
    expect(feed.title).toBe("World · Newshub");
    expect(feed.description).toBe("The latest World stories from Newshub.");
    expect(feed.url).toBe("https://news.example/world");
    expect(feed.self).toBe("https://news.example/world/rss.xml");
    expect(feed.items).toEqual([]);
  });

  it("describes the story's picture and says when the story has been corrected", () => {
    const xml = buildRssFeed(siteFeedChannel(site), [
      story({ image: { url: "/media/abc/1600", alt: "A flooded road", width: 1600, height: 900, mimeType: "image/webp", bytes: 51234 }, correctionCount: 2 }),
    ]);
    expectWellFormed(xml);
    const [item] = parseFeed(xml).items;
    expect(item?.image?.url).toBe("https://news.example/media/abc/1600");
    expect(item?.media[0]).toMatchObject({ mimeType: "image/webp", length: 51234 });
    expect(item?.content).toContain("2 corrections or clarifications");
    expect(item?.content).toContain('href="https://news.example/asia/typhoon-halden#corrections-heading"');
  });
});

describe("buildAtomFeed", () => {
  it("writes a valid Atom 1.0 document with ids, dates, authors with their byline pages, and categories", () => {
    const xml = buildAtomFeed(sectionFeedChannel({ name: "Asia", slug: "asia", description: "Reporting from Asia." }, site), [story()]);
    expectWellFormed(xml);
    const feed = parseFeed(xml);
    expect(feed.meta).toEqual({ type: "atom", version: "1.0" });
    expect(feed.title).toBe("Asia · Newshub");
    expect(feed.description).toBe("Reporting from Asia.");
    expect(feed.url).toBe("https://news.example/asia");
    expect(feed.self).toBe("https://news.example/asia/atom.xml");
    expect(feed.language).toBe("en");
    expect(feed.updated?.toISOString()).toBe("2026-11-27T10:05:00.000Z");
    const [entry] = feed.items;
    expect(entry?.id).toBe("urn:uuid:0b6f7a8e-1111-4222-8333-444455556666");
    expect(entry?.url).toBe("https://news.example/asia/typhoon-halden");
    expect(entry?.published?.toISOString()).toBe("2026-11-27T08:20:00.000Z");
    expect(entry?.updated?.toISOString()).toBe("2026-11-27T10:05:00.000Z");
    expect(entry?.authors).toEqual([
      { name: "Ines Harrow", email: null, url: "https://news.example/byline/ines-harrow" },
      { name: "Newshub Editorial", email: null, url: "https://news.example/byline/newshub-editorial" },
    ]);
    expect(entry?.categories.map((category) => category.label)).toEqual(["Asia", "climate", "typhoon"]);
    expect(entry?.description).toBe("Officials say the storm surge breached two sections of the embankment.");
    expect(entry?.content).toBe("<p>More than 60,000 people were moved.</p>");
  });

  it("is valid with no entries at all", () => {
    const xml = buildAtomFeed(siteFeedChannel(site), []);
    expectWellFormed(xml);
    expect(parseFeed(xml).items).toEqual([]);
  });
});

describe("hostile text in feeds", () => {
  const hostile = story({
    headline: 'AT&T </title><script>alert(1)</script> ]]> "quo\u0000ted\u001b"',
    standfirst: "<img src=x onerror=alert(1)> & more",
    tags: ['a<b & "c"', "]]><evil/>"],
    bylines: [{ name: "<b>Mallory</b>", slug: "mallory", kind: "PERSON" }],
    section: { name: "News & <Views>", slug: "news" },
    body: {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "</p><script>alert(1)</script> ]]> ]]><evil/>" }] }],
    },
  });

  it.each([
    ["RSS", buildRssFeed],
    ["Atom", buildAtomFeed],
  ] as const)("%s stays well-formed, keeps every text exactly, and carries no markup but the allow-listed HTML", (_name, build) => {
    const xml = build(siteFeedChannel(site), [hostile]);
    expectWellFormed(xml);
    expect(xml).not.toMatch(/<(script|evil|img|b)[\s>/]/);
    const [item] = parseFeed(xml).items;
    // Control characters XML cannot carry are dropped; everything else round-trips as plain text.
    expect(item?.title).toBe('AT&T </title><script>alert(1)</script> ]]> "quoted"');
    expect(item?.categories.map((category) => category.term)).toEqual(["News & <Views>", 'a<b & "c"', "]]><evil/>"]);

    // Decoded once, as XML, the content is HTML in which the payload is only text.
    const parsed = rawXml.parse(xml);
    const html: string = parsed.rss ? parsed.rss.channel.item[0]["content:encoded"] : parsed.feed.entry[0].content["#text"];
    expect(html).toBe("<p>&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; ]]&gt;&lt;evil/&gt;</p>");
    // (Read raw: the parser takes "<…>" in an RSS author for an email address, by RSS custom.)
    expect(parsed.rss ? parsed.rss.channel.item[0]["dc:creator"] : parsed.feed.entry[0].author.name).toBe("<b>Mallory</b>");
    if (parsed.rss) expect(parsed.rss.channel.item[0].description).toBe("&lt;img src=x onerror=alert(1)&gt; &amp; more");
    else expect(parsed.feed.entry[0].summary).toMatchObject({ "#text": "<img src=x onerror=alert(1)> & more", "@type": "text" });
  });

  it("escapes every XML-significant character and drops characters XML 1.0 cannot carry", () => {
    expect(escapeXml(`<a b="c" d='e'>&</a>\u0000\u0008\u000b\u000c\u001f\ufffe\ud800`)).toBe("&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;&lt;/a&gt;");
    expect(escapeXml("tab\tnewline\nemoji 🌊")).toBe("tab\tnewline\nemoji 🌊");
  });
});

describe("sitemaps", () => {
  it("splits the home page, section fronts and stories into files of at most the limit, with no URL twice or missing", () => {
    expect(sitemapFileCount(6, 0, 50_000)).toBe(1);
    expect(sitemapFileCount(6, 49_994, 50_000)).toBe(1);
    expect(sitemapFileCount(6, 49_995, 50_000)).toBe(2);
    expect(sitemapFileCount(6, 100_000, 50_000)).toBe(3);
    expect(sitemapFileSlice(0, 6, 50_000)).toEqual({ pages: { start: 0, end: 6 }, stories: { offset: 0, limit: 49_994 } });
    expect(sitemapFileSlice(1, 6, 50_000)).toEqual({ pages: { start: 6, end: 6 }, stories: { offset: 49_994, limit: 50_000 } });

    for (const [pages, stories, perFile] of [
      [6, 23, 5],
      [3, 0, 2],
      [1, 9, 10],
      [12, 7, 4],
    ] as const) {
      const seenPages: number[] = [];
      const seenStories: number[] = [];
      for (let index = 0; index < sitemapFileCount(pages, stories, perFile); index += 1) {
        const slice = sitemapFileSlice(index, pages, perFile);
        const storyEnd = Math.min(stories, slice.stories.offset + slice.stories.limit);
        const count = slice.pages.end - slice.pages.start + Math.max(0, storyEnd - slice.stories.offset);
        expect(count).toBeLessThanOrEqual(perFile);
        for (let page = slice.pages.start; page < slice.pages.end; page += 1) seenPages.push(page);
        for (let s = slice.stories.offset; s < storyEnd; s += 1) seenStories.push(s);
      }
      expect(seenPages).toEqual([...Array(pages).keys()]);
      expect(seenStories).toEqual([...Array(stories).keys()]);
    }
  });

  it("writes a sitemap file of absolute URLs with when each last changed", () => {
    const xml = buildSitemap(
      [
        { href: "/", lastModified: new Date("2026-11-27T10:00:00.000Z") },
        { href: "/asia/floods-&-<landslides>", lastModified: new Date("2026-11-27T09:00:00.000Z") },
      ],
      site,
    );
    expectWellFormed(xml);
    expect(rawXml.parse(xml).urlset.url).toEqual([
      { loc: "https://news.example/", lastmod: "2026-11-27T10:00:00.000Z" },
      { loc: "https://news.example/asia/floods-&-<landslides>", lastmod: "2026-11-27T09:00:00.000Z" },
    ]);
  });

  it("writes a sitemap index of the files", () => {
    const xml = buildSitemapIndex(["https://news.example/sitemap/0.xml", "https://news.example/sitemap/1.xml"]);
    expectWellFormed(xml);
    expect(rawXml.parse(xml).sitemapindex.sitemap.map((entry: { loc: string }) => entry.loc)).toEqual([
      "https://news.example/sitemap/0.xml",
      "https://news.example/sitemap/1.xml",
    ]);
  });

  it("writes a Google News sitemap with the publication, the date and the escaped headline", () => {
    const xml = buildNewsSitemap([{ href: "/asia/a", headline: "Floods & <land\u0000slides>", publishedAt: new Date("2026-11-27T08:20:00.000Z") }], site);
    expectWellFormed(xml);
    const { urlset } = rawXml.parse(xml);
    expect(urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(urlset.url[0]).toEqual({
      loc: "https://news.example/asia/a",
      "news:news": {
        "news:publication": { "news:name": "Newshub", "news:language": "en" },
        "news:publication_date": "2026-11-27T08:20:00.000Z",
        "news:title": "Floods & <landslides>",
      },
    });
  });
});
