// The dates written inside sentences (a suspension's end, when comments closed, when a blocked
// email may sign up again, a schedule in the timeline) follow the site's locale and the newsroom's
// time zone, like every date on a page. Alone: it changes what every other test reads.

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { signUpReader } from "@/lib/accounts/signup";
import { loadActor } from "@/lib/auth/actor";
import { getStoryCommentPolicy } from "@/lib/comments/queries";
import { postComment } from "@/lib/comments/post";
import { db } from "@/lib/db";
import { newsroomDateStyle, readDateStyle } from "@/lib/settings/dates";
import { updateSiteSettings } from "@/lib/settings/site";
import { NEWSROOM_TIME_ZONE_KEY, updateNewsroomTimeZone } from "@/lib/time-zone";
import { DEFAULT_STORED_SITE_SETTINGS, SITE_SETTINGS_KEY, toFormValues } from "@/lib/settings/schemas";
import { describeAuditEntry } from "@/lib/stories/timeline";
import { doc, makeActor, makeStory, makeUser } from "@/tests/integration/factories";
import { freshAddress } from "@/tests/addresses";

// 20:00 UTC on 2 January is already 3 January in Singapore; en-US writes the month first.
const UNTIL = new Date("2031-01-02T20:00:00Z");

beforeAll(async () => {
  const admin = await makeActor("ADMIN");
  await updateSiteSettings(admin, { ...toFormValues(DEFAULT_STORED_SITE_SETTINGS), name: "The Harbour Post", locale: "en-US" });
  await updateNewsroomTimeZone(admin, { timeZone: "Asia/Singapore" });
});

afterAll(async () => {
  await db.setting.deleteMany({ where: { key: { in: [SITE_SETTINGS_KEY, NEWSROOM_TIME_ZONE_KEY] } } });
});

async function refusalOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no refusal",
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  );
}

describe("dates inside sentences", () => {
  it("are written in the site's locale and the newsroom's zone", async () => {
    expect(await readDateStyle()).toEqual({ locale: "en-US", timeZone: "Asia/Singapore" });
    expect(await newsroomDateStyle()).toEqual({ locale: "en-US", timeZone: "Asia/Singapore" });
  });

  it("tell a suspended reader until when, on the refusal and at sign-up with the same address", async () => {
    const reader = await makeUser("READER");
    await db.user.update({ where: { id: reader.id }, data: { status: "SUSPENDED", suspendedUntil: UNTIL, statusReason: "Insults" } });
    const story = await makeStory({ status: "PUBLISHED" });
    const refused = await refusalOf(postComment(await loadActor(reader.id), { storyId: story.id, body: "Let me in." }));
    expect(refused).toMatch(/^Your account is suspended until January 3, 2031 at 0?4:00 AM GMT\+8:/);
    expect(await db.comment.count({ where: { authorId: reader.id } })).toBe(0);

    const again = await refusalOf(
      signUpReader({ displayName: "Back again", email: reader.email.replace("@", "+again@"), password: "a long enough passphrase" }, { address: freshAddress("7") }),
    );
    expect(again).toMatch(/^This email cannot be used for a new account until January 3, 2031 at 0?4:00 AM GMT\+8\./);
  });

  it("say when comments closed, on the newsroom's calendar", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    await db.story.update({ where: { id: story.id }, data: { commentsClosedAt: new Date("2026-12-02T20:00:00Z"), body: doc("Closed.") as object } });
    expect((await getStoryCommentPolicy(story.id))?.reason).toBe("Comments closed on December 3.");
  });

  it("date a schedule in a story's timeline", async () => {
    const line = describeAuditEntry({ action: "story.schedule", actorName: "Ana Ruiz", data: { scheduledFor: "2026-11-04T09:30:00.000Z" } }, await newsroomDateStyle());
    expect(line).toMatch(/^Ana Ruiz scheduled it for November 4, 2026 at 0?5:30 PM GMT\+8$/);
  });
});
