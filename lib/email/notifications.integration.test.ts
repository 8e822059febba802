// Reply and decision notifications: queued with the event, with one-click unsubscribe headers and a
// signed link that works without signing in.

import { describe, expect, it } from "vitest";

import { loadActor } from "@/lib/auth/actor";
import { postComment } from "@/lib/comments/post";
import { db } from "@/lib/db";
import { readUnsubscribeToken, unsubscribe, unsubscribeToken, updateEmailPreferences } from "@/lib/email/notifications";
import { moderateComments } from "@/lib/moderation/mutations";
import { makeActor, makeComment, makeSection, makeStory, makeUser } from "@/tests/integration/factories";

async function openStory() {
  const section = await makeSection();
  const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
  await db.story.update({ where: { id: story.id }, data: { publishedAt: new Date(), commentPolicy: "OPEN" } });
  return story;
}

/** A reply by `replier` to `parentId`, shown: approved by a moderator if the hold rules held it. */
async function publishedReply(storyId: string, parentId: string, replierId: string, body: string): Promise<string> {
  const replier = await loadActor(replierId);
  const posted = await postComment(replier, { storyId, parentId, body });
  if (posted.status === "PENDING") await moderateComments(await makeActor("MODERATOR"), { ids: [posted.id], decision: "approve" });
  return posted.id;
}

const mailsTo = (to: string, kind: string) => db.emailMessage.findMany({ where: { to, kind }, orderBy: { createdAt: "asc" } });

describe("reply notifications", () => {
  it("tells the parent's author about a published reply, with one-click unsubscribe headers", async () => {
    const story = await openStory();
    const author = await makeUser("READER");
    const replier = await makeUser("READER");
    const parent = await makeComment(story.id, author.id, "The bridge should have been repaired years ago.");
    const replyId = await publishedReply(story.id, parent.id, replier.id, "It was on the list in 2019, says the council.");

    const [mail, ...more] = await mailsTo(author.email, "reply");
    expect(more).toHaveLength(0);
    expect(mail!.subject).toContain("replied to your comment");
    expect(mail!.text).toContain("It was on the list in 2019, says the council.");
    expect(mail!.text).toContain(`comment=${replyId}`);
    expect(mail!.html).toContain("It was on the list in 2019, says the council.");
    const headers = mail!.headers as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(headers["List-Unsubscribe"]).toMatch(/^<http.+\/account\/unsubscribe\/one-click\?token=.+>$/);
    const link = /\/account\/unsubscribe\?token=([^\s"&]+)/.exec(mail!.text)?.[1];
    expect(readUnsubscribeToken(decodeURIComponent(link ?? ""))).toEqual({ userId: author.id, kind: "replies" });
  });

  it("sends nothing for a reply to one's own comment, or to someone who turned replies off", async () => {
    const story = await openStory();
    const author = await makeUser("READER");
    const parent = await makeComment(story.id, author.id, "First thoughts on the budget.");
    await publishedReply(story.id, parent.id, author.id, "And a second thought of my own.");
    expect(await mailsTo(author.email, "reply")).toHaveLength(0);

    const quiet = await makeUser("READER");
    await updateEmailPreferences(await loadActor(quiet.id), { emailOnReply: false, emailOnDecision: true });
    const other = await makeComment(story.id, quiet.id, "Please no more emails.");
    await publishedReply(story.id, other.id, author.id, "Replying anyway.");
    expect(await mailsTo(quiet.email, "reply")).toHaveLength(0);
  });

  it("the unsubscribe token turns off only its own kind, needs no sign-in, and a forged one is refused", async () => {
    const reader = await makeUser("READER");
    expect(await unsubscribe(unsubscribeToken(reader.id, "replies"))).toEqual({ kind: "replies" });
    expect(await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { emailOnReply: true, emailOnDecision: true } })).toEqual({
      emailOnReply: false,
      emailOnDecision: true,
    });
    const other = await makeUser("READER");
    const forged = unsubscribeToken(reader.id, "decisions").replace(reader.id, other.id);
    await expect(unsubscribe(forged)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(unsubscribe(unsubscribeToken(other.id, "decisions", ["some other secret"]))).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id }, select: { emailOnDecision: true } })).emailOnDecision).toBe(true);
  });
});

describe("decision notifications", () => {
  it("tells a held comment's author the decision, in the moderator's transaction, and never for spam", async () => {
    const story = await openStory();
    const moderator = await makeActor("MODERATOR");
    const approvedAuthor = await makeUser("READER");
    const rejectedAuthor = await makeUser("READER");
    const spammer = await makeUser("READER");
    const a = await makeComment(story.id, approvedAuthor.id, "Held, then approved.", { status: "PENDING" });
    const r = await makeComment(story.id, rejectedAuthor.id, "Held, then rejected.", { status: "PENDING" });
    const s = await makeComment(story.id, spammer.id, "Buy cheap watches.", { status: "PENDING" });
    await moderateComments(moderator, { ids: [a.id], decision: "approve" });
    await moderateComments(moderator, { ids: [r.id], decision: "reject", reason: "Personal attacks are not allowed." });
    await moderateComments(moderator, { ids: [s.id], decision: "spam" });

    const [approved] = await mailsTo(approvedAuthor.email, "decision");
    expect(approved!.subject).toContain("is published");
    const [rejected] = await mailsTo(rejectedAuthor.email, "decision");
    expect(rejected!.subject).toContain("was not published");
    expect(rejected!.text).toContain("Personal attacks are not allowed.");
    expect((rejected!.headers as Record<string, string>)["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(await db.emailMessage.count({ where: { to: spammer.email } })).toBe(0);

    // A decision on a comment that was not held (a published one, taken down) is not mailed.
    const shown = await makeComment(story.id, approvedAuthor.id, "Already shown.");
    await moderateComments(moderator, { ids: [shown.id], decision: "reject", reason: "Off topic." });
    expect(await mailsTo(approvedAuthor.email, "decision")).toHaveLength(1);
  });

  it("a held reply approved tells the comment it answers too", async () => {
    const story = await openStory();
    const author = await makeUser("READER");
    const replier = await makeUser("READER");
    const parent = await makeComment(story.id, author.id, "What about the buses?");
    const reply = await makeComment(story.id, replier.id, "They run every ten minutes.", { parentId: parent.id, status: "PENDING" });
    expect(await mailsTo(author.email, "reply")).toHaveLength(0);
    await moderateComments(await makeActor("MODERATOR"), { ids: [reply.id], decision: "approve" });
    expect(await mailsTo(author.email, "reply")).toHaveLength(1);
    expect(await mailsTo(replier.email, "decision")).toHaveLength(1);
  });
});
