// The two story renderers, the reader page's React elements (story-body.tsx) and the feeds' HTML
// string (lib/feeds/html.ts), give the same markup for every node and mark the document allow-list
// accepts (lib/stories/document.ts). What only the page does is taken out before comparing: lazy,
// responsive images (srcset, sizes, width, height, loading, decoding). Both are given the same
// base for site paths, and entities and void tags are written one way.

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { documentToHtml, pageBodyHtml } from "@/lib/feeds/html";
import type { MediaSizes } from "@/lib/media/queries";
import { parseStoryDocument, type BlockNode, type EditorialMark, type InlineNode, type Mark, type StoryDocument } from "@/lib/stories/document";

import { StoryBlocks, type ImageSizes } from "./story-body";

const MEDIA_ID = "8f9c1c1e-0000-4000-8000-000000000001";
const IMAGES: ImageSizes = new Map<string, MediaSizes>([[MEDIA_ID, { width: 1600, height: 900, variants: [{ width: 480 }, { width: 960 }, { width: 1600 }], version: 1, objectPosition: "50% 50%" }]]);

const text = (value: string, marks?: Mark[]): InlineNode => ({ type: "text", text: value, ...(marks ? { marks } : {}) });
const paragraph = (...content: InlineNode[]): BlockNode => ({ type: "paragraph", content });

/** Every mark readers get, each as the allow-list admits it (links of every kind of address); the desk's editorial marks never reach a renderer. */
const MARKS: { [K in Exclude<Mark, EditorialMark>["type"]]: Array<Extract<Mark, { type: K }>> } = {
  bold: [{ type: "bold" }],
  italic: [{ type: "italic" }],
  strike: [{ type: "strike" }],
  link: [
    { type: "link", attrs: { href: "https://example.org/a?b=1&c=2" } },
    { type: "link", attrs: { href: "http://example.org/" } },
    { type: "link", attrs: { href: "/world/a-story" } },
    { type: "link", attrs: { href: "mailto:desk@example.org" } },
    { type: "link", attrs: { href: "#comments" } },
  ],
};

const SPECIAL = `Quotes " and ' and <tags> & ampersands — “curly” too`;

/** Every block node, in each of its shapes. */
const BLOCKS: { [K in BlockNode["type"]]: Array<Extract<BlockNode, { type: K }>> } = {
  paragraph: [
    { type: "paragraph" },
    { type: "paragraph", content: [text("Plain text.")] },
    { type: "paragraph", content: [text(SPECIAL)] },
    { type: "paragraph", content: [text("One line"), { type: "hardBreak" }, text("and the next")] },
    { type: "paragraph", content: [text("Both", [{ type: "bold" }, { type: "italic" }]), text(" linked", [{ type: "link", attrs: { href: "/a" } }, { type: "strike" }])] },
  ],
  heading: [
    { type: "heading", attrs: { level: 2 }, content: [text("A subheading")] },
    { type: "heading", attrs: { level: 3 }, content: [text("A smaller one", [{ type: "italic" }])] },
    { type: "heading", attrs: { level: 2 } },
  ],
  blockquote: [{ type: "blockquote", content: [{ type: "paragraph", content: [text("Quoted.")] }, { type: "paragraph", content: [text("Twice.")] }] }],
  pullQuote: [
    { type: "pullQuote", attrs: { attribution: "Dara Senmoy, mayor" }, content: [text("We need a road.")] },
    { type: "pullQuote", attrs: { attribution: "" }, content: [text(SPECIAL)] },
  ],
  bulletList: [
    {
      type: "bulletList",
      content: [
        { type: "listItem", content: [{ type: "paragraph", content: [text("one")] }] },
        { type: "listItem", content: [{ type: "paragraph", content: [text("two")] }, { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("nested")] }] }] }] },
      ],
    },
  ],
  orderedList: [
    { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("first")] }] }] },
    {
      type: "orderedList",
      attrs: { start: 3 },
      content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("third")] }, { type: "orderedList", attrs: { start: 2 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("deep")] }] }] }] }],
    },
  ],
  horizontalRule: [{ type: "horizontalRule" }],
  image: [
    { type: "image", attrs: { src: `/media/${MEDIA_ID}/960`, mediaId: MEDIA_ID, alt: "A flooded road", caption: "Flooded", credit: "Photo: Desk" } },
    { type: "image", attrs: { src: `/media/${MEDIA_ID}/960`, mediaId: MEDIA_ID, alt: "", caption: "", credit: "" } },
    { type: "image", attrs: { src: "https://images.example.org/road.jpg?w=1&h=2", mediaId: null, alt: SPECIAL, caption: "A caption only", credit: "" } },
    { type: "image", attrs: { src: "https://images.example.org/road.jpg", mediaId: null, alt: "Road", caption: "", credit: "A credit only" } },
  ],
};

