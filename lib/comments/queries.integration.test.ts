import { describe, expect, it } from "vitest";

import { getCommentThread, getStoryCommentPreview, getStoryComments, MAX_DEPTH, type ThreadComment } from "@/lib/comments/queries";
import { recountStoryComments } from "@/lib/comments/counts";
import { db } from "@/lib/db";
import { makeActor, makeComment, makeStory } from "@/tests/integration/factories";

function outline(comments: ThreadComment[]): unknown[] {
  return comments.map((c) => [c.body || c.state, c.depth, c.inReplyTo, ...(c.replies.length ? [outline(c.replies)] : [])]);
}

describe("getCommentThread", () => {
  it("threads replies oldest first under their parent, caps the depth and says whom a flattened reply answers", async () => {
    const [ana, ben] = await Promise.all([makeActor("READER"), makeActor("READER")]);
    const story = await makeStory({ status: "PUBLISHED" });
    const a = await makeComment(story.id, ana.id, "a");
    const b = await makeComment(story.id, ben.id, "b", { replyCount: 2 });
    let parent = a.id;
    const chain: string[] = [];
    for (let level = 2; level <= 6; level++) {
      const made = await makeComment(story.id, level % 2 ? ana.id : ben.id, `a${level}`, { parentId: parent });
      chain.push(made.id);
      parent = made.id;
    }
    await makeComment(story.id, ana.id, "b1", { parentId: b.id });
    await makeComment(story.id, ana.id, "b2", { parentId: b.id });

    const thread = await getCommentThread(story.id);
    expect(thread.count).toBe(9);
    expect(MAX_DEPTH).toBe(4);
    expect(outline(thread.comments)).toEqual([
      ["a", 1, null, [["a2", 2, null, [["a3", 3, null, [["a4", 4, null, [["a5", 4, ben.displayName], ["a6", 4, ana.displayName]]]]]]]]],
      ["b", 1, null, [["b1", 2, null], ["b2", 2, null]]],
    ]);
    const a4 = thread.comments[0]!.replies[0]!.replies[0]!.replies[0]!;
    expect(a4.replies.map((r) => r.inReplyTo)).toEqual([ben.displayName, ana.displayName]);

    expect((await getCommentThread(story.id, { sort: "newest" })).comments.map((c) => c.body)).toEqual(["b", "a"]);
    expect((await getCommentThread(story.id, { sort: "replies" })).comments.map((c) => c.body)).toEqual(["b", "a"]);
  });

  it("keeps a deleted or hidden comment as a placeholder only when replies below it are shown, and never leaks its text", async () => {
    const [ana, ben] = await Promise.all([makeActor("READER"), makeActor("READER")]);
    const story = await makeStory({ status: "PUBLISHED" });
    const deleted = await makeComment(story.id, ana.id, "gone", { deleted: true });
    await makeComment(story.id, ben.id, "answer", { parentId: deleted.id });
    await makeComment(story.id, ana.id, "lonely deleted", { deleted: true });
    const rejected = await makeComment(story.id, ana.id, "rude", { status: "REJECTED", rejectReason: "Personal attack." });
    await makeComment(story.id, ben.id, "reply to rude", { parentId: rejected.id });
    await makeComment(story.id, ana.id, "pending", { status: "PENDING" });
    await makeComment(story.id, null, "anonymised");

    const anonymous = await getCommentThread(story.id);
    expect(outline(anonymous.comments)).toEqual([
      ["deleted", 1, null, [["answer", 2, null]]],
      ["hidden", 1, null, [["reply to rude", 2, null]]],
      ["anonymised", 1, null],
    ]);
    expect(anonymous.count).toBe(3);
    expect(anonymous.comments.map((c) => c.authorName)).toEqual(["", "", "A former reader"]);
    expect(JSON.stringify(anonymous)).not.toMatch(/"gone"|"rude"|"pending"|Personal attack|@example/);

    const own = await getCommentThread(story.id, { viewerId: ana.id });
    expect(own.comments.map((c) => [c.state, c.body, c.isOwn])).toEqual([
      ["deleted", "", true],
      ["rejected", "rude", true],
      ["held", "pending", true],
      ["published", "anonymised", false],
    ]);
    expect(own.comments[1]!.rejectReason).toBe("Personal attack.");
    expect(own.comments[2]!.holdReasons).toEqual(["FIRST_COMMENT"]);
    expect(own.count).toBe(3);
  });

  it("places every one of 1,000 comments in threads exactly once, under its parent, no deeper than the cap", async () => {
    const readers = await Promise.all(Array.from({ length: 10 }, () => makeActor("READER")));
    const story = await makeStory({ status: "PUBLISHED" });
    const ids: string[] = [];
    const rows = Array.from({ length: 1000 }, (_, i) => {
      const id = crypto.randomUUID();
      ids.push(id);
      // Every fourth a new thread; the rest answer an earlier comment, so threads run deep.
      const parentId = i % 4 === 0 ? null : ids[i - 1 - ((i * 7) % Math.min(i, 12))]!;
      return { id, storyId: story.id, authorId: readers[i % 10]!.id, parentId, body: `Comment ${i} `.repeat(20), bodyHash: String(i), status: "APPROVED" as const, createdAt: new Date(Date.parse("2026-11-01T00:00:00Z") + i * 1000) };
    });
    await db.comment.createMany({ data: rows });
    const parentOf = new Map(rows.map((row) => [row.id, row.parentId]));

    const thread = await getCommentThread(story.id);

    expect(thread.count).toBe(1000);
    const seen: string[] = [];
    const walk = (comment: ThreadComment, ancestors: string[]) => {
      seen.push(comment.id);
      expect(comment.depth).toBe(Math.min(ancestors.length + 1, MAX_DEPTH));
      // Shown under its own parent, or (past the cap) under one of its ancestors.
      const parent = parentOf.get(comment.id) ?? null;
      if (comment.depth < MAX_DEPTH) expect(parent).toBe(ancestors.at(-1) ?? null);
      // Flattened at the cap: listed after the comment it answers, and saying whom it answers.
      else if (parent !== ancestors.at(-1)) {
        expect(seen).toContain(parent);
        expect(comment.inReplyTo).toBeTruthy();
      }
      for (const reply of comment.replies) walk(reply, [...ancestors, comment.id]);
    };
    for (const comment of thread.comments) walk(comment, []);
    expect(seen).toHaveLength(1000);
    expect(new Set(seen)).toEqual(new Set(ids));
    expect(thread.comments).toHaveLength(250);
    // Its speed (one query, well under the 30 ms target) is measured by `npm run bench -- --only comments`.
  });
});

