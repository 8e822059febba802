import { describe, expect, it } from "vitest";

import { loadActor, type Actor } from "@/lib/auth/actor";
import { deleteComment, editComment } from "@/lib/comments/edit";
import { postComment } from "@/lib/comments/post";
import { reportComment } from "@/lib/comments/report";
import { bodyHash } from "@/lib/comments/text";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { peekRateLimit } from "@/lib/rate-limit";
import { makeActor, makeSection, makeStory } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function openStory(options: { policy?: "OPEN" | "PREMODERATED" | "CLOSED"; closeAfterDays?: number; publishedDaysAgo?: number } = {}) {
  const section = await makeSection();
  if (options.closeAfterDays !== undefined) await db.section.update({ where: { id: section.id }, data: { commentsCloseAfterDays: options.closeAfterDays } });
  const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
  const publishedAt = new Date(Date.now() - (options.publishedDaysAgo ?? 0) * 86_400_000);
  await db.story.update({ where: { id: story.id }, data: { commentPolicy: options.policy ?? "OPEN", publishedAt } });
  return story;
}

async function counts(storyId: string) {
  const story = await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { commentCount: true } });
  const comments = await db.comment.count({ where: { storyId } });
  return { visible: story.commentCount, stored: comments };
}

async function stamped(storyId: string): Promise<Date | null> {
  const row = await db.cacheTag.findUnique({ where: { tag: `comments:${storyId}` }, select: { revalidatedAt: true } });
  return row?.revalidatedAt ?? null;
}

