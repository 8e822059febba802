// The story status machine: which action moves a story from which status to which, and which
// permission the action needs. Reporters submit; editors and admins publish, schedule and unpublish.

import { can } from "@/lib/auth/roles";
import type { Role, StoryStatus } from "@/lib/generated/prisma/enums";

export type WorkflowAction = "submit" | "return" | "publish" | "schedule" | "unschedule" | "unpublish" | "redraft";

interface Transition {
  from: readonly StoryStatus[];
  to: StoryStatus;
  /** Publishing rights, or only the right to edit the story. */
  needs: "story.publish" | "story.submit";
  label: string;
}

export const TRANSITIONS: Record<WorkflowAction, Transition> = {
  submit: { from: ["DRAFT", "UNPUBLISHED"], to: "IN_REVIEW", needs: "story.submit", label: "Submit for review" },
  return: { from: ["IN_REVIEW"], to: "DRAFT", needs: "story.submit", label: "Back to draft" },
  publish: { from: ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"], to: "PUBLISHED", needs: "story.publish", label: "Publish" },
  schedule: { from: ["DRAFT", "IN_REVIEW", "UNPUBLISHED", "SCHEDULED"], to: "SCHEDULED", needs: "story.publish", label: "Schedule" },
  // A scheduled story was ready to go: cancelling the schedule returns it to the review queue.
  unschedule: { from: ["SCHEDULED"], to: "IN_REVIEW", needs: "story.publish", label: "Cancel schedule" },
  unpublish: { from: ["PUBLISHED"], to: "UNPUBLISHED", needs: "story.publish", label: "Unpublish" },
  redraft: { from: ["UNPUBLISHED"], to: "DRAFT", needs: "story.submit", label: "Back to draft" },
};

export const WORKFLOW_ACTIONS = Object.keys(TRANSITIONS) as WorkflowAction[];

export type TransitionCheck =
  | { ok: true; to: StoryStatus }
  | { ok: false; reason: "FORBIDDEN" | "INVALID_TRANSITION"; message: string };

/**
 * May a person of this role take this action on a story in this status? Whether they may edit the
 * story at all (own story or not) is checked by the caller; this is the role × status rule.
 */
export function checkTransition(role: Role, status: StoryStatus, action: WorkflowAction): TransitionCheck {
  const transition = TRANSITIONS[action];
  if (!can(role, transition.needs)) {
    return {
      ok: false,
      reason: "FORBIDDEN",
      message: transition.needs === "story.publish" ? "Only editors and admins can do that." : "You cannot change this story.",
    };
  }
  if (!transition.from.includes(status)) {
    return {
      ok: false,
      reason: "INVALID_TRANSITION",
      message: `A story that is ${STATUS_LABELS[status].toLowerCase()} cannot be moved with “${transition.label}”.`,
    };
  }
  return { ok: true, to: transition.to };
}

/** The actions to offer as buttons for this role and status. */
export function availableActions(role: Role, status: StoryStatus): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => checkTransition(role, status, action).ok);
}

export const STATUS_LABELS: Record<StoryStatus, string> = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  SCHEDULED: "Scheduled",
  PUBLISHED: "Published",
  UNPUBLISHED: "Unpublished",
};

export function isPublicStatus(status: StoryStatus): boolean {
  return status === "PUBLISHED";
}
