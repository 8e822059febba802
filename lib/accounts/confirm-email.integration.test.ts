// Confirming a new reader's email: the setting, the link at sign-up, and the database refusing
// their comments until they follow it.

import { afterEach, describe, expect, it } from "vitest";

import { confirmEmail, getEmailConfirmationSetting, mustConfirmEmail, resendConfirmation, updateEmailConfirmationSetting } from "@/lib/accounts/confirm-email";
import { signUpReader } from "@/lib/accounts/signup";
import { loadActor } from "@/lib/auth/actor";
import { startSession } from "@/lib/auth/sessions";
import { postComment } from "@/lib/comments/post";
import { CONFIRM_TO_COMMENT } from "@/lib/comments/sentences";
import { db } from "@/lib/db";
import { CONFIRM_LINK_INVALID } from "@/lib/email/sentences";
import { makeActor, makeSection, makeStory, unique } from "@/tests/integration/factories";

afterEach(async () => {
  // Other test files share the setting: it is on only inside these tests.
  await db.setting.deleteMany({ where: { key: "accounts.confirmEmail" } });
});

async function openStory() {
  const section = await makeSection();
  const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
  await db.story.update({ where: { id: story.id }, data: { publishedAt: new Date(), commentPolicy: "OPEN" } });
  return story;
}

const signUp = () =>
  signUpReader({ displayName: unique("New Reader"), email: `${unique("new")}@example.test`, password: "a long new passphrase" }, { address: `203.0.113.${Math.floor(Math.random() * 250)}-${unique("a")}` });

describe("confirming a new reader's email", () => {
  it("only admins read and change the setting, and the change is audited", async () => {
    await expect(getEmailConfirmationSetting(await makeActor("EDITOR"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(updateEmailConfirmationSetting(await makeActor("MODERATOR"), { requireEmailConfirmation: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = await makeActor("ADMIN");
    expect(await updateEmailConfirmationSetting(admin, { requireEmailConfirmation: "on" })).toEqual({ requireEmailConfirmation: true });
    expect(await getEmailConfirmationSetting(admin)).toEqual({ requireEmailConfirmation: true });
    expect(await db.auditLog.count({ where: { actorId: admin.id, action: "setting.update", entityId: "accounts.confirmEmail" } })).toBe(1);
  });

  it("when on, sign-up mails a link; until it is followed the reader may not comment, and the database refuses", async () => {
    const story = await openStory();
    await updateEmailConfirmationSetting(await makeActor("ADMIN"), { requireEmailConfirmation: true });
    const account = await signUp();
    const actor = await loadActor(account.id);
    expect(await mustConfirmEmail(actor)).toBe(true);
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: account.email, kind: "confirm-email" } });
    const token = /\/account\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    expect(mail.html).toContain(`/account/confirm-email?token=${token}`);

    // Refused as the loaded actor, and as the JSON endpoint's session person: both by the statement.
    await expect(postComment(actor, { storyId: story.id, body: "Can I comment yet?" })).rejects.toMatchObject({
      code: "FORBIDDEN",
      reason: "EMAIL_UNCONFIRMED",
      message: CONFIRM_TO_COMMENT,
    });
    const sessionId = await startSession(account.id);
    await expect(postComment({ id: account.id, sessionId }, { storyId: story.id, body: "Through the JSON endpoint?" })).rejects.toMatchObject({ reason: "EMAIL_UNCONFIRMED" });
    expect(await db.comment.count({ where: { authorId: account.id } })).toBe(0);

    expect(await confirmEmail(token)).toEqual({ userId: account.id });
    expect(await mustConfirmEmail(actor)).toBe(false);
    await expect(confirmEmail(token)).rejects.toMatchObject({ message: CONFIRM_LINK_INVALID });
    const posted = await postComment(actor, { storyId: story.id, body: "Now I can." });
    expect(posted.id).toBeTruthy();
  });

  it("when off, sign-up mails nothing and the reader comments at once; turning it off frees waiting readers", async () => {
    const story = await openStory();
    const account = await signUp();
    expect(await db.emailMessage.count({ where: { to: account.email } })).toBe(0);
    expect(await mustConfirmEmail(await loadActor(account.id))).toBe(false);

    const admin = await makeActor("ADMIN");
    await updateEmailConfirmationSetting(admin, { requireEmailConfirmation: true });
    const waiting = await signUp();
    await updateEmailConfirmationSetting(admin, { requireEmailConfirmation: false });
    const posted = await postComment(await loadActor(waiting.id), { storyId: story.id, body: "The setting is off now." });
    expect(posted.id).toBeTruthy();
  });

  it("a new link replaces the old one, and an expired link does not confirm", async () => {
    await updateEmailConfirmationSetting(await makeActor("ADMIN"), { requireEmailConfirmation: true });
    const account = await signUp();
    const actor = await loadActor(account.id);
    const first = await db.emailMessage.findFirstOrThrow({ where: { to: account.email, kind: "confirm-email" } });
    const oldToken = /token=([A-Za-z0-9_-]+)/.exec(first.text)?.[1];
    await resendConfirmation(actor);
    await expect(confirmEmail(oldToken)).rejects.toMatchObject({ message: CONFIRM_LINK_INVALID });
    const latest = await db.emailMessage.findFirstOrThrow({ where: { to: account.email, kind: "confirm-email" }, orderBy: { createdAt: "desc" } });
    const token = /token=([A-Za-z0-9_-]+)/.exec(latest.text)?.[1];
    await db.accountToken.updateMany({ where: { userId: account.id, usedAt: null }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(confirmEmail(token)).rejects.toMatchObject({ message: CONFIRM_LINK_INVALID });
    expect(await mustConfirmEmail(actor)).toBe(true);
  });
});