describe("postComment", () => {
  it("publishes a reader's comment at once on an open story, counts it and refreshes the story's cached comments", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const posted = await postComment(reader, { storyId: story.id, body: "  A fair question.\r\n\r\n\r\nWho pays for the wall?  " });
    expect(posted).toMatchObject({ storyId: story.id, parentId: null, status: "APPROVED", holdReasons: [], heldBecause: null });
    const row = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { body: true, authorId: true } });
    expect(row).toEqual({ body: "A fair question.\n\nWho pays for the wall?", authorId: reader.id });
    expect(await counts(story.id)).toEqual({ visible: 1, stored: 1 });
    expect(await stamped(story.id)).not.toBeNull();

    const other = await makeActor("READER");
    const reply = await postComment(other, { storyId: story.id, parentId: posted.id, body: "The council, says the story." });
    expect(reply).toMatchObject({ status: "APPROVED", parentId: posted.id });
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { replyCount: true } })).replyCount).toBe(1);
    expect(await counts(story.id)).toEqual({ visible: 2, stored: 2 });
  });

  it("stores HTML and script as the text the reader typed", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const body = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const posted = await postComment(reader, { storyId: story.id, body });
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { body: true } })).body).toBe(body);
  });

  it("holds a comment on a pre-moderated story and tells the author why", async () => {
    const reader = await makeActor("READER");
    const story = await openStory({ policy: "PREMODERATED" });
    const posted = await postComment(reader, { storyId: story.id, body: "Held, I expect." });
    expect(posted).toMatchObject({
      status: "PENDING",
      holdReasons: ["PREMODERATED"],
      heldBecause: "Your comment is waiting for a moderator because a moderator checks every comment on this story before it appears.",
    });
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 1 });
  });

  it("holds links from a day-old account and the same text posted again", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const linked = await postComment(reader, { storyId: story.id, body: "Source: https://example.org/report." });
    expect(linked.holdReasons).toEqual(["NEW_ACCOUNT_LINKS"]);
    expect(linked.heldBecause).toBe("Your comment is waiting for a moderator because it contains links and your account is less than a day old.");
    await db.user.update({ where: { id: reader.id }, data: { createdAt: new Date(Date.now() - 2 * 86_400_000) } });
    expect((await postComment(reader, { storyId: story.id, body: "Source: https://example.org/other." })).status).toBe("APPROVED");
    const first = await postComment(reader, { storyId: story.id, body: "Same words twice." });
    expect(first.status).toBe("APPROVED");
    const again = await postComment(reader, { storyId: story.id, body: "same  WORDS twice." });
    expect(again.holdReasons).toEqual(["REPEATED"]);
  });

  it("refuses closed stories with the reason, and unknown or unpublished ones, writing nothing", async () => {
    const reader = await makeActor("READER");
    const closed = await openStory({ policy: "CLOSED" });
    expect(await refusal(postComment(reader, { storyId: closed.id, body: "Hello" }))).toMatchObject({ code: "FORBIDDEN", message: "Comments on this story are closed." });
    const aged = await openStory({ closeAfterDays: 3, publishedDaysAgo: 5 });
    expect((await refusal(postComment(reader, { storyId: aged.id, body: "Hello" }))).message).toMatch(/^Comments closed on \d+ \w+, 3 days after publication\.$/);
    const draft = await makeStory({ status: "DRAFT" });
    expect(await refusal(postComment(reader, { storyId: draft.id, body: "Hello" }))).toMatchObject({ code: "NOT_FOUND", message: "That story does not exist." });
    for (const storyId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid", undefined]) {
      expect((await refusal(postComment(reader, { storyId, body: "Hello" }))).code).toBe("NOT_FOUND");
    }
    expect(await db.comment.count({ where: { authorId: reader.id } })).toBe(0);
  });

  it("refuses empty, whitespace-only and over-long comments, and a filled honeypot, writing nothing", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    expect(await refusal(postComment(reader, { storyId: story.id, body: "" }))).toMatchObject({ code: "INVALID_INPUT", fieldErrors: { body: ["Write something before posting: the comment is empty."] } });
    expect((await refusal(postComment(reader, { storyId: story.id, body: " \n\t\r\n " }))).message).toBe("Write something before posting: the comment is empty.");
    expect((await refusal(postComment(reader, { storyId: story.id, body: "x".repeat(5001) }))).message).toBe("Comments can be at most 5,000 characters; this one has 5,001.");
    expect((await refusal(postComment(reader, { storyId: story.id, body: 42 }))).code).toBe("INVALID_INPUT");
    expect(await refusal(postComment(reader, { storyId: story.id, body: "Buy now", honeypot: "http://spam.test" }))).toMatchObject({ code: "INVALID_INPUT", message: "Your comment could not be posted." });
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 0 });
    expect(await db.rateLimit.count({ where: { key: { contains: reader.id } } })).toBe(0);
  });

  it("refuses a NUL byte or another control character with the reason, writing nothing and counting nothing", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    expect(await refusal(postComment(reader, { storyId: story.id, body: "A fair\u0000 point." }))).toMatchObject({
      code: "INVALID_INPUT",
      message: "Your comment contains a NUL character (U+0000): remove it and try again.",
      fieldErrors: { body: ["Your comment contains a NUL character (U+0000): remove it and try again."] },
    });
    expect((await refusal(postComment(reader, { storyId: story.id, body: "Bell\u0007 rings" }))).message).toMatch(/^Your comment contains an invisible control character \(U\+0007\)/);
    expect((await refusal(postComment(reader, { storyId: story.id, body: "Half an emoji \uD83D" }))).message).toMatch(/^Your comment contains a broken character/);
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 0 });
    expect(await db.rateLimit.count({ where: { key: { contains: reader.id } } })).toBe(0);
    // Tabs and line breaks are part of a comment.
    expect((await postComment(reader, { storyId: story.id, body: "Two\tcolumns\r\nand two lines" })).status).toBe("APPROVED");
  });

  it("refuses replies to another story's comment or to one readers cannot see", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const elsewhere = await openStory();
    const foreign = await postComment(reader, { storyId: elsewhere.id, body: "Over here." });
    expect(await refusal(postComment(reader, { storyId: story.id, parentId: foreign.id, body: "Reply" }))).toMatchObject({ code: "INVALID_INPUT", message: "You can only reply to a comment on the same story." });
    const premoderated = await openStory({ policy: "PREMODERATED" });
    const held = await postComment(reader, { storyId: premoderated.id, body: "Waiting." });
    expect((await refusal(postComment(reader, { storyId: premoderated.id, parentId: held.id, body: "Reply" }))).message).toBe("The comment you are replying to is no longer shown, so it cannot take replies.");
    expect((await refusal(postComment(reader, { storyId: story.id, parentId: "nope", body: "Reply" }))).code).toBe("INVALID_INPUT");
    expect(await db.comment.count({ where: { storyId: { in: [story.id, premoderated.id] }, parentId: { not: null } } })).toBe(0);
  });

  it("refuses the signed-out and a suspended reader with the reason and until when; a ban leaves no actor at all", async () => {
    const story = await openStory();
    expect((await refusal(postComment(null, { storyId: story.id, body: "Hi" }))).code).toBe("UNAUTHENTICATED");
    const reader = await makeActor("READER");
    await db.user.update({ where: { id: reader.id }, data: { status: "SUSPENDED", suspendedUntil: new Date("2030-12-04T09:30:00Z"), statusReason: "Repeated personal attacks." } });
    const suspended = (await loadActor(reader.id)) as Actor;
    const error = await refusal(postComment(suspended, { storyId: story.id, body: "Hi" }));
    expect(error).toMatchObject({ code: "FORBIDDEN" });
    expect(error.message).toBe("Your account is suspended until 4 December 2030 at 09:30 UTC: you can read, but not comment or report comments. The reason given: Repeated personal attacks.");
    await db.user.update({ where: { id: reader.id }, data: { status: "BANNED" } });
    expect(await loadActor(reader.id)).toBeNull();
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 0 });
  });

  it("limits posting to 5 a minute per account and 30 a minute per address", async () => {
    const story = await openStory();
    const reader = await makeActor("READER");
    for (let i = 1; i <= 5; i++) await postComment(reader, { storyId: story.id, body: `Point number ${i}.` });
    const limited = await refusal(postComment(reader, { storyId: story.id, body: "Point number 6." }));
    expect(limited.code).toBe("RATE_LIMITED");
    expect(limited.message).toMatch(/^You are posting comments too quickly\. Wait \d+ seconds? and try again\.$/);

    const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.7`;
    const readers = await Promise.all(Array.from({ length: 8 }, () => makeActor("READER")));
    let accepted = 0;
    for (let i = 0; i < 31; i++) {
      const result = await postComment(readers[i % 8]!, { storyId: story.id, body: `From the library, ${i}.` }, { address }).then(() => "ok", (e: AppError) => e.code);
      if (result === "ok") accepted++;
      else expect(result).toBe("RATE_LIMITED");
    }
    expect(accepted).toBe(30);
    expect(await counts(story.id)).toEqual({ visible: 35, stored: 35 });
  });

  it("counts a refused attempt against the limits: over the limit, on a closed story, replying to a missing comment", async () => {
    const reader = await makeActor("READER");
    const address = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.9`;
    const minuteKey = `comment:post:account:${reader.id}:m`;
    const closed = await openStory({ policy: "CLOSED" });
    expect((await refusal(postComment(reader, { storyId: closed.id, body: "Too late?" }, { address }))).code).toBe("FORBIDDEN");
    expect((await peekRateLimit(minuteKey))?.count).toBe(1);
    expect((await peekRateLimit(`comment:post:address:${address}:m`))?.count).toBe(1);
    expect(await counts(closed.id)).toEqual({ visible: 0, stored: 0 });

    const story = await openStory();
    const missing = await refusal(postComment(reader, { storyId: story.id, parentId: "00000000-0000-4000-8000-000000000000", body: "Reply." }));
    expect(missing.code).toBe("NOT_FOUND");
    expect((await peekRateLimit(minuteKey))?.count).toBe(2);
    for (let i = 3; i <= 5; i++) await postComment(reader, { storyId: story.id, body: `Point number ${i}.` });
    expect((await refusal(postComment(reader, { storyId: story.id, body: "Point number 6." }))).code).toBe("RATE_LIMITED");
    expect((await refusal(postComment(reader, { storyId: story.id, body: "Point number 7." }))).code).toBe("RATE_LIMITED");
    // Both refused attempts counted, as they did when the limits were counted on their own.
    expect((await peekRateLimit(minuteKey))?.count).toBe(7);
    expect((await peekRateLimit(`comment:post:account:${reader.id}:h`))?.count).toBe(7);
    expect(await counts(story.id)).toEqual({ visible: 3, stored: 3 });
  });

  it("stamps nothing for a held comment, and the stamp of a published one commits with it", async () => {
    const reader = await makeActor("READER");
    const held = await openStory({ policy: "PREMODERATED" });
    expect((await postComment(reader, { storyId: held.id, body: "Waiting." })).status).toBe("PENDING");
    expect(await stamped(held.id)).toBeNull();
    const story = await openStory();
    const before = new Date();
    await postComment(reader, { storyId: story.id, body: "On the page." });
    expect((await stamped(story.id))!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it("keeps the count exact when twenty readers post on one story at once", async () => {
    const story = await openStory();
    const readers = await Promise.all(Array.from({ length: 20 }, () => makeActor("READER")));
    const top = await postComment(readers[0]!, { storyId: story.id, body: "Start here." });
    await Promise.all(readers.map((r, i) => postComment(r, { storyId: story.id, parentId: top.id, body: `Reply ${i}` })));
    expect(await counts(story.id)).toEqual({ visible: 21, stored: 21 });
    expect((await db.comment.findUniqueOrThrow({ where: { id: top.id }, select: { replyCount: true } })).replyCount).toBe(20);
  });
});

describe("postComment as one statement (post_comment)", () => {
  it("refuses a story closed at a set time, and takes comments on one that closes later", async () => {
    const reader = await makeActor("READER");
    const closed = await openStory();
    await db.story.update({ where: { id: closed.id }, data: { commentsClosedAt: new Date(Date.now() - 86_400_000) } });
    const refused = await refusal(postComment(reader, { storyId: closed.id, body: "Too late." }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/^Comments closed on \d+ \w+\.$/);
    const closing = await openStory({ closeAfterDays: 3, publishedDaysAgo: 2 });
    await db.story.update({ where: { id: closing.id }, data: { commentsClosedAt: new Date(Date.now() + 86_400_000) } });
    expect((await postComment(reader, { storyId: closing.id, body: "Just in time." })).status).toBe("APPROVED");
    expect(await counts(closed.id)).toEqual({ visible: 0, stored: 0 });
    expect(await counts(closing.id)).toEqual({ visible: 1, stored: 1 });
  });

  it("refuses a reply to a comment its author deleted (counting the attempt), and an account that no longer exists (writing nothing)", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const top = await postComment(reader, { storyId: story.id, body: "Gone soon." });
    await deleteComment(reader, { commentId: top.id });
    expect(await refusal(postComment(reader, { storyId: story.id, parentId: top.id, body: "Reply" }))).toMatchObject({
      code: "INVALID_INPUT",
      message: "The comment you are replying to is no longer shown, so it cannot take replies.",
    });

    const gone = await makeActor("READER");
    await db.user.delete({ where: { id: gone.id } });
    expect(await refusal(postComment(gone, { storyId: story.id, body: "Hello?" }))).toMatchObject({ code: "UNAUTHENTICATED", message: "Sign in to comment." });
    // Who is asking is checked before the limits are counted, as for a banned or suspended account.
    expect(await peekRateLimit(`comment:post:account:${gone.id}:m`)).toBeNull();
    expect((await peekRateLimit(`comment:post:account:${reader.id}:m`))?.count).toBe(2);
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 1 });
  });

  it("names the first limit over: a sixth post in a minute waits for the minute, not the hour", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    for (let i = 1; i <= 5; i++) await postComment(reader, { storyId: story.id, body: `Point ${i}.` });
    const limited = await refusal(postComment(reader, { storyId: story.id, body: "Point 6." }));
    expect(limited.code).toBe("RATE_LIMITED");
    const wait = limited.details?.retryAfterSeconds;
    expect(typeof wait === "number" && wait >= 1 && wait <= 60).toBe(true);
  });

  it("stamps the story's cached comments for a published reply, and keeps the reply count", async () => {
    const reader = await makeActor("READER");
    const story = await openStory({ policy: "OPEN" });
    const top = await postComment(reader, { storyId: story.id, body: "Top." });
    const stampedTop = await stamped(story.id);
    const reply = await postComment(reader, { storyId: story.id, parentId: top.id, body: "Reply." });
    expect(reply).toMatchObject({ status: "APPROVED", parentId: top.id, holdReasons: [], heldBecause: null });
    expect((await stamped(story.id))!.getTime()).toBeGreaterThanOrEqual(stampedTop!.getTime());
    const row = await db.comment.findUniqueOrThrow({ where: { id: reply.id }, select: { storyId: true, parentId: true, authorId: true, bodyHash: true, createdAt: true, updatedAt: true } });
    expect(row).toMatchObject({ storyId: story.id, parentId: top.id, authorId: reader.id, bodyHash: bodyHash("Reply.") });
    // Stamped by the database's clock, in UTC like every timestamp Prisma writes.
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.updatedAt).toEqual(row.createdAt);
    expect((await db.comment.findUniqueOrThrow({ where: { id: top.id }, select: { replyCount: true } })).replyCount).toBe(1);
  });
});

