// Runs the plain-text import over every story of the corpus in tests/fixtures/import/text: each
// NN-shape.txt (invented text, invented names and places) has a sibling NN-shape.json saying what
// the import must find: headline, standfirst, bylines, dateline place, desk, credit, captions, how
// many paragraphs the body has, and which words must not be left in the body.

import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";
import { parsePlainTextStory } from "@/lib/stories/import-text";

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
