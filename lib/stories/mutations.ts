// Changing stories. Each function checks who is asking, validates its input, and writes the
// change, its revision and its audit record in one transaction. Saves carry the version they
// were based on: a save on a stale version is refused, never merged silently.

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db, type Tx } from "@/lib/db";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RevisionKind, StoryStatus } from "@/lib/generated/prisma/enums";
import { canEditContent } from "@/lib/stories/access";
import { documentToPlainText, isDocumentEmpty } from "@/lib/stories/document";
import { storyInputSchema, workflowInputSchema, versionSchema, storyIdSchema, type StoryInput } from "@/lib/stories/schemas";
import { slugify } from "@/lib/stories/slug";
import { checkTransition, STATUS_LABELS } from "@/lib/stories/workflow";

function invalid(error: z.ZodError): AppError {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    (fieldErrors[field] ??= []).push(issue.message);
  }
  return new AppError("INVALID_INPUT", "Some fields need attention.", { fieldErrors });
}

function parseInput(input: unknown): StoryInput {
  const parsed = storyInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

async function resolveSection(tx: Tx, sectionId: string) {
  const section = await tx.section.findUnique({ where: { id: sectionId }, select: { id: true, commentPolicy: true } });
  if (!section) {
    throw new AppError("INVALID_INPUT", "Some fields need attention.", {
      fieldErrors: { sectionId: ["Choose a section from the list."] },
    });
  }
  return section;
}

async function resolveBylines(tx: Tx, bylineIds: readonly string[]) {
  if (bylineIds.length === 0) return [];
  const found = await tx.byline.findMany({ where: { id: { in: [...bylineIds] } }, select: { id: true, name: true, kind: true } });
  if (found.length !== bylineIds.length) {
    throw new AppError("INVALID_INPUT", "Some fields need attention.", {
      fieldErrors: { bylineIds: ["One of the bylines no longer exists. Pick bylines from the list."] },
    });
  }
  const byId = new Map(found.map((b) => [b.id, b]));
  return bylineIds.map((id) => byId.get(id)!);
}

async function slugTaken(tx: Tx, slug: string, exceptStoryId?: string): Promise<boolean> {
  const [story, old] = await Promise.all([
    tx.story.findUnique({ where: { slug }, select: { id: true } }),
    tx.storySlug.findUnique({ where: { slug }, select: { storyId: true } }),
  ]);
  return (story !== null && story.id !== exceptStoryId) || (old !== null && old.storyId !== exceptStoryId);
}

/** A free slug: the one asked for (refused if taken), or one made from the headline with a number added. */
async function chooseSlug(tx: Tx, requested: string, headline: string, exceptStoryId?: string): Promise<string> {
  if (requested !== "") {
    if (await slugTaken(tx, requested, exceptStoryId)) {
      throw new AppError("INVALID_INPUT", "Some fields need attention.", {
        fieldErrors: { slug: ["Another story already uses this slug."] },
      });
    }
    return requested;
  }
  const base = slugify(headline) || "untitled";
  for (let n = 1; n < 1000; n += 1) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await slugTaken(tx, candidate, exceptStoryId))) return candidate;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

type BylineSnapshot = Array<{ id: string; name: string; kind: string }>;

async function writeRevision(
  tx: Tx,
  story: { id: string; version: number; headline: string; standfirst: string; dateline: string; slug: string; sectionId: string; body: Prisma.InputJsonValue; bodyText: string },
  bylines: BylineSnapshot,
  kind: RevisionKind,
  actorId: string,
): Promise<string> {
  const revision = await tx.storyRevision.create({
    data: {
      storyId: story.id,
      version: story.version,
      kind,
      headline: story.headline,
      standfirst: story.standfirst,
      dateline: story.dateline,
      slug: story.slug,
      sectionId: story.sectionId,
      body: story.body,
      bodyText: story.bodyText,
      bylines,
      createdById: actorId,
    },
    select: { id: true },
  });
  return revision.id;
}

export interface SavedStory {
  id: string;
  slug: string;
  version: number;
  status: StoryStatus;
}

