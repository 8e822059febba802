import { describe, expect, it } from "vitest";

import { DEFAULT_AFTER_SIGN_IN, safeCallbackUrl } from "./callback";

describe("safeCallbackUrl", () => {
  it("keeps a path on this site, query and all", () => {
    expect(safeCallbackUrl("/desk/stories/new")).toBe("/desk/stories/new");
    expect(safeCallbackUrl("/search?q=flood")).toBe("/search?q=flood");
    expect(safeCallbackUrl(["/world", "/desk"])).toBe("/world");
  });

  it("sends anything that could leave the site to the account page instead", () => {
    for (const hostile of ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "desk", ""]) {
      expect(safeCallbackUrl(hostile)).toBe(DEFAULT_AFTER_SIGN_IN);
    }
  });

  it("treats a missing or non-text value as nowhere in particular", () => {
    expect(safeCallbackUrl(undefined)).toBe("/account");
    expect(safeCallbackUrl(null)).toBe("/account");
    expect(safeCallbackUrl([])).toBe("/account");
  });
});
