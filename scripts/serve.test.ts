import { describe, expect, it } from "vitest";

import { poolSizePerWorker, workerCount } from "./serve.mjs";

describe("workerCount", () => {
  it("runs one process per core, at most 4, unless NEWSDESK_WORKERS says", () => {
    expect(workerCount({}, 2)).toBe(2);
    expect(workerCount({}, 16)).toBe(4);
    expect(workerCount({ NEWSDESK_WORKERS: "1" }, 16)).toBe(1);
    expect(() => workerCount({ NEWSDESK_WORKERS: "two" }, 2)).toThrow(/whole number from 1 to 64/);
  });
});

describe("poolSizePerWorker", () => {
  it("gives about two connections per core in all, and at least 3 to each process", () => {
    expect(poolSizePerWorker(2, 2)).toBe(3);
    expect(poolSizePerWorker(1, 2)).toBe(4);
    expect(poolSizePerWorker(4, 4)).toBe(3);
    expect(poolSizePerWorker(4, 16)).toBe(8);
  });
});
