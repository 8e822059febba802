// Who may comment: signed in, with a role that posts comments, and neither suspended nor banned.
// post_comment (prisma/migrations/*_post_comment_checks_author) asks the same in SQL.

import { CANNOT_COMMENT, suspensionNotice } from "./sentences";
import { SIGN_IN_REQUIRED, type Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { DEFAULT_DATE_STYLE, type DateStyle } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";

export type CommentingStanding = Pick<Actor, "role" | "status" | "suspendedUntil" | "statusReason">;

/** Why this signed-in person may not comment (no permission, or suspended: with why and until when), or null. */
export function commentRefusal(person: CommentingStanding, dates: DateStyle): AppError | null {
  if (!can(person.role, "comment.post")) return new AppError("FORBIDDEN", CANNOT_COMMENT, { reason: "CANNOT_COMMENT" });
  if (person.status === "SUSPENDED") return new AppError("FORBIDDEN", suspensionNotice(person, dates), { reason: "SUSPENDED" });
  if (person.status !== "ACTIVE") return new AppError("FORBIDDEN", CANNOT_COMMENT, { reason: "CANNOT_COMMENT" });
  return null;
}

/** Refuses people who may not comment: signed out, no permission, or suspended (with why and until when). */
export async function assertMayComment(actor: Actor | null): Promise<Actor> {
  if (!actor) throw new AppError("UNAUTHENTICATED", SIGN_IN_REQUIRED, { reason: "SIGNED_OUT" });
  // Only a suspension's notice names a date, written in the newsroom's style.
  const refusal = commentRefusal(actor, actor.status === "SUSPENDED" ? await newsroomDateStyle() : DEFAULT_DATE_STYLE);
  if (refusal) throw refusal;
  return actor;
}
