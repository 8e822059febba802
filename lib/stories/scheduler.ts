// Scheduled stories go live at their time whether or not anyone has the desk open. Every app
// instance runs this sweep (lib/queue/sweeper.ts); row locks with SKIP LOCKED let several
// instances sweep at once without publishing a story twice.

import "server-only";

import { recordAudit } from "@/lib/audit";
import { invalidateStoryChange } from "@/lib/cache/invalidate";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { startSweeper } from "@/lib/queue/sweeper";
import { revisionSourceSelect, writeRevision } from "@/lib/stories/persistence";
import { publishedStoryWhere } from "@/lib/stories/visibility";
import { enqueueStoryEvent } from "@/lib/webhooks/events";

const BATCH = 50;
/** Background work waits longer for a connection than a request would, rather than fail the sweep. */
const SWEEP_TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

export interface PublishedBySchedule {
  id: string;
  slug: string;
}

/** Publishes every scheduled story whose time has come. Returns what it published. */
export async function publishDueStories(now: Date = new Date()): Promise<PublishedBySchedule[]> {
  // Most sweeps find nothing due: one indexed read, without holding a pooled connection in an
  // interactive transaction. (At start, while the reader cache warms up on every connection, the
  // transaction could not start in time and each sweep logged a P2028 error.)
  const anyDue = await db.$queryRaw<Array<{ due: number }>>`
    SELECT 1 AS "due" FROM "Story"
    WHERE "status" = 'SCHEDULED' AND "scheduledFor" <= ${now} AND "sectionId" IS NOT NULL
      AND ("embargoUntil" IS NULL OR "embargoUntil" <= ${now})
    LIMIT 1`;
  if (anyDue.length === 0) return [];
  const published = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT "id" FROM "Story"
      WHERE "status" = 'SCHEDULED' AND "scheduledFor" <= ${now} AND "sectionId" IS NOT NULL
      AND ("embargoUntil" IS NULL OR "embargoUntil" <= ${now})
      ORDER BY "scheduledFor"
      LIMIT ${BATCH}
      FOR UPDATE SKIP LOCKED`;
    const published: PublishedBySchedule[] = [];
    for (const { id } of due) {
      const current = await tx.story.findUniqueOrThrow({
        where: { id },
        select: { scheduledFor: true, publishedAt: true, firstPublishedAt: true, embargoUntil: true },
      });
      // Readers see the time the story was scheduled for, not the moment the sweep noticed it; a
      // story whose embargo was moved past its time (the desk refuses that, a direct write might
      // not) waited above for the embargo, and goes out at it.
      const scheduledAt = current.scheduledFor ?? now;
      const at = current.embargoUntil && current.embargoUntil > scheduledAt ? current.embargoUntil : scheduledAt;
      const story = await tx.story.update({
        where: { id },
        data: {
          status: "PUBLISHED",
          publishedAt: current.publishedAt ?? at,
          firstPublishedAt: current.firstPublishedAt ?? at,
          scheduledFor: null,
          version: { increment: 1 },
        },
        select: revisionSourceSelect,
      });
      await writeRevision(
        tx,
        { ...story, body: story.body as Prisma.InputJsonValue },
        story.bylines.map((b) => b.byline),
        "PUBLISH",
        story.updatedById,
      );
      await recordAudit(tx, {
        actorId: null,
        action: "story.publish",
        entityType: "story",
        entityId: story.id,
        data: { from: "SCHEDULED", to: "PUBLISHED", scheduledFor: at.toISOString(), bySchedule: true },
      });
      await enqueueStoryEvent(tx, "story.published", story.id);
      published.push({ id: story.id, slug: story.slug });
    }
    return published;
  }, SWEEP_TRANSACTION);
  // Committed: each story's pages (and any cached 404 for its slug) refresh on every instance (docs/caching.md).
  for (const story of published) await invalidateStoryChange(null, story.id);
  return published;
}

/** How far back a sweep looks for embargoes that lifted on stories already published (refreshEmbargoLifts). */
export const EMBARGO_LIFT_WINDOW_MS = 60_000;

/**
 * Refreshes the pages of published stories whose embargo lifted in the last minute. The desk never
 * publishes a story before its embargo, so this finds nothing for stories it wrote: they go out
 * through publishDueStories or a publish, which refresh their pages. A row written directly
 * (PUBLISHED with an embargo ahead) is hidden by the visibility rule until the lift, and its
 * pages, cached without it, are stamped here at the lift. Sweeps every 15 s stamp it a few times
 * over the minute; stamping is idempotent. Returns the stories stamped.
 */
export async function refreshEmbargoLifts(now: Date = new Date()): Promise<string[]> {
  const lifted = await db.story.findMany({
    where: { AND: [publishedStoryWhere, { embargoUntil: { lte: now, gt: new Date(now.getTime() - EMBARGO_LIFT_WINDOW_MS) } }] },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of lifted) await invalidateStoryChange(null, id);
  return lifted.map(({ id }) => id);
}

/** Starts the sweep in this process (called once from instrumentation.ts). */
export function startScheduler(intervalMs = 15_000): void {
  startSweeper({
    name: "scheduler",
    intervalMs,
    sweep: async () => {
      const published = await publishDueStories();
      await refreshEmbargoLifts();
      if (published.length > 0) console.log(`Published ${published.length} scheduled story(ies): ${published.map((s) => s.slug).join(", ")}`);
    },
    failure: "Scheduled publishing failed; will try again",
  });
}
