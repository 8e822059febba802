import { describe, expect, it } from "vitest";

import { findListedWords } from "@/lib/text/word-list";

describe("findListedWords", () => {
  it("finds every entry a text contains, overlapping ones too, in the list's order", () => {
    expect(findListedWords("Get free money now", ["money", "free money", "free", "now then"])).toEqual(["money", "free money", "free"]);
  });

  it("matches a phrase across any run of whitespace or invisible characters", () => {
    expect(findListedWords("free\n\n  money", ["free money"])).toEqual(["free money"]);
    expect(findListedWords("free\u00A0\u200Bmoney", ["free money"])).toEqual(["free money"]);
  });

  it("ignores empty and invisible-only entries", () => {
    expect(findListedWords("anything at all", ["", "\u200B", " "])).toEqual([]);
  });

  it("keeps its answer when the same list is asked again, and follows a new list", () => {
    const list = ["scumbag"];
    expect(findListedWords("what a \u0455cumbag", list)).toEqual(["scumbag"]);
    expect(findListedWords("what a nice person", list)).toEqual([]);
    expect(findListedWords("what a \u0455cumbag", ["nice"])).toEqual([]);
  });
});
