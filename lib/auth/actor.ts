// The acting person, as every lib function receives it: loaded fresh from the database, so a role
// change or a ban counts from the very next request. No Next.js or next-auth here: lib code and
// tests use it directly.

import { can, type Permission } from "@/lib/auth/roles";
import { getPool } from "@/lib/db";
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loadActor(userId: string): Promise<Actor | null> {
  if (!UUID.test(userId)) return null;
  // Every signed-in request asks this, so it is one statement on the pool itself (lib/db.ts), with
  // the byline joined in. Timestamps are stored in UTC without a zone: AT TIME ZONE 'UTC' makes
  // them instants, which pg reads as such whatever the process's own zone.
  const { rows } = await getPool().query<Actor>({
    name: "newsdesk_load_actor",
    text: `SELECT u."id"::text AS "id", u."email", u."displayName", u."role"::text AS "role", u."status"::text AS "status",
        u."suspendedUntil" AT TIME ZONE 'UTC' AS "suspendedUntil", u."statusReason", b."id"::text AS "bylineId"
      FROM "User" u LEFT JOIN "Byline" b ON b."userId" = u."id"
      WHERE u."id" = $1::uuid`,
    values: [userId],
  });
  const user = rows[0];
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
    bylineId: user.bylineId,
  };
}

/** For lib functions: refuse unless the actor holds the permission. */
export function assertCan(actor: Actor | null, permission: Permission, message = "You do not have permission to do that."): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", message);
  return actor;
}
