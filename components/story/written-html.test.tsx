// The story page written as HTML (lib/reader-html/story.ts) against the React components the other
// reader pages keep: a teaser, a byline list and a thread's opening comment give the same markup.
// The header, footer and article, whose React components read the database, are compared in the
// browser by e2e/story-page-html.spec.ts.

import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { CommentItem } from "@/components/comments/comment-item";
import { BylineList } from "@/components/story/byline-list";
import { StoryTeaser } from "@/components/story/story-teaser";
import type { ThreadComment } from "@/lib/comments/queries";
import { DEFAULT_DATE_STYLE } from "@/lib/format";
import type { BylineRef, StoryTeaser as Teaser } from "@/lib/stories/queries";

import { bylineListHtml, commentItemHtml, teaserHtml } from "@/lib/reader-html/story";

const HOSTILE = `Quotes " and ' and <b>tags</b> & ampersands`;

/** One spelling of what React and a hand-written string may spell two ways. */
function spelled(html: string): string {
  return html.replace(/ dateTime=/g, " datetime=").replace(/\s*\/>/g, ">").replace(/&#x27;/g, "&#39;");
}

const bylines: BylineRef[] = [
  { id: "b1", name: "Ana Ruiz", slug: "ana-ruiz", kind: "PERSON" },
  { id: "b2", name: HOSTILE, slug: "hostile", kind: "PERSON" },
  { id: "b3", name: "Newshub Editorial", slug: "newshub-editorial", kind: "ORGANISATION" },
];

const teaser = (overrides: Partial<Teaser> = {}): Teaser => ({
  id: "8f9c1c1e-0000-4000-8000-000000000002",
  slug: "harbour-reopens",
  headline: `Harbour reopens ${HOSTILE}`,
  standfirst: `Ferries run again ${HOSTILE}`,
  dateline: "",
  publishedAt: new Date("2026-11-30T08:00:00Z"),
  commentCount: 1234,
  section: { name: `World ${HOSTILE}`, slug: "world" },
  bylines,
  href: "/world/harbour-reopens",
  ...overrides,
});

describe("a byline list", () => {
  it.each([0, 1, 2, 3])("of %i names", (count) => {
    const react = spelled(renderToStaticMarkup(<BylineList bylines={bylines.slice(0, count)} />));
    expect(spelled(bylineListHtml(bylines.slice(0, count))?.value ?? "")).toBe(react);
  });
});

describe("a teaser", () => {
  it.each([
    ["with everything", teaser(), {}],
    ["as a related story", teaser(), { level: 3 as const, showComments: false }],
    ["without a standfirst, bylines or comments", teaser({ standfirst: "", bylines: [], commentCount: 0 }), {}],
    ["with one comment", teaser({ commentCount: 1 }), {}],
    ["as the lead", teaser(), { lead: true }],
    ["without its section", teaser(), { showSection: false, level: 2 as const }],
  ])("%s", (_name, story, options) => {
    const react = spelled(renderToStaticMarkup(<StoryTeaser story={story} dates={DEFAULT_DATE_STYLE} {...options} />));
    expect(react).toContain("Harbour reopens");
    expect(spelled(teaserHtml(story, DEFAULT_DATE_STYLE, options).value)).toBe(react);
  });
});

const comment = (overrides: Partial<ThreadComment> = {}): ThreadComment => ({
  id: "c0ffee00-0000-4000-8000-000000000001",
  parentId: null,
  authorName: `Jonas ${HOSTILE}`,
  isOwn: false,
  state: "published",
  body: `First paragraph ${HOSTILE}\nsecond line with https://example.org/a?b=1&c=2 in it\n\nSecond paragraph.`,
  createdAt: new Date("2026-12-01T09:30:00Z"),
  editedAt: null,
  replyCount: 0,
  depth: 1,
  inReplyTo: null,
  holdReasons: [],
  rejectReason: null,
  status: "APPROVED",
  replies: [],
  ...overrides,
});

describe("a thread's opening comment on the story page", () => {
  it.each([
    ["published", comment()],
    ["edited, with replies", comment({ editedAt: new Date("2026-12-01T10:00:00Z"), replyCount: 3 })],
    ["with one reply", comment({ replyCount: 1 })],
    ["in reply to someone", comment({ inReplyTo: HOSTILE })],
    ["deleted", comment({ state: "deleted", body: "", replyCount: 2 })],
    ["hidden", comment({ state: "hidden", body: "", replyCount: 2 })],
    ["without a name", comment({ authorName: "" })],
  ])("%s", (_name, item) => {
    const react = spelled(renderToStaticMarkup(<CommentItem comment={item} discussionHref="/world/harbour-reopens/comments" dates={DEFAULT_DATE_STYLE} />));
    expect(spelled(commentItemHtml(item, "/world/harbour-reopens/comments", DEFAULT_DATE_STYLE).value)).toBe(react);
  });
});
