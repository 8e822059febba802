import { describe, expect, it } from "vitest";

import { retryDelayMs } from "./backoff";

describe("retryDelayMs", () => {
  const policy = { baseMs: 1000, maxMs: 8000 };

  it("doubles with each failure, within its jitter band", () => {
    expect(retryDelayMs(1, policy, () => 0)).toBe(500);
    expect(retryDelayMs(1, policy, () => 1)).toBe(1000);
    expect(retryDelayMs(2, policy, () => 1)).toBe(2000);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(3000);
  });

  it("never goes past the cap, however many failures", () => {
    expect(retryDelayMs(10, policy, () => 1)).toBe(8000);
    expect(retryDelayMs(1000, policy, () => 1)).toBe(8000);
  });
});
