import { describe, expect, it } from "vitest";

import type { Actor } from "@/lib/auth/actor";
import { mergeBylines } from "@/lib/bylines/mutations";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { changeStoryStatus, createStory, saveStory } from "@/lib/stories/mutations";
import { compareRevisions, listRevisions, restoreRevision } from "@/lib/stories/revisions";
import { doc, makeActor, makeByline, makeSection, makeStory, unique } from "@/tests/integration/factories";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A story written and saved twice through the real mutations: three revisions (versions 1, 2, 3). */
async function storyWithHistory(author: Actor) {
  const section = await makeSection();
  const byline = await makeByline();
  const first = {
    headline: unique("Harbour council backs sea wall"),
    standfirst: "Councillors voted after a long debate.",
    sectionId: section.id,
    dateline: "Europe",
    bylineIds: [byline.id],
    body: doc("The council voted on Tuesday to rebuild the old sea wall.", "Work starts in spring."),
  };
  const created = await createStory(author, first);
  const second = {
    ...first,
    headline: first.headline.replace("backs", "rejects"),
    body: doc("The council voted on Wednesday to rebuild the old sea wall.", "Work starts in spring."),
  };
  const saved = await saveStory(author, created.id, created.version, second);
  const third = { ...second, standfirst: "Councillors voted after a short debate." };
  const latest = await saveStory(author, created.id, saved.version, third);
  const revisions = await db.storyRevision.findMany({ where: { storyId: created.id }, orderBy: { version: "asc" }, select: { id: true, version: true } });
  return { story: latest, slug: created.slug, section, byline, first, second, third, revisions: revisions.map((r) => r.id) };
}

async function snapshot(storyId: string) {
  const [story, revisions, audits] = await Promise.all([
    db.story.findUniqueOrThrow({ where: { id: storyId }, select: { headline: true, standfirst: true, bodyText: true, version: true, slug: true, sectionId: true } }),
    db.storyRevision.count({ where: { storyId } }),
    db.auditLog.count({ where: { entityId: storyId } }),
  ]);
  return { story, revisions, audits };
}

