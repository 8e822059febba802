// Encrypts small secrets kept in the database (two-factor secrets) with AES-256-GCM under a key
// derived from AUTH_SECRET (HKDF-SHA-256), so a copy of the database alone does not give them
// away. Each sealed value names its key by a short fingerprint, so after AUTH_SECRET is rotated
// (the old one kept as AUTH_SECRET_1..3, as Auth.js reads them) old values still open.

import "server-only";

import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";

import { sessionSecrets } from "@/lib/auth/session-token";

const VERSION = "v1";
const INFO = "Newsdesk two-factor secret encryption key";

interface BoxKey {
  key: Buffer;
  id: string;
}

const keys = new Map<string, BoxKey>();

function boxKey(secret: string): BoxKey {
  let known = keys.get(secret);
  if (!known) {
    const key = Buffer.from(hkdfSync("sha256", secret, "newsdesk-secret-box", INFO, 32));
    known = { key, id: createHash("sha256").update(key).digest("base64url").slice(0, 8) };
    keys.set(secret, known);
  }
  return known;
}

/** Seals text under the current secret (the first of AUTH_SECRET_1..3, AUTH_SECRET: Auth.js's order). */
export function sealSecret(plain: string, secrets: readonly string[] = sessionSecrets()): string {
  const secret = secrets[0];
  if (!secret) throw new Error("AUTH_SECRET is not set: two-factor secrets cannot be encrypted.");
  const { key, id } = boxKey(secret);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(`${VERSION}.${id}`));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [VERSION, id, iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Opens a sealed value with whichever secret sealed it; null when none did or it was changed. */
export function openSecret(sealed: string, secrets: readonly string[] = sessionSecrets()): string | null {
  const [version, id, ivText, ciphertextText, tagText, ...rest] = sealed.split(".");
  if (version !== VERSION || !id || ivText === undefined || ciphertextText === undefined || tagText === undefined || rest.length > 0) return null;
  for (const secret of secrets) {
    const { key, id: keyId } = boxKey(secret);
    if (keyId !== id) continue;
    try {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
      decipher.setAAD(Buffer.from(`${VERSION}.${id}`));
      decipher.setAuthTag(Buffer.from(tagText, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      return null;
    }
  }
  return null;
}
