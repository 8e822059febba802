import { describe, expect, it } from "vitest";

import { addCorrection } from "@/lib/corrections/mutations";
import { listCorrections, listStoryCorrections } from "@/lib/corrections/queries";
import { DEFAULT_DATE_STYLE } from "@/lib/format";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { saveStory } from "@/lib/stories/mutations";
import { getStoryPreview } from "@/lib/stories/preview";
import { describeAuditEntry, getStoryTimeline } from "@/lib/stories/timeline";
import { doc, makeActor, makeSection, makeStory } from "@/tests/integration/factories";

const TEXT = "An earlier version of this story gave the wrong date for the vote.";

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

/** A published story that an editor has saved twice since: revisions at versions 2 and 3. */
async function publishedStoryWithRevisions() {
  const editor = await makeActor("EDITOR");
  const section = await makeSection();
  const story = await makeStory({ status: "PUBLISHED", sectionId: section.id });
  const input = (headline: string) => ({ headline, sectionId: section.id, body: doc("The council voted on Tuesday.") });
  await saveStory(editor, story.id, 1, input("Council votes on sea wall"));
  const saved = await saveStory(editor, story.id, 2, input("Council votes on sea wall on Tuesday"));
  const latest = await db.storyRevision.findFirstOrThrow({ where: { storyId: story.id, version: saved.version }, select: { id: true, version: true } });
  return { editor, story, section, latest };
}

