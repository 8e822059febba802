import { describe, expect, it } from "vitest";

import { documentToPlainText, isSafeUrl, parseStoryDocument, safeParseStoryDocument } from "@/lib/stories/document";

const text = (value: string) => ({ type: "text", text: value });

describe("parseStoryDocument", () => {
  it("keeps the structure of a news story", () => {
    const input = {
      type: "doc",
      content: [
        { type: "paragraph", content: [text("The lede.")] },
        { type: "heading", attrs: { level: 2, id: "ignored" }, content: [text("A subheading")] },
        { type: "pullQuote", attrs: { attribution: "A minister" }, content: [text("Quote me")] },
        { type: "blockquote", content: [{ type: "paragraph", content: [text("Quoted")] }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("one")] }] }] },
        { type: "horizontalRule" },
      ],
    };
    const parsed = parseStoryDocument(input);
    expect(parsed.content.map((b) => b.type)).toEqual(["paragraph", "heading", "pullQuote", "blockquote", "bulletList", "horizontalRule"]);
    // Unknown attributes are dropped rather than stored.
    expect(parsed.content[1]).toEqual({ type: "heading", attrs: { level: 2 }, content: [text("A subheading")] });
  });

  it("keeps safe links and strips Tiptap's extra link attributes", () => {
    const parsed = parseStoryDocument({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "site", marks: [{ type: "link", attrs: { href: "https://example.org/a", target: "_blank", class: null } }] }],
        },
      ],
    });
    expect(parsed.content[0]).toEqual({
      type: "paragraph",
      content: [{ type: "text", text: "site", marks: [{ type: "link", attrs: { href: "https://example.org/a" } }] }],
    });
  });

  it.each([
    ["not a document", "nope"],
    ["a script node", { type: "doc", content: [{ type: "script", content: [text("alert(1)")] }] }],
    ["an h1", { type: "doc", content: [{ type: "heading", attrs: { level: 1 }, content: [text("x")] }] }],
    ["raw html", { type: "doc", content: [{ type: "html", html: "<img onerror=alert(1)>" }] }],
    ["a javascript: link", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] }] }],
    ["a data: link", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href: "data:text/html,<script>" } }] }] }] }],
    ["an unknown mark", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "textStyle" }] }] }] }],
    ["a block inside text", { type: "doc", content: [{ type: "paragraph", content: [{ type: "paragraph" }] }] }],
    ["empty text", { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "" }] }] }],
    ["an http image", { type: "doc", content: [{ type: "image", attrs: { src: "http://example.org/a.jpg" } }] }],
  ])("refuses %s with a message", (_label, input) => {
    const result = safeParseStoryDocument(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it("refuses documents nested too deeply", () => {
    let list: Record<string, unknown> = { type: "paragraph", content: [text("deep")] };
    for (let i = 0; i < 12; i += 1) list = { type: "bulletList", content: [{ type: "listItem", content: [list] }] };
    expect(safeParseStoryDocument({ type: "doc", content: [list] }).ok).toBe(false);
  });

  it("turns an empty document into one empty paragraph", () => {
    expect(parseStoryDocument({ type: "doc", content: [] })).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
  });
});

describe("control characters in a document", () => {
  it("are refused in text and in attributes, saying where", () => {
    const text = safeParseStoryDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "a\u0000b" }] }] });
    expect(text).toEqual({ ok: false, message: "The body contains a NUL character (U+0000): remove it and try again." });
    const image = safeParseStoryDocument({ type: "doc", content: [{ type: "image", attrs: { src: "https://example.org/a.jpg", alt: "a\u0007" } }] });
    expect(image).toEqual({ ok: false, message: 'Image: "alt" contains an invisible control character (U+0007): remove it and try again.' });
    expect(parseStoryDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "tab\there" }] }] })).toBeTruthy();
  });
});

describe("isSafeUrl", () => {
  it.each(["https://example.org", "http://example.org/x?y=1", "mailto:desk@example.org", "/world/story", "#section"])("allows %s", (url) => {
    expect(isSafeUrl(url)).toBe(true);
  });
  it.each(["javascript:alert(1)", "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", " data:text/html,x", "vbscript:x", "//evil.example", "/\\evil.example", "file:///etc/passwd", ""])(
    "refuses %s",
    (url) => {
      expect(isSafeUrl(url)).toBe(false);
    },
  );
});

describe("documentToPlainText", () => {
  it("puts a blank line between blocks and keeps list items on their own lines", () => {
    const plain = documentToPlainText(
      parseStoryDocument({
        type: "doc",
        content: [
          { type: "paragraph", content: [text("Lede.")] },
          { type: "heading", attrs: { level: 2 }, content: [text("Sub")] },
          { type: "bulletList", content: ["a", "b"].map((t) => ({ type: "listItem", content: [{ type: "paragraph", content: [text(t)] }] })) },
          { type: "pullQuote", attrs: { attribution: "Someone" }, content: [text("Said")] },
        ],
      }),
    );
    expect(plain).toBe("Lede.\n\nSub\n\na\nb\n\nSaid — Someone");
  });
});
