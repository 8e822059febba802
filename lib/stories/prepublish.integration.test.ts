import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { changeStoryStatus, saveStory } from "@/lib/stories/mutations";
import { makeActor, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

async function makeMedia(options: { alt?: string; credit?: string } = {}) {
  return db.media.create({
    data: { storageKey: unique("media"), mimeType: "image/jpeg", width: 1600, height: 900, bytes: 1000, alt: options.alt ?? "", credit: options.credit ?? "" },
    select: { id: true },
  });
}

/** Everything a refused status change must leave as it was. */
async function snapshot(storyId: string) {
  const row = await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { status: true, version: true, publishedAt: true, scheduledFor: true, updatedAt: true } });
  const revisions = await db.storyRevision.count({ where: { storyId } });
  const audits = await db.auditLog.count({ where: { entityId: storyId } });
  return { row, revisions, audits };
}

describe("the pre-publish check on the server (changeStoryStatus)", () => {
  it("refuses a story with errors even when warnings are acknowledged, and changes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const image = { type: "image", attrs: { src: "/media/x/800", alt: "", caption: "", credit: "", mediaId: null } };
    await db.story.update({ where: { id: story.id }, data: { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Text" }] }, image] } } });
    const before = await snapshot(story.id);
    for (const action of ["publish", "schedule"] as const) {
      const error = await refusal(
        changeStoryStatus(editor, {
          storyId: story.id,
          version: story.version,
          action,
          acknowledgeWarnings: true,
          ...(action === "schedule" ? { scheduledFor: new Date(Date.now() + 3_600_000).toISOString() } : {}),
        }),
      );
      expect(error.code).toBe("INVALID_INPUT");
      expect(error.message).toBe("The story is not ready to go out: fix the problems listed.");
      expect(error.fieldErrors?.body).toEqual(["An image in the body has no alt text."]);
      expect(error.details?.problems).toEqual([{ severity: "error", field: "body", message: "An image in the body has no alt text." }]);
    }
    expect(await snapshot(story.id)).toEqual(before);
  });

  it("refuses warnings the editor has not seen, and publishes once they are acknowledged", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const media = await makeMedia({ alt: "A cable ship", credit: "" });
    await db.story.update({ where: { id: story.id }, data: { seoTitle: "S".repeat(70), heroImageId: media.id } });
    const before = await snapshot(story.id);
    const error = await refusal(changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish" }));
    expect(error.message).toBe("Look at the warnings before the story goes out.");
    expect((error.details?.problems as Array<{ field: string; severity: string }>).map((p) => `${p.severity}:${p.field}`)).toEqual([
      "warning:heroImageId",
      "warning:seoTitle",
    ]);
    expect(await snapshot(story.id)).toEqual(before);

    const published = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish", acknowledgeWarnings: true });
    expect(published.status).toBe("PUBLISHED");
  });

  it("refuses a featured image without alt text, and one deleted from the library", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const media = await makeMedia({ alt: "", credit: "Agency" });
    await db.story.update({ where: { id: story.id }, data: { heroImageId: media.id } });
    const error = await refusal(changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish", acknowledgeWarnings: true }));
    expect(error.fieldErrors?.heroImageId).toEqual(["The featured image has no alt text: add it in the media library."]);
    expect((await snapshot(story.id)).row.status).toBe("DRAFT");
  });

  it("refuses a schedule time that is unreadable, missing or past, and keeps the story as it was", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "IN_REVIEW" });
    const before = await snapshot(story.id);
    const cases: Array<[unknown, string]> = [
      ["next tuesday", "The publishing time could not be read: give a date and time."],
      [undefined, "Choose when to publish."],
      [new Date(Date.now() - 60_000).toISOString(), "The publishing time has passed: choose a time in the future."],
    ];
    for (const [scheduledFor, message] of cases) {
      const error = await refusal(changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "schedule", scheduledFor, acknowledgeWarnings: true }));
      expect(error.fieldErrors?.scheduledFor).toEqual([message]);
    }
    expect(await snapshot(story.id)).toEqual(before);
  });

  it("schedules at the time given, and cancelling the schedule puts the story back in review", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "IN_REVIEW" });
    const at = new Date(Date.now() + 86_400_000);
    const scheduled = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "schedule", scheduledFor: at.toISOString() });
    expect(scheduled.status).toBe("SCHEDULED");
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { scheduledFor: true } })).scheduledFor?.toISOString()).toBe(at.toISOString());
    const cancelled = await changeStoryStatus(editor, { storyId: story.id, version: scheduled.version, action: "unschedule" });
    expect(cancelled.status).toBe("IN_REVIEW");
    expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { status: true, scheduledFor: true } })).toEqual({ status: "IN_REVIEW", scheduledFor: null });
  });
});

describe("the side rail's fields (saveStory)", () => {
  it("saves the SEO title and description, social headline and featured image, and keeps them when left out", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const media = await makeMedia({ alt: "Ship", credit: "Agency" });
    const base = { headline: "Cable ship", sectionId: story.sectionId, body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] } };
    const saved = await saveStory(editor, story.id, story.version, { ...base, seoTitle: " Ship lands cable ", seoDescription: "A short description.", socialHeadline: "The ship is in", heroImageId: media.id });
    const fields = { seoTitle: true, seoDescription: true, socialHeadline: true, heroImageId: true } as const;
    expect(await db.story.findUniqueOrThrow({ where: { id: story.id }, select: fields })).toEqual({
      seoTitle: "Ship lands cable",
      seoDescription: "A short description.",
      socialHeadline: "The ship is in",
      heroImageId: media.id,
    });
    const again = await saveStory(editor, story.id, saved.version, base);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: fields })).heroImageId).toBe(media.id);
    await saveStory(editor, story.id, again.version, { ...base, heroImageId: "" });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: fields })).heroImageId).toBeNull();
  });

  it("refuses a featured image that no longer exists, an SEO title too long or with a line break, and changes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory();
    const base = { headline: "Cable ship", sectionId: story.sectionId, body: { type: "doc", content: [{ type: "paragraph" }] } };
    const gone = await refusal(saveStory(editor, story.id, story.version, { ...base, heroImageId: "7d1f0f5e-8f3b-4b43-9a51-2e0f5f0b6c11" }));
    expect(gone.fieldErrors?.heroImageId).toEqual(["The featured image no longer exists in the media library: choose another or remove it."]);
    const long = await refusal(saveStory(editor, story.id, story.version, { ...base, seoTitle: "S".repeat(121) }));
    expect(long.fieldErrors?.seoTitle).toEqual(["Keep the SEO title under 120 characters."]);
    const broken = await refusal(saveStory(editor, story.id, story.version, { ...base, seoDescription: "one\ntwo" }));
    expect(broken.fieldErrors?.seoDescription?.length).toBe(1);
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true } })).version).toBe(story.version);
  });
});