export async function createStory(actor: Actor | null, input: unknown): Promise<SavedStory> {
  const author = assertCan(actor, "story.create", "Only newsroom staff can write stories.");
  const data = parseInput(input);
  return db.$transaction(async (tx) => {
    const section = await resolveSection(tx, data.sectionId);
    const bylineIds = data.bylineIds ?? (author.bylineId ? [author.bylineId] : []);
    const bylines = await resolveBylines(tx, bylineIds);
    const slug = await chooseSlug(tx, data.slug, data.headline);
    const bodyText = documentToPlainText(data.body);
    const story = await tx.story.create({
      data: {
        slug,
        headline: data.headline,
        standfirst: data.standfirst,
        dateline: data.dateline,
        body: data.body as unknown as Prisma.InputJsonValue,
        bodyText,
        sectionId: section.id,
        commentPolicy: data.commentPolicy ?? section.commentPolicy,
        createdById: author.id,
        updatedById: author.id,
        bylines: { create: bylines.map((b, position) => ({ bylineId: b.id, position })) },
      },
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, sectionId: true, body: true, bodyText: true },
    });
    await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, "SAVE", author.id);
    await recordAudit(tx, { actorId: author.id, action: "story.create", entityType: "story", entityId: story.id, data: { headline: story.headline } });
    return { id: story.id, slug: story.slug, version: story.version, status: story.status };
  });
}

async function loadForChange(tx: Tx, storyId: string) {
  const story = await tx.story.findUnique({
    where: { id: storyId },
    select: {
      id: true,
      status: true,
      version: true,
      slug: true,
      headline: true,
      standfirst: true,
      dateline: true,
      sectionId: true,
      body: true,
      bodyText: true,
      createdById: true,
      publishedAt: true,
      firstPublishedAt: true,
      updatedAt: true,
      updatedBy: { select: { displayName: true } },
      bylines: { orderBy: { position: "asc" }, select: { byline: { select: { id: true, name: true, kind: true } } } },
    },
  });
  if (!story) throw new AppError("NOT_FOUND", "That story does not exist.");
  return story;
}

function staleVersion(current: { version: number; updatedAt: Date; updatedBy: { displayName: string } | null }): AppError {
  const who = current.updatedBy?.displayName ?? "Someone";
  return new AppError(
    "CONFLICT",
    `${who} saved this story at ${current.updatedAt.toISOString()} after you opened it. Your changes were not saved: compare them with the current version before saving again.`,
    { details: { savedBy: who, savedAt: current.updatedAt.toISOString(), currentVersion: current.version } },
  );
}

/** Advance the version only if it is still the one the change was based on: the optimistic lock. */
async function claimVersion(tx: Tx, storyId: string, basedOn: number): Promise<void> {
  const claimed = await tx.story.updateMany({ where: { id: storyId, version: basedOn }, data: { version: { increment: 1 } } });
  if (claimed.count === 0) throw staleVersion(await loadForChange(tx, storyId));
}

export async function saveStory(actor: Actor | null, storyId: unknown, version: unknown, input: unknown): Promise<SavedStory> {
  const editor = assertCan(actor, "story.editOwn", "Only newsroom staff can edit stories.");
  const id = storyIdSchema.safeParse(storyId);
  if (!id.success) throw new AppError("NOT_FOUND", "That story does not exist.");
  const basedOn = versionSchema.safeParse(version);
  if (!basedOn.success) throw new AppError("INVALID_INPUT", "The story version is missing. Reload the page.");
  const data = parseInput(input);

  return db.$transaction(async (tx) => {
    const current = await loadForChange(tx, id.data);
    const ownership = { status: current.status, createdById: current.createdById, bylineIds: current.bylines.map((b) => b.byline.id) };
    if (!canEditContent(editor, ownership)) {
      throw new AppError("FORBIDDEN", "You cannot change this story now: only editors change stories that are scheduled or published.");
    }
    if (current.version !== basedOn.data) throw staleVersion(current);
    const errors: FieldErrors = {};
    if (current.status === "PUBLISHED" && isDocumentEmpty(data.body)) errors.body = ["A published story cannot have an empty body."];
    if (Object.keys(errors).length > 0) throw new AppError("INVALID_INPUT", "Some fields need attention.", { fieldErrors: errors });

    const section = await resolveSection(tx, data.sectionId);
    const bylines = data.bylineIds ? await resolveBylines(tx, data.bylineIds) : current.bylines.map((b) => b.byline);
    const slug = data.slug === current.slug ? current.slug : await chooseSlug(tx, data.slug || current.slug, data.headline, current.id);
    await claimVersion(tx, current.id, basedOn.data);

    // A slug readers have seen stays reachable: keep the old one as a redirect.
    if (slug !== current.slug && current.firstPublishedAt) {
      await tx.storySlug.upsert({ where: { slug: current.slug }, create: { slug: current.slug, storyId: current.id }, update: { storyId: current.id } });
    }
    const bodyText = documentToPlainText(data.body);
    const story = await tx.story.update({
      where: { id: current.id },
      data: {
        slug,
        headline: data.headline,
        standfirst: data.standfirst,
        dateline: data.dateline,
        body: data.body as unknown as Prisma.InputJsonValue,
        bodyText,
        sectionId: section.id,
        ...(data.commentPolicy ? { commentPolicy: data.commentPolicy } : {}),
        updatedById: editor.id,
        ...(data.bylineIds
          ? { bylines: { deleteMany: {}, create: bylines.map((b, position) => ({ bylineId: b.id, position })) } }
          : {}),
      },
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, sectionId: true, body: true, bodyText: true },
    });
    await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, "SAVE", editor.id);
    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.save",
      entityType: "story",
      entityId: story.id,
      data: { version: story.version, ...(slug !== current.slug ? { oldSlug: current.slug, slug } : {}) },
    });
    return { id: story.id, slug: story.slug, version: story.version, status: story.status };
  });
}

