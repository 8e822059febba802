// The cross-site scripting corpus (e2e/xss-corpus.ts) through the lib functions, against the real
// database, where a browser adds nothing: every payload in every story field comes out of the RSS
// and Atom feeds, the Google News sitemap and the NewsArticle JSON-LD as the same text and no
// markup (the feeds a reader sees hold only the 20 newest stories: this checks every one); slugs,
// link and image addresses made of payloads are refused or made harmless; a byline's website is
// only ever an http(s) address; search answers every payload as a query. e2e/xss-surfaces.spec.ts
// reads the same kinds of stories in Chromium. docs/security.md, "XSS corpus".

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";

import { ONE_LINE_XSS_PAYLOADS, XSS_PAYLOADS, packPayloads } from "@/e2e/xss-corpus";
import type { Actor } from "@/lib/auth/actor";
import { createByline } from "@/lib/bylines/mutations";
import { parseCommentBody } from "@/lib/comments/text";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { buildAtomFeed, buildNewsSitemap, buildRssFeed, sectionFeedChannel } from "@/lib/feeds/build";
import { documentToHtml } from "@/lib/feeds/html";
import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import { getDiscoveryStory, listFeedStories, listNewsSitemapStories } from "@/lib/feeds/queries";
import { searchStories } from "@/lib/search/queries";
import type { SiteInfo } from "@/lib/site";
import { isSafeImageSrc, isSafeUrl, safeParseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import { getBylinePage } from "@/lib/stories/listing";
import { changeStoryStatus, createStory } from "@/lib/stories/mutations";
import { SLUG_PATTERN } from "@/lib/stories/slug";
import { doc, makeActor, makeSection, unique } from "@/tests/integration/factories";

const site: SiteInfo = { url: "https://news.example", name: "Newshub", description: "News.", language: "en" };

// ── What an HTML string may hold ───────────────────────────────────────

/** The elements and attributes lib/feeds/html.ts writes for a story body: anything else is an injection. */
const ALLOWED: Record<string, readonly string[]> = {
  p: [], h2: [], h3: [], strong: [], em: [], s: [], br: [], hr: [], ul: [], ol: ["start"], li: [], blockquote: [], figure: ["class"], figcaption: [],
  a: ["href", "rel"], img: ["src", "alt"], span: ["class"],
};
const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * What is wrong with `html` as a feed reader would parse it: text holding a "<" or ">" (a tag the
 * writer did not mean), a tag or attribute off the allow-list, a link that is not http(s), mailto
 * or on the site, an image not from https or the site. The writer quotes every attribute and
 * escapes every text, so a strict reading of its output is the reading.
 */
function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  const tag = /<(\/?)([a-z0-9]+)((?:\s[a-z-]+="[^"]*")*)\s*>/g;
  let last = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const between = html.slice(last, match.index);
    if (/[<>]/.test(between)) problems.push(`text with markup: ${between.slice(0, 120)}`);
    last = tag.lastIndex;
    const [, , name = "", attributeText = ""] = match;
    const allowed = ALLOWED[name];
    if (!allowed) {
      problems.push(`<${name}>`);
      continue;
    }
    for (const [, attribute = "", encoded = ""] of attributeText.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      if (!allowed.includes(attribute)) problems.push(`${attribute} on <${name}>`);
      const value = encoded.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
      if (attribute === "href" && !/^(https?:\/\/|mailto:)/i.test(value)) problems.push(`link to ${value}`);
      if (attribute === "src" && !/^https:\/\//i.test(value)) problems.push(`image from ${value}`);
    }
  }
  if (/[<>]/.test(html.slice(last))) problems.push(`text with markup: ${html.slice(last, last + 120)}`);
  return problems;
}

/** What a browser hands a search engine from `<script type="application/ld+json">…`: the text up to the first "</script". */
function scriptText(serialized: string): string {
  const html = `<script type="application/ld+json">${serialized}</script>`;
  const start = html.indexOf(">") + 1;
  return html.slice(start, html.toLowerCase().indexOf("</script", start));
}

// ── Stories made of the corpus ─────────────────────────────────────────

const headlines = packPayloads(200, " ", ONE_LINE_XSS_PAYLOADS);
const standfirsts = packPayloads(400);
const datelines = packPayloads(80, " ", ONE_LINE_XSS_PAYLOADS);
const tagNames = packPayloads(40, " ", ONE_LINE_XSS_PAYLOADS);
const bylineNames = packPayloads(120, " ", ONE_LINE_XSS_PAYLOADS);
const attributes = packPayloads(500, " ", ONE_LINE_XSS_PAYLOADS);
/** One story per dateline chunk (the smallest field): every payload is in some story's every field. */
const STORY_COUNT = Math.max(headlines.length, standfirsts.length, datelines.length, Math.ceil(tagNames.length / 12), Math.ceil(bylineNames.length / 2));

function text(value: string, marks?: Array<Record<string, unknown>>) {
  return marks ? { type: "text", text: value, marks } : { type: "text", text: value };
}

/** A link address the allow-list accepts, carrying the payload (percent-encoded where it holds whitespace). */
function linkCarrying(payload: string, prefix: string): string {
  const raw = `${prefix}${payload}`;
  return isSafeUrl(raw) ? raw : `${prefix}${encodeURIComponent(payload)}`;
}

function hostileBody(payloads: readonly string[], index: number) {
  const attribute = attributes[index % attributes.length]!;
  return {
    type: "doc",
    content: [
      { type: "paragraph", content: payloads.map((payload) => text(payload)) },
      ...payloads.map((payload) => ({ type: "heading", attrs: { level: 2 }, content: [text(payload, [{ type: "bold" }])] })),
      { type: "blockquote", content: payloads.map((payload) => ({ type: "paragraph", content: [text(payload)] })) },
      ...payloads.map((payload) => ({ type: "pullQuote", attrs: { attribution: [...payload].slice(0, 500).join("") }, content: [text(payload)] })),
      { type: "bulletList", content: payloads.map((payload) => ({ type: "listItem", content: [{ type: "paragraph", content: [text(payload)] }] })) },
      {
        type: "paragraph",
        content: payloads.flatMap((payload) => [
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "https://example.org/?q=") } }]),
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "/search?q=") } }]),
          text(payload, [{ type: "link", attrs: { href: linkCarrying(payload, "mailto:desk@example.org?subject=") } }]),
        ]),
      },
      { type: "image", attrs: { src: `https://example.org/photo.png?q=${encodeURIComponent(payloads[0]!)}`, alt: attribute, caption: attribute, credit: attribute } },
      { type: "image", attrs: { src: "/media/x/960", mediaId: attribute, alt: attribute, caption: attribute, credit: attribute } },
    ],
  };
}

