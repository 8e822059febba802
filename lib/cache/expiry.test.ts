import { describe, expect, it } from "vitest";

import { expiresTag, expiryOf, isPastItsTime } from "./expiry.mjs";

describe("expiry tags: pages the clock makes untrue", () => {
  it("reads the earliest expiry among a page's tags, and ignores other tags and malformed ones", () => {
    const at = new Date("2026-12-24T18:00:00Z");
    expect(expiresTag(at)).toBe(`expires:${at.getTime()}`);
    expect(expiryOf(["reader", expiresTag(at), `expires:${at.getTime() + 5}`, "expires:soon"])).toBe(at.getTime());
    expect(expiryOf(["reader", "story:abc"])).toBe(Infinity);
  });

  it("is past its time by revalidate seconds or by an expiry, whichever comes first", () => {
    const tags = [expiresTag(new Date(10_000))];
    expect(isPastItsTime(300, 0, [], 299_000)).toBe(false);
    expect(isPastItsTime(300, 0, [], 300_001)).toBe(true);
    expect(isPastItsTime(86_400, 0, tags, 9_999)).toBe(false);
    expect(isPastItsTime(86_400, 0, tags, 10_000)).toBe(true);
    expect(isPastItsTime(null, 0, tags, 10_000)).toBe(true);
    expect(isPastItsTime(false, 0, [], Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});
