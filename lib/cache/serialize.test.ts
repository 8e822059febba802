import { describe, expect, it } from "vitest";

import { decodeCachedValue, encodeCachedValue } from "./serialize";

describe("cached values", () => {
  it("come back with their Dates as Dates", () => {
    const value = { headline: "A", publishedAt: new Date("2026-11-27T08:00:00.000Z"), list: [{ at: new Date(0) }], none: null };
    const back = decodeCachedValue<typeof value>(encodeCachedValue(value));
    expect(back).toEqual(value);
    expect(back.publishedAt).toBeInstanceOf(Date);
    expect(back.list[0]?.at).toBeInstanceOf(Date);
  });

  it("keep plain JSON as it was, even an object that only looks like a tagged date", () => {
    const value = { when: "2026-11-27T08:00:00.000Z", nested: { $newsdeskDate: 1, other: true } };
    expect(decodeCachedValue(encodeCachedValue(value))).toEqual(value);
  });

  it("handle a top-level Date, undefined and an invalid Date", () => {
    expect(decodeCachedValue<Date>(encodeCachedValue(new Date(5)))).toEqual(new Date(5));
    expect(decodeCachedValue(encodeCachedValue(undefined))).toBeNull();
    expect(Number.isNaN(decodeCachedValue<Date>(encodeCachedValue(new Date(Number.NaN))).getTime())).toBe(true);
  });
});
