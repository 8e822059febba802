"use client";

import type { DateStyle } from "@/lib/format";
import { useHydrated } from "@/components/ui/use-hydrated";
import { formatInZone, zonesDiffer } from "@/lib/time-zone-format";

function ownZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * When a scheduled story goes out: in the newsroom's time zone, and in the person's own where that
 * differs (known only in the browser, so it appears once the page is hydrated).
 */
export function ScheduledTime({ at, newsroomZone, dates, className }: { at: string; newsroomZone: string; dates: DateStyle; className?: string }) {
  const hydrated = useHydrated();
  const date = new Date(at);
  const mine = hydrated ? ownZone() : null;
  return (
    <span className={className} data-testid="scheduled-time">
      <time dateTime={date.toISOString()}>{formatInZone(date, newsroomZone, dates.locale)}</time>
      {mine && zonesDiffer(date, newsroomZone, mine) ? <span className="block text-[var(--muted)]">Your time: {formatInZone(date, mine, dates.locale)}</span> : null}
    </span>
  );
}
