// Changing stories. Each function checks who is asking, validates its input, and writes the
// change, its revision and its audit record in one transaction. Saves carry the version they
// were based on: a save on a stale version is refused, never merged silently.

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateStoryChange, loadStoryPlacement } from "@/lib/cache/invalidate";
import { db, type Tx } from "@/lib/db";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { canEditContent } from "@/lib/stories/access";
import { documentToPlainText, isDocumentEmpty } from "@/lib/stories/document";
import { clearLeadPin, refreshFrontPage } from "@/lib/stories/lead";
import { storyInputSchema, workflowInputSchema, versionSchema, type StoryInput } from "@/lib/stories/schemas";
import {
  AUTOSAVE_REVISION_INTERVAL_MS,
  chooseSlug,
  claimVersion,
  isPlaceholderSlug,
  loadForChange,
  resolveBylines,
  resolveSection,
  resolveTags,
  staleVersion,
  writeRevision,
} from "@/lib/stories/persistence";
import { checkTransition, isPublicStatus, STATUS_LABELS } from "@/lib/stories/workflow";
import { flushLiveStory, pushIntoLiveStory } from "@/lib/collab/store";
import { liveFieldsOf } from "@/lib/collab/ydoc";
import { enqueueStatusChange, enqueueStoryEvent } from "@/lib/webhooks/events";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { checkBeforePublishing, hasErrors, type PrepublishNode } from "@/lib/stories/prepublish";
import { slugify } from "@/lib/stories/slug";
import {
  STORY_NOT_FOUND,
  STORY_VERSION_MISSING,
  EDITORS_ONLY_ONCE_SCHEDULED,
  FEATURED_IMAGE_GONE,
  NOT_READY_TO_GO_OUT,
  WARNINGS_NOT_SEEN,
  KEEP_THE_SECTION,
  STORY_ID_TAKEN,
  EMBARGO_ON_PUBLISHED,
  embargoAfterSchedule,
  embargoRefusesPublish,
  embargoRefusesSchedule,
} from "@/lib/stories/sentences";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { formatInZone } from "@/lib/time-zone-format";

function parseStoryInput(input: unknown): StoryInput {
  return parseInput(storyInputSchema, input, { message: FIELDS_NEED_ATTENTION });
}

/** The search and social fields, only those the input carries (left out, they keep what is stored). */
function sideRailFields(data: StoryInput) {
  return {
    ...(data.seoTitle !== undefined ? { seoTitle: data.seoTitle } : {}),
    ...(data.seoDescription !== undefined ? { seoDescription: data.seoDescription } : {}),
    ...(data.socialHeadline !== undefined ? { socialHeadline: data.socialHeadline } : {}),
    // The dateline place and credit (an import or the rail sets them); left out, the stored ones stay.
    ...(data.datelinePlace !== undefined ? { datelinePlace: data.datelinePlace } : {}),
    ...(data.credit !== undefined ? { credit: data.credit } : {}),
  };
}

/** The featured image must be in the media library: one deleted meanwhile is refused beside its field. */
async function resolveFeaturedImage(tx: Prisma.TransactionClient, mediaId: string): Promise<string> {
  const media = await tx.media.findUnique({ where: { id: mediaId }, select: { id: true } });
  if (!media) throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, { fieldErrors: { heroImageId: [FEATURED_IMAGE_GONE] } });
  return media.id;
}

/**
 * Runs a change again when the version it claimed moved under it: for the desk's saves, which take
 * whatever version is stored, the live document's writer (lib/collab/store.ts) may bump it between
 * the read and the claim. Anything else, and any other refusal, is thrown as it is.
 */
async function againOnRace<T>(desk: boolean, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await run();
    } catch (error) {
      if (!desk || attempt >= 5 || !(error instanceof AppError) || error.code !== "CONFLICT") throw error;
    }
  }
}

export interface SavedStory {
  id: string;
  slug: string;
  version: number;
  status: StoryStatus;
}

