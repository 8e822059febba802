import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { decodeHtmlFile, HTML_BINARY, HTML_NOT_HTML, HTML_TOO_LARGE, looksLikeArticlePage, parseHtmlStory, type ImportedHtmlStory } from "@/lib/stories/import-html";

const CORPUS = path.join(import.meta.dirname, "import-html-corpus");

interface Expectation {
  headline: string;
  standfirst: string;
  bylines: string[];
  bylineKinds?: Array<"PERSON" | "ORGANISATION">;
  datelinePlace: string;
  desk: string;
  date: string | null;
  credit?: string;
  paragraphs: number;
  lists?: number;
  headings?: number;
  blockquotes?: number;
  images: Array<{ src: string; caption: string; credit: string }>;
  firstParagraphStarts?: string;
  notes?: string[];
  mustContain: string[];
  mustDrop: string[];
}

function imported(html: string): ImportedHtmlStory {
  const result = parseHtmlStory(html);
  if (result.kind !== "ok") throw new Error(result.message);
  return result.story;
}

/** Every string a reader or the editor could see: the body's text and its link addresses. */
function everything(story: ImportedHtmlStory): string {
  return [story.headline, story.standfirst, JSON.stringify(story.body), story.credit, story.captions.map((c) => (c.credit ? `${c.text} (${c.credit})` : c.text)).join("\n")].join("\n");
}

const cases = readdirSync(CORPUS).filter((name) => name.endsWith(".html")).sort();

describe("the HTML corpus", () => {
  it("holds at least 10 stories, each with its expectations", () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    for (const name of cases) expect(readdirSync(CORPUS)).toContain(name.replace(/\.html$/, ".json"));
  });

  for (const name of cases) {
    it(`reads ${name}`, () => {
      const html = readFileSync(path.join(CORPUS, name), "utf8");
      const expected = JSON.parse(readFileSync(path.join(CORPUS, name.replace(/\.html$/, ".json")), "utf8")) as Expectation;
      const story = imported(html);
      expect(story.headline).toBe(expected.headline);
      expect(story.standfirst).toBe(expected.standfirst);
      expect(story.bylines.map((b) => b.name)).toEqual(expected.bylines);
      if (expected.bylineKinds) expect(story.bylines.map((b) => b.kind)).toEqual(expected.bylineKinds);
      expect(story.datelinePlace).toBe(expected.datelinePlace);
      expect(story.dateline).toBe(expected.desk);
      expect(story.signatureDate).toBe(expected.date);
      expect(story.credit).toBe(expected.credit ?? "");
      const blocks = story.body.content;
      expect(blocks.filter((b) => b.type === "paragraph").length).toBe(expected.paragraphs);
      if (expected.lists !== undefined) expect(blocks.filter((b) => b.type === "bulletList" || b.type === "orderedList").length).toBe(expected.lists);
      if (expected.headings !== undefined) expect(blocks.filter((b) => b.type === "heading").length).toBe(expected.headings);
      if (expected.blockquotes !== undefined) expect(blocks.filter((b) => b.type === "blockquote").length).toBe(expected.blockquotes);
      expect(story.images.map(({ src, caption, credit }) => ({ src, caption, credit }))).toEqual(expected.images);
      const text = documentToPlainText(story.body);
      if (expected.firstParagraphStarts) expect(text.startsWith(expected.firstParagraphStarts)).toBe(true);
      for (const wanted of expected.mustContain) expect(text).toContain(wanted);
      const all = everything(story);
      for (const dropped of expected.mustDrop) expect(all).not.toContain(dropped);
      for (const note of expected.notes ?? []) expect(story.notes.join("\n")).toContain(note);
      // What comes out is a valid story body, and every import explains itself.
      expect(() => parseStoryDocument(story.body)).not.toThrow();
      expect(story.notes.length).toBeGreaterThan(0);
    });
  }
});

