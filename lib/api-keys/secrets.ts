// An API key's secret: "nd_" + 40 random base64url characters (240 bits). Only its SHA-256 hash is
// stored; with that much randomness a fast hash is safe (nothing to guess from a leaked hash), and it
// lets every request find its key with one indexed lookup, where a slow password hash could not.

import { createHash, randomBytes } from "node:crypto";

export const KEY_PREFIX = "nd_";
/** How many characters of the key the desk shows to tell keys apart. */
export const SHOWN_PREFIX_LENGTH = 10;

export function newKeySecret(): string {
  return KEY_PREFIX + randomBytes(30).toString("base64url");
}

export function hashKeySecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** The key of a request: `Authorization: Bearer <key>` or `X-Api-Key: <key>`; null when neither is sent. */
export function keyFromHeaders(headers: Pick<Headers, "get">): string | null {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1]!;
  }
  const header = headers.get("x-api-key")?.trim();
  return header ? header : null;
}
