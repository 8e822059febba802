// The per-address sign-up limit through the server `npm start` runs: scripts/serve.mjs's request
// handler sets the client's address before anything else sees the request, and the sign-up form's
// server action reads it (lib/accounts/actions.ts: clientAddress(headers), then signUpReader).
// Next itself needs a production build, which the integration tests do not make, so a stand-in
// does what that action does with the headers Next would hand it; everything else is the real
// path, against PostgreSQL.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

import { afterEach, describe, expect, it, vi } from "vitest";

import { MAX_SIGNUPS_PER_ADDRESS, signUpReader } from "@/lib/accounts/signup";
import { db } from "@/lib/db";
import { env, reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { parseTrustedProxies } from "@/lib/http/forwarded.mjs";

import { createRequestHandler } from "./serve.mjs";
import { freshAddress, networkOf } from "../tests/addresses";

const PASSWORD = "a long enough passphrase";

function headersOf(req: http.IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/** What Next's handler does for the sign-up form here: the address from the headers, then signUpReader. */
async function signUpAction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const input = JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown;
  const address = clientAddress(headersOf(req));
  try {
    await signUpReader(input, { address });
    res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ address }));
  } catch (error) {
    if (!isAppError(error)) throw error;
    res.writeHead(error.code === "RATE_LIMITED" ? 429 : 400, { "content-type": "application/json" }).end(JSON.stringify({ address, message: error.message }));
  }
}

/** The real front of serve.mjs, with NEWSDESK_TRUSTED_PROXIES read as serve.mjs's main() reads it. */
async function startServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(createRequestHandler({ handle: signUpAction, trusted: parseTrustedProxies(env.NEWSDESK_TRUSTED_PROXIES) }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signup`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function signUpFrom(url: string, forwardedFor: string, headers: Record<string, string> = {}): Promise<{ status: number; address: string }> {
  const tag = randomUUID().slice(0, 8);
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor, ...headers },
    body: JSON.stringify({ displayName: `Rotator ${tag}`, email: `rotator-${tag}@example.test`, password: PASSWORD }),
  });
  const body = (await response.json()) as { address: string };
  return { status: response.status, address: body.address };
}

afterEach(() => {
  vi.unstubAllEnvs();
  reloadEnv();
});

describe("scripts/serve.mjs and the per-address sign-up limit", () => {
  it("counts a client that is no trusted proxy by its socket, however it rotates X-Forwarded-For", async () => {
    // Only some other machine is a trusted proxy: this test's loopback client is an ordinary client.
    vi.stubEnv("NEWSDESK_TRUSTED_PROXIES", "192.0.2.1");
    reloadEnv();
    const server = await startServer();
    try {
      const tries = MAX_SIGNUPS_PER_ADDRESS + 3;
      const results = [];
      for (let i = 0; i < tries; i += 1) {
        // A fresh address each time, a chain ending in a "trusted-looking" hop, and X-Real-IP too.
        const spoofed = i % 2 === 0 ? freshAddress() : `${freshAddress()}, 192.0.2.1, 127.0.0.1`;
        results.push(await signUpFrom(server.url, spoofed, { "x-real-ip": freshAddress() }));
      }
      expect(results.map((result) => result.address)).toEqual(Array(tries).fill("127.0.0.1"));
      expect(results.map((result) => result.status)).toEqual([...Array(MAX_SIGNUPS_PER_ADDRESS).fill(201), ...Array(3).fill(429)]);
      expect((await db.rateLimit.findUniqueOrThrow({ where: { key: "signup:ip:127.0.0.1" } })).count).toBe(tries);
    } finally {
      await server.close();
    }
  });

  it("believes the address a trusted proxy forwards, one limit per client behind it", async () => {
    vi.stubEnv("NEWSDESK_TRUSTED_PROXIES", "127.0.0.1");
    reloadEnv();
    const server = await startServer();
    try {
      const behind = freshAddress();
      const network = networkOf(behind);
      const results = [];
      for (let i = 0; i <= MAX_SIGNUPS_PER_ADDRESS; i += 1) results.push(await signUpFrom(server.url, `198.51.100.66, ${behind}`));
      expect(results.map((result) => result.address)).toEqual(Array(MAX_SIGNUPS_PER_ADDRESS + 1).fill(network));
      expect(results.map((result) => result.status)).toEqual([...Array(MAX_SIGNUPS_PER_ADDRESS).fill(201), 429]);
      // Another client behind the same proxy has its own allowance.
      expect(await signUpFrom(server.url, freshAddress())).toMatchObject({ status: 201 });
    } finally {
      await server.close();
    }
  });
});