describe("listRevisions", () => {
  it("lists a story's revisions newest first, with kind, version, author and headline", async () => {
    const editor = await makeActor("EDITOR");
    const { story, first, second } = await storyWithHistory(editor);
    const published = await changeStoryStatus(editor, { storyId: story.id, version: story.version, action: "publish" });

    const revisions = await listRevisions(editor, story.id);
    expect(revisions.map((r) => [r.version, r.kind])).toEqual([
      [published.version, "PUBLISH"],
      [3, "SAVE"],
      [2, "SAVE"],
      [1, "SAVE"],
    ]);
    expect(revisions[3]).toMatchObject({ headline: first.headline, createdBy: editor.displayName, restoredFrom: null });
    expect(revisions[2]!.headline).toBe(second.headline);
    expect(revisions[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(revisions[3]!.createdAt.getTime());
  });

  it("shows a reporter the history of their own story, but not of another's", async () => {
    const reporter = await makeActor("REPORTER", { withByline: true });
    const other = await makeActor("REPORTER", { withByline: true });
    const { story } = await storyWithHistory(reporter);
    expect(await listRevisions(reporter, story.id)).toHaveLength(3);
    expect((await refusal(listRevisions(other, story.id))).code).toBe("FORBIDDEN");
  });

  it.each(["READER", "MODERATOR"] as const)("refuses a %s", async (role) => {
    const story = await makeStory();
    expect((await refusal(listRevisions(await makeActor(role), story.id))).code).toBe("FORBIDDEN");
  });

  it("refuses an anonymous caller and answers NOT_FOUND for an unknown story", async () => {
    const editor = await makeActor("EDITOR");
    expect((await refusal(listRevisions(null, (await makeStory()).id))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(listRevisions(editor, "00000000-0000-4000-8000-000000000000"))).code).toBe("NOT_FOUND");
    expect((await refusal(listRevisions(editor, "not-a-uuid"))).code).toBe("NOT_FOUND");
  });
});

describe("compareRevisions", () => {
  it("shows the words removed and added between two saves", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions } = await storyWithHistory(editor);
    const comparison = await compareRevisions(editor, story.id, revisions[0], revisions[1]);
    expect(comparison.from.version).toBe(1);
    expect(comparison.to.version).toBe(2);
    expect(comparison.headline.filter((s) => s.kind !== "same")).toEqual([
      { kind: "removed", text: "backs" },
      { kind: "added", text: "rejects" },
    ]);
    expect(comparison.body.filter((s) => s.kind !== "same")).toEqual([
      { kind: "removed", text: "Tuesday" },
      { kind: "added", text: "Wednesday" },
    ]);
    expect(comparison.standfirst).toEqual([{ kind: "same", text: "Councillors voted after a long debate." }]);
    expect(comparison.changedFields).toEqual(["Headline", "Body"]);
    expect(comparison.otherChanges).toEqual([]);
  });

  it("compares in either direction and names section, dateline and byline changes in words", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions, third, section, byline } = await storyWithHistory(editor);
    const newSection = await makeSection();
    const newByline = await makeByline();
    const moved = await saveStory(editor, story.id, story.version, { ...third, sectionId: newSection.id, dateline: "Asia", bylineIds: [newByline.id] });
    const latest = (await listRevisions(editor, story.id))[0]!;
    expect(latest.version).toBe(moved.version);

    const comparison = await compareRevisions(editor, story.id, latest.id, revisions[0]);
    expect(comparison.from.version).toBe(moved.version);
    expect(comparison.to.version).toBe(1);
    expect(comparison.headline.filter((s) => s.kind !== "same")).toEqual([
      { kind: "removed", text: "rejects" },
      { kind: "added", text: "backs" },
    ]);
    expect(comparison.otherChanges).toEqual([
      `Section changed from ${newSection.name} to ${section.name}`,
      "Dateline changed from “Asia” to “Europe”",
      `Bylines changed from ${newByline.name} to ${byline.name}`,
    ]);
    expect(comparison.changedFields).toEqual(["Headline", "Standfirst", "Body", ...comparison.otherChanges]);
  });

  it("answers NOT_FOUND for a revision of another story, and FORBIDDEN to someone who cannot see the story", async () => {
    const editor = await makeActor("EDITOR");
    const mine = await storyWithHistory(editor);
    const other = await storyWithHistory(editor);
    expect((await refusal(compareRevisions(editor, mine.story.id, mine.revisions[0], other.revisions[1]))).code).toBe("NOT_FOUND");
    expect((await refusal(compareRevisions(editor, mine.story.id, "nonsense", mine.revisions[1]))).code).toBe("NOT_FOUND");
    const reporter = await makeActor("REPORTER", { withByline: true });
    expect((await refusal(compareRevisions(reporter, mine.story.id, mine.revisions[0], mine.revisions[1]))).code).toBe("FORBIDDEN");
  });
});

