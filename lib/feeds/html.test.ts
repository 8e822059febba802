import { describe, expect, it } from "vitest";

import { documentToHtml, escapeHtml } from "@/lib/feeds/html";
import { parseStoryDocument, type StoryDocument } from "@/lib/stories/document";

const options = { absolute: (path: string) => `https://news.example${path}` };
const ALLOWED_TAGS = new Set(["p", "h2", "h3", "blockquote", "figure", "figcaption", "ul", "ol", "li", "hr", "img", "strong", "em", "s", "a", "br", "span"]);

const ALLOWED_ATTRIBUTES = new Set(["href", "rel", "src", "alt", "class", "start"]);
const TAG = /<(\/?)([a-z0-9]+)((?:\s+[a-z-]+="[^"<>]*")*)>/g;

/**
 * Checks HTML the way a browser would tokenize it: every tag is allow-listed with allow-listed
 * attributes, and what is left between the tags is text with no raw <, > or " in it.
 */
function expectOnlyAllowedMarkup(html: string): void {
  for (const [, , name, attributes] of html.matchAll(TAG)) {
    expect(ALLOWED_TAGS).toContain(name);
    for (const [, attribute] of (attributes ?? "").matchAll(/\s+([a-z-]+)="[^"]*"/g)) expect(ALLOWED_ATTRIBUTES).toContain(attribute);
  }
  expect(html.replace(TAG, "")).not.toMatch(/[<>"]/);
}

/** A document as it might arrive without going through parseStoryDocument (the renderer must not trust it). */
function unchecked(value: unknown): StoryDocument {
  return value as StoryDocument;
}

const PAYLOADS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "</p><iframe src=javascript:alert(1)>",
  "<svg/onload=alert(1)>",
  "&lt;script&gt;already escaped&lt;/script&gt;",
  "]]><evil/>",
];

describe("escapeHtml", () => {
  it("makes every markup character inert", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });
});

describe("documentToHtml", () => {
  it("renders the allow-listed blocks and marks as the reader page does", () => {
    const document = parseStoryDocument({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Embankments breached" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Both", marks: [{ type: "bold" }, { type: "italic" }] },
            { type: "hardBreak" },
            { type: "text", text: "gone", marks: [{ type: "strike" }] },
          ],
        },
        { type: "pullQuote", attrs: { attribution: "Dara Senmoy" }, content: [{ type: "text", text: "We need a road." }] },
        { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "three" }] }] }] },
        { type: "horizontalRule" },
      ],
    });
    expect(documentToHtml(document, options)).toBe(
      [
        "<h2>Embankments breached</h2>",
        "<p><strong><em>Both</em></strong><br><s>gone</s></p>",
        '<figure class="pull-quote"><blockquote><p>We need a road.</p></blockquote><figcaption>Dara Senmoy</figcaption></figure>',
        '<ol start="3"><li><p>three</p></li></ol>',
        "<hr>",
      ].join("\n"),
    );
  });

  it("makes site links and library images absolute, and marks outside links nofollow", () => {
    const document = parseStoryDocument({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "inside", marks: [{ type: "link", attrs: { href: "/world/other-story" } }] },
            { type: "text", text: "outside", marks: [{ type: "link", attrs: { href: "https://example.org/a?b=1&c=2" } }] },
          ],
        },
        { type: "image", attrs: { src: "/media/8f9c1c1e-0000-4000-8000-000000000001/960", mediaId: "8f9c1c1e-0000-4000-8000-000000000001", alt: "A road", caption: "Flooded", credit: "Photo: Desk" } },
      ],
    });
    const html = documentToHtml(document, options);
    expect(html).toContain('<a href="https://news.example/world/other-story">inside</a>');
    expect(html).toContain('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer nofollow">outside</a>');
    expect(html).toContain(
      '<figure class="story-image"><img src="https://news.example/media/8f9c1c1e-0000-4000-8000-000000000001/960" alt="A road"><figcaption>Flooded <span class="credit">Photo: Desk</span></figcaption></figure>',
    );
  });

  it.each(PAYLOADS)("escapes %s wherever stored text can stand, so no tag but the allow-listed ones appears", (payload) => {
    const document = parseStoryDocument({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 3 }, content: [{ type: "text", text: payload }] },
        { type: "paragraph", content: [{ type: "text", text: payload, marks: [{ type: "link", attrs: { href: "https://example.org/" } }] }] },
        { type: "pullQuote", attrs: { attribution: payload }, content: [{ type: "text", text: payload }] },
        { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: payload }] }] },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: payload }] }] }] },
        { type: "image", attrs: { src: "https://img.example/a.jpg", alt: payload, caption: payload, credit: payload } },
      ],
    });
    const html = documentToHtml(document, options);
    expectOnlyAllowedMarkup(html);
    expect(html).not.toMatch(/<(script|iframe|svg|evil)/i);
    // The reader still sees the text exactly as written.
    expect(html).toContain(escapeHtml(payload));
  });

  it("drops links and images whose URLs are not safe, even in a document that skipped the allow-list", () => {
    const html = documentToHtml(
      unchecked({
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [
              { type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] },
              { type: "text", text: "data", marks: [{ type: "link", attrs: { href: "data:text/html,<script>alert(1)</script>" } }] },
              { type: "text", text: "quote", marks: [{ type: "link", attrs: { href: 'https://example.org/"onmouseover="alert(1)' } }] },
            ],
          },
          { type: "image", attrs: { src: "javascript:alert(1)", alt: "x", caption: "", credit: "", mediaId: null } },
          { type: "image", attrs: { src: "http://insecure.example/a.jpg", alt: "x", caption: "", credit: "", mediaId: null } },
        ],
      }),
      options,
    );
    expectOnlyAllowedMarkup(html);
    expect(html).not.toContain("javascript:");
    expect(html).not.toContain("data:");
    expect(html).not.toContain("<img");
    expect(html).toContain("<p>click");
    expect(html).toContain('href="https://example.org/&quot;onmouseover=&quot;alert(1)"');
  });

  it("renders nothing for node types and marks the allow-list does not know", () => {
    const html = documentToHtml(
      unchecked({
        type: "doc",
        content: [
          { type: "rawHtml", attrs: { html: "<script>alert(1)</script>" } },
          { type: "paragraph", content: [{ type: "text", text: "kept", marks: [{ type: "highlight", attrs: { color: "<b>" } }] }, { type: "mention", attrs: { label: "<x>" } }] },
        ],
      }),
      options,
    );
    expect(html).toBe("<p>kept</p>");
  });
});
