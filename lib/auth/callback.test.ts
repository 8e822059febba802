import { describe, expect, it } from "vitest";

import { OPEN_REDIRECTS, SAFE_RETURN_PATHS } from "@/tests/security/open-redirects";

import { siteUrl } from "@/lib/site";

import { DEFAULT_AFTER_SIGN_IN, explicitCallbackUrl, refererPath, safeCallbackUrl } from "./callback";

const SITE = "http://newsdesk.test";

/** Where a browser goes with this Location header, from a page of the site. */
function followedFrom(location: string): URL {
  return new URL(location, `${SITE}/login`);
}

describe("safeCallbackUrl", () => {
  it("keeps a path on this site, query and all", () => {
    for (const path of SAFE_RETURN_PATHS) expect(safeCallbackUrl(path)).toBe(path);
    expect(safeCallbackUrl(["/world", "/desk"])).toBe("/world");
  });

  it("sends anything that could leave the site to the account page instead", () => {
    for (const hostile of ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "desk", ""]) {
      expect(safeCallbackUrl(hostile)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  it("treats a missing or non-text value as nowhere in particular", () => {
    expect(safeCallbackUrl(undefined)).toBe("/account");
    expect(safeCallbackUrl(null)).toBe("/account");
    expect(safeCallbackUrl([])).toBe("/account");
  });

  it("keeps every known open-redirect bypass on the site, as a header-safe path", () => {
    expect(OPEN_REDIRECTS.length).toBeGreaterThanOrEqual(40);
    for (const { value, why } of OPEN_REDIRECTS) {
      const path = safeCallbackUrl(value);
      // A Location header carries Latin-1 at most; an encoded path is plain ASCII without controls or spaces.
      expect(path, why).toMatch(/^\/[\x21-\x7e]*$/);
      expect(path.startsWith("//"), why).toBe(false);
      // The browser stays on the site, and so does anything that decodes the path once more.
      expect(followedFrom(path).origin, why).toBe(SITE);
      let decoded = path;
      try {
        decoded = decodeURIComponent(path);
      } catch {
        // Not decodable: nothing downstream can decode it into another host either.
      }
      expect(followedFrom(decoded.replace(/[\u0000-\u0020]/g, "")).origin, why).toBe(SITE);
    }
  });

  it("refuses the bypasses that leave the site rather than repairing them", () => {
    for (const value of ["/\t/evil.test/phish", "/%09/evil.test/phish", "/\t\\evil.test/phish", "/.//evil.test/phish", "/%2F/evil.test/phish", "https://evil.test/phish"]) {
      expect(safeCallbackUrl(value), JSON.stringify(value)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  it("percent-encodes what it keeps, so a path outside Latin-1 cannot break the Location header", () => {
    expect(safeCallbackUrl("/\u3000")).toBe("/%E3%80%80");
    expect(safeCallbackUrl("/search?q=caf\u00e9")).toBe("/search?q=caf%C3%A9");
    expect(safeCallbackUrl("/\uD800")).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});

describe("explicitCallbackUrl and refererPath", () => {
  it("tell a safe path from nowhere in particular", () => {
    expect(explicitCallbackUrl("/world")).toBe("/world");
    for (const nowhere of [undefined, null, "", "//evil.example/", "https://evil.example/"]) expect(explicitCallbackUrl(nowhere)).toBeNull();
  });

  it("take the path of a same-site Referer, but not the sign-in pages or another site", () => {
    expect(refererPath(`${siteUrl()}/world?page=2`)).toBe("/world?page=2");
    expect(refererPath(`${siteUrl()}/login`)).toBeNull();
    expect(refererPath(`${siteUrl()}/signup?callbackUrl=%2Fworld`)).toBeNull();
    expect(refererPath("https://evil.example/world")).toBeNull();
    expect(refererPath("not a url")).toBeNull();
    expect(refererPath(null)).toBeNull();
  });
});
