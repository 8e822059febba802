// Dates as a newsroom prints them: "4 November 2025", "4 November 2025, 09:30 UTC" in the default
// locale (en-GB), or in the locale the site settings name ("November 4, 2025" in en-US; pages read
// it with the settings, lib/settings, and pass it in). One time zone for the whole site, so the
// server render and every reader agree.

import { env } from "@/lib/env.mjs";

/** NEWSDESK_TIME_ZONE, or UTC (in the browser, always UTC: it has no environment). */
export const SITE_TIME_ZONE = env.NEWSDESK_TIME_ZONE;

/** The locale dates are written in when none is given (the site settings' default). */
export const DEFAULT_DATE_LOCALE = "en-GB";

const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: "2-digit", minute: "2-digit", timeZoneName: "short" };

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and kind, made once: constructing Intl.DateTimeFormat is the slow part. */
function formatter(locale: string | undefined, kind: "date" | "dateTime"): Intl.DateTimeFormat {
  const key = `${kind}|${locale ?? DEFAULT_DATE_LOCALE}`;
  let format = formats.get(key);
  if (!format) {
    const options = { ...(kind === "date" ? DATE : DATE_TIME), timeZone: SITE_TIME_ZONE };
    try {
      format = new Intl.DateTimeFormat(locale ?? DEFAULT_DATE_LOCALE, options);
    } catch {
      format = new Intl.DateTimeFormat(DEFAULT_DATE_LOCALE, options);
    }
    formats.set(key, format);
  }
  return format;
}

export function formatDate(date: Date, locale?: string): string {
  return formatter(locale, "date").format(date);
}

export function formatDateTime(date: Date, locale?: string): string {
  return formatter(locale, "dateTime").format(date);
}
