import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { hashPolicy, inlineScriptHashes, nonceFromPolicy, noncePolicy, renderedNonce } from "./csp.mjs";

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64");
}

describe("inlineScriptHashes", () => {
  it("hashes each inline script once, and skips external scripts and data blocks", () => {
    const html = [
      "<html><head><script src=\"/_next/static/chunks/main.js\" async=\"\"></script>",
      "<script>self.__next_f=self.__next_f||[]</script>",
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>",
      "<script nonce=\"abc\">self.__next_f.push([1,\"x\"])</script>",
      "<script>self.__next_f=self.__next_f||[]</script>",
      "<SCRIPT type=\"module\">import(\"/a.js\")</SCRIPT >",
      "</head></html>",
    ].join("");
    expect(inlineScriptHashes(html)).toEqual([
      sha256("self.__next_f=self.__next_f||[]"),
      sha256('self.__next_f.push([1,"x"])'),
      sha256('import("/a.js")'),
    ]);
  });

  it("hashes what the browser hashes: line ends normalised to LF, empty scripts included", () => {
    expect(inlineScriptHashes("<script>a\r\nb\rc</script><script></script>")).toEqual([sha256("a\nb\nc"), sha256("")]);
  });

  it("finds nothing in text that only mentions a script (React escapes it)", () => {
    expect(inlineScriptHashes("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")).toEqual([]);
  });
});

describe("policies", () => {
  it("for a stored page: its hashes and same-origin files, no inline code otherwise, no framing", () => {
    const policy = hashPolicy(["AAA=", "BBB="]);
    expect(policy).toContain("script-src 'self' 'sha256-AAA=' 'sha256-BBB='");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it("for a page rendered per request: its nonce and strict-dynamic, which the cache handler can read back", () => {
    const policy = noncePolicy("bm9uY2U=");
    expect(policy).toContain("script-src 'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(nonceFromPolicy(policy)).toBe("bm9uY2U=");
    expect(nonceFromPolicy(undefined)).toBeUndefined();
    expect(nonceFromPolicy(hashPolicy(["AAA="]))).toBeUndefined();
  });

  it("finds the nonce a stored page was rendered with", () => {
    expect(renderedNonce('<script nonce="xyz=">1</script>')).toBe("xyz=");
    expect(renderedNonce("<script>1</script>")).toBeUndefined();
  });
});
