// Embargoes (issue 16, docs/desk.md "Embargoes"): a story under embargo cannot go out before its
// time, whoever asks, and no reader surface shows it until then.

import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { sectionTag, slugTag } from "@/lib/cache/tags";
import { getApiStory, listApiStories } from "@/lib/content-api/queries";
import { DEFAULT_STORY_FIELDS } from "@/lib/content-api/schemas";
import { db, getPool } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { listFeedStories, listNewsSitemapStories, listSitemapStories } from "@/lib/feeds/queries";
import { searchStories } from "@/lib/search/queries";
import { getBylinePage, getFrontPage, getTagPage, listRelatedStories, listSectionStories } from "@/lib/stories/listing";
import { changeStoryStatus, saveStory } from "@/lib/stories/mutations";
import { listLatestStories } from "@/lib/stories/queries";
import { compareRevisions, restoreRevision } from "@/lib/stories/revisions";
import { publishDueStories, refreshEmbargoLifts } from "@/lib/stories/scheduler";
import { EMBARGO_ON_PUBLISHED } from "@/lib/stories/sentences";
import { getStoryPage } from "@/lib/stories/story-page";
import { publishedStorySql } from "@/lib/stories/visibility";
import { doc, makeActor, makeByline, makeSection, makeStory } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

const HOUR = 3_600_000;