describe("editComment and deleteComment", () => {
  it("lets the author edit within ten minutes (marked edited, holds run again), not later and not someone else", async () => {
    const reader = await makeActor("READER");
    const story = await openStory();
    const posted = await postComment(reader, { storyId: story.id, body: "Frist!" });
    const edited = await editComment(reader, { commentId: posted.id, body: "First, a question about the vote." });
    expect(edited).toMatchObject({ status: "APPROVED", heldBecause: null });
    const row = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { body: true, editedAt: true } });
    expect(row.body).toBe("First, a question about the vote.");
    expect(row.editedAt).toBeInstanceOf(Date);

    const relinked = await editComment(reader, { commentId: posted.id, body: "See https://example.org" });
    expect(relinked).toMatchObject({ status: "PENDING", holdReasons: ["NEW_ACCOUNT_LINKS"] });
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 1 });

    const other = await makeActor("READER");
    expect(await refusal(editComment(other, { commentId: posted.id, body: "Mine now" }))).toMatchObject({ code: "FORBIDDEN" });
    expect((await refusal(editComment(reader, { commentId: posted.id, body: "   " }))).message).toBe("Write something before posting: the comment is empty.");
    await db.comment.update({ where: { id: posted.id }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    expect(await refusal(editComment(reader, { commentId: posted.id, body: "Too late" }))).toMatchObject({
      code: "INVALID_TRANSITION",
      message: "Comments can be edited for 10 minutes after posting, and that time has passed.",
    });
    expect((await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { body: true } })).body).toBe("See https://example.org");
  });

  it("removes the text of a deleted comment, keeps its replies, uncounts it and audits it", async () => {
    const reader = await makeActor("READER");
    const replier = await makeActor("READER");
    const story = await openStory();
    const top = await postComment(reader, { storyId: story.id, body: "Something I regret." });
    await postComment(replier, { storyId: story.id, parentId: top.id, body: "Steady on." });
    expect(await refusal(deleteComment(replier, { commentId: top.id }))).toMatchObject({ code: "FORBIDDEN" });
    await deleteComment(reader, { commentId: top.id });
    const row = await db.comment.findUniqueOrThrow({ where: { id: top.id }, select: { body: true, deletedAt: true, replyCount: true } });
    expect(row.body).toBe("");
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.replyCount).toBe(1);
    expect(await counts(story.id)).toEqual({ visible: 1, stored: 2 });
    await deleteComment(reader, { commentId: top.id }); // twice is harmless
    expect(await counts(story.id)).toEqual({ visible: 1, stored: 2 });
    expect(await db.auditLog.count({ where: { entityType: "comment", entityId: top.id, action: "comment.delete" } })).toBe(1);
    expect((await refusal(editComment(reader, { commentId: top.id, body: "Back" }))).message).toBe("You deleted this comment, so it cannot be edited.");
  });
});

