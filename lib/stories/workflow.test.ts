import { describe, expect, it } from "vitest";

import { ROLES } from "@/lib/auth/roles";
import type { Role, StoryStatus } from "@/lib/generated/prisma/enums";
import { availableActions, checkTransition, WORKFLOW_ACTIONS, type WorkflowAction } from "@/lib/stories/workflow";

const STATUSES: StoryStatus[] = ["DRAFT", "IN_REVIEW", "SCHEDULED", "PUBLISHED", "UNPUBLISHED"];

// The expected table, written out by hand: [action, from-statuses, to-status, roles allowed].
const EXPECTED: Array<[WorkflowAction, StoryStatus[], StoryStatus, Role[]]> = [
  ["submit", ["DRAFT", "UNPUBLISHED"], "IN_REVIEW", ["ADMIN", "EDITOR", "REPORTER"]],
  ["return", ["IN_REVIEW"], "DRAFT", ["ADMIN", "EDITOR", "REPORTER"]],
  ["publish", ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"], "PUBLISHED", ["ADMIN", "EDITOR"]],
  ["schedule", ["DRAFT", "IN_REVIEW", "UNPUBLISHED", "SCHEDULED"], "SCHEDULED", ["ADMIN", "EDITOR"]],
  ["unschedule", ["SCHEDULED"], "IN_REVIEW", ["ADMIN", "EDITOR"]],
  ["unpublish", ["PUBLISHED"], "UNPUBLISHED", ["ADMIN", "EDITOR"]],
  ["redraft", ["UNPUBLISHED"], "DRAFT", ["ADMIN", "EDITOR", "REPORTER"]],
];

describe("story workflow", () => {
  it("covers every action in the expected table", () => {
    expect(EXPECTED.map(([action]) => action).sort()).toEqual([...WORKFLOW_ACTIONS].sort());
  });

  for (const [action, from, to, roles] of EXPECTED) {
    for (const role of ROLES) {
      for (const status of STATUSES) {
        const allowedRole = roles.includes(role);
        const allowedStatus = from.includes(status);
        it(`${role} ${action} from ${status}: ${allowedRole && allowedStatus ? `→ ${to}` : "refused"}`, () => {
          const result = checkTransition(role, status, action);
          if (allowedRole && allowedStatus) {
            expect(result).toEqual({ ok: true, to });
          } else {
            expect(result.ok).toBe(false);
            if (!result.ok) expect(result.reason).toBe(allowedRole ? "INVALID_TRANSITION" : "FORBIDDEN");
          }
        });
      }
    }
  }

  it("offers a reporter no publishing buttons on a draft", () => {
    expect(availableActions("REPORTER", "DRAFT")).toEqual(["submit"]);
    expect(availableActions("EDITOR", "DRAFT")).toEqual(["submit", "publish", "schedule"]);
    expect(availableActions("READER", "DRAFT")).toEqual([]);
    expect(availableActions("MODERATOR", "PUBLISHED")).toEqual([]);
  });
});
