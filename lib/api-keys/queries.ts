// The desk's list of API keys: never the secret (it is not stored), only what tells keys apart.

import "server-only";

import { KEYS_ADMINS_ONLY } from "@/lib/api-keys/sentences";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

export interface ApiKeyItem {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(actor: Actor | null): Promise<ApiKeyItem[]> {
  assertCan(actor, "settings.manage", KEYS_ADMINS_ONLY);
  const rows = await db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 500,
    select: { id: true, name: true, role: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { displayName: true } } },
  });
  return rows.map(({ createdBy, ...row }) => ({ ...row, createdBy: createdBy?.displayName ?? null }));
}
