import { describe, expect, it } from "vitest";

import { describeFillProgress, describeWriteThrough } from "./fill-status";

const base = { started: true, done: 12_345, total: 100_008, finished: false, perSecond: 85, secondsLeft: 1030, off: false };

describe("describeFillProgress", () => {
  it("says how far, how fast and how long is left", () => {
    expect(describeFillProgress(base)).toBe("Reader pages: 12,345 of 100,008 rendered for this build · 85 a second · about 17 minutes left");
  });

  it("leaves out the rate until there is one", () => {
    expect(describeFillProgress({ ...base, done: 0, perSecond: null, secondsLeft: null })).toBe("Reader pages: 0 of 100,008 rendered for this build");
  });

  it("says when every page is rendered, and when the fill has not started or is off", () => {
    expect(describeFillProgress({ ...base, finished: true, done: 100_008 })).toBe("Reader pages: all 100,008 rendered for this build.");
    expect(describeFillProgress({ ...base, started: false })).toMatch(/has not started/);
    expect(describeFillProgress({ ...base, started: false, off: true })).toMatch(/NEWSDESK_FILL_CONCURRENCY=0/);
    expect(describeFillProgress({ ...base, secondsLeft: 7200 })).toMatch(/about 2 hours left$/);
  });

  it("counts the write-through's pages", () => {
    expect(describeWriteThrough(1)).toBe("Re-rendered ahead of readers after changes in the last hour: 1 page.");
    expect(describeWriteThrough(1200)).toBe("Re-rendered ahead of readers after changes in the last hour: 1,200 pages.");
  });
});