interface Seeded {
  id: string;
  headline: string;
  standfirst: string;
  dateline: string;
  tags: string[];
  bylines: string[];
}

let editor: Actor;
let section: { id: string; slug: string; name: string };
const stories: Seeded[] = [];

beforeAll(async () => {
  editor = await makeActor("EDITOR");
  section = await makeSection();
  const bylines: Array<{ id: string; name: string }> = [];
  for (const [index, name] of bylineNames.entries()) {
    bylines.push(await createByline(editor, { name, kind: index % 2 === 0 ? "PERSON" : "ORGANISATION", bio: `${unique("bio")} ${name}` }));
  }
  for (let index = 0; index < STORY_COUNT; index++) {
    const payloads = XSS_PAYLOADS.filter((_, k) => k % STORY_COUNT === index);
    const storyBylines = [...new Set([index % bylines.length, (index + STORY_COUNT) % bylines.length])].map((k) => bylines[k]!);
    const created = await createStory(editor, {
      headline: headlines[index % headlines.length],
      standfirst: standfirsts[index % standfirsts.length],
      dateline: datelines[index % datelines.length],
      sectionId: section.id,
      bylineIds: storyBylines.map((byline) => byline.id),
      tags: tagNames.filter((_, k) => k % STORY_COUNT === index),
      body: hostileBody(payloads, index),
    });
    // Hostile headlines run long: the pre-publish check warns, and the warnings are not what this tests.
    await changeStoryStatus(editor, { storyId: created.id, version: created.version, action: "publish", acknowledgeWarnings: true });
    const stored = await db.story.findUniqueOrThrow({
      where: { id: created.id },
      select: { slug: true, headline: true, standfirst: true, dateline: true, tags: { select: { tag: { select: { name: true } } } } },
    });
    expect(stored.slug, "a slug made from a hostile headline").toMatch(SLUG_PATTERN);
    stories.push({
      id: created.id,
      headline: stored.headline,
      standfirst: stored.standfirst,
      dateline: stored.dateline,
      tags: stored.tags.map((t) => t.tag.name).sort(),
      bylines: storyBylines.map((byline) => byline.name),
    });
  }
}, 120_000);

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, trimValues: false, isArray: (name) => ["item", "entry", "category", "dc:creator", "author", "url"].includes(name) });
const unescapeHtml = (value: string) => value.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity);
const textOf = (value: unknown) => (typeof value === "string" ? value : (value as { "#text"?: string })["#text"] ?? "");