describe("getStoryComments", () => {
  it("gives the cached page the policy and the anonymous thread, and nothing for an unpublished story", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { commentPolicy: "PREMODERATED" } });
    await makeComment(story.id, reader.id, "hello");
    const loaded = await getStoryComments(story.id);
    expect(loaded?.policy).toMatchObject({ policy: "PREMODERATED", reason: "Comments on this story are checked by a moderator before they appear." });
    expect(loaded?.thread.count).toBe(1);
    const draft = await makeStory({ status: "DRAFT" });
    expect(await getStoryComments(draft.id)).toBeNull();
  });
});

describe("getStoryCommentPreview", () => {
  it("gives the first published top-level comments with their reply counts, the story's count, and nothing for an unpublished story", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const first = await makeComment(story.id, reader.id, "first", { replyCount: 1 });
    await makeComment(story.id, reader.id, "a reply", { parentId: first.id });
    await makeComment(story.id, reader.id, "held", { status: "PENDING" });
    await makeComment(story.id, reader.id, "deleted", { deleted: true });
    await makeComment(story.id, reader.id, "second");
    await makeComment(story.id, reader.id, "third");
    await recountStoryComments(db, [story.id]);
    const preview = await getStoryCommentPreview(story.id, 2);
    expect(preview?.comments.map((comment) => [comment.body, comment.replyCount])).toEqual([
      ["first", 1],
      ["second", 0],
    ]);
    expect(preview?.comments[0]).toMatchObject({ authorName: reader.displayName, state: "published", isOwn: false, replies: [] });
    expect(preview?.count).toBe(4);
    expect(preview?.policy.policy).toBe("OPEN");
    const draft = await makeStory({ status: "DRAFT" });
    expect(await getStoryCommentPreview(draft.id, 10)).toBeNull();
    expect(await getStoryCommentPreview("not-a-uuid", 10)).toBeNull();
  });
});
