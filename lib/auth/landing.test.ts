import { describe, expect, it } from "vitest";

import { landingFor, signedInPath } from "./landing";

describe("landingFor", () => {
  it("sends each staff role to its own work, wherever they came from", () => {
    expect(landingFor("REPORTER", "/world")).toBe("/desk?view=mine");
    expect(landingFor("EDITOR", null)).toBe("/desk?view=review");
    expect(landingFor("MODERATOR", "/")).toBe("/desk/moderation");
    expect(landingFor("ADMIN", null)).toBe("/desk");
  });

  it("sends a reader back to the page they came from, or the front page", () => {
    expect(landingFor("READER", "/world?page=2")).toBe("/world?page=2");
    expect(landingFor("READER", null)).toBe("/");
  });
});

describe("signedInPath", () => {
  it("carries where the visitor came from, encoded", () => {
    expect(signedInPath(null)).toBe("/signed-in");
    expect(signedInPath("/world?page=2")).toBe("/signed-in?from=%2Fworld%3Fpage%3D2");
  });
});
