// Signed-in sessions: one row per sign-in, named by the session cookie's `sid`. A session counts
// only while its row stands (lib/auth/actor.ts reads it with the person on every request), so
// ending one here ends it everywhere at once: signing out, "End" on the account page, a password
// change (every other session), an admin's "Sign out everywhere" and a ban (every session).

import "server-only";

import { z } from "zod";

import { assertSignedIn } from "@/lib/auth/sign-in";
import type { Actor } from "@/lib/auth/actor";
import { describeDevice } from "@/lib/auth/device";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

/** How long a session lasts from signing in: the session cookie's maxAge (lib/auth/auth.ts). */
export const SESSION_MAX_AGE_S = 30 * 24 * 60 * 60;
const MAX_USER_AGENT = 512;

export type EndReason = "sign-out" | "ended" | "others" | "password" | "everywhere" | "ban";

type Client = Pick<Tx, "session">;

/** Ended or expired sessions are kept this long (the account page never shows them), then cleared at the person's next sign-in. */
const KEEP_ENDED_MS = 30 * 24 * 60 * 60 * 1000;

/** Starts a session for a person who has just proved who they are; returns its id for the cookie. */
export async function startSession(userId: string, meta: { userAgent?: string | null; address?: string | null } = {}): Promise<string> {
  const longAgo = new Date(Date.now() - KEEP_ENDED_MS);
  await db.session.deleteMany({ where: { userId, OR: [{ expiresAt: { lt: longAgo } }, { revokedAt: { lt: longAgo } }] } });
  const session = await db.session.create({
    data: {
      userId,
      expiresAt: new Date(Date.now() + SESSION_MAX_AGE_S * 1000),
      userAgent: (meta.userAgent ?? "").slice(0, MAX_USER_AGENT),
      address: meta.address ?? null,
    },
    select: { id: true },
  });
  return session.id;
}

/** Ends one session (signing out). A session that is already over, or unknown, is left as it is. */
export async function revokeSession(sessionId: string, why: EndReason = "sign-out"): Promise<void> {
  if (!isUuid(sessionId)) return;
  await db.session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date(), revokedWhy: why } });
}

/** Ends every session of a person that still stands, but `except`; inside the caller's transaction. Returns how many. */
export async function revokeSessionsOf(client: Client, userId: string, why: EndReason, except: string | null = null): Promise<number> {
  const { count } = await client.session.updateMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() }, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: new Date(), revokedWhy: why },
  });
  return count;
}

export interface OwnSession {
  id: string;
  /** The browser and system in plain words, from the user agent. */
  device: string;
  address: string | null;
  signedInAt: Date;
  lastSeenAt: Date;
  isCurrent: boolean;
}

/** The signed-in person's sessions that still stand, this one first, then the most recently seen. */
export async function listOwnSessions(actor: Actor | null): Promise<OwnSession[]> {
  const person = assertSignedIn(actor);
  const rows = await db.session.findMany({
    where: { userId: person.id, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: [{ lastSeenAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, userAgent: true, address: true, createdAt: true, lastSeenAt: true },
    take: 100,
  });
  return rows
    .map((row) => ({
      id: row.id,
      device: describeDevice(row.userAgent),
      address: row.address,
      signedInAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      isCurrent: row.id === person.sessionId,
    }))
    .sort((a, b) => Number(b.isCurrent) - Number(a.isCurrent));
}

const endSessionSchema = z.object({ sessionId: z.string() });

/** Ends one of the person's own sessions (another device); this one ends by signing out. */
export async function endOwnSession(actor: Actor | null, input: unknown): Promise<{ ended: boolean }> {
  const person = assertSignedIn(actor);
  const notFound = () => new AppError("NOT_FOUND", "That session has already ended.");
  const { sessionId } = parseInput(endSessionSchema, input ?? {}, { fieldRefusals: { sessionId: notFound } });
  if (!isUuid(sessionId)) throw notFound();
  if (sessionId === person.sessionId) {
    throw new AppError("INVALID_INPUT", "That is the session you are using: sign out to end it.");
  }
  // Only the person's own: someone else's session id ends nothing and says the same as a spent one.
  const { count } = await db.session.updateMany({
    where: { id: sessionId, userId: person.id, revokedAt: null, expiresAt: { gt: new Date() } },
    data: { revokedAt: new Date(), revokedWhy: "ended" },
  });
  if (count === 0) throw notFound();
  return { ended: true };
}

/** Ends every session of the person but the one they are using. */
export async function endOtherSessions(actor: Actor | null): Promise<{ ended: number }> {
  const person = assertSignedIn(actor);
  return { ended: await revokeSessionsOf(db, person.id, "others", person.sessionId) };
}
