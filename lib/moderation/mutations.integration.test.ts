import { randomUUID } from "node:crypto";

import { describe, expect, it } from "vitest";

import { commentsTag, slugTag } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { closeStoryComments, moderateComments } from "@/lib/moderation/mutations";
import { saveStory } from "@/lib/stories/mutations";
import { makeComment, makeReport } from "@/lib/moderation/test-factories";
import { makeActor, makeStory } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

const commentOf = (id: string) =>
  db.comment.findUniqueOrThrow({ where: { id }, select: { status: true, rejectReason: true, moderatedById: true, moderatedAt: true, replyCount: true } });
const storyCount = async (id: string) => (await db.story.findUniqueOrThrow({ where: { id }, select: { commentCount: true } })).commentCount;

describe("moderateComments", () => {
  it("approving a held reply shows it: the story's and the parent's counts go up, its reports are resolved, the decision is audited and the story's comments refresh", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const parent = await makeComment({ storyId: story.id, status: "APPROVED" });
    await db.story.update({ where: { id: story.id }, data: { commentCount: 1 } });
    const reply = await makeComment({ storyId: story.id, parentId: parent.id, holdReasons: ["suspect_word"] });
    await makeReport(reply.id);

    const result = await moderateComments(moderator, { ids: [reply.id], decision: "approve" });
    expect(result).toEqual({ decision: "approve", count: 1, resolvedReports: 1 });

    const after = await commentOf(reply.id);
    expect(after).toMatchObject({ status: "APPROVED", rejectReason: null, moderatedById: moderator.id });
    expect(after.moderatedAt).not.toBeNull();
    expect(await storyCount(story.id)).toBe(2);
    expect((await commentOf(parent.id)).replyCount).toBe(1);
    expect(await db.commentReport.count({ where: { commentId: reply.id, resolvedAt: null } })).toBe(0);
    expect(await db.auditLog.findMany({ where: { entityId: reply.id }, select: { action: true, actorId: true, entityType: true, data: true } })).toEqual([
      { action: "comment.approve", actorId: moderator.id, entityType: "comment", data: { storyId: story.id, before: "PENDING", after: "APPROVED" } },
    ]);
    expect(invalidations.tags).toEqual([commentsTag(story.id)]);
  });

  it("rejecting approved comments in bulk hides them with the reason their authors see, audits each with the reason, and recounts every story", async () => {
    const editor = await makeActor("EDITOR");
    const [one, two] = [await makeStory({ status: "PUBLISHED" }), await makeStory({ status: "PUBLISHED" })];
    const a = await makeComment({ storyId: one.id, status: "APPROVED" });
    const b = await makeComment({ storyId: one.id, status: "APPROVED" });
    const c = await makeComment({ storyId: two.id, status: "APPROVED" });
    const pending = await makeComment({ storyId: two.id });
    await db.story.updateMany({ where: { id: { in: [one.id, two.id] } }, data: { commentCount: 99 } });

    const reason = "  Personal attacks are not allowed here.  ";
    const result = await moderateComments(editor, { ids: [a.id, b.id, c.id, pending.id], decision: "reject", reason });
    expect(result.count).toBe(4);
    for (const id of [a.id, b.id, c.id, pending.id]) {
      expect(await commentOf(id)).toMatchObject({ status: "REJECTED", rejectReason: "Personal attacks are not allowed here." });
    }
    // Recounted from the comments, not adjusted: a count that had drifted is right again.
    expect(await storyCount(one.id)).toBe(0);
    expect(await storyCount(two.id)).toBe(0);
    const audits = await db.auditLog.findMany({ where: { entityId: { in: [a.id, b.id, c.id, pending.id] } }, select: { action: true, data: true } });
    expect(audits).toHaveLength(4);
    for (const audit of audits) {
      expect(audit).toMatchObject({ action: "comment.reject", data: { after: "REJECTED", reason: "Personal attacks are not allowed here." } });
    }
    expect(invalidations.tags.sort()).toEqual([commentsTag(one.id), commentsTag(two.id)].sort());
  });

  it("marking as spam hides an approved comment and a pending one changes no count and refreshes nothing", async () => {
    const admin = await makeActor("ADMIN");
    const story = await makeStory({ status: "PUBLISHED" });
    const pending = await makeComment({ storyId: story.id });
    await moderateComments(admin, { ids: [pending.id], decision: "spam" });
    expect((await commentOf(pending.id)).status).toBe("SPAM");
    expect(invalidations.tags).toEqual([]);
    expect(await db.auditLog.count({ where: { entityId: pending.id, action: "comment.spam" } })).toBe(1);

    const shown = await makeComment({ storyId: story.id, status: "APPROVED" });
    await db.story.update({ where: { id: story.id }, data: { commentCount: 1 } });
    await moderateComments(admin, { ids: [shown.id], decision: "spam" });
    expect(await storyCount(story.id)).toBe(0);
    expect(invalidations.tags).toEqual([commentsTag(story.id)]);
  });

  it("refuses a reject without a reason, a reason over 500 characters, no ids and more than 100, and writes nothing", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const comment = await makeComment({ storyId: story.id });
    await expect(moderateComments(moderator, { ids: [comment.id], decision: "reject" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { reason: ["Say why the comment is rejected: its author will see the reason."] },
    });
    await expect(moderateComments(moderator, { ids: [comment.id], decision: "reject", reason: "   " })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(moderateComments(moderator, { ids: [comment.id], decision: "reject", reason: "x".repeat(501) })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(moderateComments(moderator, { ids: [], decision: "approve" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const tooMany = Array.from({ length: 101 }, () => randomUUID());
    await expect(moderateComments(moderator, { ids: tooMany, decision: "approve" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(moderateComments(moderator, { ids: [comment.id], decision: "delete" })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await commentOf(comment.id)).status).toBe("PENDING");
    expect(await db.auditLog.count({ where: { entityId: comment.id } })).toBe(0);
  });

  it("refuses the whole batch when one id is unknown or one comment was deleted by its author", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const good = await makeComment({ storyId: story.id });
    const deleted = await makeComment({ storyId: story.id, deletedAt: new Date() });
    await expect(moderateComments(moderator, { ids: [good.id, randomUUID()], decision: "approve" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderateComments(moderator, { ids: ["not-a-comment"], decision: "approve" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(moderateComments(moderator, { ids: [good.id, deleted.id], decision: "approve" })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    expect((await commentOf(good.id)).status).toBe("PENDING");
    expect(await db.auditLog.count({ where: { entityId: { in: [good.id, deleted.id] } } })).toBe(0);
    expect(invalidations.tags).toEqual([]);
  });

  it("moderators, editors and admins may decide; reporters, readers and nobody may not", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    for (const role of ["MODERATOR", "EDITOR", "ADMIN"] as const) {
      const comment = await makeComment({ storyId: story.id });
      await expect(moderateComments(await makeActor(role), { ids: [comment.id], decision: "approve" })).resolves.toMatchObject({ count: 1 });
    }
    const comment = await makeComment({ storyId: story.id });
    for (const role of ["REPORTER", "READER"] as const) {
      await expect(moderateComments(await makeActor(role), { ids: [comment.id], decision: "approve" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(moderateComments(null, { ids: [comment.id], decision: "approve" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await commentOf(comment.id)).status).toBe("PENDING");
  });

  it("two moderators deciding on overlapping comments at once both finish and the counts match the comments", async () => {
    const [first, second] = [await makeActor("MODERATOR"), await makeActor("MODERATOR")];
    const [one, two] = [await makeStory({ status: "PUBLISHED" }), await makeStory({ status: "PUBLISHED" })];
    const comments = [];
    for (let i = 0; i < 10; i++) comments.push(await makeComment({ storyId: i % 2 ? one.id : two.id }));
    const ids = comments.map((c) => c.id);
    await Promise.all([
      moderateComments(first, { ids: ids.slice(0, 7), decision: "approve" }),
      moderateComments(second, { ids: ids.slice(3).reverse(), decision: "approve" }),
    ]);
    for (const story of [one, two]) {
      const visible = await db.comment.count({ where: { storyId: story.id, status: "APPROVED", deletedAt: null } });
      expect(await storyCount(story.id)).toBe(visible);
      expect(visible).toBe(5);
    }
  });
});

describe("closeStoryComments", () => {
  it("closes a story's comments, audits it and refreshes its page; closing again changes nothing", async () => {
    const moderator = await makeActor("MODERATOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const closed = await closeStoryComments(moderator, story.id);
    expect(closed).toMatchObject({ storyId: story.id, commentPolicy: "CLOSED", changed: true });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentPolicy: true, commentsClosedAt: true, version: true } });
    expect(row.commentPolicy).toBe("CLOSED");
    expect(row.commentsClosedAt).not.toBeNull();
    expect(await db.auditLog.findMany({ where: { entityId: story.id, action: "story.commentsClose" }, select: { actorId: true, data: true } })).toEqual([
      { actorId: moderator.id, data: { before: "OPEN", after: "CLOSED" } },
    ]);
    expect(invalidations.tags.sort()).toEqual([commentsTag(story.id), slugTag(story.slug)].sort());

    invalidations.clear();
    expect(await closeStoryComments(moderator, story.id)).toMatchObject({ changed: false });
    expect(await db.auditLog.count({ where: { entityId: story.id, action: "story.commentsClose" } })).toBe(1);
    expect(invalidations.tags).toEqual([]);
  });

  it("counts as a new version of the story, so an editor saving what they opened before gets a conflict, not comments reopened", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const opened = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true, sectionId: true, body: true } });
    await closeStoryComments(await makeActor("MODERATOR"), story.id);
    const stale = saveStory(editor, story.id, opened.version, { headline: "Edited while comments closed", sectionId: opened.sectionId, body: opened.body, commentPolicy: "OPEN" });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentPolicy: true, version: true, headline: true } });
    expect(row).toMatchObject({ commentPolicy: "CLOSED", version: opened.version + 1 });
    expect(row.headline).not.toBe("Edited while comments closed");
  });

  it("refuses an unknown story and people who may not moderate", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    await expect(closeStoryComments(await makeActor("MODERATOR"), randomUUID())).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(closeStoryComments(await makeActor("MODERATOR"), "nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const role of ["REPORTER", "READER"] as const) {
      await expect(closeStoryComments(await makeActor(role), story.id)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentPolicy: true } })).commentPolicy).toBe("OPEN");
  });
});
