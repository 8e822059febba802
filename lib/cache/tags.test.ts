import { describe, expect, it } from "vitest";

import { assertCacheTags, bylineTag, commentsTag, isReaderVisibleChange, MAX_TAG_LENGTH, sectionTag, slugTag, storyTag, tagsForStoryChange, topicTag, type StoryPlacement } from "./tags";

const placement: StoryPlacement = {
  id: "0b6f7c1e-8d0b-4d8e-9a51-3a2f1f0e6c11",
  slugs: ["harbour-wall-repairs", "harbour-wall"],
  sectionSlug: "world",
  bylineSlugs: ["marguerite-vell"],
  tagSlugs: ["sea-defences"],
  isPublic: true,
};

describe("cache tag names", () => {
  it("scope each key by what it names", () => {
    expect(storyTag("abc")).toBe("story:abc");
    expect(slugTag("a-slug")).toBe("slug:a-slug");
    expect(sectionTag("world")).toBe("section:world");
    expect(bylineTag("dana-quill")).toBe("byline:dana-quill");
    expect(topicTag("trade")).toBe("tag:trade");
    expect(commentsTag("abc")).toBe("comments:abc");
  });

  it("refuse an empty key and a tag Next would never assign", () => {
    expect(() => sectionTag("")).toThrow(/Not a usable cache tag/);
    expect(() => slugTag("x".repeat(MAX_TAG_LENGTH))).toThrow(/Not a usable cache tag/);
  });
});

describe("tagsForStoryChange", () => {
  it("covers the story's pages under every slug, its section, bylines and tags, and the lists", () => {
    expect(tagsForStoryChange(placement)).toEqual(
      [
        "byline:marguerite-vell",
        "corrections",
        "feeds",
        "home",
        "section:world",
        "slug:harbour-wall",
        "slug:harbour-wall-repairs",
        "story:0b6f7c1e-8d0b-4d8e-9a51-3a2f1f0e6c11",
        "tag:sea-defences",
      ].sort(),
    );
  });

  it("includes the pages the story left as well as those it joined, once each", () => {
    const after: StoryPlacement = { ...placement, slugs: ["harbour-wall-repairs"], sectionSlug: "business", bylineSlugs: ["dana-quill"], tagSlugs: [] };
    const tags = tagsForStoryChange(placement, after);
    expect(tags).toEqual(expect.arrayContaining(["section:world", "section:business", "byline:marguerite-vell", "byline:dana-quill", "tag:sea-defences"]));
    expect(new Set(tags).size).toBe(tags.length);
  });

  it("is empty when there is no story on either side", () => {
    expect(tagsForStoryChange(null, undefined)).toEqual([]);
  });
});

describe("isReaderVisibleChange", () => {
  it("is true when readers could see the story before or can now", () => {
    expect(isReaderVisibleChange({ isPublic: true }, { isPublic: false })).toBe(true);
    expect(isReaderVisibleChange({ isPublic: false }, { isPublic: true })).toBe(true);
    expect(isReaderVisibleChange(null, { isPublic: true })).toBe(true);
  });

  it("is false for drafts, reviews and schedules", () => {
    expect(isReaderVisibleChange({ isPublic: false }, { isPublic: false })).toBe(false);
    expect(isReaderVisibleChange(null, null)).toBe(false);
  });
});

describe("assertCacheTags", () => {
  it("accepts the vocabulary", () => {
    expect(() => assertCacheTags(tagsForStoryChange(placement))).not.toThrow();
  });

  it("refuses Next's implicit path tags, commas and empty tags", () => {
    expect(() => assertCacheTags(["_N_T_/world"])).toThrow(/belong to Next/);
    expect(() => assertCacheTags(["a,b"])).toThrow(/Not a usable cache tag/);
    expect(() => assertCacheTags([""])).toThrow(/Not a usable cache tag/);
  });
});