describe("addCorrection", () => {
  it("links an editor's correction to the latest revision, audits it, touches updatedAt and lists it for readers", async () => {
    const { editor, story, latest } = await publishedStoryWithRevisions();
    expect(latest.version).toBe(3);
    const before = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true, updatedAt: true } });

    const added = await addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: `  ${TEXT}  ` });

    expect(added).toMatchObject({ storyId: story.id, kind: "CORRECTION", text: TEXT, revision: { id: latest.id, version: 3 } });
    const row = await db.correction.findUniqueOrThrow({ where: { id: added.id }, select: { revisionId: true, createdById: true, text: true } });
    expect(row).toEqual({ revisionId: latest.id, createdById: editor.id, text: TEXT });

    const after = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true, updatedAt: true } });
    expect(after.version).toBe(before.version);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(after.updatedAt.getTime()).toBe(added.createdAt.getTime());

    const audit = await db.auditLog.findMany({ where: { entityType: "story", entityId: story.id, action: "story.correct" }, select: { actorId: true, data: true } });
    expect(audit).toEqual([
      { actorId: editor.id, data: { correctionId: added.id, kind: "CORRECTION", text: TEXT, revisionId: latest.id, version: 3 } },
    ]);

    const { corrections } = await listCorrections({ limit: 100 });
    const listed = corrections.find((c) => c.id === added.id);
    expect(listed).toMatchObject({
      kind: "CORRECTION",
      text: TEXT,
      story: { id: story.id },
      revision: { id: latest.id, version: 3 },
    });
    expect(listed?.story.href).toMatch(new RegExp(`^/section-[0-9a-f]{8}/${story.slug}$`));
    expect(listed?.href).toBe(`${listed?.story.href}#correction-${added.id}`);
  });

  it("snapshots the copy readers see when its latest change was an autosave that wrote no revision", async () => {
    const { editor, story, section, latest } = await publishedStoryWithRevisions();
    // An autosave right after a revision bumps the version but writes no revision of its own.
    const autosaved = await saveStory(editor, story.id, 3, { headline: "Council votes on sea wall on Tuesday night", sectionId: section.id, body: doc("The council voted on Tuesday night.") }, { autosave: true });
    expect(autosaved.version).toBe(4);
    expect(await db.storyRevision.count({ where: { storyId: story.id, version: 4 } })).toBe(0);

    const added = await addCorrection(editor, { storyId: story.id, kind: "CLARIFICATION", text: TEXT });
    expect(added.revision.version).toBe(4);
    expect(added.revision.id).not.toBe(latest.id);
    const snapshot = await db.storyRevision.findUniqueOrThrow({ where: { id: added.revision.id }, select: { kind: true, headline: true, bodyText: true, createdById: true } });
    expect(snapshot).toEqual({ kind: "AUTOSAVE", headline: "Council votes on sea wall on Tuesday night", bodyText: "The council voted on Tuesday night.", createdById: editor.id });
    expect((await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { version: true } })).version).toBe(4);
  });

  it("snapshots a published story that has no revision at all", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const added = await addCorrection(editor, { storyId: story.id, kind: "CLARIFICATION", text: TEXT });
    expect(added.kind).toBe("CLARIFICATION");
    expect(added.revision.version).toBe(1);
    expect(await db.storyRevision.count({ where: { storyId: story.id } })).toBe(1);
  });

  it("refuses a reporter, and writes nothing", async () => {
    const reporter = await makeActor("REPORTER");
    const story = await makeStory({ status: "PUBLISHED", createdById: reporter.id });
    const error = await refusal(addCorrection(reporter, { storyId: story.id, kind: "CORRECTION", text: TEXT }));
    expect(error.code).toBe("FORBIDDEN");
    expect(await db.correction.count({ where: { storyId: story.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { entityId: story.id } })).toBe(0);
  });

  it("refuses anyone signed out", async () => {
    const story = await makeStory({ status: "PUBLISHED" });
    expect((await refusal(addCorrection(null, { storyId: story.id, kind: "CORRECTION", text: TEXT }))).code).toBe("UNAUTHENTICATED");
  });

  it("refuses a story that is not published, saying why", async () => {
    const editor = await makeActor("EDITOR");
    for (const status of ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"] as const) {
      const story = await makeStory({ status });
      const error = await refusal(addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: TEXT }));
      expect(error.code).toBe("INVALID_TRANSITION");
      expect(error.message).toMatch(/^Corrections can only be added to a published story, and this story is (a draft|in review|scheduled|unpublished)\./);
      expect(await db.correction.count({ where: { storyId: story.id } })).toBe(0);
    }
  });

  it("refuses text that is too short once trimmed, or too long, beside the field", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const short = await refusal(addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: "   Wrong.     " }));
    expect(short.code).toBe("INVALID_INPUT");
    expect(short.fieldErrors?.text?.[0]).toMatch(/at least 10 characters/);
    const long = await refusal(addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: "x".repeat(1001) }));
    expect(long.fieldErrors?.text?.[0]).toMatch(/under 1000 characters/);
    const kind = await refusal(addCorrection(editor, { storyId: story.id, kind: "RETRACTION", text: TEXT }));
    expect(kind.fieldErrors?.kind).toBeDefined();
    expect(await db.correction.count({ where: { storyId: story.id } })).toBe(0);
  });

  it("answers NOT_FOUND for a story that does not exist", async () => {
    const editor = await makeActor("EDITOR");
    expect((await refusal(addCorrection(editor, { storyId: "not-a-uuid", kind: "CORRECTION", text: TEXT }))).code).toBe("NOT_FOUND");
    expect((await refusal(addCorrection(editor, { storyId: crypto.randomUUID(), kind: "CORRECTION", text: TEXT }))).code).toBe("NOT_FOUND");
  });
});

describe("listCorrections", () => {
  it("leaves out the corrections of a story that is no longer published; the desk still sees them", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const added = await addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: TEXT });
    expect((await listCorrections({ limit: 100 })).corrections.map((c) => c.id)).toContain(added.id);

    await db.story.update({ where: { id: story.id }, data: { status: "UNPUBLISHED" } });
    expect((await listCorrections({ limit: 100 })).corrections.map((c) => c.id)).not.toContain(added.id);
    expect((await listStoryCorrections(editor, story.id)).map((c) => c.id)).toEqual([added.id]);
  });

  it("pages newest first with a cursor, never repeating or skipping one", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) ids.push((await addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: `${TEXT} (${i})` })).id);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages += 1) {
      const page = await listCorrections({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.corrections.length).toBeLessThanOrEqual(2);
      seen.push(...page.corrections.map((c) => c.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse());
  });

  it("refuses a cursor it did not hand out", async () => {
    expect((await refusal(listCorrections({ cursor: "12_nope", limit: 10 }))).code).toBe("NOT_FOUND");
  });
});

