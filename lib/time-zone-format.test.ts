import { describe, expect, it } from "vitest";

import { formatInZone, fromZonedInputValue, isValidTimeZone, toZonedInputValue, zonesDiffer } from "@/lib/time-zone-format";

describe("time zones", () => {
  it("knows real zones and refuses others", () => {
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("reads a datetime-local value in the zone, and writes one back", () => {
    const at = fromZonedInputValue("2026-07-01T09:30", "Europe/Berlin");
    expect(at?.toISOString()).toBe("2026-07-01T07:30:00.000Z");
    expect(toZonedInputValue(at!, "Europe/Berlin")).toBe("2026-07-01T09:30");
    expect(fromZonedInputValue("2026-12-01T09:30", "Europe/Berlin")?.toISOString()).toBe("2026-12-01T08:30:00.000Z");
    expect(fromZonedInputValue("2026-12-01T09:30", "UTC")?.toISOString()).toBe("2026-12-01T09:30:00.000Z");
    expect(toZonedInputValue(new Date("2026-12-01T09:30:15Z"), "UTC")).toBe("2026-12-01T09:30:15");
    expect(fromZonedInputValue("2026-12-01T09:30:15", "UTC")?.toISOString()).toBe("2026-12-01T09:30:15.000Z");
    expect(fromZonedInputValue("2026-12-01T09:30", "Asia/Kolkata")?.toISOString()).toBe("2026-12-01T04:00:00.000Z");
  });

  it("refuses values that are not a date and time", () => {
    for (const value of ["", "tomorrow", "2026-02-30T10:00", "2026-12-01T25:00", "2026-12-01"]) expect(fromZonedInputValue(value, "UTC")).toBeNull();
  });

  it("prints the time with its zone, and tells when two zones differ", () => {
    const at = new Date("2026-12-12T08:30:00Z");
    expect(formatInZone(at, "Europe/Berlin")).toBe("12 December 2026, 09:30 CET");
    expect(formatInZone(at, "UTC")).toBe("12 December 2026, 08:30 UTC");
    expect(zonesDiffer(at, "Europe/Berlin", "UTC")).toBe(true);
    expect(zonesDiffer(at, "Europe/London", "UTC")).toBe(false);
  });
});
