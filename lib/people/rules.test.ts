import { describe, expect, it } from "vitest";

import { assertAdminsRemain, type LockedPerson } from "./rules";

const me = { id: "me" };
const person = (overrides: Partial<LockedPerson> = {}): LockedPerson => ({
  id: "them",
  displayName: "Sam",
  role: "ADMIN",
  status: "ACTIVE",
  adminIds: ["me", "them"],
  ...overrides,
});

describe("assertAdminsRemain", () => {
  it("refuses any change an admin makes to themself", () => {
    for (const change of ["demote", "ban", "suspend"] as const) {
      expect(() => assertAdminsRemain(me, person({ id: "me" }), change)).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
    }
    expect(() => assertAdminsRemain(me, person({ id: "me" }), "ban")).toThrow("You cannot ban yourself. Ask another admin.");
  });

  it("refuses demoting or banning the last admin, but not suspending them", () => {
    const last = person({ adminIds: ["them"] });
    expect(() => assertAdminsRemain(me, last, "demote")).toThrow("Sam is the last admin: make someone else an admin first.");
    expect(() => assertAdminsRemain(me, last, "ban")).toThrow(expect.objectContaining({ code: "CONFLICT" }));
    expect(() => assertAdminsRemain(me, last, "suspend")).not.toThrow();
  });

  it("allows demoting or banning an admin while another remains, and anyone who is not an admin", () => {
    expect(() => assertAdminsRemain(me, person(), "demote")).not.toThrow();
    expect(() => assertAdminsRemain(me, person(), "ban")).not.toThrow();
    expect(() => assertAdminsRemain(me, person({ role: "READER", adminIds: [] }), "ban")).not.toThrow();
    expect(() => assertAdminsRemain(me, person({ status: "BANNED", adminIds: [] }), "demote")).not.toThrow();
  });
});
