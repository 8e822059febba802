import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { HOME_TAG } from "@/lib/cache/tags";
import { getLeadState, pinStoryAsLead, unpinLead } from "@/lib/stories/lead";
import { getFrontPage } from "@/lib/stories/listing";
import { changeStoryStatus } from "@/lib/stories/mutations";
import { makeActor, makeSection, makeStory } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

/** A published story a week old, so it leads the front page only when pinned. */
async function publishWeekOld() {
  const story = await makeStory({ status: "PUBLISHED", sectionId: (await makeSection()).id });
  const weekAgo = new Date(Date.now() - 7 * 86_400_000);
  await db.story.update({ where: { id: story.id }, data: { publishedAt: weekAgo, firstPublishedAt: weekAgo } });
  return story;
}

const pinOf = async (storyId: string) => (await db.story.findUniqueOrThrow({ where: { id: storyId }, select: { pinnedAt: true } })).pinnedAt;

describe("the lead when its story leaves the site", () => {
  it("unpublishing the lead clears its pin in the same change, refreshes the front page, and republishing does not make it lead again", async () => {
    const editor = await makeActor("EDITOR");
    const story = await publishWeekOld();
    // Something newer than the story, so the newest story never is it.
    await makeStory({ status: "PUBLISHED" });

    await pinStoryAsLead(editor, { storyId: story.id });
    expect(invalidations.tags).toEqual([HOME_TAG]);

    invalidations.clear();
    const unpublished = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "unpublish" });
    expect(unpublished.status).toBe("UNPUBLISHED");
    expect(await pinOf(story.id)).toBeNull();
    expect(
      await db.auditLog.findMany({ where: { entityId: story.id, action: "story.unpin" }, select: { actorId: true, data: true } }),
    ).toEqual([{ actorId: editor.id, data: { reason: "unpublish" } }]);
    expect(invalidations.tags).toContain(HOME_TAG);
    expect(await getLeadState(editor, story.id)).toMatchObject({ isPublished: false, isPinned: false });

    let front = await getFrontPage();
    expect(front.lead?.id).not.toBe(story.id);
    expect(front.sections.flatMap((g) => g.stories).map((s) => s.id)).not.toContain(story.id);

    // Back on the site it is one story among others: it leads again only if an editor pins it again.
    const republished = await changeStoryStatus(editor, { storyId: story.id, version: unpublished.version, action: "publish" });
    expect(republished.status).toBe("PUBLISHED");
    expect(await pinOf(story.id)).toBeNull();
    front = await getFrontPage();
    expect(front.lead?.id).not.toBe(story.id);
    expect(front.sections.flatMap((g) => g.stories).map((s) => s.id)).toContain(story.id);
  });

  it("a status change of a story that is not pinned records no unpin", async () => {
    const editor = await makeActor("EDITOR");
    const story = await publishWeekOld();
    await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "unpublish" });
    expect(await db.auditLog.count({ where: { entityId: story.id, action: "story.unpin" } })).toBe(0);
  });
});

describe("pinning and unpinning", () => {
  it("unpinning refreshes the front page", async () => {
    const editor = await makeActor("ADMIN");
    const story = await publishWeekOld();
    await pinStoryAsLead(editor, { storyId: story.id });
    invalidations.clear();
    const { unpinnedIds } = await unpinLead(editor);
    expect(unpinnedIds).toContain(story.id);
    expect(await pinOf(story.id)).toBeNull();
    expect(invalidations.tags).toEqual([HOME_TAG]);
  });

  it.each<StoryStatus>(["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"])(
    "refuses to pin a story that is %s, saying it must be published first",
    async (status) => {
      const editor = await makeActor("EDITOR");
      const story = await makeStory({ status });
      const pinning = pinStoryAsLead(editor, { storyId: story.id });
      await expect(pinning).rejects.toBeInstanceOf(AppError);
      await expect(pinning).rejects.toMatchObject({
        code: "INVALID_TRANSITION",
        message: "Only a published story can lead the front page. Publish it first.",
      });
      expect(await pinOf(story.id)).toBeNull();
      expect(await db.auditLog.count({ where: { entityId: story.id, action: "story.pin" } })).toBe(0);
      expect(invalidations.tags).toEqual([]);
    },
  );
});
