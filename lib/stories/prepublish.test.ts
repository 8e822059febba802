import { describe, expect, it } from "vitest";

import { openSuggestionsCount } from "@/lib/notes/sentences";
import { documentToPlainText, parseDeskDocument } from "@/lib/stories/document";
import {
  bodyText,
  checkBeforePublishing,
  countWords,
  hasErrors,
  isPublishableLink,
  readingMinutes,
  type PrepublishInput,
  type PrepublishNode,
} from "@/lib/stories/prepublish";

const now = new Date("2026-12-06T12:00:00Z");

function paragraph(text: string, marks?: PrepublishNode["marks"]): PrepublishNode {
  return { type: "paragraph", content: [{ type: "text", text, ...(marks ? { marks } : {}) }] };
}

function ready(overrides: Partial<PrepublishInput> = {}): PrepublishInput {
  return {
    action: "publish",
    headline: "Cable ship reaches the island",
    seoTitle: "",
    bylineCount: 1,
    sectionId: "7d1f0f5e-8f3b-4b43-9a51-2e0f5f0b6c11",
    body: { type: "doc", content: [paragraph("The ship arrived at dawn.")] },
    featuredImage: null,
    now,
    ...overrides,
  };
}

const fields = (input: PrepublishInput) => checkBeforePublishing(input).map((p) => `${p.severity}:${p.field}`);

describe("checkBeforePublishing", () => {
  it("finds nothing wrong with a complete story", () => {
    expect(checkBeforePublishing(ready())).toEqual([]);
  });

  it("refuses open suggestions, counted by suggestion (a replacement is one), and ignores notes", () => {
    const attrs = (id: string) => ({ id, authorId: "u", authorName: "Copy Desk", at: "2026-12-06T11:00:00Z" });
    const body = {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "old", marks: [{ type: "suggestionDelete", attrs: attrs("s1") }] }, { type: "text", text: "new", marks: [{ type: "suggestionInsert", attrs: attrs("s1") }] }] },
        paragraph("more", [{ type: "suggestionInsert", attrs: attrs("s2") }]),
        paragraph("noted", [{ type: "note", attrs: { id: "n1" } }]),
      ],
    };
    expect(checkBeforePublishing(ready({ body }))).toEqual([{ severity: "error", field: "body", message: openSuggestionsCount(2) }]);
    expect(checkBeforePublishing(ready({ body: { type: "doc", content: [paragraph("noted", [{ type: "note", attrs: { id: "n1" } }])] } }))).toEqual([]);
  });

  it("refuses a story without byline, section, headline or body", () => {
    const problems = checkBeforePublishing(ready({ headline: " ", bylineCount: 0, sectionId: null, body: { type: "doc", content: [{ type: "paragraph" }] } }));
    expect(problems.map((p) => p.field).sort()).toEqual(["body", "bylineIds", "headline", "sectionId"]);
    expect(problems.every((p) => p.severity === "error")).toBe(true);
    expect(hasErrors(problems)).toBe(true);
  });

  it("refuses body images without alt text, counting them", () => {
    const image = (alt: string): PrepublishNode => ({ type: "image", attrs: { src: "/media/x/800", alt, caption: "", credit: "" } });
    const problems = checkBeforePublishing(ready({ body: { type: "doc", content: [paragraph("Text."), image(""), image("  "), image("A ship")] } }));
    expect(problems).toEqual([{ severity: "error", field: "body", message: "2 images in the body have no alt text." }]);
  });

  it("refuses a featured image without alt text or that no longer exists, and warns when it has no credit", () => {
    expect(fields(ready({ featuredImage: { alt: "", credit: "" } }))).toEqual(["error:heroImageId", "warning:heroImageId"]);
    expect(fields(ready({ featuredImage: { alt: "A ship", credit: "" } }))).toEqual(["warning:heroImageId"]);
    expect(fields(ready({ featuredImage: { alt: "A ship", credit: "Reuters" } }))).toEqual([]);
    expect(fields(ready({ featuredImage: "missing" }))).toEqual(["error:heroImageId"]);
  });

  it("warns about a long headline, a long SEO title or description, and empty subheadings", () => {
    const problems = checkBeforePublishing(
      ready({
        headline: "H".repeat(91),
        seoTitle: "S".repeat(61),
        seoDescription: "D".repeat(161),
        body: { type: "doc", content: [paragraph("Text."), { type: "heading", attrs: { level: 2 } }] },
      }),
    );
    expect(problems.map((p) => `${p.severity}:${p.field}`)).toEqual(["warning:headline", "warning:body", "warning:seoTitle", "warning:seoDescription"]);
    expect(hasErrors(problems)).toBe(false);
    expect(fields(ready({ headline: "H".repeat(90), seoTitle: "S".repeat(60) }))).toEqual([]);
  });

  it("refuses links that are not http(s), mailto or a site path, naming each once", () => {
    const link = (href: string) => [{ type: "link", attrs: { href } }];
    const body = {
      type: "doc",
      content: [
        paragraph("ok", link("https://example.org/a")),
        paragraph("ok", link("/politics/a-story")),
        paragraph("ok", link("mailto:desk@example.org")),
        paragraph("bad", link("#top")),
        paragraph("bad again", link("#top")),
        paragraph("bad", link("ftp://example.org/file")),
      ],
    };
    const problems = checkBeforePublishing(ready({ body }));
    expect(problems.map((p) => p.message)).toEqual([
      "The link “#top” is not a web (http or https), mailto or site address.",
      "The link “ftp://example.org/file” is not a web (http or https), mailto or site address.",
    ]);
  });

  it("refuses a schedule time that is missing, unreadable or past, and accepts one ahead", () => {
    const schedule = (scheduledFor: PrepublishInput["scheduledFor"]) => checkBeforePublishing(ready({ action: "schedule", scheduledFor })).map((p) => p.message);
    expect(schedule(undefined)).toEqual(["Choose when to publish."]);
    expect(schedule("next tuesday")).toEqual(["The publishing time could not be read: give a date and time."]);
    expect(schedule("2026-12-06T11:00:00Z")).toEqual(["The publishing time has passed: choose a time in the future."]);
    expect(schedule(new Date("2026-12-07T09:00:00Z"))).toEqual([]);
    // Publishing now ignores any schedule time.
    expect(checkBeforePublishing(ready({ scheduledFor: "garbage" }))).toEqual([]);
  });

  it("lists errors before warnings", () => {
    const problems = checkBeforePublishing(ready({ seoTitle: "S".repeat(70), bylineCount: 0 }));
    expect(problems.map((p) => p.severity)).toEqual(["error", "warning"]);
  });
});

