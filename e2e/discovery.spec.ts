import { parseFeed } from "@rowanmanning/feed-parser";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { XMLParser, XMLValidator } from "fast-xml-parser";

import { demoStories } from "../prisma/demo/content";

// Feeds, sitemaps, robots.txt and story metadata as feed readers and crawlers fetch them. Other
// specs publish into World and Business, so exact contents are checked on demo stories in Asia,
// Technology and Opinion, which no spec changes.

test.use({ javaScriptEnabled: false });

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, isArray: (name) => ["url", "sitemap"].includes(name) });

async function fetchXml(request: APIRequestContext, path: string, contentType: string): Promise<string> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  expect(response.headers()["content-type"]).toBe(contentType);
  const body = await response.text();
  // Strictly well-formed XML first: the feed parser below is lenient by design.
  expect(XMLValidator.validate(body), path).toBe(true);
  return body;
}

test("the site's RSS and Atom feeds parse, newest first, every item with an id, link, byline and date", async ({ request, baseURL }) => {
  for (const [path, type] of [
    ["/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/atom.xml", "application/atom+xml; charset=utf-8"],
  ] as const) {
    const response = await request.get(path);
    expect(response.headers()["cache-control"]).toBe("public, max-age=60");
    const feed = parseFeed(await fetchXml(request, path, type));
    expect(feed.title).toBe("Newshub");
    expect(feed.language).toBe("en");
    expect(feed.self).toBe(`${baseURL}${path}`);
    expect(feed.url).toBe(`${baseURL}/`);
    expect(feed.items.length).toBeGreaterThanOrEqual(8);
    for (const item of feed.items) {
      expect(item.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(item.url).toMatch(new RegExp(`^${baseURL}/[a-z0-9-]+/[a-z0-9-]+$`));
      expect(item.title).toBeTruthy();
      expect(item.authors.length).toBeGreaterThan(0);
      expect(item.content).toBeTruthy();
    }
    const published = feed.items.map((item) => item.published!.getTime());
    expect(published).toEqual([...published].sort((a, b) => b - a));
  }
});

test("a section's feeds hold its demo stories with bylines, dates, categories and the full body", async ({ request, baseURL }) => {
  const typhoon = demoStories.find((story) => story.slug === "typhoon-halden-floods-kestrel-delta")!;
  for (const [path, type] of [
    ["/asia/rss.xml", "application/rss+xml; charset=utf-8"],
    ["/asia/atom.xml", "application/atom+xml; charset=utf-8"],
  ] as const) {
    const feed = parseFeed(await fetchXml(request, path, type));
    expect(feed.title).toBe("Asia · Newshub");
    expect(feed.self).toBe(`${baseURL}${path}`);
    const item = feed.items.find((entry) => entry.url === `${baseURL}/asia/${typhoon.slug}`);
    expect(item, `${path} lists the typhoon story`).toBeDefined();
    expect(item!.title).toBe(typhoon.headline);
    expect(item!.description).toBe(typhoon.standfirst);
    expect(item!.published?.toISOString()).toBe(typhoon.publishedAt);
    expect(item!.authors.map((author) => author.name)).toEqual(["Ines Harrow", "Newshub Editorial"]);
    expect(item!.categories.map((category) => category.term)).toEqual(["Asia", ...[...typhoon.tags].sort()]);
    expect(item!.content).toContain("<h2>Embankments breached overnight</h2>");
    expect(item!.content).toContain("<strong>60,400</strong>");
  }

  const world = parseFeed(await fetchXml(request, "/world/rss.xml", "application/rss+xml; charset=utf-8"));
  expect(world.title).toBe("World · Newshub");
  expect(world.items.length).toBeGreaterThan(0);
  for (const item of world.items) expect(item.categories[0]?.term).toBe("World");
});

test("an unknown section has no feeds", async ({ request }) => {
  expect((await request.get("/no-such-section/rss.xml")).status()).toBe(404);
  expect((await request.get("/no-such-section/atom.xml")).status()).toBe(404);
});

test("the sitemap index leads to every demo story, section front and the home page", async ({ request, baseURL }) => {
  const index = xml.parse(await fetchXml(request, "/sitemap.xml", "application/xml; charset=utf-8"));
  const files: string[] = index.sitemapindex.sitemap.map((entry: { loc: string }) => entry.loc);
  expect(files).toEqual([`${baseURL}/sitemap/0.xml`]);
  const urls = new Map<string, string | undefined>();
  for (const file of files) {
    const response = await request.get(new URL(file).pathname);
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(XMLValidator.validate(body)).toBe(true);
    for (const entry of xml.parse(body).urlset.url as Array<{ loc: string; lastmod?: string }>) urls.set(entry.loc, entry.lastmod);
  }
  expect(urls.has(`${baseURL}/`)).toBe(true);
  for (const section of ["world", "asia", "technology", "business", "opinion"]) expect(urls.has(`${baseURL}/${section}`)).toBe(true);
  for (const story of demoStories) {
    const lastmod = urls.get(`${baseURL}/${story.sectionSlug}/${story.slug}`);
    expect(lastmod, story.slug).toMatch(/^\d{4}-\d\d-\d\dT/);
  }
  expect((await request.get("/sitemap/99.xml")).status()).toBe(404);
});

test("the Google News sitemap is XML naming the publication for each recent story", async ({ request }) => {
  const { urlset } = xml.parse(await fetchXml(request, "/news-sitemap.xml", "application/xml; charset=utf-8"));
  expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
  expect(urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
  const cutoff = Date.now() - 48 * 60 * 60 * 1000 - 60_000;
  for (const entry of urlset.url ?? []) {
    expect(entry["news:news"]["news:publication"]).toEqual({ "news:name": "Newshub", "news:language": "en" });
    expect(Date.parse(entry["news:news"]["news:publication_date"])).toBeGreaterThan(cutoff);
    expect(entry["news:news"]["news:title"]).toBeTruthy();
  }
});

test("robots.txt keeps crawlers out of the newsroom and points them at the sitemaps", async ({ request, baseURL }) => {
  const response = await request.get("/robots.txt");
  expect(response.status()).toBe(200);
  const robots = await response.text();
  const lines = robots.split("\n").map((line) => line.trim());
  expect(lines).toContain("User-Agent: *");
  for (const path of ["/desk", "/api/", "/preview/", "/login"]) expect(lines).toContain(`Disallow: ${path}`);
  expect(lines).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  expect(lines).toContain(`Sitemap: ${baseURL}/news-sitemap.xml`);
});

async function readJsonLd(page: import("@playwright/test").Page): Promise<Record<string, unknown>> {
  const scripts = page.locator('script[type="application/ld+json"]');
  await expect(scripts).toHaveCount(1);
  return JSON.parse((await scripts.textContent()) ?? "") as Record<string, unknown>;
}

test("a story page carries one NewsArticle JSON-LD, its canonical URL and social cards", async ({ page, baseURL }) => {
  const org = demoStories.find((story) => story.slug === "tarun-valley-chip-plant-hires-first-workers")!;
  const url = `${baseURL}/${org.sectionSlug}/${org.slug}`;
  await page.goto(url);
  const article = await readJsonLd(page);
  expect(article).toMatchObject({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: org.headline,
    description: org.standfirst,
    datePublished: org.publishedAt,
    author: [{ "@type": "Organization", name: "Newshub Editorial", url: `${baseURL}/byline/newshub-editorial` }],
    publisher: { "@type": "Organization", name: "Newshub" },
    articleSection: "Asia",
    dateline: org.dateline,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    keywords: [...org.tags].sort(),
  });
  expect(Date.parse(article.dateModified as string)).toBeGreaterThanOrEqual(Date.parse(org.publishedAt));
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", url);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", org.headline);
  await expect(page.locator('meta[property="og:type"]')).toHaveAttribute("content", "article");
  await expect(page.locator('meta[property="og:url"]')).toHaveAttribute("content", url);
  await expect(page.locator('meta[property="article:published_time"]')).toHaveAttribute("content", org.publishedAt);
  await expect(page.locator('meta[property="article:section"]')).toHaveAttribute("content", "Asia");
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute("content", "summary");

  const person = demoStories.find((story) => story.slug === "northvale-grid-trials-machine-learning-forecasts")!;
  await page.goto(`/${person.sectionSlug}/${person.slug}`);
  const personArticle = await readJsonLd(page);
  expect(personArticle).toMatchObject({
    "@type": "NewsArticle",
    author: [{ "@type": "Person", name: "Kofi Aldane", url: `${baseURL}/byline/kofi-aldane` }],
    dateline: "Technology desk",
    datePublished: person.publishedAt,
  });
  expect(personArticle.datePublished).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test("the front page and section fronts announce their feeds", async ({ page, baseURL }) => {
  await page.goto("/");
  await expect(page.locator('link[rel="alternate"][type="application/rss+xml"]')).toHaveAttribute("href", `${baseURL}/rss.xml`);
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]')).toHaveAttribute("href", `${baseURL}/atom.xml`);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}/`);

  await page.goto("/technology");
  const rss = page.locator('link[rel="alternate"][type="application/rss+xml"]');
  await expect(rss).toHaveCount(2);
  await expect(rss.first()).toHaveAttribute("href", `${baseURL}/technology/rss.xml`);
  await expect(rss.first()).toHaveAttribute("title", "Technology · Newshub");
  await expect(page.locator('link[rel="alternate"][type="application/atom+xml"]').first()).toHaveAttribute("href", `${baseURL}/technology/atom.xml`);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", `${baseURL}/technology`);
});
