import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { documentToPlainText, parseStoryDocument, type BlockNode } from "@/lib/stories/document";
import { PASTE_MAX_HTML_CHARS, PASTE_MAX_TEXT_CHARS, mapPastedHtml, pasteNotice, pasteSizeProblem, type PasteResult } from "@/lib/stories/paste";

function fixture(name: string): string {
  return readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/paste", name), "utf8");
}

function ok(result: PasteResult): Extract<PasteResult, { kind: "ok" }> {
  if (result.kind !== "ok") throw new Error(`expected a mapped paste, got ${JSON.stringify(result)}`);
  // Whatever a paste gives must pass the story's own allow-list.
  parseStoryDocument({ type: "doc", content: result.content });
  return result;
}

function text(content: BlockNode[]): string {
  return documentToPlainText({ type: "doc", content });
}

function types(content: BlockNode[]): string[] {
  return content.map((block) => (block.type === "heading" ? `h${block.attrs.level}` : block.type));
}

describe("mapPastedHtml", () => {
  it("maps a web page's fragment: H1 and H4 to subheadings, a table to rows, images listed, &nbsp; lines gone", () => {
    const result = ok(mapPastedHtml(fixture("web-article.html")));
    expect(types(result.content)).toEqual(["h2", "paragraph", "paragraph", "h3", "bulletList", "h2", "paragraph"]);
    expect(text(result.content)).toContain("Col A — Col B\n1 — 2\nNorth berth — 12,400 t");
    expect(text(result.content)).not.toContain("Col ACol B");
    expect(result.report.images).toEqual([{ src: "https://images.example.org/harbour.jpg", alt: "The harbour at dawn" }]);
    expect(result.report).toMatchObject({ tablesToLists: 1, headingsChanged: 2, emptyParagraphsRemoved: 2, linksRemoved: 1 });
    expect(JSON.stringify(result.content)).not.toMatch(/script|alert|class|style|javascript/);
    expect(pasteNotice(result.changes, true)).toBe(
      "Pasted with changes: 1 table turned into a list, 1 image to upload, 2 heading levels changed, 2 empty paragraphs removed, 1 link removed (not a web or email address).",
    );
  });

  it("keeps formatting and safe links, and no empty paragraph from &nbsp;", () => {
    const result = ok(mapPastedHtml("<p>A <b>bold</b> and <a href='https://example.org/x'>linked</a> word.</p><p>&nbsp;&nbsp;</p><p>\u00a0</p><p>End</p>"));
    expect(result.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "A " },
          { type: "text", text: "bold", marks: [{ type: "bold" }] },
          { type: "text", text: " and " },
          { type: "text", text: "linked", marks: [{ type: "link", attrs: { href: "https://example.org/x" } }] },
          { type: "text", text: " word." },
        ],
      },
      { type: "paragraph", content: [{ type: "text", text: "End" }] },
    ]);
    expect(result.changes).toEqual(["2 empty paragraphs removed"]);
  });

  it("reads Word's markup: mso styles and <o:p> dropped, list paragraphs become a list, local images reported", () => {
    const result = ok(mapPastedHtml(fixture("word.html")));
    expect(types(result.content)).toEqual(["h2", "paragraph", "bulletList", "h3", "bulletList", "paragraph"]);
    const plain = text(result.content);
    expect(plain).toContain("Schools get 4% more\nRoads get 2% less");
    expect(plain).not.toContain("·");
    expect(plain).toContain("Party — Votes\nGreens — 7");
    expect(plain).toContain("The mayor said the vote was “fair”.");
    expect(JSON.stringify(result.content)).not.toMatch(/mso|Calibri|file:/);
    expect(result.report).toMatchObject({ imagesNotCopied: 1, images: [], tablesToLists: 1, headingsChanged: 2 });
    expect(result.content[1]).toMatchObject({
      content: [{ text: "The council voted on " }, { text: "Thursday", marks: [{ type: "bold" }] }, { text: " to approve the budget, with " }, { text: "two", marks: [{ type: "italic" }] }, { text: " abstentions." }],
    });
  });

  it("reads Google Docs' markup: the bold-looking wrapper is not bold, styled spans are", () => {
    const result = ok(mapPastedHtml(fixture("google-docs.html")));
    expect(types(result.content)).toEqual(["h2", "paragraph", "paragraph", "h3", "bulletList", "bulletList"]);
    expect(result.content[1]).toEqual({
      type: "paragraph",
      content: [
        { type: "text", text: "More than " },
        { type: "text", text: "40,000 people", marks: [{ type: "bold" }] },
        { type: "text", text: " came", marks: [{ type: "italic" }] },
        { type: "text", text: " on Saturday." },
      ],
    });
    expect(result.content[2]).toEqual({ type: "paragraph", content: [{ type: "text", text: "Tickets sold out.", marks: [{ type: "strike" }] }] });
    expect(text(result.content)).toContain("Day — Headliner\nFriday — The Lanterns");
    expect(result.report.images).toEqual([{ src: "https://lh7-rt.googleusercontent.com/docsz/AD_4nXexample?key=abc", alt: "" }]);
    expect(result.report.emptyParagraphsRemoved).toBe(0);
  });

  it("keeps only the article of a whole web page", () => {
    const result = ok(mapPastedHtml(fixture("whole-page.html")));
    const plain = text(result.content);
    expect(plain).toContain("Tram line opens to passengers");
    expect(plain).toContain("Fares are the same as on buses.");
    for (const furniture of ["News", "Sport", "Trending", "Privacy", "Search", "Share", "Related", "dataLayer", "trackPageView", "font-family"]) {
      expect(plain).not.toContain(furniture);
    }
    expect(result.report).toMatchObject({ keptArticleOnly: true, embedsRemoved: 1, tablesToLists: 1 });
    expect(result.report.images).toEqual([{ src: "https://dailyexample.org/media/tram.jpg", alt: "A tram at the terminus" }]);
    expect(result.changes[0]).toBe("only the article kept (page navigation, header and footer left out)");
  });

  it("leaves out navigation, header and footer of a page without an article", () => {
    const html = "<html><body><header><p>Site name</p></header><nav><a href='/'>Home</a></nav><div><p>The story itself.</p></div><footer>© Site</footer><script>x()</script></body></html>";
    const result = ok(mapPastedHtml(html));
    expect(text(result.content)).toBe("The story itself.");
    expect(result.report.pagePartsRemoved).toBe(4);
  });

  it("does nothing with an empty paste", () => {
    expect(mapPastedHtml("")).toEqual({ kind: "empty" });
    expect(mapPastedHtml("  \n ")).toEqual({ kind: "empty" });
    expect(mapPastedHtml("<p>&nbsp;</p>")).toMatchObject({ kind: "ok", content: [], changes: ["1 empty paragraph removed"] });
    expect(pasteNotice(["1 empty paragraph removed"], false)).toBe("Nothing in that paste could be kept: 1 empty paragraph removed.");
  });

  it("refuses a 10 MB paste with a message, without reading it", () => {
    const huge = `<p>${"word ".repeat(2_000_000)}</p>`;
    const result = mapPastedHtml(huge);
    expect(result).toEqual({ kind: "refused", message: expect.stringMatching(/^That paste is too large \(10\.0 MB\): paste at most 3\.0 MB at a time/) });
    expect(pasteSizeProblem(PASTE_MAX_HTML_CHARS, "html")).toBeNull();
    expect(pasteSizeProblem(PASTE_MAX_TEXT_CHARS + 1, "text")).toMatch(/^That paste is too long \(200,001 characters\)/);
  });

  it("cuts a paste just under the size limit at the body's text limit and says so", () => {
    const paragraph = `<p>${"a".repeat(999)}</p>`;
    const result = ok(mapPastedHtml(paragraph.repeat(2_500)));
    expect(text(result.content).replace(/\n/g, "").length).toBe(PASTE_MAX_TEXT_CHARS);
    expect(result.report.truncated).toBe(true);
    expect(result.changes).toContain("cut at 200,000 characters, the most a story body holds");
  });

  it("survives markup nested thousands deep and broken markup", () => {
    const deep = `${"<div><span>".repeat(5_000)}deep text${"</span></div>".repeat(5_000)}`;
    expect(text(ok(mapPastedHtml(deep)).content)).toBe("deep text");
    const broken = "<p>One<p>Two <b>bold <i>both</b> after</i><ul><li>a<li>b</ul><table><tr><td>x<td>y<tr><td>z<td>w</table> <3 & more";
    const result = ok(mapPastedHtml(broken));
    expect(text(result.content)).toBe("One\n\nTwo bold both after\n\na\nb\n\nx — y\nz — w\n\n<3 & more");
  });

  it("turns control characters, unsafe links and images into allowed content", () => {
    const result = ok(mapPastedHtml("<p>bell\u0007 <a href='javascript:alert(1)'>x</a> <a href='/relative'>y</a> <img src='data:image/png;base64,AAAA'></p>"));
    expect(text(result.content)).toBe("bell x y");
    expect(result.report).toMatchObject({ linksRemoved: 2, imagesNotCopied: 1 });
  });

  it("flattens lists nested too deep and quotes holding lists", () => {
    const html = "<ul><li>1<ul><li>2<ul><li>3<ul><li>4</li></ul></li></ul></li></ul></li></ul><blockquote><ul><li>quoted</li></ul><h1>title</h1></blockquote>";
    const result = ok(mapPastedHtml(html));
    expect(text(result.content)).toBe("1\n2\n3\n4\n\nquoted\ntitle");
    expect(result.content[1]).toEqual({
      type: "blockquote",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "quoted" }] },
        { type: "paragraph", content: [{ type: "text", text: "title" }] },
      ],
    });
  });
});
