import { describe, expect, it } from "vitest";

import { deleteOwnAccount, MAX_DELETE_PASSWORD_FAILURES, STAFF_CANNOT_DELETE_MESSAGE, WRONG_PASSWORD_MESSAGE } from "@/lib/accounts/delete";
import { listOwnComments, OWN_COMMENTS_PAGE_SIZE, parsePageParam } from "@/lib/accounts/queries";
import { loadActor } from "@/lib/auth/actor";
import { authenticate } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CommentStatus } from "@/lib/generated/prisma/enums";
import { makeActor, makeStory, TEST_PASSWORD } from "@/tests/integration/factories";

async function addComment(
  storyId: string,
  authorId: string | null,
  options: { status?: CommentStatus; parentId?: string; body?: string; createdAt?: Date; holdReasons?: string[]; rejectReason?: string; deleted?: boolean } = {},
) {
  return db.comment.create({
    data: {
      storyId,
      authorId,
      parentId: options.parentId ?? null,
      body: options.body ?? "A civil remark.",
      bodyHash: "hash",
      status: options.status ?? "APPROVED",
      holdReasons: options.holdReasons ?? [],
      rejectReason: options.rejectReason ?? null,
      deletedAt: options.deleted ? new Date() : null,
      ...(options.createdAt ? { createdAt: options.createdAt } : {}),
    },
    select: { id: true },
  });
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function snapshot(userId: string, storyId: string) {
  return {
    user: await db.user.findUnique({ where: { id: userId }, select: { id: true, passwordHash: true } }),
    comments: await db.comment.findMany({ where: { storyId }, orderBy: { createdAt: "asc" }, select: { id: true, authorId: true, body: true, deletedAt: true, replyCount: true } }),
    story: await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { commentCount: true } }),
    audits: await db.auditLog.count({ where: { action: "account.delete", entityId: userId } }),
  };
}

describe("listOwnComments", () => {
  it("lists only the person's own comments, newest first, in every status, in plain words, with links to the discussion", async () => {
    const reader = await makeActor("READER");
    const other = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const hidden = await makeStory({ status: "UNPUBLISHED" });
    const placed = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, slug: true, section: { select: { slug: true } } } });
    const at = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const published = await addComment(story.id, reader.id, { createdAt: at(50), body: "<script>alert(1)</script> plain text" });
    await addComment(story.id, reader.id, { status: "PENDING", holdReasons: ["FIRST_COMMENT"], createdAt: at(40) });
    await addComment(story.id, reader.id, { status: "REJECTED", rejectReason: "Personal attack", createdAt: at(30) });
    await addComment(story.id, reader.id, { status: "SPAM", createdAt: at(20) });
    await addComment(story.id, reader.id, { deleted: true, body: "gone", createdAt: at(10) });
    await addComment(hidden.id, reader.id, { createdAt: at(5) });
    await addComment(story.id, other.id);

    const result = await listOwnComments(reader);
    expect(result).toMatchObject({ page: 1, pageCount: 1, total: 6 });
    expect(result.comments.map((comment) => comment.statusText)).toEqual([
      "Published",
      "Deleted by you",
      "Removed as spam",
      "Not published: Personal attack",
      "Waiting for a moderator: it is your first comment here, and a moderator reads every new reader's first comment",
      "Published",
    ]);
    const [onHidden, deleted, , , , first] = result.comments;
    expect(onHidden?.story.href).toBeNull();
    expect(deleted?.body).toBe("");
    expect(first).toMatchObject({
      id: published.id,
      body: "<script>alert(1)</script> plain text",
      story: { headline: placed.headline, href: `/${placed.section!.slug}/${placed.slug}/comments#comment-${published.id}` },
    });
  });

  it("pages through them, a page past the end showing the last page", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const total = OWN_COMMENTS_PAGE_SIZE + 3;
    for (let i = 0; i < total; i += 1) await addComment(story.id, reader.id, { body: `Comment ${i}`, createdAt: new Date(Date.now() - (total - i) * 1000) });
    const first = await listOwnComments(reader, { page: 1 });
    const second = await listOwnComments(reader, { page: 2 });
    expect(first).toMatchObject({ page: 1, pageCount: 2, total });
    expect(first.comments).toHaveLength(OWN_COMMENTS_PAGE_SIZE);
    expect(first.comments[0]?.body).toBe(`Comment ${total - 1}`);
    expect(second.comments.map((comment) => comment.body)).toEqual(["Comment 2", "Comment 1", "Comment 0"]);
    expect((await listOwnComments(reader, { page: 99 })).page).toBe(2);
  });

  it("needs someone signed in", async () => {
    expect((await refusal(listOwnComments(null))).code).toBe("UNAUTHENTICATED");
  });

  it("reads ?page= safely", () => {
    expect(parsePageParam("3")).toBe(3);
    for (const raw of [undefined, "", "0", "-1", "2.5", "abc", "9999999", ["x"]]) expect(parsePageParam(raw), String(raw)).toBe(1);
  });
});

