import { describe, expect, it } from "vitest";

import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { countModerationQueues, excerpt, listModerationQueue, type ModerationItem, type ModerationQueue } from "@/lib/moderation/queries";
import { makeComment, makeReport } from "@/lib/moderation/test-factories";
import { makeActor, makeStory, makeUser } from "@/tests/integration/factories";

// Other test files add comments to the same database at the same time, so these tests walk the
// whole queue and look at their own comments' places in it.
async function walk(actor: Actor, queue: ModerationQueue, limit = 100): Promise<ModerationItem[]> {
  const items: ModerationItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await listModerationQueue(actor, { queue, limit, ...(cursor ? { cursor } : {}) });
    items.push(...result.items);
    if (!result.nextCursor) return items;
    cursor = result.nextCursor;
  }
  throw new Error("the queue never ended");
}

const ids = (items: ModerationItem[]) => items.map((item) => item.id);

describe("the pending queue", () => {
  it("holds pending comments newest first with their story, parent, author history and hold reasons, and nothing else", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const author = await makeUser("READER");
    const parent = await makeComment({ storyId: story.id, status: "APPROVED", body: "The parent comment, which says a great deal. ".repeat(10) });
    await makeComment({ storyId: story.id, authorId: author.id, status: "APPROVED" });
    await makeComment({ storyId: story.id, authorId: author.id, status: "APPROVED" });
    await makeComment({ storyId: story.id, authorId: author.id, status: "REJECTED" });
    await makeComment({ storyId: story.id, authorId: author.id, status: "SPAM" });
    const older = await makeComment({ storyId: story.id, authorId: author.id, holdReasons: ["first_comment"], createdAt: new Date(Date.now() - 60_000) });
    const held = await makeComment({
      storyId: story.id,
      authorId: author.id,
      parentId: parent.id,
      body: "Held for a word",
      holdReasons: ["banned_word", "new_account_link"],
    });
    const approved = await makeComment({ storyId: story.id, status: "APPROVED" });
    const deleted = await makeComment({ storyId: story.id, deletedAt: new Date() });

    const queue = await walk(moderator, "pending");
    const mine = ids(queue).filter((id) => [older.id, held.id, approved.id, deleted.id].includes(id));
    expect(mine).toEqual([held.id, older.id]);
    expect(queue.every((item) => item.status === "PENDING" && item.deletedAt === null)).toBe(true);

    const item = queue.find((i) => i.id === held.id);
    expect(item).toMatchObject({
      body: "Held for a word",
      status: "PENDING",
      holdReasons: ["banned_word", "new_account_link"],
      editedAt: null,
      deletedAt: null,
      story: { id: story.id, commentPolicy: "OPEN", commentsClosedAt: null, status: "PUBLISHED" },
      parent: { id: parent.id, deleted: false },
      author: { id: author.id, status: "ACTIVE", role: "READER", approved: 2, rejected: 1, spam: 1, pending: 2 },
      reports: [],
    });
    expect(item?.story.href).toMatch(new RegExp(`/${story.slug}$`));
    expect(item?.parent?.excerpt.length).toBeLessThanOrEqual(201);
    expect(item?.parent?.excerpt.endsWith("…")).toBe(true);
  });

  it("pages with a cursor without losing or repeating a comment", async () => {
    const moderator = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const made: Array<{ id: string }> = [];
    for (let i = 0; i < 5; i++) made.push(await makeComment({ storyId: story.id, createdAt: new Date(Date.now() - 3_600_000 - i * 1000) }));
    const queue = await walk(moderator, "pending", 2);
    const mine = ids(queue).filter((id) => made.some((c) => c.id === id));
    expect(mine).toEqual(made.map((c) => c.id));
    expect(new Set(ids(queue)).size).toBe(queue.length);
  });

  it("refuses a cursor it did not make", async () => {
    const moderator = await makeActor("MODERATOR");
    await expect(listModerationQueue(moderator, { queue: "pending", cursor: "nonsense" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listModerationQueue(moderator, { queue: "reported", cursor: "t1_00000000-0000-0000-0000-000000000000" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(listModerationQueue(moderator, { queue: "everything" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });
});

describe("the reported queue", () => {
  it("lists comments with open reports of any status, most reported first, with the reports' reasons and texts", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const often = await makeComment({ storyId: story.id, status: "APPROVED" });
    const once = await makeComment({ storyId: story.id, status: "PENDING" });
    const dealtWith = await makeComment({ storyId: story.id, status: "APPROVED" });
    for (let i = 0; i < 3; i++) await makeReport(often.id, { reason: i === 0 ? "SPAM" : "ABUSE", text: `report ${i}` });
    await makeReport(once.id, { reason: "OFF_TOPIC", text: "Nothing to do with the story" });
    const resolved = await makeReport(dealtWith.id);
    await db.commentReport.update({ where: { id: resolved.id }, data: { resolvedAt: new Date() } });

    const queue = await walk(moderator, "reported", 1);
    const mine = ids(queue).filter((id) => [often.id, once.id, dealtWith.id].includes(id));
    expect(mine).toEqual([often.id, once.id]);
    const counts = queue.map((item) => item.reports.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const top = queue.find((i) => i.id === often.id);
    expect(top?.reports.map((r) => r.text).sort()).toEqual(["report 0", "report 1", "report 2"]);
    expect(top?.reports.map((r) => r.reason).sort()).toEqual(["ABUSE", "ABUSE", "SPAM"]);
    expect(queue.find((i) => i.id === once.id)?.reports).toMatchObject([{ reason: "OFF_TOPIC", text: "Nothing to do with the story" }]);
  });
});

describe("the recent queue", () => {
  it("lists every comment newest first, deleted ones without their text", async () => {
    const moderator = await makeActor("ADMIN");
    const story = await makeStory({ status: "DRAFT" });
    const a = await makeComment({ storyId: story.id, status: "APPROVED", createdAt: new Date(Date.now() - 3000) });
    const b = await makeComment({ storyId: story.id, status: "REJECTED", createdAt: new Date(Date.now() - 2000) });
    const c = await makeComment({ storyId: story.id, status: "PENDING", body: "Gone now", deletedAt: new Date(), createdAt: new Date(Date.now() - 1000) });
    const queue = await walk(moderator, "recent");
    expect(ids(queue).filter((id) => [a.id, b.id, c.id].includes(id))).toEqual([c.id, b.id, a.id]);
    const gone = queue.find((i) => i.id === c.id);
    expect(gone?.body).toBe("");
    expect(gone?.deletedAt).not.toBeNull();
    // An unpublished story's link goes to the desk, where staff can open it.
    expect(gone?.story.href).toBe(`/desk/stories/${story.id}`);
  });
});

describe("who may see the queues", () => {
  it("moderators, editors and admins may; reporters, readers and nobody may not", async () => {
    for (const role of ["MODERATOR", "EDITOR", "ADMIN"] as const) {
      const actor = await makeActor(role);
      await expect(listModerationQueue(actor, { queue: "pending", limit: 1 })).resolves.toBeDefined();
      await expect(countModerationQueues(actor)).resolves.toBeDefined();
    }
    for (const role of ["REPORTER", "READER"] as const) {
      const actor = await makeActor(role);
      await expect(listModerationQueue(actor, { queue: "pending" })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(countModerationQueues(actor)).rejects.toBeInstanceOf(AppError);
    }
    await expect(listModerationQueue(null, { queue: "pending" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });
});

describe("the tab counts", () => {
  it("count pending comments and comments with open reports", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const before = await countModerationQueues(moderator);
    await makeComment({ storyId: story.id });
    const reported = await makeComment({ storyId: story.id, status: "APPROVED" });
    await makeReport(reported.id);
    await makeReport(reported.id);
    const after = await countModerationQueues(moderator);
    // Other files write at the same time: at least ours.
    expect(after.pending - before.pending).toBeGreaterThanOrEqual(1);
    expect(after.reported - before.reported).toBeGreaterThanOrEqual(1);
    expect(after.recent - before.recent).toBeGreaterThanOrEqual(2);
  });
});

describe("excerpt", () => {
  it("keeps short text and cuts long text at a word", () => {
    expect(excerpt("  short\n text ", 20)).toBe("short text");
    expect(excerpt("one two three four five six", 15)).toBe("one two three…");
  });
});