describe(`${XSS_PAYLOADS.length} payloads in every story field`, () => {
  it("the corpus is at least 100 payloads, all different", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(XSS_PAYLOADS).size).toBe(XSS_PAYLOADS.length);
  });

  it("come out of the section's RSS feed as the same text, in well-formed XML, with bodies of allow-listed HTML only", async () => {
    const feedStories = await listFeedStories({ sectionSlug: section.slug, limit: 100 });
    expect(feedStories).toHaveLength(STORY_COUNT);
    const rss = buildRssFeed(sectionFeedChannel({ ...section, description: "" }, site), feedStories);
    expect(XMLValidator.validate(rss)).toBe(true);
    const items = (xml.parse(rss) as { rss: { channel: { item: Array<Record<string, unknown>> } } }).rss.channel.item;
    expect(items).toHaveLength(STORY_COUNT);
    for (const item of items) {
      const story = stories.find((candidate) => `urn:uuid:${candidate.id}` === textOf(item.guid))!;
      expect(textOf(item.title)).toBe(story.headline);
      const description = textOf(item.description);
      expect(description, "the standfirst is text to a feed reader").not.toMatch(/[<>]/);
      expect(unescapeHtml(description)).toBe(story.standfirst);
      expect((item["dc:creator"] as unknown[]).map(textOf)).toEqual(story.bylines);
      expect((item.category as unknown[]).slice(1).map(textOf).sort()).toEqual(story.tags);
      expect(htmlProblems(textOf(item["content:encoded"])), story.headline).toEqual([]);
    }
  });

  it("come out of the section's Atom feed as the same text, in well-formed XML, with bodies of allow-listed HTML only", async () => {
    const atom = buildAtomFeed(sectionFeedChannel({ ...section, description: "" }, site), await listFeedStories({ sectionSlug: section.slug, limit: 100 }));
    expect(XMLValidator.validate(atom)).toBe(true);
    const entries = (xml.parse(atom) as { feed: { entry: Array<Record<string, unknown>> } }).feed.entry;
    expect(entries).toHaveLength(STORY_COUNT);
    for (const entry of entries) {
      const story = stories.find((candidate) => `urn:uuid:${candidate.id}` === textOf(entry.id))!;
      expect(textOf(entry.title)).toBe(story.headline);
      expect(textOf(entry.summary)).toBe(story.standfirst);
      expect((entry.author as Array<{ name: unknown }>).map((author) => textOf(author.name))).toEqual(story.bylines);
      expect((entry.category as Array<{ "@term": string }>).slice(1).map((category) => category["@term"]).sort()).toEqual(story.tags);
      expect(htmlProblems(textOf(entry.content)), story.headline).toEqual([]);
    }
  });

  it("come out of the Google News sitemap as the same headlines, in well-formed XML", async () => {
    const sitemap = buildNewsSitemap(await listNewsSitemapStories(), site);
    expect(XMLValidator.validate(sitemap)).toBe(true);
    const urls = (xml.parse(sitemap) as { urlset: { url: Array<{ "news:news": { "news:title": unknown } }> } }).urlset.url;
    const titles = urls.map((url) => textOf(url["news:news"]["news:title"]));
    for (const story of stories) expect(titles).toContain(story.headline);
  });

  it("come out of the NewsArticle JSON-LD as the same data, with nothing the HTML tokenizer would read", async () => {
    for (const story of stories) {
      const discovery = await getDiscoveryStory(story.id);
      const value = buildNewsArticleJsonLd(discovery!, site);
      const serialized = serializeJsonLd(value);
      expect(serialized).not.toMatch(/[<>&\u2028\u2029]/);
      const read = scriptText(serialized);
      expect(read).toBe(serialized);
      expect(JSON.parse(read)).toEqual(JSON.parse(JSON.stringify(value)));
      expect(value).toMatchObject({ headline: story.headline, description: story.standfirst, dateline: story.dateline });
      expect([...(value.keywords ?? [])].sort()).toEqual(story.tags);
      expect(value.author.map((author) => author.name)).toEqual(story.bylines);
    }
  });
});