/** The markup with what only the page does taken out, and one spelling of what may be spelled two ways. */
function normalise(html: string): string {
  return html
    .replace(/ (srcset|sizes|width|height|loading|decoding)="[^"]*"/gi, "")
    .replace(/\s*\/>/g, ">")
    .replace(/&#x27;/g, "&#39;");
}

function page(document: StoryDocument): string {
  return normalise(renderToStaticMarkup(<StoryBlocks document={document} images={IMAGES} />));
}

function feed(document: StoryDocument): string {
  return normalise(documentToHtml(document, { absolute: (path) => path }).replace(/\n/g, ""));
}

const allBlocks = Object.values(BLOCKS).flat();

describe("the reader page and the feeds render a story body alike", () => {
  it("uses only documents the allow-list accepts as they are", () => {
    for (const block of allBlocks) expect(parseStoryDocument({ type: "doc", content: [block] }), JSON.stringify(block)).toEqual({ type: "doc", content: [block] });
  });

  it.each(allBlocks.map((block) => [block.type, JSON.stringify(block), block] as const))("%s: %s", (_type, _json, block) => {
    const document: StoryDocument = { type: "doc", content: [block] };
    expect(page(document)).toBe(feed(document));
  });

  it.each(Object.values(MARKS).flat().map((mark) => [JSON.stringify(mark), mark] as const))("the mark %s", (_json, mark) => {
    const document: StoryDocument = { type: "doc", content: [paragraph(text("before "), text(SPECIAL, [mark]), text(" after"))] };
    expect(page(document)).toBe(feed(document));
    // The mark makes a tag: the comparison is not of two empty strings.
    expect(page(document)).toMatch(/<(strong|em|s|a)[ >]/);
  });

  it("renders a whole document alike", () => {
    const document: StoryDocument = { type: "doc", content: allBlocks };
    expect(page(document)).toBe(feed(document));
  });
});

/** One spelling of what React and a hand-written string may spell two ways: attribute case, void tags, the apostrophe. */
function spelled(html: string): string {
  return html.replace(/ srcSet=/g, " srcset=").replace(/\s*\/>/g, ">").replace(/&#x27;/g, "&#39;");
}

// The story page is written as HTML (lib/reader-html, docs/fast-paths.md): its body must be the
// React body's markup exactly, responsive images and the dateline place included.
describe("the story page's written body is the React body's markup", () => {
  const written = (document: StoryDocument, place = "") => spelled(pageBodyHtml(document, IMAGES, place));
  const react = (document: StoryDocument, place = "") => spelled(renderToStaticMarkup(<StoryBlocks document={document} images={IMAGES} datelinePlace={place} />));

  it.each(allBlocks.map((block) => [block.type, JSON.stringify(block), block] as const))("%s: %s", (_type, _json, block) => {
    const document: StoryDocument = { type: "doc", content: [block] };
    expect(written(document)).toBe(react(document));
  });

  it("writes a library image lazy and responsive", () => {
    const document: StoryDocument = { type: "doc", content: [BLOCKS.image[0]!] };
    expect(written(document)).toContain(`srcset="/media/${MEDIA_ID}/480 480w`);
    expect(written(document)).toBe(react(document));
  });

  it.each([
    ["a body that opens with a paragraph", allBlocks.filter((block) => block.type === "paragraph").slice(1)],
    ["a body that opens with a subheading", allBlocks.filter((block) => block.type === "heading")],
    ["an empty body", []],
  ] as const)("puts the dateline place at the start of %s", (_name, content) => {
    const document: StoryDocument = { type: "doc", content: [...content] };
    expect(written(document, `SEOUL <"&'>`)).toContain('data-testid="dateline-place">SEOUL &lt;&quot;&amp;&#39;&gt;</span>');
    expect(written(document, `SEOUL <"&'>`)).toBe(react(document, `SEOUL <"&'>`));
  });

  it("writes a whole document alike", () => {
    const document: StoryDocument = { type: "doc", content: allBlocks };
    expect(written(document)).toBe(react(document));
  });
});
