import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync, gzipSync } from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import { PageResponses, replayKey } from "./page-responses.mjs";

// A stand-in for Next behind scripts/serve.mjs: it answers a reader-cache hit the way Next does
// (headers set one by one, then the compressed body in pieces) and counts what reached it.
const HTML = "<!DOCTYPE html><html><body><h1>A story</h1></body></html>";
let servable = new Set<string>();
let reachedNext = 0;
let cacheStatus = "HIT";
let etag = '"v1"';

function fakeNext(req: http.IncomingMessage, res: http.ServerResponse) {
  reachedNext++;
  const gzip = (req.headers["accept-encoding"] ?? "").includes("gzip");
  const body = gzip ? gzipSync(HTML) : Buffer.from(HTML);
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.setHeader("x-nextjs-cache", cacheStatus);
  res.setHeader("etag", etag);
  res.setHeader("cache-control", "s-maxage=300, stale-while-revalidate=31535700");
  res.setHeader("content-security-policy", "script-src 'none'");
  res.setHeader("x-accel-expires", "@1");
  if (gzip) res.setHeader("content-encoding", "gzip");
  res.write(body.subarray(0, 10));
  res.end(body.subarray(10));
}

let server: http.Server | null = null;

async function start(responses: PageResponses): Promise<string> {
  server = http.createServer((req, res) => {
    if (responses.serve(req, res)) return;
    responses.record(req, res);
    fakeNext(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = null;
  servable = new Set();
  reachedNext = 0;
  cacheStatus = "HIT";
  etag = '"v1"';
});

const store = { isServable: (tag: string) => servable.has(tag) };

describe("PageResponses", () => {
  it("sends a fresh reader-cache hit again as Next sent it, with this second's proxy expiry, without asking Next", async () => {
    const base = await start(new PageResponses({ store }));
    servable.add('"v1"');
    const first = await get(`${base}/world/a-story`, { "accept-encoding": "gzip" });
    const second = await get(`${base}/world/a-story`, { "accept-encoding": "gzip" });
    expect(reachedNext).toBe(1);
    expect(gunzipSync(second.body).toString()).toBe(HTML);
    expect(second.body.equals(first.body)).toBe(true);
    for (const name of ["content-type", "etag", "cache-control", "content-security-policy", "content-encoding", "x-nextjs-cache"]) expect(second.headers[name], name).toBe(first.headers[name]);
    expect(second.headers["content-length"]).toBe(String(first.body.length));
    expect(second.headers["x-accel-expires"]).toMatch(/^@\d{10}$/);
    expect(second.headers["x-accel-expires"]).not.toBe("@1");
  });

  it("asks Next again once the reader cache no longer holds that version fresh, and keeps the new one", async () => {
    const base = await start(new PageResponses({ store }));
    servable.add('"v1"');
    await get(`${base}/world/a-story`);
    servable.delete('"v1"');
    etag = '"v2"';
    servable.add('"v2"');
    expect((await get(`${base}/world/a-story`)).headers.etag).toBe('"v2"');
    expect((await get(`${base}/world/a-story`)).headers.etag).toBe('"v2"');
    expect(reachedNext).toBe(2);
  });

  it("keeps a response per Accept-Encoding, and never one that was not a reader-cache hit with an ETag", async () => {
    const base = await start(new PageResponses({ store }));
    servable.add('"v1"');
    await get(`${base}/a`, { "accept-encoding": "gzip" });
    const plain = await get(`${base}/a`);
    expect(plain.body.toString()).toBe(HTML);
    expect(reachedNext).toBe(2);
    cacheStatus = "MISS";
    await get(`${base}/b`);
    await get(`${base}/b`);
    expect(reachedNext).toBe(4);
  });

  it("leaves to Next what Next would answer differently: other methods, queries, flight data, prefetches, actions, odd paths", () => {
    const request = (method: string, url: string, headers: Record<string, string> = {}) => ({ method, url, headers }) as unknown as http.IncomingMessage;
    expect(replayKey(request("GET", "/world/a-story", { "accept-encoding": "br" }))).toBe("/world/a-story\nbr");
    expect(replayKey(request("HEAD", "/world/a-story"))).toBeNull();
    expect(replayKey(request("POST", "/world/a-story"))).toBeNull();
    expect(replayKey(request("GET", "/world?page=2"))).toBeNull();
    expect(replayKey(request("GET", "/world/%E0%A4%A"))).toBeNull();
    expect(replayKey(request("GET", "/world/a-story", { rsc: "1" }))).toBeNull();
    expect(replayKey(request("GET", "/world/a-story", { "next-router-prefetch": "1" }))).toBeNull();
    expect(replayKey(request("GET", "/world/a-story", { "next-action": "abc" }))).toBeNull();
    expect(replayKey(request("GET", "/world/a-story", { cookie: "__prerender_bypass=1" }))).toBeNull();
  });

  it("stays within its memory bound, dropping the least recently used", async () => {
    const responses = new PageResponses({ store, maxBytes: 2 * HTML.length + 10 });
    const base = await start(responses);
    servable.add('"v1"');
    for (const path of ["/a", "/b", "/c"]) await get(`${base}${path}`);
    expect(responses.bytes).toBeLessThanOrEqual(2 * HTML.length + 10);
    expect([...responses.entries.keys()].map((key) => key.split("\n")[0])).toEqual(["/b", "/c"]);
  });
});