export async function createStory(actor: Actor | null, input: unknown): Promise<SavedStory> {
  const author = assertCan(actor, "story.create", "Only newsroom staff can write stories.");
  const data = parseStoryInput(input);
  if (data.id) {
    // The editor names a new story itself: a create sent again after its answer was lost (the
    // connection dropped) is a save of that story, never a second story.
    const existing = await db.story.findUnique({ where: { id: data.id }, select: { createdById: true } });
    if (existing) {
      if (existing.createdById !== author.id) throw new AppError("CONFLICT", STORY_ID_TAKEN);
      return saveStory(actor, data.id, 1, input, { autosave: true });
    }
  }
  return db.$transaction(async (tx) => {
    const section = await resolveSection(tx, data.sectionId);
    const bylineIds = data.bylineIds ?? (author.bylineId ? [author.bylineId] : []);
    const bylines = await resolveBylines(tx, bylineIds);
    const slug = await chooseSlug(tx, data.slug, data.headline);
    const commentPolicy = data.commentPolicy ?? section?.commentPolicy;
    const tags = await resolveTags(tx, data.tags ?? []);
    const bodyText = documentToPlainText(data.body);
    const heroImageId = data.heroImageId ? await resolveFeaturedImage(tx, data.heroImageId) : null;
    const story = await tx.story.create({
      data: {
        ...(data.id ? { id: data.id } : {}),
        slug,
        ...sideRailFields(data),
        ...(heroImageId ? { heroImageId } : {}),
        ...(data.embargoUntil ? { embargoUntil: data.embargoUntil } : {}),
        headline: data.headline,
        standfirst: data.standfirst,
        dateline: data.dateline,
        body: data.body as unknown as Prisma.InputJsonValue,
        bodyText,
        sectionId: section?.id ?? null,
        // Without a section yet, the section's default applies when one is chosen (saveStory).
        ...(commentPolicy ? { commentPolicy } : {}),
        createdById: author.id,
        updatedById: author.id,
        bylines: { create: bylines.map((b, position) => ({ bylineId: b.id, position })) },
        tags: { create: tags.map((tag) => ({ tagId: tag.id })) },
      },
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, sectionId: true, body: true, bodyText: true },
    });
    const imported = data.importedFrom === "plain-text";
    await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, imported ? "IMPORT" : "SAVE", author.id);
    await recordAudit(tx, {
      actorId: author.id,
      action: imported ? "story.import" : "story.create",
      entityType: "story",
      entityId: story.id,
      data: { headline: story.headline, ...(imported ? { importedFrom: "plain-text" } : {}) },
    });
    if (data.embargoUntil) {
      await recordAudit(tx, { actorId: author.id, action: "story.embargo", entityType: "story", entityId: story.id, data: { from: null, to: data.embargoUntil.toISOString() } });
    }
    return { id: story.id, slug: story.slug, version: story.version, status: story.status };
  });
}

/**
 * The slug a save keeps or takes. One asked for is checked; none asked for keeps the current one.
 * A draft saved before it had a headline has a placeholder ("untitled-…"): once a headline is
 * written it gets a slug made from it, unless readers have already seen the story.
 */
async function slugForSave(tx: Tx, data: StoryInput, current: { id: string; slug: string; firstPublishedAt: Date | null }): Promise<string> {
  const placeholder = isPlaceholderSlug(current.slug) && current.firstPublishedAt === null;
  if (placeholder && (data.slug === "" || data.slug === current.slug) && slugify(data.headline) !== "") {
    return chooseSlug(tx, "", data.headline, current.id);
  }
  if (data.slug === "" || data.slug === current.slug) return current.slug;
  return chooseSlug(tx, data.slug, data.headline, current.id);
}


export interface SaveOptions {
  /** Saved by the editor's timer rather than the Save button. */
  autosave?: boolean;
  /**
   * From the desk's editor of a live story (docs/desk.md, "Co-editing"): the text fields (headline,
   * standfirst, dateline, dateline place, credit, search and social) and the body are the live
   * document's (written by lib/collab/store.ts), whatever the input says,
   * and the other fields are saved over whatever is stored, with no version check: a person in
   * the desk never meets a conflict.
   */
  live?: boolean;
  /**
   * From the desk's editor that is not live (one that created the story and goes on with it): its
   * text is saved over what is stored, with no version check, and goes into the live document
   * for anyone editing it live. Only the Admin API's saves are checked against a version.
   */
  desk?: boolean;
}

