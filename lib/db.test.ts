import { describe, expect, it } from "vitest";

import { poolSize } from "./db";

describe("poolSize", () => {
  it("reads DATABASE_POOL_SIZE, 10 when unset", () => {
    expect(poolSize(undefined)).toBe(10);
    expect(poolSize("")).toBe(10);
    expect(poolSize("3")).toBe(3);
  });

  it("refuses anything but a whole number from 1 to 1000, saying so", () => {
    for (const bad of ["0", "-2", "2.5", "ten", "1001"]) expect(() => poolSize(bad)).toThrow(/DATABASE_POOL_SIZE must be a whole number from 1 to 1000/);
  });
});
