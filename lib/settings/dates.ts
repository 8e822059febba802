// How the newsroom writes dates: the site settings' locale and the newsroom's time zone, as one
// DateStyle (lib/format.ts). Pages get it with the rest of the site settings; the sentences lib/
// words with a date in them (a suspension's end, when comments closed, a blocked email's release)
// take it from here. Read through the reader cache: a change to either setting stamps `reader`
// (lib/settings/site.ts, lib/time-zone.ts), which refreshes this entry on every instance.

import "server-only";

import { cachedReader } from "@/lib/cache/cached";
import { db } from "@/lib/db";
import { DEFAULT_DATE_STYLE, SITE_TIME_ZONE, type DateStyle } from "@/lib/format";
import { NEWSROOM_TIME_ZONE_KEY } from "@/lib/time-zone";
import { isValidTimeZone } from "@/lib/time-zone-format";

import { readStoredSiteSettings, SITE_SETTINGS_KEY } from "./schemas";

/** The date style from the stored rows: the settings' locale, the newsroom zone if it is a real one. */
export function dateStyleFrom(settings: unknown, zone: unknown): DateStyle {
  return {
    locale: readStoredSiteSettings(settings).locale,
    timeZone: typeof zone === "string" && isValidTimeZone(zone) ? zone : SITE_TIME_ZONE,
  };
}

/** The newsroom's date style, straight from the database. Callers use `newsroomDateStyle`. */
export async function readDateStyle(): Promise<DateStyle> {
  const rows = await db.setting.findMany({ where: { key: { in: [SITE_SETTINGS_KEY, NEWSROOM_TIME_ZONE_KEY] } }, select: { key: true, value: true } });
  const byKey = new Map(rows.map((row) => [row.key, row.value]));
  return dateStyleFrom(byKey.get(SITE_SETTINGS_KEY), byKey.get(NEWSROOM_TIME_ZONE_KEY));
}

/** The newsroom's date style, through the reader cache (one small read per instance per change). */
export const newsroomDateStyle = cachedReader("date-style", readDateStyle, () => [], { duringBuild: DEFAULT_DATE_STYLE, revalidate: false });
