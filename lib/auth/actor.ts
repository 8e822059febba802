// The acting person, as every lib function receives it: loaded fresh from the database, so a role
// change, a ban or an ended session counts from the very next request. No Next.js or next-auth
// here: lib code and tests use it directly.

import "server-only";

import type pg from "pg";

import { can, type Permission } from "@/lib/auth/roles";
import { getPool } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";
import { isUuid } from "@/lib/validation/uuid";

export interface Actor {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  suspendedUntil: Date | null;
  statusReason: string | null;
  bylineId: string | null;
  /** The session this request came in on (lib/auth/sessions.ts); null for an actor loaded by id alone (tests, scripts). */
  sessionId: string | null;
  hasTwoFactor: boolean;
  /**
   * An admin without two-factor sign-in while the site requires it (lib/auth/settings.ts): they
   * may enrol and read, and every other permission is refused (assertCan) until they do.
   */
  mustEnrolTwoFactor: boolean;
}

/** The Setting key of "Require two-factor sign-in for admins" (lib/auth/settings.ts). */
export const REQUIRE_TWO_FACTOR_KEY = "auth.requireTwoFactorForAdmins";

/** A session's lastSeenAt is written when it is older than this, not on every request. */
export const LAST_SEEN_EVERY_MS = 5 * 60 * 1000;


interface ActorRow extends Omit<Actor, "sessionId" | "mustEnrolTwoFactor"> {
  twoFactorRequired: boolean;
}

// The person's columns, their byline, whether they have two-factor sign-in on and whether the site
// requires it of admins. Timestamps of User are stored in UTC without a zone: AT TIME ZONE 'UTC'
// makes them instants, which pg reads as such whatever the process's own zone.
const ACTOR_COLUMNS = `u."id"::text AS "id", u."email", u."displayName", u."role"::text AS "role", u."status"::text AS "status",
        u."suspendedUntil" AT TIME ZONE 'UTC' AS "suspendedUntil", u."statusReason", b."id"::text AS "bylineId",
        (tf."enabledAt" IS NOT NULL) AS "hasTwoFactor",
        COALESCE((SELECT st."value" = 'true'::jsonb FROM "Setting" st WHERE st."key" = '${REQUIRE_TWO_FACTOR_KEY}'), false) AS "twoFactorRequired"`;
const ACTOR_JOINS = `LEFT JOIN "Byline" b ON b."userId" = u."id" LEFT JOIN "TwoFactor" tf ON tf."userId" = u."id"`;

// Every signed-in request asks this, so it is one statement on the pool itself (lib/db.ts): the
// session row must exist for this person, not be revoked and not have expired, or there is nobody.
// The same statement touches the session's lastSeenAt when it is more than LAST_SEEN_EVERY_MS old
// (a data-modifying WITH runs whether or not the SELECT reads it), so a busy session is written
// once every few minutes, not on every request.
const SESSION_ACTOR_SQL = `WITH s AS (
    SELECT "id" FROM "Session"
    WHERE "id" = $2::uuid AND "userId" = $1::uuid AND "revokedAt" IS NULL AND "expiresAt" > now()
  ), touched AS (
    UPDATE "Session" SET "lastSeenAt" = now()
    WHERE "id" = (SELECT "id" FROM s) AND "lastSeenAt" < now() - ${LAST_SEEN_EVERY_MS} * interval '1 millisecond'
    RETURNING 1
  )
  SELECT ${ACTOR_COLUMNS}
  FROM s JOIN "User" u ON u."id" = $1::uuid ${ACTOR_JOINS}`;

const ACTOR_SQL = `SELECT ${ACTOR_COLUMNS} FROM "User" u ${ACTOR_JOINS} WHERE u."id" = $1::uuid`;

/** Something that runs a query: the pool, or one client (a test holds a transaction on one). */
export type Queryable = Pick<pg.Pool, "query">;

/** A person's standing as stored: status, how long a suspension lasts, and the reason given. */
export interface Standing {
  status: UserStatus;
  suspendedUntil: Date | null;
  statusReason: string | null;
}

/**
 * The standing as it is now: a suspension that has run out is no suspension (nobody has to lift it
 * by hand), so it reads as active with no end and no reason. The actor, the people pages and the
 * people mutations all judge a person by this.
 */
export function currentStanding<T extends Standing>(row: T, now: Date = new Date()): T {
  const over = row.status === "SUSPENDED" && row.suspendedUntil !== null && row.suspendedUntil.getTime() <= now.getTime();
  return over ? { ...row, status: "ACTIVE", suspendedUntil: null, statusReason: null } : row;
}

function toActor(row: ActorRow | undefined, sessionId: string | null): Actor | null {
  if (!row || row.status === "BANNED") return null;
  const user = currentStanding(row);
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    status: user.status,
    suspendedUntil: user.suspendedUntil,
    statusReason: user.statusReason,
    bylineId: user.bylineId,
    sessionId,
    hasTwoFactor: user.hasTwoFactor,
    mustEnrolTwoFactor: user.role === "ADMIN" && user.twoFactorRequired && !user.hasTwoFactor,
  };
}

/**
 * The person a request's session cookie names, if that session still stands: one statement (with
 * the lastSeenAt touch). For requests: getActor (lib/auth/session.ts).
 */
export async function loadSessionActor(claims: { userId: string; sessionId: string }, client: Queryable = getPool()): Promise<Actor | null> {
  if (!isUuid(claims.userId) || !isUuid(claims.sessionId)) return null;
  const { rows } = await client.query<ActorRow>({ name: "newsdesk_load_session_actor", text: SESSION_ACTOR_SQL, values: [claims.userId, claims.sessionId] });
  return toActor(rows[0], claims.sessionId);
}

/**
 * A person by id, with no session to check: for code that already knows who is acting (tests,
 * scripts, the e2e fixtures). Requests go through loadSessionActor.
 */
export async function loadActor(userId: string, client: Queryable = getPool()): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  const { rows } = await client.query<ActorRow>({ name: "newsdesk_load_actor", text: ACTOR_SQL, values: [userId] });
  return toActor(rows[0], null);
}

/** The message an admin who must enrol gets for anything but reading and commenting. */
/** What a signed-out caller is told by a lib function that needs someone signed in. */
export const SIGN_IN_REQUIRED = "Sign in to do that.";

export const TWO_FACTOR_REQUIRED_MESSAGE =
  "This site requires two-factor sign-in for admins. Turn it on under Security on your account page first.";

/** Whether the actor may use this permission now: their role has it, and no enrolment is owed. */
export function mayUse(actor: Actor, permission: Permission): boolean {
  if (!can(actor.role, permission)) return false;
  return !(actor.mustEnrolTwoFactor && permission !== "comment.post");
}

/** For lib functions: refuse unless the actor holds the permission (and owes no two-factor enrolment). */
export function assertCan(actor: Actor | null, permission: Permission, message = "You do not have permission to do that."): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", SIGN_IN_REQUIRED);
  if (!can(actor.role, permission)) throw new AppError("FORBIDDEN", message);
  if (!mayUse(actor, permission)) throw new AppError("FORBIDDEN", TWO_FACTOR_REQUIRED_MESSAGE);
  return actor;
}
