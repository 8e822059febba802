import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { listStoryBoard, startOfDay } from "@/lib/stories/board";
import { countWords } from "@/lib/stories/prepublish";
import { PRESENCE_TTL_MS } from "@/lib/stories/presence";
import { makeActor, makeByline, makeSection, makeStory, makeUser, unique } from "@/tests/integration/factories";

const MINUTE = 60_000;

/** A story in `sectionId`, then set as the test needs it. */
async function storyIn(sectionId: string, data: Parameters<typeof db.story.update>[0]["data"] = {}, options: { createdById?: string; bylineIds?: string[] } = {}) {
  const story = await makeStory({ sectionId, ...options });
  await db.story.update({ where: { id: story.id }, data });
  return story.id;
}

describe("listStoryBoard", () => {
  it("puts each story in its saved views", async () => {
    const editor = await makeActor("EDITOR");
    const other = await makeUser("REPORTER");
    const { id: sectionId } = await makeSection();
    const now = new Date();
    const mine = await storyIn(sectionId, {}, { createdById: editor.id });
    const othersDraft = await storyIn(sectionId, {}, { createdById: other.id });
    const inReview = await storyIn(sectionId, { status: "IN_REVIEW" });
    const scheduledLater = await storyIn(sectionId, { status: "SCHEDULED", scheduledFor: new Date(now.getTime() + 120 * MINUTE) });
    const scheduledSooner = await storyIn(sectionId, { status: "SCHEDULED", scheduledFor: new Date(now.getTime() + 60 * MINUTE) });
    const today = await storyIn(sectionId, { status: "PUBLISHED", publishedAt: new Date(Math.max(startOfDay(now).getTime(), now.getTime() - MINUTE)) });
    const lastWeek = await storyIn(sectionId, { status: "PUBLISHED", publishedAt: new Date(now.getTime() - 7 * 24 * 60 * MINUTE) });

    const ids = async (view: string) => (await listStoryBoard(editor, { view, sectionId }, now)).stories.map((story) => story.id);
    expect(await ids("mine")).toEqual([mine]);
    expect(await ids("review")).toEqual([inReview]);
    // The next to go out first.
    expect(await ids("scheduled")).toEqual([scheduledSooner, scheduledLater]);
    expect(await ids("today")).toEqual([today]);
    expect((await ids("all")).sort()).toEqual([mine, othersDraft, inReview, scheduledLater, scheduledSooner, today, lastWeek].sort());
    // An unknown view is the whole board, not an error.
    expect((await ids("everything")).length).toBe(7);
    // Filters narrow a view.
    const board = await listStoryBoard(editor, { view: "all", sectionId, status: "SCHEDULED" }, now);
    expect(board.total).toBe(2);
  });

  it("pages through a stable order with a total, and shows the last page for one past the end", async () => {
    const editor = await makeActor("EDITOR");
    const { id: sectionId } = await makeSection();
    const base = Date.now() - 60 * MINUTE;
    const created: string[] = [];
    for (let i = 0; i < 7; i += 1) created.push(await storyIn(sectionId, { updatedAt: new Date(base + i * MINUTE) }));
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(await listStoryBoard(editor, { sectionId, page: String(page), pageSize: 3 }));
    expect(pages.map((board) => board.stories.length)).toEqual([3, 3, 1]);
    expect(pages.every((board) => board.total === 7 && board.pageCount === 3)).toBe(true);
    // Most recently changed first, each story once.
    expect(pages.flatMap((board) => board.stories.map((story) => story.id))).toEqual([...created].reverse());
    const past = await listStoryBoard(editor, { sectionId, page: "99", pageSize: 3 });
    expect(past.page).toBe(3);
    expect(past.stories.map((story) => story.id)).toEqual([created[0]]);
    // A page number that is not one is the first page.
    expect((await listStoryBoard(editor, { sectionId, page: "two", pageSize: 3 })).page).toBe(1);
  });

  it("shows who has a story open now, and not who left", async () => {
    const editor = await makeActor("EDITOR");
    const here = await makeUser("REPORTER");
    const gone = await makeUser("EDITOR");
    const { id: sectionId } = await makeSection();
    const storyId = await storyIn(sectionId);
    const now = new Date();
    await db.storyPresence.createMany({
      data: [
        { storyId, userId: here.id, lastSeenAt: new Date(now.getTime() - 5_000) },
        { storyId, userId: gone.id, lastSeenAt: new Date(now.getTime() - PRESENCE_TTL_MS - 1_000) },
      ],
    });
    const [story] = (await listStoryBoard(editor, { sectionId }, now)).stories;
    const hereName = (await db.user.findUniqueOrThrow({ where: { id: here.id }, select: { displayName: true } })).displayName;
    expect(story?.openBy).toEqual([{ userId: here.id, displayName: hereName }]);
  });

  it("counts the words of each story's body on the page", async () => {
    const editor = await makeActor("EDITOR");
    const { id: sectionId } = await makeSection();
    const text = "  The council met\n\non Tuesday,  at\tnoon — £14m, “9–2”. Ωμέγα ";
    const counted = await storyIn(sectionId, { bodyText: text });
    const empty = await storyIn(sectionId, { bodyText: "" });
    const stories = (await listStoryBoard(editor, { sectionId })).stories;
    expect(stories.find((story) => story.id === counted)?.wordCount).toBe(11);
    // The editor's rail counts the same words as the board.
    expect(countWords(text)).toBe(11);
    expect(stories.find((story) => story.id === empty)?.wordCount).toBe(0);
  });

  it("shows a reporter only their own stories and those with their byline, in every view", async () => {
    const reporter = await makeActor("REPORTER", { withByline: true });
    const { id: sectionId } = await makeSection();
    const own = await storyIn(sectionId, {}, { createdById: reporter.id });
    const bylined = await storyIn(sectionId, { status: "IN_REVIEW" }, { bylineIds: [reporter.bylineId!] });
    await storyIn(sectionId);
    await storyIn(sectionId, { status: "IN_REVIEW" });
    const ids = async (view: string) => (await listStoryBoard(reporter, { view, sectionId })).stories.map((story) => story.id).sort();
    expect(await ids("all")).toEqual([own, bylined].sort());
    expect(await ids("review")).toEqual([bylined]);
    expect(await ids("mine")).toEqual([own]);
  });

  it("filters by status, section and byline, and searches headlines whatever their case", async () => {
    const editor = await makeActor("EDITOR");
    const { id: sectionId } = await makeSection();
    const byline = await makeByline();
    const word = unique("zebra");
    const match = await storyIn(sectionId, { status: "IN_REVIEW", headline: `Council ${word} vote` }, { bylineIds: [byline.id] });
    await storyIn(sectionId, {}, { bylineIds: [byline.id] });
    await storyIn(sectionId, { status: "IN_REVIEW" });
    const narrowed = await listStoryBoard(editor, { sectionId, status: "IN_REVIEW", bylineId: byline.id });
    expect(narrowed.stories.map((story) => story.id)).toEqual([match]);
    const searched = await listStoryBoard(editor, { query: `  ${word.toUpperCase()} ` });
    expect(searched.stories.map((story) => story.headline)).toEqual([`Council ${word} vote`]);
    // An id that is not one is ignored, not an error.
    expect((await listStoryBoard(editor, { sectionId: "not-an-id", query: word })).total).toBe(1);
  });

  it("shows a moderator nothing, refuses a reader, and refuses a search that is not one line", async () => {
    expect((await listStoryBoard(await makeActor("MODERATOR"))).stories).toEqual([]);
    await expect(listStoryBoard(await makeActor("READER"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(listStoryBoard(await makeActor("EDITOR"), { query: "flood\u0000" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("startOfDay", () => {
  it("is midnight in the newsroom's time zone, across a clock change", () => {
    expect(startOfDay(new Date("2026-07-01T10:00:00Z"), "Europe/London").toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(startOfDay(new Date("2026-07-01T23:30:00Z"), "Europe/London").toISOString()).toBe("2026-07-01T23:00:00.000Z");
    expect(startOfDay(new Date("2026-03-08T18:00:00Z"), "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDay(new Date("2026-12-06T12:00:00Z"), "UTC").toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(startOfDay(new Date("2026-12-06T12:00:00Z"), "Asia/Kolkata").toISOString()).toBe("2026-12-05T18:30:00.000Z");
  });
});
