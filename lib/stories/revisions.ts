// A story's history: its revisions, the words that changed between any two, and restoring one.
// Whoever may open the story in the desk may read its history; restoring is an edit, so it needs
// the right to change the story's content, and goes through the same optimistic lock as a save.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateStoryChange, loadStoryPlacement } from "@/lib/cache/invalidate";
import { flushLiveStory, pushIntoLiveStory } from "@/lib/collab/store";
import { liveFieldsOf } from "@/lib/collab/ydoc";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RevisionKind, StoryStatus } from "@/lib/generated/prisma/enums";
import { canEditContent, canViewInDesk } from "@/lib/stories/access";
import { diffWords, hasChanges, type Segment } from "@/lib/stories/diff";
import { documentToPlainText, isDocumentEmpty, safeParseStoryDocument } from "@/lib/stories/document";
import { claimVersion, loadForChange, staleVersion, writeRevision, type BylineSnapshot } from "@/lib/stories/persistence";
import { versionSchema } from "@/lib/stories/schemas";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND, STORY_VERSION_MISSING, EDITORS_ONLY_ONCE_SCHEDULED } from "@/lib/stories/sentences";

export const REVISION_KIND_LABELS: Record<RevisionKind, string> = {
  SAVE: "Saved",
  AUTOSAVE: "Autosaved",
  PUBLISH: "Published",
  RESTORE: "Restored",
  IMPORT: "Imported",
};

/** Revisions listed on the history page; far more than a day of autosaves. */
const LIST_LIMIT = 500;

const idSchema = z.uuid();

const bylineSnapshotSchema = z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() }));

function readBylines(value: unknown): BylineSnapshot {
  const parsed = bylineSnapshotSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

function storyNotFound(): AppError {
  return new AppError("NOT_FOUND", STORY_NOT_FOUND);
}

function revisionNotFound(): AppError {
  return new AppError("NOT_FOUND", "That revision is not part of this story’s history.");
}

/** The story, if the actor may open it in the desk; refused otherwise. */
async function loadViewableStory(viewer: Actor, storyId: unknown) {
  if (!isUuid(storyId)) throw storyNotFound();
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: { id: true, status: true, createdById: true, bylines: { select: { bylineId: true } } },
  });
  if (!story) throw storyNotFound();
  const ownership = { status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) };
  if (!canViewInDesk(viewer, ownership)) throw new AppError("FORBIDDEN", "You can only see the history of your own stories.");
  return story;
}

export interface RevisionSummary {
  id: string;
  version: number;
  kind: RevisionKind;
  createdAt: Date;
  /** Who made it; null when their account is gone. */
  createdBy: string | null;
  headline: string;
  /** For a RESTORE revision: the version it brought back. */
  restoredFrom: number | null;
}

const summarySelect = {
  id: true,
  version: true,
  kind: true,
  createdAt: true,
  headline: true,
  createdBy: { select: { displayName: true } },
} as const satisfies Prisma.StoryRevisionSelect;

type SummaryRow = Prisma.StoryRevisionGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow, restoredFrom: ReadonlyMap<number, number>): RevisionSummary {
  return {
    id: row.id,
    version: row.version,
    kind: row.kind,
    createdAt: row.createdAt,
    createdBy: row.createdBy?.displayName ?? null,
    headline: row.headline,
    restoredFrom: row.kind === "RESTORE" ? (restoredFrom.get(row.version) ?? null) : null,
  };
}

const restoreAuditSchema = z.object({ version: z.number(), restoredVersion: z.number() });

/** Which version each restore brought back, by the version the restore made (from the audit log). */
async function loadRestoredVersions(storyId: string): Promise<Map<number, number>> {
  const entries = await db.auditLog.findMany({
    where: { entityType: "story", entityId: storyId, action: "story.restore" },
    select: { data: true },
  });
  const map = new Map<number, number>();
  for (const entry of entries) {
    const parsed = restoreAuditSchema.safeParse(entry.data);
    if (parsed.success) map.set(parsed.data.version, parsed.data.restoredVersion);
  }
  return map;
}

/** A story's revisions, newest first. */
export async function listRevisions(actor: Actor | null, storyId: unknown): Promise<RevisionSummary[]> {
  const viewer = assertCan(actor, "desk.open");
  const story = await loadViewableStory(viewer, storyId);
  const [rows, restored] = await Promise.all([
    db.storyRevision.findMany({
      where: { storyId: story.id },
      orderBy: [{ createdAt: "desc" }, { version: "desc" }],
      take: LIST_LIMIT,
      select: summarySelect,
    }),
    loadRestoredVersions(story.id),
  ]);
  return rows.map((row) => toSummary(row, restored));
}

