// The audit log: written inside the same transaction as the change it records, so neither can
// exist without the other.

import "server-only";

import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: "story" | "comment" | "user" | "section" | "byline" | "media" | "setting" | "tag" | "webhook" | "apiKey" | "wireSource" | "wireItem";
  entityId: string;
  data?: Prisma.InputJsonValue;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      ...(entry.data === undefined ? {} : { data: entry.data }),
    },
    select: { id: true },
  });
}
