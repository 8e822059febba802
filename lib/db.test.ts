import { describe, expect, it } from "vitest";

import { parseLsn } from "./db";

describe("parseLsn", () => {
  it("reads a pg_lsn's two halves as one number, so positions compare", () => {
    expect(parseLsn("0/3001100")).toBe(0x3001100n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseLsn("1/0") > parseLsn("0/FFFFFFF0")).toBe(true);
  });

  it("reads a position just past a WAL page's header as the end of the page before, where a standby's replay stops", () => {
    expect(parseLsn("0/3002018")).toBe(0x3002000n); // 8 KB page, short header (24 bytes)
    expect(parseLsn("0/4000028")).toBe(0x4000000n); // 16 MB segment, long header (40 bytes)
    expect(parseLsn("0/3002020")).toBe(0x3002020n);
  });
});
