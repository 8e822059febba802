// "Published and visible to readers" is written once, in lib/stories/visibility.ts: no other lib/
// module spells the rule out in SQL or as a Prisma filter of its own.

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT, sourceFiles } from "./sources";

const SPELLED_OUT = [
  // SQL: the status compared with the literal, in any quoting.
  /"?status"?\s*=\s*'PUBLISHED'/,
  // A Prisma filter on the status and the publication time together (not a write of them).
  /status:\s*"PUBLISHED",\s*publishedAt:\s*\{\s*not:/,
];

describe("the rule for what readers may see", () => {
  it("is spelled out only in lib/stories/visibility.ts", () => {
    const offenders = sourceFiles("lib")
      .filter((file) => file !== "lib/stories/visibility.ts")
      .filter((file) => SPELLED_OUT.some((pattern) => pattern.test(readFileSync(path.join(ROOT, file), "utf8"))));
    expect(offenders).toEqual([]);
  });

  it("would be found if it were", () => {
    const sample = `SELECT 1 FROM "Story" s WHERE s."status" = 'PUBLISHED'`;
    expect(SPELLED_OUT.some((pattern) => pattern.test(sample))).toBe(true);
    expect(SPELLED_OUT.some((pattern) => pattern.test(readFileSync(path.join(ROOT, "lib/stories/visibility.ts"), "utf8")))).toBe(true);
  });
});