export interface RevisionComparison {
  from: RevisionSummary;
  to: RevisionSummary;
  headline: Segment[];
  standfirst: Segment[];
  /** The body's plain text; paragraph breaks are "\n\n" (see splitParagraphs in diff.ts). */
  body: Segment[];
  /** Everything that differs, in plain words: "Headline", "Body", "Section changed from World to Business", … */
  changedFields: string[];
  /** The part of changedFields about fields shown without a word diff (section, dateline, slug, bylines). */
  otherChanges: string[];
}

const comparisonSelect = {
  ...summarySelect,
  standfirst: true,
  dateline: true,
  datelinePlace: true,
  credit: true,
  slug: true,
  sectionId: true,
  bodyText: true,
  bylines: true,
} as const satisfies Prisma.StoryRevisionSelect;

function quoted(text: string): string {
  return text === "" ? "nothing" : `“${text}”`;
}

function listNames(names: readonly string[]): string {
  return names.length === 0 ? "none" : names.join(", ");
}

/** The words that changed between two revisions of one story, and what else changed. */
export async function compareRevisions(
  actor: Actor | null,
  storyId: unknown,
  fromRevisionId: unknown,
  toRevisionId: unknown,
): Promise<RevisionComparison> {
  const viewer = assertCan(actor, "desk.open");
  const story = await loadViewableStory(viewer, storyId);
  if (!isUuid(fromRevisionId) || !isUuid(toRevisionId)) throw revisionNotFound();
  const [from, to, restored] = await Promise.all([
    db.storyRevision.findFirst({ where: { id: fromRevisionId, storyId: story.id }, select: comparisonSelect }),
    db.storyRevision.findFirst({ where: { id: toRevisionId, storyId: story.id }, select: comparisonSelect }),
    loadRestoredVersions(story.id),
  ]);
  if (!from || !to) throw revisionNotFound();

  const headline = diffWords(from.headline, to.headline);
  const standfirst = diffWords(from.standfirst, to.standfirst);
  const body = diffWords(from.bodyText, to.bodyText);

  const otherChanges: string[] = [];
  if (from.sectionId !== to.sectionId) {
    const ids = [from.sectionId, to.sectionId].filter((id): id is string => id !== null);
    const sections = await db.section.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    const nameOf = (id: string | null) => (id === null ? "no section" : (sections.find((s) => s.id === id)?.name ?? "a section that no longer exists"));
    otherChanges.push(`Section changed from ${nameOf(from.sectionId)} to ${nameOf(to.sectionId)}`);
  }
  if (from.dateline !== to.dateline) otherChanges.push(`Dateline changed from ${quoted(from.dateline)} to ${quoted(to.dateline)}`);
  if (from.datelinePlace !== to.datelinePlace) otherChanges.push(`Dateline place changed from ${quoted(from.datelinePlace)} to ${quoted(to.datelinePlace)}`);
  if (from.credit !== to.credit) otherChanges.push(`Credit line changed from ${quoted(from.credit)} to ${quoted(to.credit)}`);
  if (from.slug !== to.slug) otherChanges.push(`Slug changed from ${from.slug} to ${to.slug}`);
  const fromBylines = readBylines(from.bylines).map((b) => b.name);
  const toBylines = readBylines(to.bylines).map((b) => b.name);
  if (fromBylines.join("\u0000") !== toBylines.join("\u0000")) {
    otherChanges.push(`Bylines changed from ${listNames(fromBylines)} to ${listNames(toBylines)}`);
  }

  const changedFields = [
    ...(hasChanges(headline) ? ["Headline"] : []),
    ...(hasChanges(standfirst) ? ["Standfirst"] : []),
    ...(hasChanges(body) ? ["Body"] : []),
    ...otherChanges,
  ];
  return {
    from: toSummary(from, restored),
    to: toSummary(to, restored),
    headline,
    standfirst,
    body,
    changedFields,
    otherChanges,
  };
}

const restoreInputSchema = z.object({ storyId: idSchema, revisionId: idSchema, version: versionSchema });

function parseRestoreInput(input: unknown): z.infer<typeof restoreInputSchema> {
  return parseInput(restoreInputSchema, input, {
    message: STORY_VERSION_MISSING,
    fieldRefusals: { storyId: storyNotFound, revisionId: revisionNotFound },
  });
}

export interface RestoredStory {
  id: string;
  version: number;
  status: StoryStatus;
}

