// Who a request's session cookie names, read without going through next-auth's session endpoint.
//
// next-auth's auth() answers "who is this" by running its whole session action: it derives the
// encryption key from the secret (HKDF) and decrypts the token, then derives again and encrypts a
// renewed token to set as a new cookie. That was a fifth of the CPU of posting a comment. All we
// need is the user id in the token (role and status come from the database, lib/auth/actor.ts),
// so this decrypts the same token the same way (Auth.js's jwt.decode: "dir" + A256CBC-HS512, the
// cookie name as salt, clock tolerance 15 s, an expired token is no session), with each key
// derived once per process. The token is not renewed: a session lasts its maxAge (30 days) from
// signing in. Tests: lib/auth/session-token.test.ts encodes with next-auth's own encode().

import { hkdfSync } from "node:crypto";

import { base64url, calculateJwkThumbprint, jwtDecrypt } from "jose";

/** The session cookie's name: Auth.js adds the __Secure- prefix when the site is served over https. */
export const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

const KEY_LENGTH = { "A256CBC-HS512": 64, A256GCM: 32 } as const;
type Encryption = keyof typeof KEY_LENGTH;

/** Auth.js's secrets in its order: AUTH_SECRET_1..3 (rotation) before AUTH_SECRET. */
export function sessionSecrets(env: Record<string, string | undefined> = process.env): string[] {
  const secrets = env.AUTH_SECRET ? [env.AUTH_SECRET] : [];
  for (const n of [1, 2, 3]) {
    const rotated = env[`AUTH_SECRET_${n}`];
    if (rotated) secrets.unshift(rotated);
  }
  return secrets;
}

interface DerivedKey {
  key: Uint8Array;
  thumbprint: Promise<string>;
}

const derivedKeys = new Map<string, DerivedKey>();

function derivedKey(encryption: Encryption, secret: string, salt: string): DerivedKey {
  const id = `${encryption}\u0000${salt}\u0000${secret}`;
  let known = derivedKeys.get(id);
  if (!known) {
    const key = new Uint8Array(hkdfSync("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, KEY_LENGTH[encryption]));
    known = { key, thumbprint: calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, `sha${key.byteLength << 3}` as "sha256" | "sha512") };
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

/** The user id (token subject) of a valid, unexpired session token, or null for anything else. */
export async function sessionUserId(token: string, salt: string, secrets: readonly string[] = sessionSecrets()): Promise<string | null> {
  if (secrets.length === 0 || token.length > 16_384) return null;
  try {
    const { payload } = await jwtDecrypt(
      token,
      async ({ kid, enc }) => {
        const encryption = enc as string;
        if (encryption !== "A256CBC-HS512" && encryption !== "A256GCM") throw new Error("Unsupported session token encryption");
        for (const secret of secrets) {
          const { key, thumbprint } = derivedKey(encryption, secret, salt);
          if (kid === undefined || kid === (await thumbprint)) return key;
        }
        throw new Error("No secret matches the session token");
      },
      { clockTolerance: 15, keyManagementAlgorithms: ["dir"], contentEncryptionAlgorithms: ["A256CBC-HS512", "A256GCM"] },
    );
    return typeof payload.sub === "string" && payload.sub !== "" ? payload.sub : null;
  } catch {
    // Tampered, expired, made with another secret, or not a token at all: no session.
    return null;
  }
}