describe("deleteOwnAccount", () => {
  it("keeps the comments without the name when asked to, and the person can no longer sign in", async () => {
    const reader = await makeActor("READER");
    const replier = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const top = await addComment(story.id, reader.id, { body: "My considered view." });
    await addComment(story.id, replier.id, { parentId: top.id });
    await db.story.update({ where: { id: story.id }, data: { commentCount: 2 } });
    await db.comment.update({ where: { id: top.id }, data: { replyCount: 1 } });

    expect(await deleteOwnAccount(reader, { comments: "keep", password: TEST_PASSWORD })).toEqual({ comments: "keep", commentCount: 1 });

    expect(await db.user.findUnique({ where: { id: reader.id } })).toBeNull();
    const kept = await db.comment.findUniqueOrThrow({ where: { id: top.id }, select: { authorId: true, body: true, deletedAt: true, status: true } });
    expect(kept).toEqual({ authorId: null, body: "My considered view.", deletedAt: null, status: "APPROVED" });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentCount: true } })).commentCount).toBe(2);
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "account.delete", entityId: reader.id }, select: { actorId: true, data: true, entityType: true } });
    expect(audit).toEqual({ actorId: null, entityType: "user", data: { comments: "keep", commentCount: 1 } });
    expect(JSON.stringify(audit)).not.toContain(reader.email);
    expect(await loadActor(reader.id)).toBeNull();
    expect((await authenticate({ email: reader.email, password: TEST_PASSWORD }, { sleep: async () => {} })).ok).toBe(false);
  });

  it("removes the comments' text when asked to, keeps the threads and recounts", async () => {
    const reader = await makeActor("READER");
    const other = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const otherStory = await makeStory({ status: "PUBLISHED" });
    const othersTop = await addComment(story.id, other.id);
    const mine = await addComment(story.id, reader.id, { parentId: othersTop.id, body: "Reply to remove" });
    const theirReply = await addComment(story.id, other.id, { parentId: mine.id, body: "Reply that stays" });
    await addComment(story.id, reader.id, { status: "PENDING", body: "Held, to remove" });
    await addComment(otherStory.id, reader.id, { body: "Elsewhere" });
    await db.story.update({ where: { id: story.id }, data: { commentCount: 3 } });
    await db.story.update({ where: { id: otherStory.id }, data: { commentCount: 1 } });
    await db.comment.update({ where: { id: othersTop.id }, data: { replyCount: 1 } });
    await db.comment.update({ where: { id: mine.id }, data: { replyCount: 1 } });

    expect(await deleteOwnAccount(reader, { comments: "remove", password: TEST_PASSWORD })).toEqual({ comments: "remove", commentCount: 3 });

    const removed = await db.comment.findMany({ where: { body: { in: ["Reply to remove", "Held, to remove", "Elsewhere"] } } });
    expect(removed).toEqual([]);
    const thread = await db.comment.findUniqueOrThrow({ where: { id: mine.id }, select: { authorId: true, body: true, bodyHash: true, deletedAt: true } });
    expect(thread).toMatchObject({ authorId: null, body: "", bodyHash: "" });
    expect(thread.deletedAt).toBeInstanceOf(Date);
    expect(await db.comment.findUniqueOrThrow({ where: { id: theirReply.id }, select: { body: true, parentId: true } })).toEqual({ body: "Reply that stays", parentId: mine.id });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { commentCount: true } })).commentCount).toBe(2);
    expect((await db.story.findUniqueOrThrow({ where: { id: otherStory.id }, select: { commentCount: true } })).commentCount).toBe(0);
    expect((await db.comment.findUniqueOrThrow({ where: { id: othersTop.id }, select: { replyCount: true } })).replyCount).toBe(0);
    expect(await db.auditLog.count({ where: { action: "account.delete", entityId: reader.id, data: { equals: { comments: "remove", commentCount: 3 } } } })).toBe(1);
  });

  it("keeps the reports the person made, without their name", async () => {
    const reader = await makeActor("READER");
    const author = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    const comment = await addComment(story.id, author.id);
    const report = await db.commentReport.create({ data: { commentId: comment.id, reporterId: reader.id, reason: "ABUSE" }, select: { id: true } });
    await deleteOwnAccount(reader, { comments: "keep", password: TEST_PASSWORD });
    expect(await db.commentReport.findUniqueOrThrow({ where: { id: report.id }, select: { reporterId: true, reason: true } })).toEqual({ reporterId: null, reason: "ABUSE" });
  });

  it("refuses a wrong password and changes nothing, then stops taking guesses", async () => {
    const reader = await makeActor("READER");
    const story = await makeStory({ status: "PUBLISHED" });
    await addComment(story.id, reader.id);
    await db.story.update({ where: { id: story.id }, data: { commentCount: 1 } });
    const before = await snapshot(reader.id, story.id);
    for (const choice of ["keep", "remove"]) {
      const error = await refusal(deleteOwnAccount(reader, { comments: choice, password: "not my password" }));
      expect(error).toMatchObject({ code: "INVALID_INPUT", message: WRONG_PASSWORD_MESSAGE, fieldErrors: { password: [WRONG_PASSWORD_MESSAGE] } });
    }
    expect(await snapshot(reader.id, story.id)).toEqual(before);
    for (let i = 2; i < MAX_DELETE_PASSWORD_FAILURES; i += 1) await refusal(deleteOwnAccount(reader, { comments: "keep", password: "guess" }));
    expect((await refusal(deleteOwnAccount(reader, { comments: "keep", password: TEST_PASSWORD }))).code).toBe("RATE_LIMITED");
    expect(await snapshot(reader.id, story.id)).toEqual(before);
  });

  it("refuses a missing choice or password, and anyone not signed in", async () => {
    const reader = await makeActor("READER");
    expect((await refusal(deleteOwnAccount(reader, { password: TEST_PASSWORD }))).fieldErrors?.comments).toEqual(["Choose what happens to your comments."]);
    expect((await refusal(deleteOwnAccount(reader, { comments: "burn", password: TEST_PASSWORD }))).code).toBe("INVALID_INPUT");
    expect((await refusal(deleteOwnAccount(reader, { comments: "keep", password: "" }))).fieldErrors?.password).toEqual(["Enter your password to confirm."]);
    expect((await refusal(deleteOwnAccount(null, { comments: "keep", password: TEST_PASSWORD }))).code).toBe("UNAUTHENTICATED");
    expect(await db.user.count({ where: { id: reader.id } })).toBe(1);
  });

  it("refuses staff, who are sent to an admin, even with the right password", async () => {
    for (const role of ["ADMIN", "EDITOR", "REPORTER", "MODERATOR"] as const) {
      const staff = await makeActor(role);
      const error = await refusal(deleteOwnAccount(staff, { comments: "remove", password: TEST_PASSWORD }));
      expect(error).toMatchObject({ code: "FORBIDDEN", message: STAFF_CANNOT_DELETE_MESSAGE });
      expect(await db.user.count({ where: { id: staff.id } })).toBe(1);
    }
  });

  it("lets a suspended reader leave", async () => {
    const reader = await makeActor("READER");
    await db.user.update({ where: { id: reader.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 86_400_000) } });
    const suspended = await loadActor(reader.id);
    await deleteOwnAccount(suspended, { comments: "keep", password: TEST_PASSWORD });
    expect(await db.user.count({ where: { id: reader.id } })).toBe(0);
  });
});