const MIN_SCHEDULE_LEAD_MS = 60_000;

export async function changeStoryStatus(actor: Actor | null, input: unknown): Promise<SavedStory> {
  const person = assertCan(actor, "story.submit", "Only newsroom staff can move stories through the workflow.");
  const parsed = workflowInputSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { storyId, version, action, scheduledFor } = parsed.data;

  return db.$transaction(async (tx) => {
    const current = await loadForChange(tx, storyId);
    const ownership = { status: current.status, createdById: current.createdById, bylineIds: current.bylines.map((b) => b.byline.id) };
    const check = checkTransition(person.role, current.status, action);
    if (!check.ok) throw new AppError(check.reason, check.message);
    if (!canEditContent(person, ownership)) throw new AppError("FORBIDDEN", "You can only move your own stories.");
    if (current.version !== version) throw staleVersion(current);

    const now = new Date();
    if (check.to === "PUBLISHED" || check.to === "SCHEDULED") {
      const missing: FieldErrors = {};
      if (current.headline.trim() === "") missing.headline = ["Write a headline before publishing."];
      if (current.bodyText.trim() === "") missing.body = ["Write the story before publishing."];
      if (current.bylines.length === 0) missing.bylineIds = ["Add at least one byline before publishing."];
      if (Object.keys(missing).length > 0) throw new AppError("INVALID_INPUT", "The story is not ready to go out.", { fieldErrors: missing });
    }
    if (check.to === "SCHEDULED") {
      if (!scheduledFor) throw new AppError("INVALID_INPUT", "Choose when to publish.", { fieldErrors: { scheduledFor: ["Choose a date and time."] } });
      if (scheduledFor.getTime() < now.getTime() + MIN_SCHEDULE_LEAD_MS) {
        throw new AppError("INVALID_INPUT", "Choose a time in the future.", { fieldErrors: { scheduledFor: ["Choose a time at least a minute from now."] } });
      }
    }

    await claimVersion(tx, current.id, version);
    const data: Prisma.StoryUpdateInput = { status: check.to, updatedBy: { connect: { id: person.id } } };
    if (check.to === "PUBLISHED") {
      data.publishedAt = current.publishedAt ?? now;
      data.firstPublishedAt = current.firstPublishedAt ?? now;
      data.scheduledFor = null;
    } else if (check.to === "SCHEDULED") {
      data.scheduledFor = scheduledFor ?? null;
    } else {
      data.scheduledFor = null;
    }
    const story = await tx.story.update({
      where: { id: current.id },
      data,
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, sectionId: true, body: true, bodyText: true },
    });
    if (check.to === "PUBLISHED") {
      await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, current.bylines.map((b) => b.byline), "PUBLISH", person.id);
    }
    await recordAudit(tx, {
      actorId: person.id,
      action: `story.${action}`,
      entityType: "story",
      entityId: story.id,
      data: { from: current.status, to: check.to, ...(scheduledFor ? { scheduledFor: scheduledFor.toISOString() } : {}) },
    });
    return { id: story.id, slug: story.slug, version: story.version, status: story.status };
  });
}

export function describeStatus(status: StoryStatus): string {
  return STATUS_LABELS[status];
}
