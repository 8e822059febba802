// Who may change a story's content. Editors and admins may change any story; reporters only their
// own (created by them or carrying their byline), and only before it goes out.

import { can } from "@/lib/auth/roles";
import type { Role, StoryStatus } from "@/lib/generated/prisma/enums";

export interface StoryOwnership {
  status: StoryStatus;
  createdById: string | null;
  bylineIds: readonly string[];
}

export interface StoryViewer {
  id: string;
  role: Role;
  bylineId: string | null;
}

export function isOwnStory(viewer: StoryViewer, story: Pick<StoryOwnership, "createdById" | "bylineIds">): boolean {
  return story.createdById === viewer.id || (viewer.bylineId !== null && story.bylineIds.includes(viewer.bylineId));
}

export function canViewInDesk(viewer: StoryViewer, story: StoryOwnership): boolean {
  if (can(viewer.role, "story.editAny")) return true;
  return can(viewer.role, "story.editOwn") && isOwnStory(viewer, story);
}

const REPORTER_EDITABLE: readonly StoryStatus[] = ["DRAFT", "IN_REVIEW", "UNPUBLISHED"];

export function canEditContent(viewer: StoryViewer, story: StoryOwnership): boolean {
  if (can(viewer.role, "story.editAny")) return true;
  return can(viewer.role, "story.editOwn") && isOwnStory(viewer, story) && REPORTER_EDITABLE.includes(story.status);
}
