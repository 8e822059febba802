import { describe, expect, it } from "vitest";

import { staticBodyHtml } from "@/components/editor/static-body";

describe("staticBodyHtml: the body as the editor draws it, before the editor has loaded", () => {
  it("draws headings, marks, lists, a pull quote and an image the way the editor does", () => {
    const html = staticBodyHtml({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "The harbour" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Bold ", marks: [{ type: "bold" }] },
            { type: "text", text: "and linked", marks: [{ type: "italic" }, { type: "link", attrs: { href: "https://example.org/a" } }] },
          ],
        },
        { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "One" }] }] }] },
        { type: "pullQuote", attrs: { attribution: "Mira Castell" }, content: [{ type: "paragraph", content: [{ type: "text", text: "We wait." }] }] },
        { type: "image", attrs: { src: "/media/a.webp", alt: "A crane", caption: "Dawn", credit: "Ana Ruiz", mediaId: null } },
      ],
    });
    expect(html).toBe(
      [
        "<h2>The harbour</h2>",
        "<p><strong>Bold </strong>",
        // Marks nest in the schema's order, as ProseMirror's own serializer nests them.
        '<a rel="noopener noreferrer nofollow" href="https://example.org/a"><em>and linked</em></a></p>',
        "<ul><li><p>One</p></li></ul>",
        '<figure data-attribution="Mira Castell" data-pull-quote=""><blockquote><p>We wait.</p></blockquote>',
        '<figcaption contenteditable="false" class="text-sm not-italic">— Mira Castell</figcaption></figure>',
        '<figure data-story-image="" data-caption="Dawn" data-credit="Ana Ruiz" class="story-image"><img src="/media/a.webp" alt="A crane">',
        "<figcaption>Dawn — Ana Ruiz</figcaption></figure>",
      ].join(""),
    );
  });

  it("escapes text and attributes, so a story's words can never become markup", () => {
    const html = staticBodyHtml({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: '<script>alert("x")</script> & more' }] },
        { type: "image", attrs: { src: '/media/a.webp" onerror="alert(1)', alt: "<b>", caption: "", credit: "", mediaId: null } },
      ],
    });
    expect(html).toContain("<p>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; more</p>");
    expect(html).toContain('src="/media/a.webp&quot; onerror=&quot;alert(1)"');
    expect(html).toContain('alt="&lt;b&gt;"');
    expect(html).not.toContain("<script>");
  });

  it("answers null for a document the editor's schema cannot hold", () => {
    expect(staticBodyHtml({ type: "doc", content: [{ type: "table" }] })).toBeNull();
  });
});
