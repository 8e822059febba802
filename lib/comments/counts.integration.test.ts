import { describe, expect, it } from "vitest";

import { adjustVisibleCounts, lockStoriesForComments, recountReplies, recountStoryComments } from "@/lib/comments/counts";
import { db } from "@/lib/db";
import type { CommentStatus } from "@/lib/generated/prisma/enums";
import { makeActor, makeStory } from "@/tests/integration/factories";

async function addComment(storyId: string, authorId: string, options: { status?: CommentStatus; parentId?: string; deleted?: boolean } = {}) {
  return db.comment.create({
    data: {
      storyId,
      authorId,
      parentId: options.parentId ?? null,
      body: "A civil remark.",
      bodyHash: "x",
      status: options.status ?? "APPROVED",
      deletedAt: options.deleted ? new Date() : null,
    },
    select: { id: true },
  });
}

async function counts(storyId: string, parentId: string) {
  const story = await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { commentCount: true } });
  const parent = await db.comment.findUniqueOrThrow({ where: { id: parentId }, select: { replyCount: true } });
  return { story: story.commentCount, replies: parent.replyCount };
}

describe("comment counts", () => {
  it("count only approved comments their authors have not deleted, replies per direct parent", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const top = await addComment(story.id, reader.id);
    await addComment(story.id, reader.id, { parentId: top.id });
    await addComment(story.id, reader.id, { parentId: top.id, status: "PENDING" });
    await addComment(story.id, reader.id, { parentId: top.id, deleted: true });
    const reply = await addComment(story.id, reader.id, { parentId: top.id, status: "REJECTED" });
    await addComment(story.id, reader.id, { parentId: reply.id }); // a reply to a reply counts for the story, not for top

    await db.$transaction(async (tx) => {
      await recountStoryComments(tx, [story.id]);
      await recountReplies(tx, [top.id, reply.id]);
    });
    expect(await counts(story.id, top.id)).toEqual({ story: 3, replies: 1 });
  });

  it("stay exact when many posts and deletions on one story run at once", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const top = await addComment(story.id, reader.id);
    await db.$transaction((tx) => recountStoryComments(tx, [story.id]));

    // Twenty-six transactions queue for one story's lock and for the pool's connections: on a busy
    // machine the last ones wait longer than Prisma's 2 s default to start, which is not the point.
    const queued = { maxWait: 60_000, timeout: 60_000 };
    const post = () =>
      db.$transaction(async (tx) => {
        await lockStoriesForComments(tx, [story.id]);
        await tx.comment.create({ data: { storyId: story.id, authorId: reader.id, parentId: top.id, body: "Yes.", bodyHash: "y", status: "APPROVED" }, select: { id: true } });
        await adjustVisibleCounts(tx, [{ storyId: story.id, parentId: top.id, wasVisible: false, isVisible: true }]);
      }, queued);
    const recount = () =>
      db.$transaction(async (tx) => {
        await recountStoryComments(tx, [story.id]);
        await recountReplies(tx, [top.id]);
      }, queued);
    await Promise.all([...Array.from({ length: 12 }, post), recount(), recount(), ...Array.from({ length: 12 }, post)]);
    expect(await counts(story.id, top.id)).toEqual({ story: 25, replies: 24 });
  });
});