export async function saveStory(
  actor: Actor | null,
  storyId: unknown,
  version: unknown,
  input: unknown,
  options: SaveOptions = {},
): Promise<SavedStory> {
  const editor = assertCan(actor, "story.editOwn", "Only newsroom staff can edit stories.");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const basedOn = parseInput(versionSchema, version, { message: STORY_VERSION_MISSING });
  const data = parseStoryInput(input);

  if (options.live) await flushLiveStory(storyId);
  // Where readers see it now: a save may move it to another section, byline, tag or slug.
  const placement = await loadStoryPlacement(storyId);
  const outcome = await againOnRace(Boolean(options.live || options.desk), () => db.$transaction(async (tx) => {
    const current = await loadForChange(tx, storyId);
    const ownership = { status: current.status, createdById: current.createdById, bylineIds: current.bylines.map((b) => b.byline.id) };
    if (!canEditContent(editor, ownership)) {
      throw new AppError("FORBIDDEN", EDITORS_ONLY_ONCE_SCHEDULED);
    }
    if (options.live) {
      Object.assign(data, liveFieldsOf(current));
      data.body = current.body as unknown as StoryInput["body"];
    } else if (!options.desk && current.version !== basedOn) throw staleVersion(current);
    const errors: FieldErrors = {};
    if (current.status === "PUBLISHED" && isDocumentEmpty(data.body)) errors.body = ["A published story cannot have an empty body."];
    // Whatever readers see, or will see at a set time, has a section (lib/stories/visibility.ts).
    if (data.sectionId === null && (current.status === "PUBLISHED" || current.status === "SCHEDULED")) errors.sectionId = [KEEP_THE_SECTION];
    const embargoChange = data.embargoUntil !== undefined && (data.embargoUntil?.getTime() ?? null) !== (current.embargoUntil?.getTime() ?? null);
    if (embargoChange && data.embargoUntil) {
      const problem = await embargoProblem(current, data.embargoUntil);
      if (problem) errors.embargoUntil = [problem];
    }
    if (Object.keys(errors).length > 0) throw new AppError("INVALID_INPUT", FIELDS_NEED_ATTENTION, { fieldErrors: errors });

    const section = await resolveSection(tx, data.sectionId, current.sectionId);
    const bylines = data.bylineIds ? await resolveBylines(tx, data.bylineIds) : current.bylines.map((b) => b.byline);
    const slug = await slugForSave(tx, data, current);
    const tags = data.tags ? await resolveTags(tx, data.tags) : null;
    const heroImageId = data.heroImageId ? await resolveFeaturedImage(tx, data.heroImageId) : data.heroImageId;
    await claimVersion(tx, current.id, options.live || options.desk ? current.version : basedOn);

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
        sectionId: section?.id ?? null,
        ...sideRailFields(data),
        ...(heroImageId !== undefined ? { heroImageId } : {}),
        ...(embargoChange ? { embargoUntil: data.embargoUntil } : {}),
        // A draft given its first section takes the section's comment policy unless one was chosen.
        ...(data.commentPolicy ? { commentPolicy: data.commentPolicy } : section && current.sectionId === null ? { commentPolicy: section.commentPolicy } : {}),
        updatedById: editor.id,
        ...(data.bylineIds
          ? { bylines: { deleteMany: {}, create: bylines.map((b, position) => ({ bylineId: b.id, position })) } }
          : {}),
        ...(tags ? { tags: { deleteMany: {}, create: tags.map((tag) => ({ tagId: tag.id })) } } : {}),
      },
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, seoTitle: true, seoDescription: true, socialHeadline: true, sectionId: true, body: true, bodyText: true },
    });
    const lastRevision = options.autosave
      ? await tx.storyRevision.findFirst({ where: { storyId: story.id }, orderBy: { createdAt: "desc" }, select: { createdAt: true } })
      : null;
    const revisionDue = !options.autosave || !lastRevision || Date.now() - lastRevision.createdAt.getTime() >= AUTOSAVE_REVISION_INTERVAL_MS;
    if (revisionDue) {
      await writeRevision(tx, { ...story, body: story.body as Prisma.InputJsonValue }, bylines, options.autosave ? "AUTOSAVE" : "SAVE", editor.id);
    }
    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.save",
      entityType: "story",
      entityId: story.id,
      data: { version: story.version, ...(options.autosave ? { autosave: true } : {}), ...(slug !== current.slug ? { oldSlug: current.slug, slug } : {}) },
    });
    if (embargoChange) {
      await recordAudit(tx, {
        actorId: editor.id,
        action: "story.embargo",
        entityType: "story",
        entityId: story.id,
        data: { from: current.embargoUntil?.toISOString() ?? null, to: data.embargoUntil?.toISOString() ?? null },
      });
    }
    if (isPublicStatus(story.status)) await enqueueStoryEvent(tx, "story.updated", story.id);
    const before = current.bylines.map((b) => b.byline.name);
    const after = bylines.map((b) => b.name);
    if (before.join("\u0000") !== after.join("\u0000")) {
      await recordAudit(tx, { actorId: editor.id, action: "story.bylines", entityType: "story", entityId: story.id, data: { from: before, to: after } });
    }
    return { saved: { id: story.id, slug: story.slug, version: story.version, status: story.status }, text: liveFieldsOf(story) };
  }));
  // Committed: readers' cached pages of a public story refresh on every instance (docs/caching.md).
  await invalidateStoryChange(placement, outcome.saved.id);
  // Saved over the optimistic path (the Admin API): people editing it live get the change too,
  // every text field as stored now (one the save left out keeps its stored value).
  if (!options.live) await pushIntoLiveStory(outcome.saved.id, { ...outcome.text, body: data.body }, editor.id);
  return outcome.saved;
}

