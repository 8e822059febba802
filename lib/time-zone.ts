// The newsroom's time zone: the zone the desk schedules in, and every date readers and staff see is
// written in (a site setting an admin sets at /desk/settings, kept in the Setting table under
// "newsroom.timeZone"; pages read it with the site settings, lib/settings/site.ts). Without one it
// is NEWSDESK_TIME_ZONE, which defaults to UTC. A change stamps `reader`: every reader page has dates.
// Formatting lives beside it in lib/time-zone-format.ts, which client components can import.

import "server-only";

import { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { writeThrough } from "@/lib/cache/write-through";
import { db } from "@/lib/db";
import { SITE_TIME_ZONE } from "@/lib/format";
import { isValidTimeZone } from "@/lib/time-zone-format";
import { parseInput } from "@/lib/validation/parse-input";

export const NEWSROOM_TIME_ZONE_KEY = "newsroom.timeZone";

const CHOOSE_A_TIME_ZONE = "Choose a time zone from the list, e.g. Europe/London.";

/** The newsroom's time zone; a stored value this runtime no longer knows counts as unset. */
export async function getNewsroomTimeZone(): Promise<string> {
  const row = await db.setting.findUnique({ where: { key: NEWSROOM_TIME_ZONE_KEY }, select: { value: true } });
  return typeof row?.value === "string" && isValidTimeZone(row.value) ? row.value : SITE_TIME_ZONE;
}

const inputSchema = z.object({
  timeZone: z
    .string({ error: CHOOSE_A_TIME_ZONE })
    .trim()
    .max(100, CHOOSE_A_TIME_ZONE)
    .refine(isValidTimeZone, { message: CHOOSE_A_TIME_ZONE }),
});

/** Sets the newsroom's time zone (admins: settings.manage); audited when it changes. */
export async function updateNewsroomTimeZone(actor: Actor | null, input: unknown): Promise<string> {
  const admin = assertCan(actor, "settings.manage", "Only admins can change the newsroom's time zone.");
  const { timeZone } = parseInput(inputSchema, input ?? {}, { message: CHOOSE_A_TIME_ZONE });
  const before = await getNewsroomTimeZone();
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: NEWSROOM_TIME_ZONE_KEY },
      create: { key: NEWSROOM_TIME_ZONE_KEY, value: timeZone },
      update: { value: timeZone },
      select: { key: true },
    });
    if (before !== timeZone) {
      await recordAudit(tx, { actorId: admin.id, action: "setting.update", entityType: "setting", entityId: NEWSROOM_TIME_ZONE_KEY, data: { before, after: timeZone } });
    }
  });
  if (before !== timeZone) {
    try {
      await invalidateReaderCache([READER_TAG]);
      writeThrough(["/"]);
    } catch (error) {
      console.error("Could not refresh the reader cache after a change of the newsroom's time zone; pages catch up on their revalidate time", error);
    }
  }
  return timeZone;
}