describe("addresses made of payloads", () => {
  it("a story's slug: refused with a message, nothing made", async () => {
    for (const payload of XSS_PAYLOADS) {
      const headline = unique("Slug attempt");
      const refusal = await createStory(editor, { headline, sectionId: section.id, slug: payload, body: doc("Text.") }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(isAppError(refusal) && refusal.code === "INVALID_INPUT", `slug ${JSON.stringify(payload)} refused`).toBe(true);
      // A tab or line break is refused first, as in every one-line field; anything else by the slug rule.
      expect(isAppError(refusal) ? refusal.fieldErrors?.slug?.[0] : "").toMatch(/lower-case letters|must be on one line/);
      expect(await db.story.count({ where: { headline } })).toBe(0);
    }
  });

  it("a link, an image or a media id in a body: refused unless harmless, and what is kept renders as allow-listed HTML", async () => {
    let refusedLinks = 0;
    for (const payload of XSS_PAYLOADS) {
      const body = (mark: Record<string, unknown> | null, image: Record<string, unknown> | null): StoryDocument | string => {
        const parsed = safeParseStoryDocument({
          type: "doc",
          content: [mark ? { type: "paragraph", content: [text("a link", [mark])] } : { type: "image", attrs: image }],
        });
        return parsed.ok ? parsed.document : parsed.message;
      };
      const link = body({ type: "link", attrs: { href: payload } }, null);
      if (typeof link === "string") {
        refusedLinks++;
        expect(link).toMatch(/is not allowed: links must be http, https, mailto or a path on this site/);
      } else {
        expect(isSafeUrl(payload.trim()), `kept link ${JSON.stringify(payload)}`).toBe(true);
        expect(htmlProblems(documentToHtml(link, { absolute: (path) => `${site.url}${path}` }))).toEqual([]);
      }
      const image = body(null, { src: payload, alt: payload, caption: payload, credit: payload });
      if (typeof image === "string") expect(image).toMatch(/An image must come from the media library or an https address/);
      else expect(isSafeImageSrc(payload.trim()), `kept image ${JSON.stringify(payload)}`).toBe(true);
      const fromLibrary = body(null, { src: "/media/x/960", mediaId: payload, alt: payload, caption: payload, credit: payload });
      expect(typeof fromLibrary).not.toBe("string");
      expect(htmlProblems(documentToHtml(fromLibrary as StoryDocument, { absolute: (path) => `${site.url}${path}` }))).toEqual([]);
    }
    expect(refusedLinks).toBeGreaterThan(XSS_PAYLOADS.length / 2);

    // Through the desk's own function: the refusal is a message on the body, and nothing is made.
    const headline = unique("Hostile link");
    const refusal = await createStory(editor, {
      headline,
      sectionId: section.id,
      body: { type: "doc", content: [{ type: "paragraph", content: [text("x", [{ type: "link", attrs: { href: "JaVaScRiPt:alert(1)" } }])] }] },
    }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isAppError(refusal) ? refusal.fieldErrors?.body?.[0] : null).toMatch(/is not allowed/);
    expect(await db.story.count({ where: { headline } })).toBe(0);
  });

  it("tags whose names make one slug are one tag, not a database error", async () => {
    const created = await createStory(editor, {
      headline: unique("Two tags, one slug"),
      sectionId: section.id,
      tags: ["<script>alert(1)</script>", "<ScRiPt>alert(1)</sCrIpT>", "script alert 1 script"],
      body: doc("Text."),
    });
    expect(await db.storyTag.count({ where: { storyId: created.id } })).toBe(1);
  });

  it("a byline's website: the byline page links only an http(s) address", async () => {
    const [story] = stories;
    const byline = await db.byline.findFirstOrThrow({ where: { stories: { some: { storyId: story!.id } } }, select: { id: true, slug: true } });
    for (const payload of XSS_PAYLOADS) {
      for (const url of [payload, `https://example.org/${payload}`]) {
        await db.byline.update({ where: { id: byline.id }, data: { url } });
        const { byline: shown } = await getBylinePage(byline.slug, undefined);
        if (shown.url !== null) {
          expect(shown.url, `website ${JSON.stringify(url)}`).toMatch(/^https?:\/\//i);
          expect(isSafeUrl(shown.url)).toBe(true);
        }
      }
    }
    await db.byline.update({ where: { id: byline.id }, data: { url: "JaVaScRiPt:alert(1)" } });
    expect((await getBylinePage(byline.slug, undefined)).byline.url).toBeNull();
    await db.byline.update({ where: { id: byline.id }, data: { url: "data:text/html,<script>alert(1)</script>" } });
    expect((await getBylinePage(byline.slug, undefined)).byline.url).toBeNull();
    await db.byline.update({ where: { id: byline.id }, data: { url: "https://example.org/about" } });
    expect((await getBylinePage(byline.slug, undefined)).byline.url).toBe("https://example.org/about");
  });
});

describe("payloads as other input", () => {
  it("search answers each as a query, never with a database error", async () => {
    for (const query of XSS_PAYLOADS) {
      const answer = await searchStories({ query }).then(
        () => "answered",
        (error: unknown) => (isAppError(error) ? "refused" : error),
      );
      expect(["answered", "refused"], `search for ${JSON.stringify(query)}`).toContain(answer);
    }
  });

  it("a comment made of each is text, with links to http(s) addresses only", () => {
    for (const payload of XSS_PAYLOADS) {
      const segments = parseCommentBody(payload).flat(2);
      for (const segment of segments) if (segment.kind === "link") expect(segment.href).toMatch(/^https?:\/\//);
    }
  });
});