export async function changeStoryStatus(actor: Actor | null, input: unknown, options: { live?: boolean } = {}): Promise<SavedStory> {
  const person = assertCan(actor, "story.submit", "Only newsroom staff can move stories through the workflow.");
  const { storyId, version, action, scheduledFor: scheduleInput, acknowledgeWarnings } = parseInput(workflowInputSchema, input, {
    message: FIELDS_NEED_ATTENTION,
  });
  // Every workflow step first writes the live document into the story, with a revision naming who
  // edited since the last (lib/collab/store.ts); from the desk's live editor, with no version check.
  await flushLiveStory(storyId, { step: true });

  const placement = await loadStoryPlacement(storyId);
  const changed = await againOnRace(Boolean(options.live), () => db.$transaction(async (tx) => {
    const current = await loadForChange(tx, storyId);
    const ownership = { status: current.status, createdById: current.createdById, bylineIds: current.bylines.map((b) => b.byline.id) };
    const check = checkTransition(person.role, current.status, action);
    if (!check.ok) throw new AppError(check.reason, check.message);
    if (!canEditContent(person, ownership)) throw new AppError("FORBIDDEN", "You can only move your own stories.");
    if (!options.live && current.version !== version) throw staleVersion(current);

    const now = new Date();
    let scheduledFor: Date | null = null;
    if (check.to === "PUBLISHED" || check.to === "SCHEDULED") {
      // The same check the editor showed, on what is saved: errors always refuse; warnings refuse
      // unless the editor saw them. Nothing is written on a refusal.
      const extra = await tx.story.findUniqueOrThrow({
        where: { id: current.id },
        select: { seoTitle: true, seoDescription: true, heroImageId: true, heroImage: { select: { alt: true, credit: true } } },
      });
      const problems = checkBeforePublishing({
        action: check.to === "SCHEDULED" ? "schedule" : "publish",
        headline: current.headline,
        seoTitle: extra.seoTitle,
        seoDescription: extra.seoDescription,
        bylineCount: current.bylines.length,
        sectionId: current.sectionId,
        body: current.body as PrepublishNode,
        featuredImage: extra.heroImage ?? (extra.heroImageId ? "missing" : null),
        scheduledFor: scheduleInput,
        now,
      });
      const blocking = hasErrors(problems) || (problems.length > 0 && acknowledgeWarnings !== true);
      if (blocking) {
        const fieldErrors: FieldErrors = {};
        for (const problem of problems) fieldErrors[problem.field] = [...(fieldErrors[problem.field] ?? []), problem.message];
        throw new AppError("INVALID_INPUT", hasErrors(problems) ? NOT_READY_TO_GO_OUT : WARNINGS_NOT_SEEN, { fieldErrors, details: { problems } });
      }
      if (check.to === "SCHEDULED") scheduledFor = scheduleInput instanceof Date ? scheduleInput : new Date(scheduleInput ?? "");
      // An embargo holds whoever asks: nothing goes out, or is set to go out, before it.
      const embargo = current.embargoUntil;
      if (embargo && (scheduledFor ?? now).getTime() < embargo.getTime()) {
        const until = await sentenceTime(embargo);
        const message = check.to === "SCHEDULED" ? embargoRefusesSchedule(until) : embargoRefusesPublish(until);
        throw new AppError("INVALID_INPUT", message, { fieldErrors: { [check.to === "SCHEDULED" ? "scheduledFor" : "embargoUntil"]: [message] } });
      }
    }

    await claimVersion(tx, current.id, options.live ? current.version : version);
    // claimVersion holds the row lock, so a pin cannot slip in between: a story readers can no
    // longer see stops leading the front page, and one coming back does not return as the lead.
    const staysPublic = isPublicStatus(current.status) && isPublicStatus(check.to);
    const leftLead = staysPublic ? false : await clearLeadPin(tx, current.id, person.id, action);
    const data: Prisma.StoryUpdateInput = { status: check.to, updatedBy: { connect: { id: person.id } } };
    if (check.to === "PUBLISHED") {
      data.publishedAt = current.publishedAt ?? now;
      data.firstPublishedAt = current.firstPublishedAt ?? now;
      data.scheduledFor = null;
    } else if (check.to === "SCHEDULED") {
      data.scheduledFor = scheduledFor;
    } else {
      data.scheduledFor = null;
    }
    const story = await tx.story.update({
      where: { id: current.id },
      data,
      select: { id: true, slug: true, version: true, status: true, headline: true, standfirst: true, dateline: true, datelinePlace: true, credit: true, sectionId: true, body: true, bodyText: true },
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
    await enqueueStatusChange(tx, story.id, isPublicStatus(current.status), isPublicStatus(check.to));
    return { saved: { id: story.id, slug: story.slug, version: story.version, status: story.status }, leftLead };
  }));
  // Committed: publishing or taking down a story refreshes its pages on every instance (docs/caching.md).
  await invalidateStoryChange(placement, changed.saved.id);
  // That covers the front page whenever `placement` saw the story public; a lead taken down must
  // leave it even if that read came before a concurrent publish.
  if (changed.leftLead && !placement?.isPublic) await refreshFrontPage();
  return changed.saved;
}

/** A time inside a sentence: the site's locale, the newsroom's zone (lib/settings/dates.ts). */
async function sentenceTime(date: Date): Promise<string> {
  const style = await newsroomDateStyle();
  return formatInZone(date, style.timeZone, style.locale);
}

/**
 * Why a story cannot take this embargo, or null. A story readers have seen cannot be put back under
 * embargo (docs/desk.md: unpublish it first), and a scheduled one cannot take an embargo later than
 * its publication time (the scheduler would hold it, silently, past the time the desk set).
 */
async function embargoProblem(current: { status: StoryStatus; scheduledFor: Date | null }, until: Date): Promise<string | null> {
  if (until.getTime() <= Date.now()) return null;
  if (current.status === "PUBLISHED") return EMBARGO_ON_PUBLISHED;
  if (current.status === "SCHEDULED" && current.scheduledFor && current.scheduledFor.getTime() < until.getTime()) {
    return embargoAfterSchedule(await sentenceTime(current.scheduledFor));
  }
  return null;
}

export function describeStatus(status: StoryStatus): string {
  return STATUS_LABELS[status];
}
