import { describe, expect, it } from "vitest";

import { isValidSlug, slugify } from "@/lib/stories/slug";

describe("slugify", () => {
  it("makes lower-case hyphenated ASCII from a headline", () => {
    expect(slugify("Xi jokes: ‘Check if there’s a backdoor’")).toBe("xi-jokes-check-if-theres-a-backdoor");
    expect(slugify("  Café crème — São Paulo  ")).toBe("cafe-creme-sao-paulo");
  });

  it("cuts long headlines at a word boundary", () => {
    const slug = slugify("word ".repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith("-")).toBe(false);
    expect(isValidSlug(slug)).toBe(true);
  });

  it("returns empty for text with no letters or digits", () => {
    expect(slugify("!!! ???")).toBe("");
  });

  it("rejects malformed slugs", () => {
    for (const bad of ["", "Upper", "double--hyphen", "-lead", "trail-", "sp ace", "a/b", "x".repeat(81)]) {
      expect(isValidSlug(bad), bad).toBe(false);
    }
    expect(isValidSlug("good-slug-2")).toBe(true);
  });
});
