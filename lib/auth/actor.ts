// The acting person, as every lib function receives it: loaded fresh from the database, so a role
// change or a ban counts from the very next request. No Next.js or next-auth here: lib code and
// tests use it directly.

import { can, type Permission } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";

export interface Actor {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  statusReason: string | null;
  bylineId: string | null;
}

export async function loadActor(userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      displayName: true,
      role: true,
      status: true,
      suspendedUntil: true,
      statusReason: true,
      byline: { select: { id: true } },
    },
  });
  if (!user || user.status === "BANNED") return null;
  // A suspension that has run out is no suspension: nobody has to lift it by hand.
  const suspensionOver = user.status === "SUSPENDED" && user.suspendedUntil !== null && user.suspendedUntil <= new Date();
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: suspensionOver ? "ACTIVE" : user.status,
    suspendedUntil: suspensionOver ? null : user.suspendedUntil,
    statusReason: suspensionOver ? null : user.statusReason,
    bylineId: user.byline?.id ?? null,
  };
}

/** For lib functions: refuse unless the actor holds the permission. */
export function assertCan(actor: Actor | null, permission: Permission, message = "You do not have permission to do that."): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", message);
  return actor;
}
