// Sign-ins refused for too many failures (lib/auth/sign-in.ts logs each when it starts), for the
// admins: a burst of them on one account is someone guessing its password.

import "server-only";

import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";

export const LOCKOUT_HISTORY_DAYS = 14;
export const LOCKOUT_LIST_SIZE = 200;

export interface LockoutRow {
  id: string;
  kind: "email-address" | "address";
  email: string;
  address: string;
  lockedAt: Date;
  until: Date;
  isActive: boolean;
}

/** The most recent lockouts of the last LOCKOUT_HISTORY_DAYS days, newest first (admins: people.manage). */
export async function listRecentLockouts(actor: Actor | null): Promise<LockoutRow[]> {
  assertCan(actor, "people.manage", "Only admins can see sign-in lockouts.");
  const now = new Date();
  const rows = await db.signInLockout.findMany({
    where: { lockedAt: { gt: new Date(now.getTime() - LOCKOUT_HISTORY_DAYS * 86_400_000) } },
    orderBy: [{ lockedAt: "desc" }, { id: "desc" }],
    take: LOCKOUT_LIST_SIZE,
    select: { id: true, kind: true, email: true, address: true, lockedAt: true, until: true },
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    kind: row.kind === "address" ? "address" : "email-address",
    email: row.email,
    address: row.address,
    lockedAt: row.lockedAt,
    until: row.until,
    isActive: row.until > now,
  }));
}
