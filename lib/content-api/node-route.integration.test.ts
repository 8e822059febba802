// The Content API answered before Next (scripts/serve.mjs → contentApiRoute): the same answers as
// the route handlers, with the site's security headers, and only for the API's own GETs.

import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { contentApiRoute } from "@/lib/content-api/handlers";
import { clearContentAnswerCache } from "@/lib/content-api/http";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";
import { callApi, expectContract, makeKey } from "@/tests/integration/api-client";
import { makeSection, makeStory } from "@/tests/integration/factories";

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const target = contentApiRoute.target(request.method, request.url);
    if (!target) {
      response.writeHead(418).end();
      return;
    }
    contentApiRoute.answer(target, request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function get(path: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(`${base}${path}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
  });
}

describe("the Content API before Next", () => {
  it("takes the API's GETs and nothing else", () => {
    expect(contentApiRoute.target("GET", "/api/content/v1/stories?limit=2")).not.toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/stories/some-slug")).not.toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/sections")).not.toBeNull();
    expect(contentApiRoute.target("POST", "/api/content/v1/stories")).toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/openapi.json")).toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/stories/a/b")).toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/toString")).toBeNull();
    expect(contentApiRoute.target("GET", "/api/content/v1/stories/%E0%A4%A")).toBeNull();
    expect(contentApiRoute.target("GET", "/api/admin/v1/stories")).toBeNull();
    expect(contentApiRoute.target("GET", "/world/a-story")).toBeNull();
  });

  it("answers as the route handler does, gzipped when asked, with the site's security headers", async () => {
    clearContentAnswerCache();
    const { secret } = await makeKey();
    const section = await makeSection();
    // Enough of them for an answer worth compressing.
    for (let n = 0; n < 6; n += 1) await makeStory({ status: "PUBLISHED", sectionId: section.id });
    const path = `/api/content/v1/stories?section=${section.slug}&fields=id,headline,body,bodyHtml&include=bylines,section`;
    const viaNext = await callApi(path, { key: secret });
    const plain = await get(path, { authorization: `Bearer ${secret}` });
    expect(plain.status).toBe(200);
    const body: unknown = JSON.parse(plain.body.toString("utf8"));
    expect(body).toEqual(viaNext.body);
    await expectContract("get", "/api/content/v1/stories", new Response(null, { status: plain.status }), body);
    expect(plain.headers.etag).toBe(viaNext.headers.get("etag"));
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(plain.headers[name.toLowerCase()], name).toBe(value);
    const zipped = await get(path, { authorization: `Bearer ${secret}`, "accept-encoding": "gzip" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(zipped.body).toString("utf8"))).toEqual(body);
    const notModified = await get(path, { "x-api-key": secret, "if-none-match": plain.headers.etag! });
    expect(notModified.status).toBe(304);
    const refused = await get(path, {});
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body.toString("utf8")).error.code).toBe("UNAUTHENTICATED");
    const bad = await get(`/api/content/v1/stories?fields=nope`, { authorization: `Bearer ${secret}` });
    expect(bad.status).toBe(400);
  });
});
