// Who a request's session cookie names, read without going through next-auth's session endpoint.
//
// next-auth's auth() answers "who is this" by running its whole session action: it derives the
// encryption key from the secret (HKDF) and decrypts the token, then derives again and encrypts a
// renewed token to set as a new cookie. That was a fifth of the CPU of posting a comment. All we
// need is the user id and session id in the token (role, status and whether the session still
// stands come from the database, lib/auth/actor.ts),
// so this reads the same token Auth.js writes (its jwt.encode: a compact JWE, "dir" key management,
// A256CBC-HS512, the key derived from the secret with the cookie name as salt) and checks it as
// its jwt.decode does (the key by "kid" among the secrets, exp and nbf with 15 s of tolerance),
// with each key derived once per process and the decryption done synchronously with node:crypto
// (the Web Crypto calls jose makes cost more than the work itself). The token is not renewed: a
// session lasts its maxAge (30 days) from signing in. lib/auth/session-token.test.ts checks it
// against tokens made by next-auth's own encode().

import "server-only";

import { createDecipheriv, createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

import { env } from "@/lib/env.mjs";

/** The session cookie's name: Auth.js adds the __Secure- prefix when the site is served over https. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/** Auth.js's clock tolerance for the token's exp and nbf, in seconds. */
const CLOCK_TOLERANCE_S = 15;
/** Far longer than any session token (about 400 characters); anything longer is not one. */
const MAX_TOKEN_LENGTH = 16_384;

/** Auth.js's secrets in its order: AUTH_SECRET_1..3 (rotation) before AUTH_SECRET. */
export function sessionSecrets(source: Partial<Record<`AUTH_SECRET${"" | "_1" | "_2" | "_3"}`, string>> = env): string[] {
  const secrets = source.AUTH_SECRET ? [source.AUTH_SECRET] : [];
  for (const n of [1, 2, 3] as const) {
    const rotated = source[`AUTH_SECRET_${n}`];
    if (rotated) secrets.unshift(rotated);
  }
  return secrets;
}

interface DerivedKey {
  /** A256CBC-HS512 splits its 64-byte key: the first half authenticates, the second decrypts (RFC 7518, 5.2.2.1). */
  macKey: Buffer;
  encKey: Buffer;
  /** The key's JWK thumbprint (RFC 7638, SHA-512), which Auth.js writes as the token's "kid". */
  kid: string;
}

const derivedKeys = new Map<string, DerivedKey>();

function derivedKey(secret: string, salt: string): DerivedKey {
  const id = `${salt}\u0000${secret}`;
  let known = derivedKeys.get(id);
  if (!known) {
    const key = Buffer.from(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64));
    // The thumbprint hashes the key's required JWK members, in lexicographic order, without spaces.
    const kid = createHash("sha512").update(JSON.stringify({ k: key.toString("base64url"), kty: "oct" })).digest("base64url");
    known = { macKey: key.subarray(0, 32), encKey: key.subarray(32), kid };
    derivedKeys.set(id, known);
  }
  return known;
}

/** The token in a cookie jar: the cookie itself, or its chunks (name.0, name.1, …) when Auth.js had to split it. */
export function sessionTokenFrom(read: (name: string) => string | undefined): { token: string; salt: string } | null {
  for (const name of SESSION_COOKIE_NAMES) {
    const whole = read(name);
    if (whole) return { token: whole, salt: name };
    let joined = "";
    for (let chunk = 0; ; chunk++) {
      const part = read(`${name}.${chunk}`);
      if (part === undefined) break;
      joined += part;
    }
    if (joined) return { token: joined, salt: name };
  }
  return null;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** The payload of a compact JWE ("dir", A256CBC-HS512) if it is authentic under the key, else null. */
function decrypt(parts: string[], key: DerivedKey): Record<string, unknown> | null {
  const [protectedHeader, , ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
  const iv = Buffer.from(ivText, "base64url");
  const ciphertext = Buffer.from(ciphertextText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 16 || tag.length !== 32 || ciphertext.length === 0 || ciphertext.length % 16 !== 0) return null;
  // The tag: HMAC-SHA-512 over the protected header as sent, the IV, the ciphertext and the
  // header's length in bits (64-bit big-endian), cut to 32 bytes (RFC 7516 5.2, RFC 7518 5.2.2.1).
  const aad = Buffer.from(protectedHeader, "ascii");
  const aadBits = Buffer.alloc(8);
  aadBits.writeBigUInt64BE(BigInt(aad.length) * 8n);
  const expected = createHmac("sha512", key.macKey).update(aad).update(iv).update(ciphertext).update(aadBits).digest().subarray(0, 32);
  if (!timingSafeEqual(expected, tag)) return null;
  const decipher = createDecipheriv("aes-256-cbc", key.encKey, iv);
  const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  const payload: unknown = JSON.parse(plaintext.toString("utf8"));
  return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null;
}

/** What a session token names: the person (its subject) and their session row (lib/auth/sessions.ts). */
export interface SessionClaims {
  userId: string;
  sessionId: string;
}

/**
 * The user id (token subject) and session id (`sid`) of a valid, unexpired session token, or null
 * for anything else. A token without a sid (issued before sessions were kept) is refused: there is
 * no row to check it against, so it could not be ended.
 */
export function readSessionToken(token: string, salt: string, secrets: readonly string[] = sessionSecrets(), nowMs: number = Date.now()): SessionClaims | null {
  if (secrets.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "" || !parts.every((part) => BASE64URL.test(part))) return null;
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
    if (typeof header !== "object" || header === null) return null;
    const { alg, enc, kid, zip, crit } = header as Record<string, unknown>;
    // Only what Auth.js writes: anything else (another algorithm, compression, critical extensions) is refused.
    if (alg !== "dir" || enc !== "A256CBC-HS512" || zip !== undefined || crit !== undefined) return null;
    if (kid !== undefined && typeof kid !== "string") return null;
    for (const secret of secrets) {
      const key = derivedKey(secret, salt);
      if (kid !== undefined && kid !== key.kid) continue;
      const payload = decrypt(parts, key);
      if (!payload) return null;
      const now = Math.floor(nowMs / 1000);
      const { exp, nbf, sub, sid } = payload;
      if (exp !== undefined && (typeof exp !== "number" || exp <= now - CLOCK_TOLERANCE_S)) return null;
      if (nbf !== undefined && (typeof nbf !== "number" || nbf > now + CLOCK_TOLERANCE_S)) return null;
      if (typeof sub !== "string" || sub === "" || typeof sid !== "string" || sid === "") return null;
      return { userId: sub, sessionId: sid };
    }
    return null;
  } catch {
    // Not base64, not JSON, bad padding: not a token of ours.
    return null;
  }
}

/** The claims of the valid session token in this cookie jar (sessionTokenFrom, then readSessionToken), or null. */
export function sessionClaimsIn(read: (name: string) => string | undefined): SessionClaims | null {
  const found = sessionTokenFrom(read);
  return found ? readSessionToken(found.token, found.salt) : null;
}
