// Dates as a newsroom prints them: "4 November 2025", "4 November 2025, 09:30 UTC".
// One time zone for the whole site, so the server render and every reader agree.

import { env } from "@/lib/env.mjs";

/** NEWSDESK_TIME_ZONE, or UTC (in the browser, always UTC: it has no environment). */
export const SITE_TIME_ZONE = env.NEWSDESK_TIME_ZONE;

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: SITE_TIME_ZONE });
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: SITE_TIME_ZONE,
  timeZoneName: "short",
});

export function formatDate(date: Date): string {
  return dateFormat.format(date);
}

export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}
