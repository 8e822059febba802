// Times in a named IANA zone, for the desk: a scheduled story's time in the newsroom's zone and in
// the reader's own, and the "Publish at" field read in the newsroom's zone. Pure, no imports: the
// editor (client) and the server pages use the same functions.

/** Whether this runtime knows the zone (Intl.supportedValuesOf, plus "UTC", which some omit). */
export function isValidTimeZone(zone: string): boolean {
  if (zone === "UTC") return true;
  try {
    if (typeof Intl.supportedValuesOf === "function" && Intl.supportedValuesOf("timeZone").includes(zone)) return true;
    // Aliases (e.g. "Europe/Kiev") are valid without being listed: the formatter decides.
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone);
  } catch {
    return false;
  }
}

/** The zones to offer in a list, "UTC" first. */
export function listTimeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return ["UTC", ...zones.filter((zone) => zone !== "UTC")];
}

/**
 * "12 December 2026, 09:30 CET" in the zone given, as the desk prints times (assembled from parts:
 * the same on every runtime); in another locale of the site settings, as that locale writes it.
 */
export function formatInZone(date: Date, zone: string, locale = "en-GB"): string {
  if (locale !== "en-GB") {
    try {
      return new Intl.DateTimeFormat(locale, { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: zone, timeZoneName: "short" }).format(date);
    } catch {
      // An unknown locale is written as en-GB, below.
    }
  }
  const format = new Intl.DateTimeFormat("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: zone,
    timeZoneName: "short",
  });
  const p: Record<string, string> = {};
  for (const part of format.formatToParts(date)) if (part.type !== "literal") p[part.type] = part.value;
  return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

function parts(date: Date, zone: string): Record<string, number> {
  const found: Record<string, number> = {};
  const format = new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZone: zone,
  });
  for (const part of format.formatToParts(date)) if (part.type !== "literal") found[part.type] = Number(part.value);
  return found;
}

/** The zone's offset from UTC at that moment, in minutes. */
function offsetMinutes(date: Date, zone: string): number {
  const p = parts(date, zone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The value a datetime-local input shows for that moment in the zone: "2026-12-12T09:30" (seconds only when not zero). */
export function toZonedInputValue(date: Date, zone: string): string {
  const p = parts(date, zone);
  const seconds = p.second ? `:${pad(p.second)}` : "";
  return `${p.year}-${pad(p.month!)}-${pad(p.day!)}T${pad(p.hour!)}:${pad(p.minute!)}${seconds}`;
}

/**
 * The moment a datetime-local value names when read as a wall-clock time in the zone, or null when
 * it is not a date and time. A time that a clock change skips is read with the offset before it.
 */
export function fromZonedInputValue(value: string, zone: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const wall = Date.UTC(y!, mo! - 1, d!, h!, mi!, s || 0);
  const check = new Date(wall);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59) return null;
  // Two passes settle the offset around a clock change.
  let guess = wall - offsetMinutes(new Date(wall), zone) * 60_000;
  guess = wall - offsetMinutes(new Date(guess), zone) * 60_000;
  return new Date(guess);
}

/** Whether two zones show different clock times at that moment. */
export function zonesDiffer(date: Date, a: string, b: string): boolean {
  return offsetMinutes(date, a) !== offsetMinutes(date, b);
}