describe("listStoryCorrections", () => {
  it("shows a reporter the corrections on their own story only", async () => {
    const editor = await makeActor("EDITOR");
    const reporter = await makeActor("REPORTER");
    const own = await makeStory({ status: "PUBLISHED", createdById: reporter.id });
    const other = await makeStory({ status: "PUBLISHED" });
    const added = await addCorrection(editor, { storyId: own.id, kind: "CLARIFICATION", text: TEXT });
    expect(await listStoryCorrections(reporter, own.id)).toEqual([
      { id: added.id, kind: "CLARIFICATION", text: TEXT, createdAt: added.createdAt, createdBy: editor.displayName, revision: added.revision },
    ]);
    expect((await refusal(listStoryCorrections(reporter, other.id))).code).toBe("FORBIDDEN");
    expect((await refusal(listStoryCorrections(await makeActor("READER"), own.id))).code).toBe("FORBIDDEN");
  });
});

describe("getStoryTimeline", () => {
  it("lists a story's audit records newest first, in words, to those who may open it", async () => {
    const { editor, story } = await publishedStoryWithRevisions();
    await addCorrection(editor, { storyId: story.id, kind: "CORRECTION", text: TEXT });
    const timeline = await getStoryTimeline(editor, story.id);
    expect(timeline.map((entry) => entry.action)).toEqual(["story.correct", "story.save", "story.save"]);
    expect(timeline.map((entry) => describeAuditEntry(entry, DEFAULT_DATE_STYLE))).toEqual([
      `${editor.displayName} added a correction`,
      `${editor.displayName} saved version 3`,
      `${editor.displayName} saved version 2`,
    ]);
    const reporter = await makeActor("REPORTER");
    expect((await refusal(getStoryTimeline(reporter, story.id))).code).toBe("FORBIDDEN");
  });
});

describe("getStoryPreview", () => {
  it("shows a reporter their own draft with today's date, and refuses other people's stories", async () => {
    const reporter = await makeActor("REPORTER");
    const draft = await makeStory({ createdById: reporter.id });
    const now = new Date("2030-01-02T03:04:05Z");
    const preview = await getStoryPreview(reporter, draft.id, now);
    expect(preview).toMatchObject({ id: draft.id, status: "DRAFT", article: { publishedAt: now, updatedAt: now, corrections: [] } });
    expect(preview.article.body.content?.length).toBeGreaterThan(0);

    expect((await refusal(getStoryPreview(await makeActor("REPORTER"), draft.id))).code).toBe("FORBIDDEN");
    expect((await refusal(getStoryPreview(await makeActor("READER"), draft.id))).code).toBe("FORBIDDEN");
    expect((await refusal(getStoryPreview(null, draft.id))).code).toBe("UNAUTHENTICATED");
    expect((await refusal(getStoryPreview(reporter, crypto.randomUUID()))).code).toBe("NOT_FOUND");
  });

  it("keeps a published story's own dates", async () => {
    const editor = await makeActor("EDITOR");
    const story = await makeStory({ status: "PUBLISHED" });
    const row = await db.story.findUniqueOrThrow({ where: { id: story.id }, select: { publishedAt: true, updatedAt: true } });
    const preview = await getStoryPreview(editor, story.id);
    expect(preview.article.publishedAt).toEqual(row.publishedAt);
    expect(preview.article.updatedAt).toEqual(row.updatedAt);
  });
});
