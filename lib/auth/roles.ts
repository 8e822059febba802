// The role matrix: the one place that says which role may do what. Every mutation asks it.

import type { Role } from "@/lib/generated/prisma/enums";

export const ROLES = ["ADMIN", "EDITOR", "REPORTER", "MODERATOR", "READER"] as const satisfies readonly Role[];

export type Permission =
  | "desk.open" // see the newsroom at /desk
  | "story.create"
  | "story.editOwn" // stories the person created or shares a byline on
  | "story.editAny"
  | "story.submit" // send a draft for review
  | "story.publish" // publish, schedule, unpublish
  | "story.correct"
  | "byline.manage"
  | "taxonomy.manage" // sections (create, rename, reorder, describe, archive) and tags (rename, merge, delete)
  | "comment.post"
  | "comment.moderate"
  | "people.suspend" // suspend a reader's commenting for a time (from the moderation queue too)
  | "people.manage" // roles, bans, reinstatement, suspending anyone, signing people out
  | "settings.manage"
  | "wire.read" // the incoming-wire queue: list, read, open an item as a draft (with story.create)
  | "wire.sources.manage"; // create and revoke wire sources and their ingest keys

const matrix: Record<Role, readonly Permission[]> = {
  ADMIN: [
    "desk.open",
    "story.create",
    "story.editOwn",
    "story.editAny",
    "story.submit",
    "story.publish",
    "story.correct",
    "byline.manage",
    "taxonomy.manage",
    "comment.post",
    "comment.moderate",
    "people.suspend",
    "people.manage",
    "settings.manage",
    "wire.read",
    "wire.sources.manage",
  ],
  EDITOR: [
    "desk.open",
    "story.create",
    "story.editOwn",
    "story.editAny",
    "story.submit",
    "story.publish",
    "story.correct",
    "byline.manage",
    "taxonomy.manage",
    "comment.post",
    "comment.moderate",
    "people.suspend",
    "wire.read",
  ],
  REPORTER: ["desk.open", "story.create", "story.editOwn", "story.submit", "comment.post", "wire.read"],
  MODERATOR: ["desk.open", "comment.post", "comment.moderate", "people.suspend"],
  READER: ["comment.post"],
};

export function can(role: Role, permission: Permission): boolean {
  return matrix[role].includes(permission);
}

export function permissionsOf(role: Role): readonly Permission[] {
  return matrix[role];
}

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  EDITOR: "Editor",
  REPORTER: "Reporter",
  MODERATOR: "Moderator",
  READER: "Reader",
};
