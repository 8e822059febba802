import { describe, expect, it } from "vitest";

import { renderHtml, renderText } from "./render";

const content = {
  greeting: "Hello <Ada> & co,",
  paragraphs: ['She said "it\'s <script>alert(1)</script>"'],
  action: { label: "Open", url: 'http://localhost/x?a=1&b="2"' },
  footer: ["Small print."],
  footerLink: { label: "Stop these", url: "http://localhost/stop?t=a.b.c" },
};

describe("email rendering", () => {
  it("says the same in plain text and HTML, with every piece of text escaped in the HTML", () => {
    const text = renderText(content);
    const html = renderHtml("Subject <b>", content, "Newshub");
    expect(text).toContain("Hello <Ada> & co,");
    expect(text).toContain('Open:\nhttp://localhost/x?a=1&b="2"');
    expect(text).toContain("Stop these: http://localhost/stop?t=a.b.c");
    expect(html).toContain("Hello &lt;Ada&gt; &amp; co,");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script");
    expect(html).toContain('href="http://localhost/x?a=1&amp;b=&quot;2&quot;"');
    expect(html).toContain("<title>Subject &lt;b&gt;</title>");
  });
});
