// Runs the plain-text import over every story of the corpus in tests/fixtures/import/text: each
// NN-shape.txt (invented text, invented names and places) has a sibling NN-shape.json saying what
// the import must find: headline, standfirst, bylines, dateline place, desk, credit, captions, how
// many paragraphs the body has, and which words must not be left in the body.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import {
  IMPORT_ARCHIVE,
  IMPORT_BINARY,
  IMPORT_IMAGE,
  IMPORT_JSON,
  IMPORT_MAX_CHARS,
  IMPORT_PDF,
  IMPORT_TOO_LARGE,
  IMPORT_XML,
  parsePlainTextStory,
  refusePlainText,
} from "@/lib/stories/import-text";

interface Expectation {
  headline: string;
  standfirst: string;
  bylines: Array<{ name: string; kind: "PERSON" | "ORGANISATION" }>;
  datelinePlace: string;
  desk: string;
  paragraphs: number;
  credit: string;
  headings: string[];
  captions: Array<{ text: string; credit: string }>;
  mustDrop: string[];
  firstParagraphStarts?: string;
}

const CORPUS = path.join(process.cwd(), "tests/fixtures/import/text");
const stories = readdirSync(CORPUS)
  .filter((file) => file.endsWith(".txt"))
  .sort();

describe("the plain-text import corpus", () => {
  it("holds at least 30 stories, each with its expectations", () => {
    expect(stories.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of stories) {
    it(`reads ${file}`, () => {
      const text = readFileSync(path.join(CORPUS, file), "utf8");
      const expected = JSON.parse(readFileSync(path.join(CORPUS, file.replace(/\.txt$/u, ".json")), "utf8")) as Expectation;
      const story = parsePlainTextStory(text);
      const blocks = story.body.content;
      const paragraphs = blocks.filter((block) => block.type === "paragraph");
      const headings = blocks.filter((block) => block.type === "heading").map((block) => documentToPlainText({ type: "doc", content: [block] }).trim());
      const body = documentToPlainText(story.body);

      expect(story.error).toBeNull();
      expect(story.headline).toBe(expected.headline);
      expect(story.standfirst).toBe(expected.standfirst);
      expect(story.bylines).toEqual(expected.bylines);
      expect(story.datelinePlace).toBe(expected.datelinePlace);
      expect(story.dateline).toBe(expected.desk);
      expect(story.credit).toBe(expected.credit);
      expect(story.captions).toEqual(expected.captions);
      expect(headings).toEqual(expected.headings);
      expect(paragraphs).toHaveLength(expected.paragraphs);
      if (expected.firstParagraphStarts) expect(body.trimStart().startsWith(expected.firstParagraphStarts)).toBe(true);
      for (const dropped of expected.mustDrop) expect(body, `"${dropped}" left in the body`).not.toContain(dropped);
      // Nothing is dropped silently: what went is named in the notes.
      for (const dropped of expected.mustDrop) expect(story.notes.join("\n"), `no note names "${dropped}"`).toContain(dropped);
      // The headline, standfirst, credit and captions are not repeated in the body.
      if (expected.headline) expect(body).not.toContain(expected.headline);
      if (expected.standfirst) expect(body).not.toContain(expected.standfirst);
      if (expected.credit) expect(body).not.toContain(expected.credit);
      for (const caption of expected.captions) if (caption.credit) expect(body).not.toContain(caption.credit);
      expect(parseStoryDocument(story.body)).toEqual(story.body);
    });
  }
});

describe("input that is not a story's text", () => {
  const refusals: Array<[string, string, string]> = [
    ["10 MB of text", "Harbour news. ".repeat(750_000), IMPORT_TOO_LARGE],
    ["binary data with NUL bytes", `\u0000\u0001\u0002ELF${"\u0000".repeat(40)}data`, IMPORT_BINARY],
    ["bytes that are not UTF-8, decoded with replacement characters", new TextDecoder().decode(Uint8Array.from({ length: 600 }, (_, i) => 0x80 + (i % 100))), IMPORT_BINARY],
    ["a PDF file", "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj", IMPORT_PDF],
    ["a ZIP or Office file", "PK\u0003\u0004\u0014\u0000\u0006\u0000word/document.xml", IMPORT_ARCHIVE],
    ["a PNG image", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", IMPORT_IMAGE],
    ["JSON", '{"uri":"urn:example:1","type":"text","headline":"Harbour closes"}', IMPORT_JSON],
    ["XML", '<?xml version="1.0"?><newsItem guid="x"/>', IMPORT_XML],
  ];
  for (const [what, input, message] of refusals) {
    it(`refuses ${what} with a clear message and imports nothing`, () => {
      const story = parsePlainTextStory(input);
      expect(story.error).toBe(message);
      expect(refusePlainText(input)).toBe(message);
      expect(story.headline).toBe("");
      expect(documentToPlainText(story.body).trim()).toBe("");
    });
  }

  it("reads text that only starts with a bracket, and text just under the limit", () => {
    expect(parsePlainTextStory("[Updated] The quay reopened on Monday after six weeks of repairs.").error).toBeNull();
    const long = parsePlainTextStory("The harbour authority said the work was done. ".repeat(Math.floor((IMPORT_MAX_CHARS - 1) / 47)));
    expect(long.error).toBeNull();
    expect(long.notes.some((note) => note.startsWith("The text is too long for one story"))).toBe(true);
  });
});

describe("pastes that repeat one shape many times", () => {
  it("drops a repeated headline however often it repeats, and reads a wall of byline or related lines without losing the story", () => {
    const repeated = parsePlainTextStory([...Array.from({ length: 6 }, () => "Harbour closes north quay for repairs"), "The harbour authority closed the north quay on Monday for six weeks of repairs to its timber piles."].join("\n"));
    expect(repeated.headline).toBe("Harbour closes north quay for repairs");
    expect(repeated.notes).toContain("The headline was repeated under itself: the repeat was dropped.");
    expect(documentToPlainText(repeated.body)).not.toContain("Harbour closes north quay");

    const bylines = parsePlainTextStory(["Harbour closes north quay for repairs", ...Array.from({ length: 10 }, () => "By Ana Lee"), "The harbour authority closed the north quay on Monday."].join("\n"));
    expect(bylines.bylines).toEqual([{ name: "Ana Lee", kind: "PERSON" }]);
    expect(documentToPlainText(bylines.body)).toContain("The harbour authority closed the north quay on Monday.");
  });
});
