// Changing a section's comment rules: the policy new stories in it start with, and how many days
// after publication its stories' comments close by themselves (issue 5: "automatic closing after a
// number of days set per section"). Admins only (settings.manage); audited; every cached reader
// page is refreshed, since each story page of the section states its comment rules.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { singleLine } from "@/lib/validation/text";
import { SECTION_NOT_FOUND } from "@/lib/sections/sentences";

export const MAX_CLOSE_AFTER_DAYS = 365;

export const sectionCommentRulesSchema = z.object({
  sectionId: z.uuid({ error: SECTION_NOT_FOUND }),
  commentPolicy: z.enum(["OPEN", "PREMODERATED", "CLOSED"], { error: "Choose how new stories in this section take comments." }),
  // A blank field means "never"; anything else is a whole number of days.
  closeAfterDays: singleLine("The number of days").transform((value, ctx) => {
      if (value === "") return null;
      if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > MAX_CLOSE_AFTER_DAYS) {
        ctx.addIssue({ code: "custom", message: `Enter a whole number of days from 1 to ${MAX_CLOSE_AFTER_DAYS}, or leave it blank to never close.` });
        return z.NEVER;
      }
      return Number(value);
    }),
});

export interface SectionCommentRules {
  id: string;
  name: string;
  slug: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
  commentsCloseAfterDays: number | null;
}

const rulesSelect = { id: true, name: true, slug: true, commentPolicy: true, commentsCloseAfterDays: true } as const;

export async function listSectionCommentRules(actor: Actor | null): Promise<SectionCommentRules[]> {
  assertCan(actor, "settings.manage", "Only admins can see the sections' comment rules.");
  return db.section.findMany({ orderBy: [{ position: "asc" }, { name: "asc" }], select: rulesSelect });
}

/** Sets a section's default comment policy and automatic closing; returns the section as it now is. */
export async function updateSectionCommentRules(actor: Actor | null, input: unknown): Promise<SectionCommentRules> {
  const admin = assertCan(actor, "settings.manage", "Only admins can change a section's comment rules.");
  const { sectionId, commentPolicy, closeAfterDays } = parseInput(sectionCommentRulesSchema, input ?? {}, {
    message: "The section's comment rules need attention.",
    fieldRefusals: { sectionId: () => new AppError("NOT_FOUND", SECTION_NOT_FOUND) },
  });
  const result = await db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<Array<{ commentPolicy: string; commentsCloseAfterDays: number | null }>>`
      SELECT "commentPolicy"::text AS "commentPolicy", "commentsCloseAfterDays" FROM "Section" WHERE "id" = ${sectionId}::uuid FOR UPDATE`;
    if (!before) throw new AppError("NOT_FOUND", SECTION_NOT_FOUND);
    const section = await tx.section.update({ where: { id: sectionId }, data: { commentPolicy, commentsCloseAfterDays: closeAfterDays }, select: rulesSelect });
    const changed = before.commentPolicy !== commentPolicy || before.commentsCloseAfterDays !== closeAfterDays;
    if (changed) {
      await recordAudit(tx, {
        actorId: admin.id,
        action: "section.commentRules",
        entityType: "section",
        entityId: sectionId,
        data: { before, after: { commentPolicy, commentsCloseAfterDays: closeAfterDays } },
      });
    }
    return { section, changed };
  });
  if (result.changed) {
    // Every story page of the section states when its comments close; a rare admin change may
    // refresh the whole reader cache rather than find each page.
    try {
      await invalidateReaderCache([READER_TAG]);
    } catch (error) {
      console.error("Could not refresh the reader cache after a section's comment rules changed; pages follow on their revalidate time", error);
    }
  }
  return result.section;
}
