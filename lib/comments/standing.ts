// Who may comment: signed in, with a role that posts comments, and neither suspended nor banned.
// post_comment (prisma/migrations/*_post_comment_checks_author) asks the same in SQL.

import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";

export type CommentingStanding = Pick<Actor, "role" | "status" | "suspendedUntil" | "statusReason">;

/** Why this signed-in person may not comment (no permission, or suspended: with why and until when), or null. */
export function commentRefusal(person: CommentingStanding): AppError | null {
  if (!can(person.role, "comment.post")) return new AppError("FORBIDDEN", "Your account cannot post comments.");
  if (person.status === "SUSPENDED") {
    const until = person.suspendedUntil ? ` until ${formatDateTime(person.suspendedUntil)}` : "";
    const why = person.statusReason ? ` The reason given: ${person.statusReason}` : "";
    return new AppError("FORBIDDEN", `Your account is suspended${until}: you can read, but not comment or report comments.${why}`);
  }
  if (person.status !== "ACTIVE") return new AppError("FORBIDDEN", "Your account cannot post comments.");
  return null;
}

/** Refuses people who may not comment: signed out, no permission, or suspended (with why and until when). */
export function assertMayComment(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  const refusal = commentRefusal(actor);
  if (refusal) throw refusal;
  return actor;
}