describe("restoreRevision", () => {
  it("brings back the old text under a new version, keeps the slug, and writes a RESTORE revision and an audit record", async () => {
    const editor = await makeActor("EDITOR");
    const restorer = await makeActor("EDITOR");
    const { story, revisions, first, third } = await storyWithHistory(editor);
    // A slug changed since the first revision stays as it is now.
    const renamed = await saveStory(editor, story.id, story.version, { ...third, slug: unique("renamed") });
    const before = await snapshot(story.id);

    const restored = await restoreRevision(restorer, { storyId: story.id, revisionId: revisions[0], version: renamed.version });
    expect(restored).toEqual({ id: story.id, version: renamed.version + 1, status: "DRAFT" });

    const after = await snapshot(story.id);
    expect(after.story).toEqual({
      headline: first.headline,
      standfirst: first.standfirst,
      bodyText: "The council voted on Tuesday to rebuild the old sea wall.\n\nWork starts in spring.",
      version: renamed.version + 1,
      slug: before.story.slug,
      sectionId: first.sectionId,
    });
    expect(after.revisions).toBe(before.revisions + 1);
    const revision = await db.storyRevision.findFirstOrThrow({ where: { storyId: story.id }, orderBy: { createdAt: "desc" }, select: { kind: true, version: true, headline: true, createdById: true, slug: true } });
    expect(revision).toEqual({ kind: "RESTORE", version: renamed.version + 1, headline: first.headline, createdById: restorer.id, slug: before.story.slug });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: story.id, action: "story.restore" }, select: { actorId: true, data: true } });
    expect(audit).toEqual({ actorId: restorer.id, data: { revisionId: revisions[0], restoredVersion: 1, version: renamed.version + 1 } });

    const listed = await listRevisions(editor, story.id);
    expect(listed[0]).toMatchObject({ kind: "RESTORE", version: renamed.version + 1, restoredFrom: 1, createdBy: restorer.displayName });
  });

  it("refuses a restore based on a stale version with CONFLICT, and changes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions } = await storyWithHistory(editor);
    const before = await snapshot(story.id);
    const error = await refusal(restoreRevision(editor, { storyId: story.id, revisionId: revisions[0], version: story.version - 1 }));
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain(editor.displayName);
    expect(await snapshot(story.id)).toEqual(before);
  });

  it("answers NOT_FOUND for a revision of another story, and changes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const mine = await storyWithHistory(editor);
    const other = await storyWithHistory(editor);
    const before = await snapshot(mine.story.id);
    const error = await refusal(restoreRevision(editor, { storyId: mine.story.id, revisionId: other.revisions[0], version: mine.story.version }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await snapshot(mine.story.id)).toEqual(before);
    expect((await refusal(restoreRevision(editor, { storyId: "nope", revisionId: other.revisions[0], version: 1 }))).code).toBe("NOT_FOUND");
    expect((await refusal(restoreRevision(editor, { storyId: mine.story.id, revisionId: mine.revisions[0] }))).code).toBe("INVALID_INPUT");
  });

  it("refuses a reader, a moderator and a reporter who does not own the story, and changes nothing", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions } = await storyWithHistory(editor);
    const before = await snapshot(story.id);
    for (const role of ["READER", "MODERATOR", "REPORTER"] as const) {
      const error = await refusal(restoreRevision(await makeActor(role, { withByline: true }), { storyId: story.id, revisionId: revisions[0], version: story.version }));
      expect(error.code).toBe("FORBIDDEN");
    }
    expect((await refusal(restoreRevision(null, { storyId: story.id, revisionId: revisions[0], version: story.version }))).code).toBe("UNAUTHENTICATED");
    expect(await snapshot(story.id)).toEqual(before);
  });

  it("lets a reporter restore their own draft, but not once it is published", async () => {
    const reporter = await makeActor("REPORTER", { withByline: true });
    const editor = await makeActor("EDITOR");
    const { story, revisions, first } = await storyWithHistory(reporter);
    const restored = await restoreRevision(reporter, { storyId: story.id, revisionId: revisions[0], version: story.version });
    expect((await snapshot(story.id)).story.headline).toBe(first.headline);
    const published = await changeStoryStatus(editor, { storyId: story.id, version: restored.version, action: "publish" });
    const error = await refusal(restoreRevision(reporter, { storyId: story.id, revisionId: revisions[1], version: published.version }));
    expect(error.code).toBe("FORBIDDEN");
  });

  it("keeps today's section and bylines where the revision's have been deleted since", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions, third, section, byline, first } = await storyWithHistory(editor);
    const newSection = await makeSection();
    const newByline = await makeByline();
    const moved = await saveStory(editor, story.id, story.version, { ...third, sectionId: newSection.id, bylineIds: [newByline.id] });
    await db.section.delete({ where: { id: section.id } });
    await db.byline.delete({ where: { id: byline.id } });

    await restoreRevision(editor, { storyId: story.id, revisionId: revisions[0], version: moved.version });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { headline: true, sectionId: true, bylines: { select: { bylineId: true } } } });
    expect(row).toEqual({ headline: first.headline, sectionId: newSection.id, bylines: [{ bylineId: newByline.id }] });
  });

  it("puts back the revision's section and bylines when they still exist", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions, third, section, byline } = await storyWithHistory(editor);
    const moved = await saveStory(editor, story.id, story.version, { ...third, sectionId: (await makeSection()).id, bylineIds: [(await makeByline()).id] });
    await restoreRevision(editor, { storyId: story.id, revisionId: revisions[0], version: moved.version });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { sectionId: true, bylines: { select: { bylineId: true } } } });
    expect(row).toEqual({ sectionId: section.id, bylines: [{ bylineId: byline.id }] });
  });

  it("credits the byline a revision's byline was merged into since, through a chain of merges", async () => {
    const editor = await makeActor("EDITOR");
    const { story, revisions, third, byline } = await storyWithHistory(editor);
    const [middle, last, other] = [await makeByline(), await makeByline(), await makeByline()];
    const moved = await saveStory(editor, story.id, story.version, { ...third, bylineIds: [other.id] });
    await mergeBylines(editor, { sourceId: byline.id, targetId: middle.id });
    await mergeBylines(editor, { sourceId: middle.id, targetId: last.id });

    await restoreRevision(editor, { storyId: story.id, revisionId: revisions[0], version: moved.version });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { bylines: { select: { bylineId: true } } } });
    expect(row.bylines).toEqual([{ bylineId: last.id }]);
  });
});