describe("isPublishableLink", () => {
  it.each([
    ["https://example.org", true],
    ["http://example.org/path?q=1", true],
    ["/section/story", true],
    ["mailto:someone@example.org", true],
    ["mailto:", false],
    ["mailto:desk@example.org?subject=Hello%20there", true],
    ["mailto:nobody", false],
    ["//evil.example", false],
    ["javascript:alert(1)", false],
    ["https://localhost", false],
    ["", false],
  ])("%s → %s", (href, expected) => {
    expect(isPublishableLink(href)).toBe(expected);
  });
});

describe("word count and reading time", () => {
  it("counts words in the body's text blocks", () => {
    const body = { type: "doc", content: [paragraph("One two three."), { type: "heading", content: [{ type: "text", text: "Four" }] }, { type: "image", attrs: { alt: "not counted" } }] };
    expect(countWords(bodyText(body))).toBe(4);
    expect(countWords("  ")).toBe(0);
    expect(countWords("It’s a well-known fact, 2026.")).toBe(5);
  });

  it("counts what readers will read: a suggested insertion is not in the story yet, a suggested deletion still is", () => {
    const suggestion = (type: "suggestionInsert" | "suggestionDelete", id: string) => ({ type, attrs: { id, authorId: "u-1", authorName: "Mira Castell", at: "2026-12-07T06:00:00.000Z" } });
    const body = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Ferries sailed " },
            { type: "text", text: "at dawn and ", marks: [suggestion("suggestionInsert", "s1")] },
            { type: "text", text: "again today", marks: [suggestion("suggestionDelete", "s2")] },
            { type: "text", text: "." },
          ],
        },
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Brand new heading", marks: [suggestion("suggestionInsert", "s3"), { type: "bold" }] }] },
      ],
    };
    expect(bodyText(body)).toBe("Ferries sailed again today.\n");
    expect(countWords(bodyText(body))).toBe(4);
    // The same text search and the story board count (bodyText in the database).
    expect(countWords(bodyText(body))).toBe(countWords(documentToPlainText(parseDeskDocument(body))));
  });

  it("counts the words on either side of a line break apart, as the story board does", () => {
    const body = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Harbour" }, { type: "hardBreak" }, { type: "text", text: "reopens" }] }] };
    expect(countWords(bodyText(body))).toBe(2);
    expect(countWords(bodyText(body))).toBe(countWords(documentToPlainText(parseDeskDocument(body))));
  });

  it("gives at least a minute for any text", () => {
    expect(readingMinutes(0)).toBe(0);
    expect(readingMinutes(10)).toBe(1);
    expect(readingMinutes(920)).toBe(4);
  });
});