describe("parseHtmlStory", () => {
  it("never lets scripts, handlers, frames or javascript: links through", () => {
    const story = imported(readFileSync(path.join(CORPUS, "06-hostile.html"), "utf8"));
    const body = JSON.stringify(story.body);
    expect(body).not.toMatch(/script|iframe|onclick|onload|onmouseover|javascript:/i);
    // The safe link survives; the javascript: one keeps its words only.
    expect(body).toContain("https://council.example.gov/trees.pdf");
    expect(story.notes.join(" ")).toMatch(/1 link removed/);
    expect(story.notes.join(" ")).toMatch(/video or embed/);
  });

  it("says what it left out of a news page", () => {
    const story = imported(readFileSync(path.join(CORPUS, "01-news-site.html"), "utf8"));
    const notes = story.notes.join("\n");
    expect(notes).toMatch(/Left out share buttons/);
    expect(notes).toMatch(/Left out related links/);
    expect(notes).toMatch(/newsletter/);
    expect(notes).toMatch(/advertisement/);
    expect(notes).toMatch(/1 image offered/);
    expect(story.images[0]?.lead).toBe(true);
    expect(story.pullQuoteCandidates[0]?.attribution).toBe("Marit Oosterveld");
  });

  it("uses a given page address for relative images", () => {
    const result = parseHtmlStory('<article><h1>Title here</h1><figure><img src="pic.jpg"><figcaption>A pier. Photo: A. Person</figcaption></figure><p>Some story text.</p></article>', { baseUrl: "https://news.example.org/a/b.html" });
    expect(result.kind === "ok" && result.story.images[0]).toMatchObject({ src: "https://news.example.org/a/pic.jpg", caption: "A pier.", credit: "A. Person" });
  });

  it("refuses what is not a web page, with a message", () => {
    expect(parseHtmlStory("x".repeat(3_000_001))).toEqual({ kind: "refused", message: HTML_TOO_LARGE });
    expect(parseHtmlStory("\u0000\u0001binary\u0000")).toEqual({ kind: "refused", message: HTML_BINARY });
    expect(parseHtmlStory("just some words, no markup at all")).toEqual({ kind: "refused", message: HTML_NOT_HTML });
    expect(parseHtmlStory("   ").kind).toBe("refused");
    expect(parseHtmlStory("<html><body><nav><a href='/'>Home</a></nav></body></html>").kind).toBe("refused");
  });

  it("reads malformed markup without failing", () => {
    const story = imported("<html><body><article><h1>A <b>bold</h1><p>First para<p>Second <i>para</article><div></span></td>");
    expect(story.headline).toBe("A bold");
    expect(documentToPlainText(story.body)).toContain("First para");
  });
});

describe("decodeHtmlFile", () => {
  const bytes = (...values: number[]) => new Uint8Array([...values, ...new TextEncoder().encode("rest of file")]);

  it("names the format of a file renamed .html", () => {
    expect(decodeHtmlFile(bytes(0x25, 0x50, 0x44, 0x46))).toEqual({ ok: false, message: expect.stringMatching(/a PDF/) });
    expect(decodeHtmlFile(bytes(0x89, 0x50, 0x4e, 0x47))).toEqual({ ok: false, message: expect.stringMatching(/a PNG image/) });
    expect(decodeHtmlFile(bytes(0x50, 0x4b, 0x03, 0x04))).toEqual({ ok: false, message: expect.stringMatching(/ZIP/) });
  });

  it("refuses a file over the limit before reading it", () => {
    expect(decodeHtmlFile(new Uint8Array(10 * 1024 * 1024))).toEqual({ ok: false, message: HTML_TOO_LARGE });
  });

  it("reads UTF-8 and UTF-16 pages", () => {
    expect(decodeHtmlFile(new TextEncoder().encode("<p>Café</p>"))).toEqual({ ok: true, html: "<p>Café</p>" });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[..."<p>Hi</p>"].flatMap((c) => [c.charCodeAt(0), 0])]);
    expect(decodeHtmlFile(utf16)).toEqual({ ok: true, html: "<p>Hi</p>" });
  });
});

describe("looksLikeArticlePage", () => {
  it("tells a page from a few formatted sentences", () => {
    expect(looksLikeArticlePage("<h1>Title</h1><p>Text</p>")).toBe(true);
    expect(looksLikeArticlePage('<meta property="og:title" content="x">')).toBe(true);
    expect(looksLikeArticlePage("<p>Some <b>bold</b> words</p>")).toBe(false);
  });
});
