import { describe, expect, it } from "vitest";

import { isCrossSite, readBodyUpTo } from "./request-guards";

const headers = (values: Record<string, string>) => new Headers(values);

describe("isCrossSite", () => {
  it("takes a post from the site's own pages, or from no browser at all", () => {
    expect(isCrossSite(headers({ host: "news.example", origin: "https://news.example", "sec-fetch-site": "same-origin" }))).toBe(false);
    expect(isCrossSite(headers({ host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }))).toBe(false);
    expect(isCrossSite(headers({ host: "app:3000", "x-forwarded-host": "news.example", origin: "https://news.example" }))).toBe(false);
    expect(isCrossSite(headers({ host: "news.example" }))).toBe(false);
  });

  it("refuses another site's origin, a cross-site fetch, and an unreadable origin", () => {
    expect(isCrossSite(headers({ host: "news.example", origin: "https://elsewhere.example" }))).toBe(true);
    expect(isCrossSite(headers({ host: "news.example", "sec-fetch-site": "cross-site" }))).toBe(true);
    expect(isCrossSite(headers({ host: "news.example", "sec-fetch-site": "same-site", origin: "https://news.example" }))).toBe(true);
    expect(isCrossSite(headers({ host: "news.example", origin: "null" }))).toBe(true);
  });
});

describe("readBodyUpTo", () => {
  const post = (body: BodyInit) => new Request("http://news.example/", { method: "POST", body });

  it("reads a body up to the limit whole", async () => {
    expect(new TextDecoder().decode((await readBodyUpTo(post("héllo"), 6))!)).toBe("héllo");
    expect(await readBodyUpTo(new Request("http://news.example/"), 10)).toEqual(new Uint8Array());
  });

  it("stops at the first byte past the limit", async () => {
    expect(await readBodyUpTo(post("x".repeat(11)), 10)).toBeNull();
  });
});
