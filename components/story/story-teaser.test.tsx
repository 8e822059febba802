// The comment count a teaser shows, and where it is left out: related stories at the foot of a
// story page, which is kept for a day and not refreshed by comments on other stories
// (docs/caching.md), so a count there could be a day old.

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { DEFAULT_DATE_STYLE } from "@/lib/format";
import type { StoryTeaser as Teaser } from "@/lib/stories/queries";

import { relatedHtml } from "@/lib/reader-html/story";

import { StoryTeaser } from "./story-teaser";

const teaser: Teaser = {
  id: "8f9c1c1e-0000-4000-8000-000000000002",
  slug: "harbour-reopens",
  headline: "Harbour reopens after the storm",
  standfirst: "Ferries run again from Monday.",
  dateline: "",
  publishedAt: new Date("2026-11-30T08:00:00Z"),
  commentCount: 1234,
  section: { name: "World", slug: "world" },
  bylines: [],
  href: "/world/harbour-reopens",
};

describe("a story teaser's comment count", () => {
  it("links to the comments in a list", () => {
    expect(renderToStaticMarkup(<StoryTeaser story={teaser} dates={DEFAULT_DATE_STYLE} />)).toContain('<a class="teaser-comments" href="/world/harbour-reopens#comments">1,234 comments</a>');
  });

  it("is left out of the related stories at the foot of a story page", () => {
    const html = relatedHtml([], [teaser], DEFAULT_DATE_STYLE)!.value;
    expect(html).toContain("Harbour reopens after the storm");
    expect(html).not.toContain("comments");
  });
});
