// A story's timeline: its audit records in plain words, newest first. Whoever may open the story in
// the desk may read its timeline. describeAuditEntry is pure so every action's wording is tested.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { formatDateTime, type DateStyle } from "@/lib/format";
import { canViewInDesk } from "@/lib/stories/access";

import { STATUS_LABELS } from "@/lib/stories/workflow";
import { isUuid } from "@/lib/validation/uuid";
import { STORY_NOT_FOUND, OWN_STORIES_ONLY } from "@/lib/stories/sentences";

export interface TimelineEntry {
  id: string;
  action: string;
  /** Null when the change was made by Newsdesk itself or the person's account is gone. */
  actorName: string | null;
  data: unknown;
  createdAt: Date;
}

const TIMELINE_LIMIT = 500;

export async function getStoryTimeline(actor: Actor | null, storyId: string): Promise<TimelineEntry[]> {
  const viewer = assertCan(actor, "desk.open");
  if (!isUuid(storyId)) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const story = await db.story.findUnique({
    where: { id: storyId },
    select: { status: true, createdById: true, bylines: { select: { bylineId: true } } },
  });
  if (!story) throw new AppError("NOT_FOUND", STORY_NOT_FOUND);
  const ownership = { status: story.status, createdById: story.createdById, bylineIds: story.bylines.map((b) => b.bylineId) };
  if (!canViewInDesk(viewer, ownership)) throw new AppError("FORBIDDEN", OWN_STORIES_ONLY);

  const rows = await db.auditLog.findMany({
    where: { entityType: "story", entityId: storyId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: TIMELINE_LIMIT,
    select: { id: true, action: true, data: true, createdAt: true, actor: { select: { displayName: true } } },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    action: row.action,
    actorName: row.actor?.displayName ?? null,
    data: row.data,
    createdAt: row.createdAt,
  }));
}

/**
 * The editor autosaves a few seconds after typing stops, so one sitting leaves a run of autosave
 * records. Fold each unbroken run by one person into a single entry ("autosaved versions 5 to 12"),
 * dated by its newest record. Entries come newest first and stay so.
 */
export function foldAutosaves(entries: readonly TimelineEntry[]): TimelineEntry[] {
  const folded: TimelineEntry[] = [];
  for (const entry of entries) {
    const data = asData(entry.data);
    const previous = folded.at(-1);
    const isAutosave = entry.action === "story.save" && data.autosave === true;
    const previousData = previous ? asData(previous.data) : {};
    if (isAutosave && previous && previous.action === "story.save" && previousData.autosave === true && previous.actorName === entry.actorName) {
      const version = versionOf(data.version);
      folded[folded.length - 1] = { ...previous, data: { ...previousData, ...(version ? { firstVersion: version } : {}) } };
      continue;
    }
    folded.push(entry);
  }
  return folded;
}

// ── Wording ────────────────────────────────────────────────────────────

type Data = Record<string, unknown>;

function asData(data: unknown): Data {
  return typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Data) : {};
}

function statusWord(value: unknown): string | null {
  return typeof value === "string" && value in STATUS_LABELS ? STATUS_LABELS[value as StoryStatus] : null;
}

function versionOf(value: unknown): number | null {
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : null;
}

function timeOf(value: unknown, dates: DateStyle): string | null {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : formatDateTime(date, dates);
}

/** "moved it from Draft to In review", or the fallback when the record does not say. */
function movedOr(data: Data, fallback: string): string {
  const from = statusWord(data.from);
  const to = statusWord(data.to);
  return from && to ? `moved it from ${from} to ${to}` : fallback;
}

function describeWhat(action: string, data: Data, dates: DateStyle): string {
  switch (action) {
    case "story.create":
      return "created the story";
    case "story.import":
      return "imported the story";
    case "story.save": {
      const version = versionOf(data.version);
      const verb = data.autosave === true ? "autosaved" : "saved";
      const first = versionOf(data.firstVersion);
      const saved = version && first && first < version ? `${verb} versions ${first} to ${version}` : version ? `${verb} version ${version}` : `${verb} the story`;
      return typeof data.slug === "string" && typeof data.oldSlug === "string" ? `${saved} and changed its address to “${data.slug}”` : saved;
    }
    case "story.submit":
      return movedOr(data, "submitted it for review");
    case "story.return":
      return movedOr(data, "sent it back to draft");
    case "story.redraft":
      return movedOr(data, "moved it back to draft");
    case "story.unschedule":
      return `cancelled the schedule and ${movedOr(data, "moved it back to review")}`;
    case "story.publish": {
      const from = data.from === "UNPUBLISHED" ? "published the story again" : "published the story";
      return data.bySchedule === true ? `${from} at its scheduled time` : from;
    }
    case "story.schedule": {
      const at = timeOf(data.scheduledFor, dates);
      return at ? `scheduled it for ${at}` : "scheduled the story";
    }
    case "story.unpublish":
      return "unpublished the story";
    case "story.restore": {
      const version = versionOf(data.restoredVersion) ?? versionOf(data.fromVersion);
      return version ? `restored version ${version}` : "restored an earlier version";
    }
    case "story.correct":
      return data.kind === "CLARIFICATION" ? "added a clarification" : "added a correction";
    case "story.bylines":
      return "changed the bylines";
    case "story.commentsClose":
      return "closed comments on the story";
    case "story.pin":
      return "pinned it as the front page's lead";
    case "story.unpin":
      // Unpublishing a lead unpins it in the same change (lib/stories/lead.ts), with the action as reason.
      return data.reason === "unpublish" ? "unpinned it from the front page as it came off the site" : "unpinned it from the front page";
    default:
      return `made a change (${action})`;
  }
}

/** One audit record in plain words: "Marguerite Vell published the story". */
export function describeAuditEntry(entry: Pick<TimelineEntry, "action" | "actorName" | "data">, dates: DateStyle): string {
  const data = asData(entry.data);
  // No person: the scheduler publishes by itself; otherwise the account has been deleted.
  const who = entry.actorName ?? (data.bySchedule === true ? "Newsdesk" : "Someone");
  return `${who} ${describeWhat(entry.action, data, dates)}`;
}
