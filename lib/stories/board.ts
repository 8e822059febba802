// The story board at /desk: every story the person may open, as a desk editor works through them.
// Saved views ("My drafts", "Waiting for review", "Scheduled", "Published today", "All"), the
// filters and the headline search, and numbered pages of BOARD_PAGE_SIZE with the total. For each
// story on the page: who has it open right now (fresh StoryPresence rows), its status, section,
// bylines, scheduled or published time, word count and last change.
//
// A page is a fixed handful of statements whatever the table's size: the page's rows and the total
// (together), then the presence of the page's stories (by their ids only). The word count is a
// column a trigger keeps from bodyText (migration *_story_word_count): counted at read time it cost
// 70-90 ms a page at 10,000 stories. docs/desk.md, "The story board".

import "server-only";

import { z } from "zod";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { SITE_TIME_ZONE } from "@/lib/format";
import { getNewsroomTimeZone } from "@/lib/time-zone";
import { PRESENCE_TTL_MS } from "@/lib/stories/presence";
import { STATUS_LABELS } from "@/lib/stories/workflow";
import { parseInput } from "@/lib/validation/parse-input";
import { singleLine } from "@/lib/validation/text";
import { isUuid } from "@/lib/validation/uuid";

export const BOARD_PAGE_SIZE = 50;

export const BOARD_VIEWS = ["all", "mine", "review", "scheduled", "today"] as const;
export type BoardView = (typeof BOARD_VIEWS)[number];

export const BOARD_VIEW_LABELS: Record<BoardView, string> = {
  mine: "My drafts",
  review: "Waiting for review",
  scheduled: "Scheduled",
  today: "Published today",
  all: "All",
};

/** The order the views are offered in. */
export const BOARD_VIEW_ORDER: readonly BoardView[] = ["mine", "review", "scheduled", "today", "all"];

export interface BoardEditor {
  userId: string;
  displayName: string;
}

export interface BoardStory {
  id: string;
  headline: string;
  status: StoryStatus;
  /** Null for a draft whose section is not chosen yet. */
  section: string | null;
  bylines: string[];
  scheduledFor: Date | null;
  /** An embargo that has not lifted yet (docs/desk.md, "Embargoes"); null for none. */
  embargoUntil: Date | null;
  publishedAt: Date | null;
  updatedAt: Date;
  updatedBy: string | null;
  wordCount: number;
  /** Who has the story open in the editor right now, most recently seen first. */
  openBy: BoardEditor[];
}

export interface StoryBoard {
  view: BoardView;
  stories: BoardStory[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

const statusValues = Object.keys(STATUS_LABELS) as [StoryStatus, ...StoryStatus[]];

/** Address-bar values are loose: anything unrecognised (a bad view, status or id) is ignored, not refused. */
function loose<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (Array.isArray(value) ? value[0] : value), schema.optional().catch(undefined));
}

const boardInputSchema = z.object({
  view: loose(z.enum(BOARD_VIEWS)),
  status: loose(z.enum(statusValues)),
  sectionId: loose(z.string().refine(isUuid)),
  bylineId: loose(z.string().refine(isUuid)),
  query: z.preprocess(
    (value) => (typeof value === "string" ? value.slice(0, 200) : Array.isArray(value) ? String(value[0] ?? "").slice(0, 200) : ""),
    singleLine("The search"),
  ),
  page: z.preprocess((value) => (Array.isArray(value) ? value[0] : value), z.coerce.number().int().min(1).max(100_000).catch(1)),
  pageSize: z.coerce.number().int().min(1).max(200).default(BOARD_PAGE_SIZE),
});

/** Raw values, as a page's search params hold them (text, a list of texts, or nothing). */
export interface BoardInput {
  view?: unknown;
  status?: unknown;
  sectionId?: unknown;
  bylineId?: unknown;
  query?: unknown;
  page?: unknown;
  pageSize?: unknown;
}
export type BoardFilters = z.output<typeof boardInputSchema>;

/**
 * The board's filters from a page's search params (view, status, section, byline, q, page). Every
 * value is checked; anything unrecognised is dropped, and a search that is not one line of text is
 * refused (INVALID_INPUT, with the reason).
 */
export function parseBoardInput(input: BoardInput): BoardFilters {
  return parseInput(boardInputSchema, input);
}

/**
 * The newsroom day `now` falls in starts at this instant: midnight in `timeZone`. Published today is
 * counted from here. The one place the board reads the newsroom's time zone.
 */
export function startOfDay(now: Date, timeZone: string = SITE_TIME_ZONE): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const offsetAt = (instant: number): number => {
    const local = Object.fromEntries(
      new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
        .formatToParts(new Date(instant))
        .map((part) => [part.type, part.value]),
    );
    const wall = Date.UTC(Number(local.year), Number(local.month) - 1, Number(local.day), Number(local.hour), Number(local.minute), Number(local.second));
    return wall - Math.floor(instant / 1000) * 1000;
  };
  const midnightAsUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  // The offset at midnight itself (a clock change can fall between midnight and now).
  const guess = midnightAsUtc - offsetAt(midnightAsUtc);
  return new Date(midnightAsUtc - offsetAt(guess));
}

