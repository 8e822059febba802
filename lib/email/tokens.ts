// One-time links (password reset, email confirmation): 256 random bits in the link, only their
// SHA-256 in the database, so a copy of the database opens no account. A token is used at most
// once (the UPDATE that uses it checks and sets usedAt in one statement, so two clicks at once
// cannot both succeed) and only before it expires.

import "server-only";

import { createHash, randomBytes } from "node:crypto";

import type { Tx } from "@/lib/db";
import type { AccountTokenPurpose } from "@/lib/generated/prisma/enums";

type Client = Pick<Tx, "accountToken" | "$queryRaw">;

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A token's shape: 43 base64url characters. Anything else is refused before the database. */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** Issues a new token for `userId`; earlier unused ones of the same purpose stop working. Returns the token for the link. */
export async function issueToken(client: Client, userId: string, purpose: AccountTokenPurpose, ttlMs: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const now = new Date();
  await client.accountToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  await client.accountToken.create({
    data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + ttlMs) },
    select: { id: true },
  });
  return token;
}

/** Whose unused, unexpired token this is, without using it (the reset page shows its form only for a live link). */
export async function peekToken(client: Client, token: unknown, purpose: AccountTokenPurpose): Promise<{ userId: string } | null> {
  if (!isTokenShaped(token)) return null;
  return client.accountToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    select: { userId: true },
  });
}

/** Uses the token, once: whose it was, or null when it is unknown, used or expired. */
export async function consumeToken(client: Client, token: unknown, purpose: AccountTokenPurpose): Promise<{ userId: string } | null> {
  if (!isTokenShaped(token)) return null;
  const rows = await client.$queryRaw<Array<{ userId: string }>>`
    UPDATE "AccountToken" SET "usedAt" = now()
    WHERE "tokenHash" = ${hashToken(token)} AND "purpose" = ${purpose}::"AccountTokenPurpose" AND "usedAt" IS NULL AND "expiresAt" > now()
    RETURNING "userId"::text AS "userId"`;
  return rows[0] ?? null;
}
