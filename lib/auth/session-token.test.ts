import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";

import { reloadEnv } from "@/lib/env.mjs";

import { readSessionToken, sessionClaimsIn, sessionSecrets, sessionTokenFrom } from "./session-token";

const SECRET = "a-test-secret-of-reasonable-length-0123456789";
const COOKIE = "authjs.session-token";
const USER = "7d4c2f1e-9a8b-4c3d-8e2f-1a2b3c4d5e6f";
const SID = "0b6f3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
const CLAIMS = { userId: USER, sessionId: SID };

describe("readSessionToken", () => {
  it("reads the user id and session id from a token next-auth encoded", async () => {
    const token = await encode({ token: { sub: USER, sid: SID, name: "Ada" }, secret: SECRET, salt: COOKIE });
    expect(readSessionToken(token, COOKIE, [SECRET])).toEqual(CLAIMS);
  });

  it("finds the key among rotated secrets", async () => {
    const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE });
    expect(readSessionToken(token, COOKIE, ["a-newer-secret-0123456789abcdef0123456789", SECRET])).toEqual(CLAIMS);
  });

  it("refuses a token made with another secret or for another cookie name", async () => {
    const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE });
    expect(readSessionToken(token, COOKIE, ["another-secret-0123456789abcdef0123456789"])).toBeNull();
    expect(readSessionToken(token, "__Secure-authjs.session-token", [SECRET])).toBeNull();
  });

  it("refuses an expired token, allowing Auth.js's 15 seconds of clock difference", async () => {
    const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE, maxAge: 60 });
    expect(readSessionToken(token, COOKIE, [SECRET], Date.now() + 70_000)).toEqual(CLAIMS);
    expect(readSessionToken(token, COOKIE, [SECRET], Date.now() + 80_000)).toBeNull();
    expect(readSessionToken(await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE, maxAge: -60 }), COOKIE, [SECRET])).toBeNull();
  });

  it("refuses a token whose header asks for another algorithm, or whose tag does not match", async () => {
    const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE });
    const [header, ...rest] = token.split(".");
    const decoded = JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>;
    const withHeader = (changes: Record<string, unknown>) => [Buffer.from(JSON.stringify({ ...decoded, ...changes })).toString("base64url"), ...rest].join(".");
    // Changing the header changes the authenticated data: refused even where the algorithm is allowed.
    expect(readSessionToken(withHeader({ cty: "x" }), COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(withHeader({ enc: "A256GCM" }), COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(withHeader({ alg: "none" }), COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(withHeader({ zip: "DEF" }), COOKIE, [SECRET])).toBeNull();
    const parts = token.split(".");
    const tag = Buffer.from(parts[4]!, "base64url");
    tag[0] = tag[0]! ^ 1;
    parts[4] = tag.toString("base64url");
    expect(readSessionToken(parts.join("."), COOKIE, [SECRET])).toBeNull();
  });

  it("refuses a token without a session id: one issued before sessions were kept cannot be ended, so it does not count", async () => {
    const old = await encode({ token: { sub: USER, name: "Ada" }, secret: SECRET, salt: COOKIE });
    expect(readSessionToken(old, COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(await encode({ token: { sub: USER, sid: 42 }, secret: SECRET, salt: COOKIE }), COOKIE, [SECRET])).toBeNull();
  });

  it("refuses a tampered token, garbage, and a token without a subject", async () => {
    const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE });
    const parts = token.split(".");
    const ciphertext = parts[3]!;
    parts[3] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
    expect(readSessionToken(parts.join("."), COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken("not-a-token", COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(await encode({ token: { sid: SID, name: "Nobody" }, secret: SECRET, salt: COOKIE }), COOKIE, [SECRET])).toBeNull();
    expect(readSessionToken(token, COOKIE, [])).toBeNull();
  });
});

describe("sessionTokenFrom", () => {
  it("prefers the secure cookie, uses the cookie name as salt, and joins chunks in order", () => {
    const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];
    expect(sessionTokenFrom(jar({ [COOKIE]: "plain", "__Secure-authjs.session-token": "secure" }))).toEqual({ token: "secure", salt: "__Secure-authjs.session-token" });
    expect(sessionTokenFrom(jar({ [COOKIE]: "plain" }))).toEqual({ token: "plain", salt: COOKIE });
    expect(sessionTokenFrom(jar({ [`${COOKIE}.1`]: "two", [`${COOKIE}.0`]: "one" }))).toEqual({ token: "onetwo", salt: COOKIE });
    expect(sessionTokenFrom(jar({ other: "x" }))).toBeNull();
  });
});

describe("sessionClaimsIn", () => {
  it("reads the claims of the session cookie in a jar, and nothing from a jar without a valid one", async () => {
    const saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = SECRET;
    reloadEnv();
    try {
      const token = await encode({ token: { sub: USER, sid: SID }, secret: SECRET, salt: COOKIE });
      const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];
      expect(sessionClaimsIn(jar({ [COOKIE]: token }))).toEqual(CLAIMS);
      expect(sessionClaimsIn(jar({ [COOKIE]: `${token}x` }))).toBeNull();
      expect(sessionClaimsIn(jar({}))).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
      reloadEnv();
    }
  });
});

describe("sessionSecrets", () => {
  it("lists rotated secrets before AUTH_SECRET, as Auth.js does", () => {
    expect(sessionSecrets({ AUTH_SECRET: "main", AUTH_SECRET_1: "one", AUTH_SECRET_2: "two" })).toEqual(["two", "one", "main"]);
    expect(sessionSecrets({})).toEqual([]);
  });
});
