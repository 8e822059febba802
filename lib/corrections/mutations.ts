// Corrections and clarifications on published stories. A correction is a public note that the
// copy readers saw was wrong; it never changes the copy itself. The editor fixes the copy and
// saves (a new revision), then adds the correction, which is linked to that revision.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateStoryChange } from "@/lib/cache/invalidate";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { revisionSourceSelect, writeRevision } from "@/lib/stories/persistence";
import { storyIdSchema } from "@/lib/stories/schemas";
import { STATUS_LABELS } from "@/lib/stories/workflow";
import { parseInput, FIELDS_NEED_ATTENTION } from "@/lib/validation/parse-input";
import { plainText } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND } from "@/lib/stories/sentences";
import { enqueueStoryCorrected } from "@/lib/webhooks/events";

export const CORRECTION_TEXT_MIN = 10;
export const CORRECTION_TEXT_MAX = 1000;

export const CORRECTION_KINDS = ["CORRECTION", "CLARIFICATION"] as const;
export type CorrectionKind = (typeof CORRECTION_KINDS)[number];

export const CORRECTION_KIND_LABELS: Record<CorrectionKind, string> = {
  CORRECTION: "Correction",
  CLARIFICATION: "Clarification",
};

export const correctionInputSchema = z.object({
  storyId: storyIdSchema,
  kind: z.enum(CORRECTION_KINDS, { error: "Choose correction or clarification." }),
  text: plainText("The correction", { error: "Write what was wrong and what is right." })
    .min(CORRECTION_TEXT_MIN, `Write at least ${CORRECTION_TEXT_MIN} characters: say what was wrong and what is right.`)
    .max(CORRECTION_TEXT_MAX, `Keep the correction under ${CORRECTION_TEXT_MAX} characters.`),
});

export type CorrectionInput = z.input<typeof correctionInputSchema>;

export interface AddedCorrection {
  id: string;
  storyId: string;
  kind: CorrectionKind;
  text: string;
  createdAt: Date;
  /** The revision the correction amended: the copy readers see now. */
  revision: { id: string; version: number };
}

/** Why a story in this status takes no correction, in the desk's words. */
export function notPublishedMessage(status: StoryStatus): string {
  const now = status === "DRAFT" ? "a draft" : STATUS_LABELS[status].toLowerCase();
  const base = `Corrections can only be added to a published story, and this story is ${now}.`;
  return status === "UNPUBLISHED"
    ? `${base} Readers cannot see it now: if it goes out again, fix the copy first and add the correction then.`
    : `${base} Readers have not seen it, so no correction is needed: fix the copy and save.`;
}

export async function addCorrection(actor: Actor | null, input: unknown): Promise<AddedCorrection> {
  const editor = assertCan(actor, "story.correct", "Only editors and admins can add corrections.");
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (!isUuid(raw.storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const { storyId, kind, text } = parseInput(correctionInputSchema, input, { message: FIELDS_NEED_ATTENTION });

  const added = await db.$transaction(async (tx) => {
    // Lock the story row: a save in flight finishes first (so its revision is the one we link),
    // and nobody can unpublish the story between our status check and our write.
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Story" WHERE "id" = ${storyId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
    const story = await tx.story.findUniqueOrThrow({
      where: { id: storyId },
      select: revisionSourceSelect,
    });
    if (story.status !== "PUBLISHED") throw new AppError("INVALID_TRANSITION", notPublishedMessage(story.status));

    // The correction is linked to the story's latest revision: the editor fixes the copy and saves
    // first, so the newest revision is the one that carries the fix, and "amended version N" points
    // at the copy the correction describes. (The revision readers saw before the fix would need the
    // editor to say which one; the latest is right in the newsroom's order of work, and it is what
    // the desk tells the editor before they add the note.)
    let revision = await tx.storyRevision.findFirst({
      where: { storyId },
      orderBy: [{ version: "desc" }, { createdAt: "desc" }],
      select: { id: true, version: true },
    });
    // Autosaves write a revision only every few minutes, so the copy readers see now may have none
    // yet. Snapshot it, as the autosave that produced it would have, so the link is always to the
    // exact copy on the site.
    if (!revision || revision.version < story.version) {
      const snapshot = { ...story, body: story.body as Prisma.InputJsonValue };
      const id = await writeRevision(tx, snapshot, story.bylines.map((b) => b.byline), "AUTOSAVE", story.updatedById ?? editor.id);
      revision = { id, version: story.version };
    }

    const correction = await tx.correction.create({
      data: { storyId, kind, text, revisionId: revision.id, createdById: editor.id },
      select: { id: true, storyId: true, kind: true, text: true, createdAt: true },
    });

    // Readers see "Updated" on the story. The version stays, because the copy did not change and
    // an editor with the story open must still be able to save it; so does who last saved it.
    await tx.story.update({
      where: { id: storyId },
      data: { updatedAt: correction.createdAt },
      select: { id: true },
    });

    await recordAudit(tx, {
      actorId: editor.id,
      action: "story.correct",
      entityType: "story",
      entityId: storyId,
      data: {
        correctionId: correction.id,
        kind,
        text,
        revisionId: revision.id,
        version: revision.version,
      },
    });

    await enqueueStoryCorrected(tx, storyId, correction.id);
    return { ...correction, revision };
  });
  // Committed: the story page and /corrections show it on every instance within seconds (docs/caching.md).
  await invalidateStoryChange(null, storyId);
  return added;
}
