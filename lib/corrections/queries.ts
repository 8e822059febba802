// Reading corrections. Readers see the corrections of stories that are published now (a story
// taken down takes its corrections with it); the desk sees a story's corrections if it may open
// the story.

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CorrectionKind } from "@/lib/corrections/mutations";
import { canViewInDesk } from "@/lib/stories/access";
import { storyHref } from "@/lib/stories/queries";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import { UUID_PATTERN } from "@/lib/validation/uuid";
import { publicSection, publishedStoryWhere } from "@/lib/stories/visibility";
import { STORY_NOT_FOUND, OWN_STORIES_ONLY } from "@/lib/stories/sentences";

export interface PublicCorrection {
  id: string;
  kind: CorrectionKind;
  text: string;
  createdAt: Date;
  story: { id: string; headline: string; href: string };
  /** Where the correction sits on the story page. */
  href: string;
  revision: { id: string; version: number } | null;
}

export interface CorrectionsPage {
  corrections: PublicCorrection[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

// A keyset cursor: the last item's time (ms) and id. Stable while new corrections arrive, unlike
// an offset, and opaque enough that nobody builds URLs by hand.
const CURSOR = new RegExp(`^(\\d{1,15})_(${UUID_PATTERN})$`);

function encodeCursor(item: { createdAt: Date; id: string }): string {
  return `${item.createdAt.getTime()}_${item.id}`;
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const match = CURSOR.exec(cursor);
  if (!match?.[1] || !match[2]) throw new AppError("NOT_FOUND", "That page of corrections does not exist.");
  return { createdAt: new Date(Number(match[1])), id: match[2] };
}

const listInputSchema = z.object({
  cursor: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});


/** The site-wide list of corrections, newest first, on stories readers can see. */
export async function listCorrections(options: { cursor?: string; limit?: number } = {}): Promise<CorrectionsPage> {
  const { cursor, limit } = parseInput(listInputSchema, options, { message: "Ask for between 1 and 100 corrections." });
  const after = cursor ? decodeCursor(cursor) : null;
  const rows = await db.correction.findMany({
    where: {
      story: publishedStoryWhere,
      ...(after
        ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      kind: true,
      text: true,
      createdAt: true,
      revision: { select: { id: true, version: true } },
      story: { select: { id: true, headline: true, slug: true, section: { select: { slug: true } } } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    corrections: page.map((row) => {
      const href = storyHref(publicSection(row.story.section).slug, row.story.slug);
      return {
        id: row.id,
        kind: row.kind,
        text: row.text,
        createdAt: row.createdAt,
        story: { id: row.story.id, headline: row.story.headline, href },
        href: `${href}#correction-${row.id}`,
        revision: row.revision,
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}

export interface DeskCorrection {
  id: string;
  kind: CorrectionKind;
  text: string;
  createdAt: Date;
  createdBy: string | null;
  revision: { id: string; version: number } | null;
}

/** A story's corrections for the desk, newest first. */
export async function listStoryCorrections(actor: Actor | null, storyId: string): Promise<DeskCorrection[]> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: {
      status: true,
      createdById: true,
      bylines: { select: { bylineId: true } },
      corrections: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          id: true,
          kind: true,
          text: true,
          createdAt: true,
          createdBy: { select: { displayName: true } },
          revision: { select: { id: true, version: true } },
        },
      },
    },
  });
  if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const ownership = { status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) };
  if (!canViewInDesk(viewer, ownership)) throw new AppError("FORBIDDEN", OWN_STORIES_ONLY);
  return story.corrections.map((c) => ({
    id: c.id,
    kind: c.kind,
    text: c.text,
    createdAt: c.createdAt,
    createdBy: c.createdBy?.displayName ?? null,
    revision: c.revision,
  }));
}
