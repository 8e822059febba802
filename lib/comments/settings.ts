// The comment rules an admin sets at /desk/settings, kept in the Setting table so every app
// instance reads the same: the banned and suspect word lists, whether a new account's first comment
// is held, and how many different readers' reports send a comment back to the moderators.
// Posting reads them on every comment, so each process keeps them for SETTINGS_CACHE_MS: a change
// counts at once in the process that made it and within that time in every other instance.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { parseInput } from "@/lib/validation/parse-input";
import { textProblem } from "@/lib/validation/text";
import { CHOOSE_YES_OR_NO } from "@/lib/validation/sentences";

export const SETTING_KEYS = {
  bannedWords: "comments.bannedWords",
  suspectWords: "comments.suspectWords",
  holdFirstComment: "comments.holdFirstComment",
  reportsToHold: "comments.reportsToHold",
} as const;

export const MAX_WORD_LENGTH = 50;
export const MAX_WORDS = 500;
export const REPORTS_TO_HOLD_MIN = 1;
export const REPORTS_TO_HOLD_MAX = 100;

export interface CommentSettings {
  bannedWords: string[];
  suspectWords: string[];
  holdFirstComment: boolean;
  /** Reports from this many different readers send an approved comment back to PENDING. */
  reportsToHold: number;
}

export const DEFAULT_COMMENT_SETTINGS: CommentSettings = {
  bannedWords: [],
  suspectWords: [],
  holdFirstComment: false,
  reportsToHold: 3,
};

function readWords(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((w): w is string => typeof w === "string" && w !== "") : [];
}

/** How long a process keeps the settings it read (docs/comments.md: "Settings"). */
export const SETTINGS_CACHE_MS = 2_000;

let cached: { settings: Promise<CommentSettings>; readAt: number } | null = null;

/** The settings, for the settings page (admins: settings.manage): read from the database, not a copy. */
export async function getCommentSettings(actor: Actor | null): Promise<CommentSettings> {
  assertCan(actor, "settings.manage", "Only admins can see the comment settings.");
  return readCommentSettings();
}

/**
 * The settings, read at most once per SETTINGS_CACHE_MS in this process (updateCommentSettings
 * drops the copy, so this process sees its own change at once). For the hot paths of lib/comments
 * (posting, editing, reporting), which have checked their actor and never hand the word lists
 * to a page.
 */
export function cachedCommentSettings(): Promise<CommentSettings> {
  const now = Date.now();
  if (cached && now - cached.readAt < SETTINGS_CACHE_MS) return cached.settings;
  const entry = { settings: readCommentSettings(), readAt: now };
  cached = entry;
  // A failed read is not kept: the next caller asks the database again.
  entry.settings.catch(() => {
    if (cached === entry) cached = null;
  });
  return entry.settings;
}

/** Forgets this process's copy of the settings, so the next read asks the database. */
export function dropCommentSettingsCache(): void {
  cached = null;
}

/** The current settings from the database; a missing or malformed row falls back to its default. One query. */
async function readCommentSettings(): Promise<CommentSettings> {
  const rows = await db.setting.findMany({
    where: { key: { in: Object.values(SETTING_KEYS) } },
    select: { key: true, value: true },
  });
  const byKey = new Map(rows.map((row) => [row.key, row.value as unknown]));
  const reports = byKey.get(SETTING_KEYS.reportsToHold);
  const holdFirst = byKey.get(SETTING_KEYS.holdFirstComment);
  return {
    bannedWords: readWords(byKey.get(SETTING_KEYS.bannedWords)),
    suspectWords: readWords(byKey.get(SETTING_KEYS.suspectWords)),
    holdFirstComment: typeof holdFirst === "boolean" ? holdFirst : DEFAULT_COMMENT_SETTINGS.holdFirstComment,
    reportsToHold:
      typeof reports === "number" && Number.isInteger(reports) && reports >= REPORTS_TO_HOLD_MIN && reports <= REPORTS_TO_HOLD_MAX
        ? reports
        : DEFAULT_COMMENT_SETTINGS.reportsToHold,
  };
}

/** A list of words as an array or as text (one per line, or separated by commas): trimmed, lower-cased, deduplicated. */
const wordListSchema = z
  .union([z.array(z.string()), z.string()], { error: "Give a list of words." })
  .superRefine((value, context) => {
    // One per line in the form; each entry is one line.
    const problem = Array.isArray(value)
      ? value.map((word) => textProblem(word.trim(), "The word list", "line")).find(Boolean)
      : textProblem(value, "The word list", "lines");
    if (problem) context.addIssue({ code: "custom", message: problem, continue: false });
  })
  .transform((value) => {
    const items = Array.isArray(value) ? value : value.split(/[\n,]/);
    return [...new Set(items.map((word) => word.trim().toLowerCase()).filter((word) => word !== ""))];
  })
  .refine((words) => words.every((word) => word.length <= MAX_WORD_LENGTH), { error: `Each word or phrase must be at most ${MAX_WORD_LENGTH} characters.` })
  .refine((words) => words.length <= MAX_WORDS, { error: `A list can hold at most ${MAX_WORDS} words.` });

const booleanSchema = z.union([z.boolean(), z.enum(["on", "true", "false", "off"])], { error: CHOOSE_YES_OR_NO }).transform((value) => value === true || value === "on" || value === "true");

export const commentSettingsInputSchema = z.object({
  bannedWords: wordListSchema.optional(),
  suspectWords: wordListSchema.optional(),
  holdFirstComment: booleanSchema.optional(),
  reportsToHold: z.coerce
    .number({ error: "Give a number." })
    .int("Give a whole number.")
    .min(REPORTS_TO_HOLD_MIN, `At least ${REPORTS_TO_HOLD_MIN} report.`)
    .max(REPORTS_TO_HOLD_MAX, `At most ${REPORTS_TO_HOLD_MAX} reports.`)
    .optional(),
});

/** What updateCommentSettings accepts: any subset of the settings; what is left out stays as it is. */
export type CommentSettingsInput = z.input<typeof commentSettingsInputSchema>;

/** Changes the comment settings (admins: settings.manage). Only the keys given change; each change is audited. */
export async function updateCommentSettings(actor: Actor | null, input: unknown): Promise<CommentSettings> {
  const admin = assertCan(actor, "settings.manage", "Only admins can change the comment settings.");
  const parsed = parseInput(commentSettingsInputSchema, input ?? {}, { message: "Some settings need attention." });
  const before = await readCommentSettings();
  const changes = Object.entries(parsed).filter(([, value]) => value !== undefined) as Array<[keyof CommentSettings, unknown]>;
  await db.$transaction(async (tx) => {
    for (const [name, value] of changes) {
      const key = SETTING_KEYS[name];
      await tx.setting.upsert({ where: { key }, create: { key, value: value as object }, update: { value: value as object }, select: { key: true } });
      if (JSON.stringify(before[name]) === JSON.stringify(value)) continue;
      await recordAudit(tx, {
        actorId: admin.id,
        action: "setting.update",
        entityType: "setting",
        entityId: key,
        data: { before: before[name] as never, after: value as never },
      });
    }
  });
  dropCommentSettingsCache();
  return cachedCommentSettings();
}