function uniqueWord(): string {
  return `zq${Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A story ready to go out (section, byline, headline, body), with an embargo `offset` ms from now. */
async function readyStory(offset: number) {
  const word = uniqueWord();
  const section = await makeSection();
  const byline = await makeByline("PERSON");
  const story = await makeStory({ sectionId: section.id, bylineIds: [byline.id] });
  const tag = await db.tag.create({ data: { name: word, slug: word }, select: { id: true, slug: true } });
  await db.story.update({
    where: { id: story.id },
    data: {
      headline: `Trade talks ${word}`,
      standfirst: "Ministers met.",
      bodyText: `Ministers met about ${word}.`,
      body: doc(`Ministers met about ${word}.`) as object,
      seoDescription: "Ministers met to discuss the trade agreement and its timetable for the coming year.",
      embargoUntil: new Date(Date.now() + offset),
      tags: { create: [{ tagId: tag.id }] },
    },
  });
  return { ...story, word, section, byline, tag };
}

/** Everything a reader, feed reader, crawler or API client could see, as the story's presence in each. */
async function readerSurfaces(s: Awaited<ReturnType<typeof readyStory>>) {
  const sibling = await makeStory({ status: "PUBLISHED", sectionId: s.section.id });
  await db.storyTag.create({ data: { storyId: sibling.id, tagId: s.tag.id } });
  const ids = (list: Array<{ id: string }>) => list.some((item) => item.id === s.id);
  const hrefs = (list: Array<{ href: string }>) => list.some((item) => item.href.endsWith(`/${s.slug}`));
  const front = await getFrontPage();
  const byline = await getBylinePage((await db.byline.findUniqueOrThrow({ where: { id: s.byline.id } })).slug, 1).catch(() => null);
  const tag = await getTagPage(s.tag.slug, 1).catch(() => null);
  const sitemapCount = await db.story.count();
  return {
    storyPage: (await getStoryPage(s.section.slug, s.slug)).kind === "found",
    latest: ids(await listLatestStories({ limit: 50, sectionSlug: s.section.slug })),
    front: front.lead?.id === s.id || front.sections.some((section) => ids(section.stories)),
    section: ids((await listSectionStories(s.section.slug, 1)).stories),
    byline: byline ? ids(byline.stories) : false,
    tag: tag ? ids(tag.stories) : false,
    related: ids(await listRelatedStories(sibling.id)),
    feed: ids(await listFeedStories({ sectionSlug: s.section.slug })),
    sitemap: hrefs(await listSitemapStories({ offset: 0, limit: Math.min(sitemapCount, 50_000) })),
    newsSitemap: (await listNewsSitemapStories()).some((item) => JSON.stringify(item).includes(s.slug)),
    search: (await searchStories({ query: s.word })).results.length > 0,
    apiList: (await listApiStories({ fields: DEFAULT_STORY_FIELDS, include: [], limit: 100, section: s.section.slug } as never)).data.some((item) => JSON.stringify(item).includes(s.id)),
    apiStory: (await getApiStory(s.id, DEFAULT_STORY_FIELDS, [])) !== null,
  };
}

const HIDDEN = {
  storyPage: false,
  latest: false,
  front: false,
  section: false,
  byline: false,
  tag: false,
  related: false,
  feed: false,
  sitemap: false,
  newsSitemap: false,
  search: false,
  apiList: false,
  apiStory: false,
};
const SHOWN = Object.fromEntries(Object.keys(HIDDEN).map((key) => [key, true]));

describe("embargo: going out", () => {
  it("refuses an editor's publish before the embargo and writes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const s = await readyStory(2 * HOUR);
    const error = await refusal(changeStoryStatus(editor, { storyId: s.id, version: s.version, action: "publish", acknowledgeWarnings: true }));
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toMatch(/^This story is embargoed until .+: it cannot be published before then\./);
    const row = await db.story.findUniqueOrThrow({ where: { id: s.id }, select: { status: true, publishedAt: true, version: true } });
    expect(row).toEqual({ status: "DRAFT", publishedAt: null, version: s.version });
    expect(await db.auditLog.count({ where: { entityId: s.id, action: "story.publish" } })).toBe(0);
  });

  it("refuses a schedule before the embargo, and takes one at or after it", async () => {
    const editor = await makeActor("EDITOR");
    const s = await readyStory(2 * HOUR);
    const embargo = (await db.story.findUniqueOrThrow({ where: { id: s.id }, select: { embargoUntil: true } })).embargoUntil!;
    const early = new Date(embargo.getTime() - 60_000).toISOString();
    const error = await refusal(changeStoryStatus(editor, { storyId: s.id, version: s.version, action: "schedule", scheduledFor: early, acknowledgeWarnings: true }));
    expect(error.message).toMatch(/^This story is embargoed until .+: schedule it for that time or later\./);
    expect(error.fieldErrors?.scheduledFor?.[0]).toBe(error.message);
    const saved = await changeStoryStatus(editor, { storyId: s.id, version: s.version, action: "schedule", scheduledFor: embargo.toISOString(), acknowledgeWarnings: true });
    expect(saved.status).toBe("SCHEDULED");
  });

  it("never lets the scheduler publish a story before its embargo, and publishes it at the lift", async () => {
    const s = await readyStory(HOUR);
    // As a direct write could leave it (the desk refuses this): due now, embargoed for an hour.
    await db.story.update({ where: { id: s.id }, data: { status: "SCHEDULED", scheduledFor: new Date(Date.now() - 60_000) } });
    expect((await publishDueStories()).map((p) => p.id)).not.toContain(s.id);
    expect((await db.story.findUniqueOrThrow({ where: { id: s.id }, select: { status: true } })).status).toBe("SCHEDULED");
    const lift = new Date(Date.now() - 1000);
    await db.story.update({ where: { id: s.id }, data: { embargoUntil: lift } });
    expect((await publishDueStories()).map((p) => p.id)).toContain(s.id);
    expect(await db.story.findUniqueOrThrow({ where: { id: s.id }, select: { status: true, publishedAt: true } })).toEqual({ status: "PUBLISHED", publishedAt: lift });
  });

  it("refuses a new embargo on a published story, and on a scheduled one past its time", async () => {
    const editor = await makeActor("EDITOR");
    const published = await makeStory({ status: "PUBLISHED" });
    const input = { headline: "Still out", body: doc("Text."), sectionId: published.sectionId, embargoUntil: new Date(Date.now() + HOUR).toISOString() };
    const error = await refusal(saveStory(editor, published.id, published.version, input));
    expect(error.fieldErrors?.embargoUntil).toEqual([EMBARGO_ON_PUBLISHED]);

    const scheduled = await makeStory();
    await db.story.update({ where: { id: scheduled.id }, data: { status: "SCHEDULED", scheduledFor: new Date(Date.now() + HOUR) } });
    const late = { ...input, sectionId: scheduled.sectionId, embargoUntil: new Date(Date.now() + 2 * HOUR).toISOString() };
    const second = await refusal(saveStory(editor, scheduled.id, scheduled.version, late));
    expect(second.fieldErrors?.embargoUntil?.[0]).toMatch(/^The story is scheduled to go out .+, before this embargo/);
  });

  it("sets and clears an embargo with an audit record each time, and refuses an unreadable time", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const at = new Date(Date.now() + HOUR);
    const base = { headline: "Embargoed", body: doc("Text."), sectionId: story.sectionId };
    const first = await saveStory(editor, story.id, story.version, { ...base, embargoUntil: at.toISOString() });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { embargoUntil: true } })).embargoUntil).toEqual(at);
    // Left out, the embargo stays.
    const second = await saveStory(editor, story.id, first.version, base);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { embargoUntil: true } })).embargoUntil).toEqual(at);
    await saveStory(editor, story.id, second.version, { ...base, embargoUntil: "" });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { embargoUntil: true } })).embargoUntil).toBeNull();
    const audits = await db.auditLog.findMany({ where: { entityId: story.id, action: "story.embargo" }, orderBy: { createdAt: "asc" }, select: { data: true, actorId: true } });
    expect(audits).toEqual([
      { actorId: editor.id, data: { from: null, to: at.toISOString() } },
      { actorId: editor.id, data: { from: at.toISOString(), to: null } },
    ]);
    const bad = await refusal(saveStory(editor, story.id, second.version + 1, { ...base, embargoUntil: "next Tuesday-ish" }));
    expect(bad.fieldErrors?.embargoUntil).toEqual(["Give the embargo as a valid date and time."]);
  });
});

describe("embargo: readers", () => {
  it("hides a PUBLISHED story under embargo from every reader surface, and shows it once the embargo lifts", async () => {
    const s = await readyStory(HOUR);
    // A row the desk would never write (publishing refuses it): the visibility rule is the second lock.
    await db.story.update({ where: { id: s.id }, data: { status: "PUBLISHED", publishedAt: new Date(), firstPublishedAt: new Date() } });
    expect(await readerSurfaces(s)).toEqual(HIDDEN);
    // The lift: the scheduler's sweep stamps the story's pages, cached while it was hidden.
    await db.story.update({ where: { id: s.id }, data: { embargoUntil: new Date(Date.now() - 1000) } });
    invalidations.clear();
    expect(await refreshEmbargoLifts()).toContain(s.id);
    expect(invalidations.tags).toEqual(expect.arrayContaining([slugTag(s.slug), sectionTag(s.section.slug)]));
    expect(await readerSurfaces(s)).toEqual(SHOWN);
  });

  it("holds on a database whose clock is set ahead of UTC: the rule compares in UTC", async () => {
    const s = await readyStory(2 * HOUR);
    await db.story.update({ where: { id: s.id }, data: { status: "PUBLISHED", publishedAt: new Date(), firstPublishedAt: new Date() } });
    const client = await getPool().connect();
    try {
      // Singapore is UTC+8: read as Singapore time, the embargo two hours ahead would be six hours past.
      await client.query("SET TimeZone = 'Asia/Singapore'");
      const query = Prisma.sql`SELECT count(*)::int AS "n" FROM "Story" s WHERE s."id" = ${s.id}::uuid AND ${publishedStorySql("s")}`;
      expect((await client.query<{ n: number }>(query.text, query.values)).rows[0]?.n).toBe(0);
    } finally {
      await client.query("RESET TimeZone");
      client.release();
    }
  });

  it("lets an editor publish once the embargo has lifted, and readers then see the story", async () => {
    const editor = await makeActor("EDITOR");
    const s = await readyStory(HOUR);
    await db.story.update({ where: { id: s.id }, data: { embargoUntil: new Date(Date.now() - 1000) } });
    await changeStoryStatus(editor, { storyId: s.id, version: s.version, action: "publish", acknowledgeWarnings: true });
    expect(await readerSurfaces(s)).toEqual(SHOWN);
  });
});

describe("dateline place and credit line", () => {
  it("are validated, kept in each revision, compared, restored, and shown on the reader page", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const base = { headline: "Summit opens", body: doc("Leaders met on Tuesday."), sectionId: story.sectionId };
    const bad = await refusal(saveStory(editor, story.id, story.version, { ...base, datelinePlace: "SEOUL\u0000", credit: "x".repeat(301) }));
    expect(bad.fieldErrors?.datelinePlace?.[0]).toMatch(/^The dateline place contains a NUL character/);
    expect(bad.fieldErrors?.credit).toEqual(["Keep the credit line under 300 characters."]);

    const first = await saveStory(editor, story.id, story.version, { ...base, datelinePlace: "SEOUL", credit: "Reporting by Kim Min-ji" });
    const second = await saveStory(editor, story.id, first.version, { ...base, datelinePlace: "BUSAN", credit: "" });
    const revisions = await db.storyRevision.findMany({ where: { storyId: story.id }, orderBy: { version: "asc" }, select: { id: true, datelinePlace: true, credit: true } });
    expect(revisions.map(({ datelinePlace, credit }) => ({ datelinePlace, credit }))).toEqual([
      { datelinePlace: "SEOUL", credit: "Reporting by Kim Min-ji" },
      { datelinePlace: "BUSAN", credit: "" },
    ]);
    const comparison = await compareRevisions(editor, story.id, revisions[0]!.id, revisions[1]!.id);
    expect(comparison.otherChanges).toEqual(
      expect.arrayContaining(["Dateline place changed from “SEOUL” to “BUSAN”", "Credit line changed from “Reporting by Kim Min-ji” to nothing"]),
    );
    const restored = await restoreRevision(editor, { storyId: story.id, revisionId: revisions[0]!.id, version: second.version });
    expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { datelinePlace: true, credit: true } })).toEqual({
      datelinePlace: "SEOUL",
      credit: "Reporting by Kim Min-ji",
    });
    await changeStoryStatus(editor, { storyId: story.id, version: restored.version, action: "publish", acknowledgeWarnings: true });
    const section = await db.section.findUniqueOrThrow({ where: { id: story.sectionId! }, select: { slug: true } });
    const slug = (await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { slug: true } })).slug;
    const page = await getStoryPage(section.slug, slug);
    expect(page.kind).toBe("found");
    if (page.kind !== "found") return;
    expect(page.page.story).toMatchObject({ datelinePlace: "SEOUL", credit: "Reporting by Kim Min-ji" });
    expect(page.page.discovery).toMatchObject({ datelinePlace: "SEOUL", credit: "Reporting by Kim Min-ji" });
  });
});
