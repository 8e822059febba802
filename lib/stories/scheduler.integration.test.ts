import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { publishDueStories } from "@/lib/stories/scheduler";
import { makeStory } from "@/tests/integration/factories";

async function schedule(at: Date) {
  const story = await makeStory();
  await db.story.update({ where: { id: story.id }, data: { status: "SCHEDULED", scheduledFor: at } });
  return story;
}

describe("publishDueStories", () => {
  it("publishes stories whose time has come, dated at their scheduled time, and leaves later ones", async () => {
    const dueAt = new Date(Date.now() - 30_000);
    const due = await schedule(dueAt);
    const later = await schedule(new Date(Date.now() + 3_600_000));
    const published = await publishDueStories();
    expect(published.map((s) => s.id)).toContain(due.id);
    expect(published.map((s) => s.id)).not.toContain(later.id);

    const row = await db.story.findUniqueOrThrow({ where: { id: due.id }, select: { status: true, publishedAt: true, scheduledFor: true, version: true } });
    expect(row).toEqual({ status: "PUBLISHED", publishedAt: dueAt, scheduledFor: null, version: due.version + 1 });
    expect(await db.storyRevision.count({ where: { storyId: due.id, kind: "PUBLISH" } })).toBe(1);
    expect(await db.auditLog.count({ where: { entityId: due.id, action: "story.publish", actorId: null } })).toBe(1);
    expect((await db.story.findUniqueOrThrow({ where: { id: later.id }, select: { status: true } })).status).toBe("SCHEDULED");
  });

  it("publishes a story once when two instances sweep at the same moment", async () => {
    const due = await schedule(new Date(Date.now() - 1000));
    const [a, b] = await Promise.all([publishDueStories(), publishDueStories()]);
    const hits = [...a, ...b].filter((s) => s.id === due.id);
    expect(hits).toHaveLength(1);
    expect(await db.storyRevision.count({ where: { storyId: due.id, kind: "PUBLISH" } })).toBe(1);
  });
});
