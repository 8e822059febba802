import { describe, expect, it } from "vitest";

import { buildNewsArticleJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import { storyMetadata } from "@/lib/feeds/metadata";
import type { DiscoveryStory } from "@/lib/feeds/queries";
import type { SiteInfo } from "@/lib/site";

const site: SiteInfo = { url: "https://news.example", name: "Newshub", description: "News.", language: "en" };

function story(overrides: Partial<DiscoveryStory> = {}): DiscoveryStory {
  return {
    id: "0b6f7a8e-1111-4222-8333-444455556666",
    headline: "Coastal states agree draft accord to protect undersea cables",
    standfirst: "Negotiators from eleven governments back shared patrols.",
    dateline: "Europe",
    datelinePlace: "",
    credit: "",
    href: "/world/undersea-cable-accord",
    publishedAt: new Date("2026-11-24T16:40:00.000Z"),
    updatedAt: new Date("2026-11-25T09:00:00.000Z"),
    section: { name: "World", slug: "world" },
    bylines: [{ name: "Newshub Editorial", slug: "newshub-editorial", kind: "ORGANISATION" }],
    tags: ["diplomacy", "maritime"],
    image: null,
    ...overrides,
  };
}

/** What a browser hands a search engine: the text inside the <script> element, parsed as JSON. */
function scriptRoundTrip(value: unknown): unknown {
  const html = `<script type="application/ld+json">${serializeJsonLd(value)}</script>`;
  const match = /^<script type="application\/ld\+json">([\s\S]*?)<\/script>/i.exec(html);
  expect(match?.[0]).toBe(html);
  return JSON.parse(match![1]!);
}

describe("buildNewsArticleJsonLd", () => {
  it("gives the place the story was filed as its dateline when there is one, and the credit line as creditText", () => {
    const jsonLd = buildNewsArticleJsonLd(story({ datelinePlace: "SEOUL", credit: "Reporting by Kim Min-ji; Editing by Ana Ruiz" }), site);
    expect(jsonLd.dateline).toBe("SEOUL");
    expect(jsonLd.creditText).toBe("Reporting by Kim Min-ji; Editing by Ana Ruiz");
    expect(buildNewsArticleJsonLd(story(), site)).not.toHaveProperty("creditText");
  });

  it("describes an organisation-bylined story as a NewsArticle with its section, dateline and publisher", () => {
    const jsonLd = buildNewsArticleJsonLd(story(), site);
    expect(jsonLd).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      "@id": "https://news.example/world/undersea-cable-accord",
      url: "https://news.example/world/undersea-cable-accord",
      mainEntityOfPage: { "@type": "WebPage", "@id": "https://news.example/world/undersea-cable-accord" },
      headline: "Coastal states agree draft accord to protect undersea cables",
      description: "Negotiators from eleven governments back shared patrols.",
      datePublished: "2026-11-24T16:40:00.000Z",
      dateModified: "2026-11-25T09:00:00.000Z",
      author: [{ "@type": "Organization", name: "Newshub Editorial", url: "https://news.example/byline/newshub-editorial" }],
      publisher: { "@type": "Organization", name: "Newshub", url: "https://news.example/" },
      articleSection: "World",
      dateline: "Europe",
      keywords: ["diplomacy", "maritime"],
      inLanguage: "en",
      isAccessibleForFree: true,
    });
  });

  it("makes a reporter a Person and keeps the bylines in order", () => {
    const jsonLd = buildNewsArticleJsonLd(
      story({
        bylines: [
          { name: "Ines Harrow", slug: "ines-harrow", kind: "PERSON" },
          { name: "Newshub Editorial", slug: "newshub-editorial", kind: "ORGANISATION" },
        ],
      }),
      site,
    );
    expect(jsonLd.author).toEqual([
      { "@type": "Person", name: "Ines Harrow", url: "https://news.example/byline/ines-harrow" },
      { "@type": "Organization", name: "Newshub Editorial", url: "https://news.example/byline/newshub-editorial" },
    ]);
  });

  it("leaves out what the story does not have, and gives its picture with absolute URL and size", () => {
    const jsonLd = buildNewsArticleJsonLd(
      story({ standfirst: "", dateline: "", tags: [], image: { url: "/media/abc/1600", alt: "Cable ship", width: 1600, height: 900, mimeType: "image/webp", bytes: 1 } }),
      site,
    );
    expect(jsonLd).not.toHaveProperty("description");
    expect(jsonLd).not.toHaveProperty("dateline");
    expect(jsonLd).not.toHaveProperty("keywords");
    expect(jsonLd.image).toEqual([{ "@type": "ImageObject", url: "https://news.example/media/abc/1600", width: 1600, height: 900, caption: "Cable ship" }]);
  });

  it("never dates a change before publication", () => {
    const jsonLd = buildNewsArticleJsonLd(story({ updatedAt: new Date("2026-11-20T00:00:00.000Z") }), site);
    expect(jsonLd.dateModified).toBe("2026-11-24T16:40:00.000Z");
  });
});