/**
 * Puts an earlier revision's text, section and bylines back on the story as a new version. The
 * slug stays: changing a live URL on restore would surprise readers. A section or byline deleted
 * since is left as it is now.
 */
export async function restoreRevision(actor: Actor | null, input: unknown): Promise<RestoredStory> {
  const editor = assertCan(actor, "story.editOwn", "Only newsroom staff can restore revisions.");
  const { storyId, revisionId, version: basedOn } = parseRestoreInput(input);

  // What was typed live is written first, so the restore's revision sits after it in the history.
  await flushLiveStory(storyId);
  // Where readers see it now: a restore may bring back another section or bylines.
  const placement = await loadStoryPlacement(storyId);
  const restored = await db.$transaction(async (tx) => {
    const current = await loadForChange(tx, storyId);
    const ownership = { status: current.status, createdById: current.createdById, bylineIds: current.bylines.map((b) => b.byline.id) };
    if (!canEditContent(editor, ownership)) {
      throw new AppError(
        "FORBIDDEN",
        canViewInDesk(editor, ownership)
          ? EDITORS_ONLY_ONCE_SCHEDULED
          : "You can only restore revisions of your own stories.",
      );
    }
    const revision = await tx.storyRevision.findFirst({
      where: { id: revisionId, storyId: current.id },
      select: { id: true, version: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, sectionId: true, body: true, bylines: true },
    });
    if (!revision) throw revisionNotFound();
    if (current.version !== basedOn) throw staleVersion(current);

    // Stored revisions passed the allow-list when they were saved; it may have tightened since.
    const document = safeParseStoryDocument(revision.body, { editorial: true });
    if (!document.ok) {
      throw new AppError("INVALID_INPUT", `Version ${revision.version} cannot be restored: ${document.message}`);
    }
    if (current.status === "PUBLISHED" && isDocumentEmpty(document.document)) {
      throw new AppError("INVALID_INPUT", `Version ${revision.version} has an empty body, and a published story cannot have one.`);
    }

    const section = revision.sectionId ? await tx.section.findUnique({ where: { id: revision.sectionId }, select: { id: true } }) : null;
    // A byline merged since credits the one it became (BylineSlug.fromBylineId); a story credits each once.
    const wantedIds = readBylines(revision.bylines).map((b) => b.id);
    const merged = await tx.bylineSlug.findMany({ where: { fromBylineId: { in: wantedIds } }, select: { fromBylineId: true, bylineId: true } });
    const becameOf = new Map(merged.map((m) => [m.fromBylineId, m.bylineId]));
    const livingIds = [...new Set(wantedIds.map((id) => becameOf.get(id) ?? id))];
    const existing = await tx.byline.findMany({ where: { id: { in: livingIds } }, select: { id: true, name: true, kind: true } });
    const restoredBylines = livingIds.flatMap((id) => existing.filter((e) => e.id === id));
    // A story is never left without a byline by a restore: keep today's when none of the old ones remain.
    const bylines = restoredBylines.length > 0 ? restoredBylines : current.bylines.map((b) => b.byline);
    const bylinesChanged = bylines.map((b) => b.id).join() !== current.bylines.map((b) => b.byline.id).join();

    await claimVersion(tx, current.id, basedOn);
    const story = await tx.story.update({
      where: { id: current.id },
      data: {
        headline: revision.headline,
        standfirst: revision.standfirst,
        dateline: revision.dateline,
        datelinePlace: revision.datelinePlace,
        credit: revision.credit,
        body: document.document as unknown as Prisma.InputJsonValue,
        bodyText: documentToPlainText(document.document),
        sectionId: section?.id ?? current.sectionId,
        updatedById: editor.id,
        ...(bylinesChanged ? { bylines: { deleteMany: {}, create: bylines.map((b, position) => ({ bylineId: b.id, position })) } } : {}),
      },
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, seoTitle: true, seoDescription: true, socialHeadline: true, sectionId: true, body: true, bodyText: true },
    });
    await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, "RESTORE", editor.id);
    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.restore",
      entityType: "story",
      entityId: story.id,
      data: { revisionId: revision.id, restoredVersion: revision.version, version: story.version },
    });
    return { id: story.id, version: story.version, status: story.status, text: { ...liveFieldsOf(story), body: document.document } };
  });
  // Committed: a published story's pages refresh on every instance (docs/caching.md).
  await invalidateStoryChange(placement, restored.id);
  // People editing the story live get the restored text, every text field (lib/collab/store.ts).
  await pushIntoLiveStory(restored.id, restored.text, editor.id);
  return { id: restored.id, version: restored.version, status: restored.status };
}