describe("reportComment", () => {
  it("refuses bad reasons, Other without text, one's own comment and a second report; nothing written", async () => {
    const author = await makeActor("READER");
    const reader = await makeActor("READER");
    const story = await openStory();
    const posted = await postComment(author, { storyId: story.id, body: "Hot take." });
    expect(await refusal(reportComment(reader, { commentId: posted.id, reason: "BORING" }))).toMatchObject({ code: "INVALID_INPUT", message: "Choose a reason for the report." });
    expect(await refusal(reportComment(reader, { commentId: posted.id, reason: "OTHER", text: "  " }))).toMatchObject({ code: "INVALID_INPUT", message: "Tell us more: with Other, say what is wrong." });
    expect((await refusal(reportComment(reader, { commentId: posted.id, reason: "ABUSE", text: "x".repeat(1001) }))).code).toBe("INVALID_INPUT");
    expect(await refusal(reportComment(reader, { commentId: posted.id, reason: "OTHER", text: "Copied\u0000 from elsewhere" }))).toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { text: ["Your report contains a NUL character (U+0000): remove it and try again."] },
    });
    expect(await refusal(reportComment(author, { commentId: posted.id, reason: "SPAM" }))).toMatchObject({ code: "INVALID_INPUT", message: "You cannot report your own comment; you can edit or delete it." });
    expect((await refusal(reportComment(reader, { commentId: "x", reason: "SPAM" }))).code).toBe("NOT_FOUND");
    expect((await refusal(reportComment(null, { commentId: posted.id, reason: "SPAM" }))).code).toBe("UNAUTHENTICATED");
    expect(await db.commentReport.count({ where: { commentId: posted.id } })).toBe(0);

    const report = await reportComment(reader, { commentId: posted.id, reason: "OTHER", text: " <b>Copied</b> from elsewhere " });
    expect(report).toMatchObject({ reason: "OTHER", held: false });
    expect(await refusal(reportComment(reader, { commentId: posted.id, reason: "SPAM" }))).toMatchObject({ code: "CONFLICT", message: "You have already reported this comment. A moderator will look at it." });
    expect(await db.commentReport.findMany({ where: { commentId: posted.id }, select: { text: true, reporterId: true } })).toEqual([{ text: "<b>Copied</b> from elsewhere", reporterId: reader.id }]);
  });

  it("sends a comment three different readers reported back to the moderators, off the page", async () => {
    const author = await makeActor("READER");
    const story = await openStory();
    const posted = await postComment(author, { storyId: story.id, body: "Contested claim." });
    const reporters = await Promise.all([makeActor("READER"), makeActor("READER"), makeActor("READER")]);
    expect((await reportComment(reporters[0]!, { commentId: posted.id, reason: "SPAM" })).held).toBe(false);
    expect((await reportComment(reporters[1]!, { commentId: posted.id, reason: "ABUSE" })).held).toBe(false);
    const before = await stamped(story.id);
    expect((await reportComment(reporters[2]!, { commentId: posted.id, reason: "ILLEGAL" })).held).toBe(true);
    const row = await db.comment.findUniqueOrThrow({ where: { id: posted.id }, select: { status: true, holdReasons: true, reportCount: true } });
    expect(row).toEqual({ status: "PENDING", holdReasons: ["REPORTED"], reportCount: 3 });
    expect(await counts(story.id)).toEqual({ visible: 0, stored: 1 });
    expect((await stamped(story.id))!.getTime()).toBeGreaterThan(before!.getTime());
    const fourth = await makeActor("READER");
    expect((await refusal(reportComment(fourth, { commentId: posted.id, reason: "SPAM" }))).code).toBe("NOT_FOUND");
  });
});
