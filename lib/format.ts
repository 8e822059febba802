// Dates as a newsroom prints them: "4 November 2025", "4 November 2025, 09:30 UTC" in the default
// locale (en-GB), or in the locale the site settings name ("November 4, 2025" in en-US), in the
// newsroom's time zone (set at /desk/settings; NEWSDESK_TIME_ZONE until one is set). Pages read both
// with the settings (lib/settings) and pass them in as a DateStyle. One zone for the whole site, so
// the server render and every reader agree.

import { env } from "@/lib/env.mjs";

/** NEWSDESK_TIME_ZONE, or UTC (in the browser, always UTC: it has no environment). */
export const SITE_TIME_ZONE = env.NEWSDESK_TIME_ZONE;

/** The locale dates are written in when none is given (the site settings' default). */
export const DEFAULT_DATE_LOCALE = "en-GB";

const DATE: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const DAY_MONTH: Intl.DateTimeFormatOptions = { day: "numeric", month: "long" };
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, hour: "2-digit", minute: "2-digit", timeZoneName: "short" };

/** How dates are written: the site settings' locale and the newsroom's time zone (lib/settings). */
export interface DateStyle {
  locale: string;
  timeZone: string;
}

/** The style before the site settings name one (and while the app is being built). */
export const DEFAULT_DATE_STYLE: DateStyle = { locale: DEFAULT_DATE_LOCALE, timeZone: SITE_TIME_ZONE };

const formats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale, zone and kind, made once: constructing Intl.DateTimeFormat is the slow part. */
const SHORT_DATE_TIME: Intl.DateTimeFormatOptions = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" };
const OPTIONS = { date: DATE, dayMonth: DAY_MONTH, dateTime: DATE_TIME, shortDateTime: SHORT_DATE_TIME } as const;

function formatter(style: Partial<DateStyle> | undefined, kind: keyof typeof OPTIONS): Intl.DateTimeFormat {
  const locale = style?.locale ?? DEFAULT_DATE_LOCALE;
  const timeZone = style?.timeZone ?? SITE_TIME_ZONE;
  const key = `${kind}|${locale}|${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    const options = { ...OPTIONS[kind], timeZone };
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat(DEFAULT_DATE_LOCALE, { ...options, timeZone: SITE_TIME_ZONE });
    }
    formats.set(key, format);
  }
  return format;
}

export function formatDate(date: Date, style: DateStyle): string {
  return formatter(style, "date").format(date);
}

export function formatDateTime(date: Date, style: DateStyle): string {
  return formatter(style, "dateTime").format(date);
}

/** The day and month without the year ("4 December", "December 4"), for dates within a story's life. */
export function formatDayMonth(date: Date, style: DateStyle): string {
  return formatter(style, "dayMonth").format(date);
}

/** A compact day and time ("4 Nov, 09:30"), for long lists where the year is plain from the context. */
export function formatShortDateTime(date: Date, style: DateStyle): string {
  return formatter(style, "shortDateTime").format(date);
}
