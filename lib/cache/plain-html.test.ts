import { describe, expect, it } from "vitest";

import { inlineScriptHashes } from "./csp.mjs";
import { withoutScripts } from "./plain-html.mjs";

// The shape of what Next 16 writes for a cached page: preloads and scripts in the head, flight data
// scripts at the end of the body, our JSON-LD data block in the article.
const PAGE = [
  '<!DOCTYPE html><html lang="en-GB"><head><meta charSet="utf-8"/>',
  '<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>',
  '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/webpack.js"/>',
  '<link rel="modulepreload" href="/_next/static/chunks/m.js"/>',
  '<link rel="preload" as="image" href="/media/1/960"/>',
  '<script src="/_next/static/chunks/main.js" async=""></script>',
  "<title>A story · Newshub</title></head>",
  '<body><main><article><h1>A story</h1><script type="application/ld+json">{"@type":"NewsArticle","headline":"A story"}</script>',
  "<p>Text with the word script and a &lt;script&gt; in it.</p></article></main>",
  '<script>(self.__next_f=self.__next_f||[]).push([0])</script><script>self.__next_f.push([1,"0:{\\u003c/script\\u003e}"])</script>',
  '<script type="module">import "/x.js"</script><script type="text/javascript">alert(1)</script>',
  "</body></html>",
].join("");

describe("withoutScripts", () => {
  it("drops every script a browser would run and every script preload, and keeps data blocks, styles and image preloads", () => {
    const plain = withoutScripts(PAGE);
    expect(plain).not.toMatch(/<script(?![^>]*application\/ld\+json)/);
    expect(plain).not.toContain("modulepreload");
    expect(plain).not.toContain('as="script"');
    expect(plain).toContain('<script type="application/ld+json">{"@type":"NewsArticle","headline":"A story"}</script>');
    expect(plain).toContain('<link rel="stylesheet" href="/_next/static/chunks/a.css" data-precedence="next"/>');
    expect(plain).toContain('<link rel="preload" as="image" href="/media/1/960"/>');
    expect(plain).toContain("<p>Text with the word script and a &lt;script&gt; in it.</p>");
    expect(plain).toContain("<title>A story · Newshub</title>");
    expect(inlineScriptHashes(plain)).toEqual([]);
  });

  it("leaves a document without scripts as it was", () => {
    const html = "<!DOCTYPE html><html><head><title>x</title></head><body><p>Hello</p></body></html>";
    expect(withoutScripts(html)).toBe(html);
  });
});
