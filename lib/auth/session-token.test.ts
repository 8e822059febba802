import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";

import { sessionSecrets, sessionTokenFrom, sessionUserId, sessionUserIdIn } from "./session-token";

const SECRET = "a-test-secret-of-reasonable-length-0123456789";
const COOKIE = "authjs.session-token";
const USER = "7d4c2f1e-9a8b-4c3d-8e2f-1a2b3c4d5e6f";

describe("sessionUserId", () => {
  it("reads the user id from a token next-auth encoded", async () => {
    const token = await encode({ token: { sub: USER, name: "Ada" }, secret: SECRET, salt: COOKIE });
    expect(sessionUserId(token, COOKIE, [SECRET])).toBe(USER);
  });

  it("finds the key among rotated secrets", async () => {
    const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE });
    expect(sessionUserId(token, COOKIE, ["a-newer-secret-0123456789abcdef0123456789", SECRET])).toBe(USER);
  });

  it("refuses a token made with another secret or for another cookie name", async () => {
    const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE });
    expect(sessionUserId(token, COOKIE, ["another-secret-0123456789abcdef0123456789"])).toBeNull();
    expect(sessionUserId(token, "__Secure-authjs.session-token", [SECRET])).toBeNull();
  });

  it("refuses an expired token, allowing Auth.js's 15 seconds of clock difference", async () => {
    const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE, maxAge: 60 });
    expect(sessionUserId(token, COOKIE, [SECRET], Date.now() + 70_000)).toBe(USER);
    expect(sessionUserId(token, COOKIE, [SECRET], Date.now() + 80_000)).toBeNull();
    expect(sessionUserId(await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE, maxAge: -60 }), COOKIE, [SECRET])).toBeNull();
  });

  it("refuses a token whose header asks for another algorithm, or whose tag does not match", async () => {
    const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE });
    const [header, ...rest] = token.split(".");
    const decoded = JSON.parse(Buffer.from(header!, "base64url").toString()) as Record<string, unknown>;
    const withHeader = (changes: Record<string, unknown>) => [Buffer.from(JSON.stringify({ ...decoded, ...changes })).toString("base64url"), ...rest].join(".");
    // Changing the header changes the authenticated data: refused even where the algorithm is allowed.
    expect(sessionUserId(withHeader({ cty: "x" }), COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId(withHeader({ enc: "A256GCM" }), COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId(withHeader({ alg: "none" }), COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId(withHeader({ zip: "DEF" }), COOKIE, [SECRET])).toBeNull();
    const parts = token.split(".");
    const tag = Buffer.from(parts[4]!, "base64url");
    tag[0] = tag[0]! ^ 1;
    parts[4] = tag.toString("base64url");
    expect(sessionUserId(parts.join("."), COOKIE, [SECRET])).toBeNull();
  });

  it("refuses a tampered token, garbage, and a token without a subject", async () => {
    const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE });
    const parts = token.split(".");
    const ciphertext = parts[3]!;
    parts[3] = (ciphertext[0] === "A" ? "B" : "A") + ciphertext.slice(1);
    expect(sessionUserId(parts.join("."), COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId("not-a-token", COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId(await encode({ token: { name: "Nobody" }, secret: SECRET, salt: COOKIE }), COOKIE, [SECRET])).toBeNull();
    expect(sessionUserId(token, COOKIE, [])).toBeNull();
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

describe("sessionUserIdIn", () => {
  it("reads the user id of the session cookie in a jar, and nothing from a jar without a valid one", async () => {
    const saved = process.env.AUTH_SECRET;
    process.env.AUTH_SECRET = SECRET;
    try {
      const token = await encode({ token: { sub: USER }, secret: SECRET, salt: COOKIE });
      const jar = (cookies: Record<string, string>) => (name: string) => cookies[name];
      expect(sessionUserIdIn(jar({ [COOKIE]: token }))).toBe(USER);
      expect(sessionUserIdIn(jar({ [COOKIE]: `${token}x` }))).toBeNull();
      expect(sessionUserIdIn(jar({}))).toBeNull();
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
    }
  });
});

describe("sessionSecrets", () => {
  it("lists rotated secrets before AUTH_SECRET, as Auth.js does", () => {
    expect(sessionSecrets({ AUTH_SECRET: "main", AUTH_SECRET_1: "one", AUTH_SECRET_2: "two" })).toEqual(["two", "one", "main"]);
    expect(sessionSecrets({})).toEqual([]);
  });
});
