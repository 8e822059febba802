import { readdirSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { demoSections } from "@/prisma/demo/content";

import { SECTION_SEGMENT } from "./reserved";
import { assertSectionSlug, MAX_SECTION_SLUG_LENGTH, RESERVED_SECTION_SLUGS, validateSectionSlug } from "./slug";

const APP_DIR = path.resolve(import.meta.dirname, "../../app");

// Files at a route root that Next serves under another name (metadata file conventions).
const METADATA_FILES: ReadonlyArray<[RegExp, string]> = [
  [/^robots\.(ts|js|txt)$/, "robots.txt"],
  [/^sitemap\.(ts|js|xml)$/, "sitemap.xml"],
  [/^manifest\.(ts|js|json|webmanifest)$/, "manifest.webmanifest"],
  [/^favicon\.ico$/, "favicon.ico"],
  [/^icon\.\w+$/, "icon"],
  [/^apple-icon\.\w+$/, "apple-icon"],
  [/^opengraph-image\.\w+$/, "opengraph-image"],
  [/^twitter-image\.\w+$/, "twitter-image"],
];

/** Every first path segment app/ answers: folders at the root or inside route groups, and metadata files. */
function topLevelSegments(dir: string): string[] {
  const segments: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const name = entry.name;
      if (name.startsWith("(") && name.endsWith(")")) segments.push(...topLevelSegments(path.join(dir, name)));
      // Dynamic segments ([section] is the sections themselves), private folders and parallel-route slots are not paths.
      else if (!name.startsWith("[") && !name.startsWith("_") && !name.startsWith("@")) segments.push(name);
    } else {
      for (const [pattern, served] of METADATA_FILES) if (pattern.test(entry.name)) segments.push(served);
    }
  }
  return segments;
}

describe("validateSectionSlug", () => {
  it("accepts well-formed slugs that no route uses", () => {
    for (const slug of ["world", "asia-pacific", "2026-election", "technology", "searchlight", "tags", "desk-notes", "constructor"]) {
      expect(validateSectionSlug(slug)).toEqual({ ok: true, slug });
    }
    expect(validateSectionSlug("a".repeat(MAX_SECTION_SLUG_LENGTH)).ok).toBe(true);
  });

  it("reserves every top-level route in app/", () => {
    const segments = topLevelSegments(APP_DIR);
    // The scan itself must find the routes, or this test could not fail.
    expect(segments).toEqual(expect.arrayContaining(["desk", "search", "byline", "api", "rss.xml", "robots.txt"]));
    for (const segment of segments) expect(RESERVED_SECTION_SLUGS, `app/ answers /${segment}`).toContain(segment);
  });

  it("refuses every reserved slug, naming what already uses the address", () => {
    for (const slug of RESERVED_SECTION_SLUGS) expect(validateSectionSlug(slug).ok, slug).toBe(false);
    expect(validateSectionSlug("search")).toEqual({
      ok: false,
      message: "“search” cannot be a section's slug: /search is already the search page. Choose another slug.",
    });
    expect(validateSectionSlug("desk")).toMatchObject({ ok: false, message: expect.stringContaining("/desk is already the desk") });
    expect(validateSectionSlug("Byline")).toMatchObject({ ok: false, message: expect.stringContaining("/byline is already the byline pages") });
    for (const slug of ["signup", "profile", "account", "login", "sitemap", "preview", "media", "tag", "corrections"]) {
      expect(validateSectionSlug(slug)).toMatchObject({ ok: false, message: expect.stringContaining(`/${slug} is already`) });
    }
  });

  it("refuses malformed slugs with the rule", () => {
    expect(validateSectionSlug("")).toMatchObject({ ok: false, message: expect.stringContaining("Give the section a slug") });
    expect(validateSectionSlug("a".repeat(MAX_SECTION_SLUG_LENGTH + 1))).toMatchObject({ ok: false, message: expect.stringContaining("at most 80") });
    for (const slug of ["World", "world news", "world--news", "-world", "world-", "wörld", "world/asia", "..", "toString"]) {
      const check = validateSectionSlug(slug);
      expect(check.ok, slug).toBe(false);
    }
    expect(validateSectionSlug("World News")).toMatchObject({ ok: false, message: expect.stringContaining("lower-case letters and digits") });
  });

  it("accepts the demo newsroom's sections", () => {
    for (const section of demoSections) expect(validateSectionSlug(section.slug)).toEqual({ ok: true, slug: section.slug });
  });
});

describe("assertSectionSlug", () => {
  it("returns a valid slug and refuses a reserved one as INVALID_INPUT on the slug field", () => {
    expect(assertSectionSlug("world")).toBe("world");
    expect(() => assertSectionSlug("rss")).not.toThrow();
    expect(() => assertSectionSlug("search")).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT", fieldErrors: { slug: [expect.stringContaining("/search is already the search page")] } }),
    );
  });
});

describe("SECTION_SEGMENT (next.config.ts's rewrite of ?page=N on a section front)", () => {
  // path-to-regexp anchors the segment's pattern; so does this test.
  const section = new RegExp(`^${SECTION_SEGMENT}$`);

  it("matches a section's slug", () => {
    for (const slug of ["world", "asia-pacific", "2026-election", "searchlight", "tags"]) expect(slug, slug).toMatch(section);
  });

  it("never matches a top-level route of app/, so /signup?page=2 is the sign-up page, not a section's page 2", () => {
    const segments = topLevelSegments(APP_DIR);
    expect(segments).toEqual(expect.arrayContaining(["signup", "login", "account", "desk"]));
    for (const segment of [...segments, ...RESERVED_SECTION_SLUGS]) expect(segment).not.toMatch(section);
    for (const slug of ["signup", "profile", "icon"]) expect(slug).not.toMatch(section);
  });
});
