import { describe, expect, it } from "vitest";

import { can, ROLES } from "@/lib/auth/roles";

describe("role matrix", () => {
  it("lets only staff into the desk", () => {
    expect(ROLES.filter((role) => can(role, "desk.open"))).toEqual(["ADMIN", "EDITOR", "REPORTER", "MODERATOR"]);
  });
  it("lets only editors and admins publish", () => {
    expect(ROLES.filter((role) => can(role, "story.publish"))).toEqual(["ADMIN", "EDITOR"]);
  });
  it("lets moderators moderate but not write stories", () => {
    expect(can("MODERATOR", "comment.moderate")).toBe(true);
    expect(can("MODERATOR", "story.create")).toBe(false);
  });
  it("keeps people management with admins", () => {
    expect(ROLES.filter((role) => can(role, "people.manage"))).toEqual(["ADMIN"]);
  });
  it("lets those who moderate comments suspend, but not ban or change roles", () => {
    expect(ROLES.filter((role) => can(role, "people.suspend"))).toEqual(["ADMIN", "EDITOR", "MODERATOR"]);
    expect(can("MODERATOR", "people.manage")).toBe(false);
  });
});
