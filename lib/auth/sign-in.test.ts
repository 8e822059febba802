import { describe, expect, it } from "vitest";

import { failureDelayMs, FREE_FAILURES } from "@/lib/auth/sign-in";

describe("failureDelayMs", () => {
  it("does not slow the first few tries, then doubles up to a cap", () => {
    expect(failureDelayMs(0)).toBe(0);
    expect(failureDelayMs(FREE_FAILURES - 1)).toBe(0);
    expect(failureDelayMs(FREE_FAILURES)).toBe(250);
    expect(failureDelayMs(FREE_FAILURES + 1)).toBe(500);
    expect(failureDelayMs(FREE_FAILURES + 2)).toBe(1000);
    expect(failureDelayMs(100)).toBe(4000);
  });
});