function viewWhere(view: BoardView, viewer: Actor, now: Date, timeZone: string): Prisma.StoryWhereInput[] {
  switch (view) {
    case "mine":
      return [mineWhere(viewer), { status: "DRAFT" }];
    case "review":
      return [{ status: "IN_REVIEW" }];
    case "scheduled":
      return [{ status: "SCHEDULED" }];
    case "today":
      return [{ status: "PUBLISHED" }, { publishedAt: { gte: startOfDay(now, timeZone), lte: now } }];
    case "all":
      return [];
  }
}

function viewOrder(view: BoardView): Prisma.StoryOrderByWithRelationInput[] {
  switch (view) {
    case "scheduled":
      // The next to go out first.
      return [{ scheduledFor: "asc" }, { id: "asc" }];
    case "today":
      return [{ publishedAt: "desc" }, { id: "desc" }];
    default:
      return [{ updatedAt: "desc" }, { id: "desc" }];
  }
}

/** Stories the person created or that carry their byline. */
function mineWhere(viewer: Actor): Prisma.StoryWhereInput {
  return { OR: [{ createdById: viewer.id }, ...(viewer.bylineId ? [{ bylines: { some: { bylineId: viewer.bylineId } } }] : [])] };
}

/** The board for this person: a page of the stories they may open, in the chosen view and filters. */
export async function listStoryBoard(actor: Actor | null, input: BoardInput = {}, now: Date = new Date()): Promise<StoryBoard> {
  const viewer = assertCan(actor, "desk.open");
  const filters = parseBoardInput(input);
  const view = filters.view ?? "all";
  const pageSize = filters.pageSize;
  if (!can(viewer.role, "story.editOwn")) return { view, stories: [], total: 0, page: 1, pageCount: 1, pageSize };

  const conditions: Prisma.StoryWhereInput[] = [];
  // Reporters see the stories they created and those carrying their byline; editors see all.
  if (!can(viewer.role, "story.editAny")) conditions.push(mineWhere(viewer));
  // "Published today" is the newsroom's day: the zone is a site setting (lib/time-zone.ts).
  conditions.push(...viewWhere(view, viewer, now, view === "today" ? await getNewsroomTimeZone() : SITE_TIME_ZONE));
  if (filters.status) conditions.push({ status: filters.status });
  if (filters.sectionId) conditions.push({ sectionId: filters.sectionId });
  if (filters.bylineId) conditions.push({ bylines: { some: { bylineId: filters.bylineId } } });
  if (filters.query) conditions.push({ headline: { contains: filters.query, mode: "insensitive" } });
  const where: Prisma.StoryWhereInput = { AND: conditions };

  const pageOf = (page: number) =>
    db.story.findMany({
      where,
      orderBy: viewOrder(view),
      skip: (page - 1) * pageSize,
      take: pageSize,
      select: {
        id: true,
        headline: true,
        status: true,
        scheduledFor: true,
        embargoUntil: true,
        publishedAt: true,
        updatedAt: true,
        wordCount: true,
        section: { select: { name: true } },
        updatedBy: { select: { displayName: true } },
        bylines: { orderBy: { position: "asc" }, select: { byline: { select: { name: true } } } },
      },
    });
  let page = filters.page;
  const [total, firstRows] = await Promise.all([db.story.count({ where }), pageOf(page)]);
  let rows = firstRows;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (the list shrank, or a hand-typed number) shows the last page.
  if (page > pageCount) {
    page = pageCount;
    rows = await pageOf(page);
  }

  const ids = rows.map((row) => row.id);
  const presence = ids.length
    ? await db.storyPresence.findMany({
        where: { storyId: { in: ids }, lastSeenAt: { gt: new Date(now.getTime() - PRESENCE_TTL_MS) } },
        orderBy: { lastSeenAt: "desc" },
        select: { storyId: true, userId: true, user: { select: { displayName: true } } },
      })
    : [];
  const openById = new Map<string, BoardEditor[]>();
  for (const row of presence) {
    openById.set(row.storyId, [...(openById.get(row.storyId) ?? []), { userId: row.userId, displayName: row.user.displayName }]);
  }

  return {
    view,
    stories: rows.map((row) => ({
      id: row.id,
      headline: row.headline,
      status: row.status,
      section: row.section?.name ?? null,
      bylines: row.bylines.map((b) => b.byline.name),
      scheduledFor: row.scheduledFor,
      embargoUntil: row.embargoUntil && row.embargoUntil > now ? row.embargoUntil : null,
      publishedAt: row.publishedAt,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy?.displayName ?? null,
      wordCount: row.wordCount,
      openBy: openById.get(row.id) ?? [],
    })),
    total,
    page,
    pageCount,
    pageSize,
  };
}