describe("serializeJsonLd", () => {
  it.each([
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "</SCRIPT >",
    "a & b > c \u2028 \u2029",
  ])("keeps %s inside the script element and round-trips it exactly", (headline) => {
    const jsonLd = buildNewsArticleJsonLd(story({ headline, dateline: headline }), site);
    const serialized = serializeJsonLd(jsonLd);
    expect(serialized).not.toMatch(/[<>&\u2028\u2029]/);
    expect(scriptRoundTrip(jsonLd)).toEqual(jsonLd);
  });
});

describe("storyMetadata", () => {
  it("gives the canonical URL, OpenGraph article facts and a summary card without a picture", () => {
    const metadata = storyMetadata(story(), site);
    expect(metadata.title).toBe("Coastal states agree draft accord to protect undersea cables");
    expect(metadata.alternates?.canonical).toBe("https://news.example/world/undersea-cable-accord");
    expect(metadata.openGraph).toMatchObject({
      type: "article",
      siteName: "Newshub",
      url: "https://news.example/world/undersea-cable-accord",
      publishedTime: "2026-11-24T16:40:00.000Z",
      modifiedTime: "2026-11-25T09:00:00.000Z",
      section: "World",
      authors: ["https://news.example/byline/newshub-editorial"],
      tags: ["diplomacy", "maritime"],
    });
    expect(metadata.openGraph).not.toHaveProperty("images");
    expect(metadata.twitter).toMatchObject({ card: "summary", title: "Coastal states agree draft accord to protect undersea cables" });
  });

  it("uses the desk's SEO title and description in search results and its social headline on cards", () => {
    const metadata = storyMetadata(story({ seoTitle: "Cable accord agreed", seoDescription: "What the accord says.", socialHeadline: "The sea floor gets a treaty" }), site);
    expect(metadata.title).toBe("Cable accord agreed");
    expect(metadata.description).toBe("What the accord says.");
    expect(metadata.openGraph).toMatchObject({ title: "The sea floor gets a treaty", description: "What the accord says." });
    expect(metadata.twitter).toMatchObject({ title: "The sea floor gets a treaty" });
    const seoOnly = storyMetadata(story({ seoTitle: "Cable accord agreed" }), site);
    expect(seoOnly.openGraph).toMatchObject({ title: "Cable accord agreed" });
  });

  it("uses a large-image card when the story has a picture", () => {
    const metadata = storyMetadata(story({ image: { url: "/media/abc/1600", alt: "Cable ship", width: 1600, height: 900, mimeType: "image/webp", bytes: 1 } }), site);
    expect(metadata.openGraph).toMatchObject({ images: [{ url: "https://news.example/media/abc/1600", width: 1600, height: 900, alt: "Cable ship" }] });
    expect(metadata.twitter).toMatchObject({ card: "summary_large_image", images: [{ url: "https://news.example/media/abc/1600", alt: "Cable ship" }] });
  });
});
