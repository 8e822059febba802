// Creating and revoking API keys: admins only, audited. A key acts through an account of its own
// (the integration's), which carries the key's role so the lib functions the Admin API calls check
// it like anyone's, and the audit log names the integration.

import "server-only";

import { randomBytes, randomUUID } from "node:crypto";

import { newKeySecret, hashKeySecret, SHOWN_PREFIX_LENGTH } from "@/lib/api-keys/secrets";
import { createKeySchema } from "@/lib/api-keys/schemas";
import { KEY_ALREADY_REVOKED, KEY_NOT_FOUND, KEYS_ADMINS_ONLY } from "@/lib/api-keys/sentences";
import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { FIELDS_NEED_ATTENTION, parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";

/** The domain of integrations' accounts: .invalid never receives mail, and nobody can sign up with it. */
export const INTEGRATION_EMAIL_DOMAIN = "integrations.newsdesk.invalid";

export interface CreatedKey {
  id: string;
  name: string;
  /** The whole key: shown once, never stored. */
  secret: string;
}

export async function createApiKey(actor: Actor | null, input: unknown): Promise<CreatedKey> {
  const admin = assertCan(actor, "settings.manage", KEYS_ADMINS_ONLY);
  const data = parseInput(createKeySchema, input, { message: FIELDS_NEED_ATTENTION });
  const secret = newKeySecret();
  // The integration's account has a password nobody knows (thrown away here): it cannot sign in.
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  const keyId = randomUUID();
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: { email: `key-${keyId}@${INTEGRATION_EMAIL_DOMAIN}`, displayName: `${data.name} (integration)`, role: data.role, passwordHash },
      select: { id: true },
    });
    const key = await tx.apiKey.create({
      data: { id: keyId, name: data.name, role: data.role, prefix: secret.slice(0, SHOWN_PREFIX_LENGTH), secretHash: hashKeySecret(secret), userId: user.id, createdById: admin.id },
      select: { id: true, name: true },
    });
    await recordAudit(tx, { actorId: admin.id, action: "apiKey.create", entityType: "apiKey", entityId: key.id, data: { name: data.name, role: data.role } });
    return { id: key.id, name: key.name, secret };
  });
}

export async function revokeApiKey(actor: Actor | null, keyId: unknown): Promise<void> {
  const admin = assertCan(actor, "settings.manage", KEYS_ADMINS_ONLY);
  if (!isUuid(keyId)) throw new AppError("NOT_FOUND", KEY_NOT_FOUND);
  await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id: keyId }, select: { id: true, name: true, revokedAt: true } });
    if (!key) throw new AppError("NOT_FOUND", KEY_NOT_FOUND);
    const revoked = await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) throw new AppError("CONFLICT", KEY_ALREADY_REVOKED);
    await recordAudit(tx, { actorId: admin.id, action: "apiKey.revoke", entityType: "apiKey", entityId: key.id, data: { name: key.name } });
  });
}
