// The Content API benchmark (issue 15, Speed): a client with a key reading the story list.
//
//   list        wrk (or autocannon) against GET /api/content/v1/stories, 20 stories with their bodies
//               (the document and the HTML) and their section and bylines embedded, straight at
//               the app, `load.connections` connections × `load.durationS` s. Every request checks
//               its key (one read-only statement) and counts it against the key's rate limit in
//               memory (written every 200 ms: docs/fast-paths.md); the answer
//               itself comes from the response cache while the reader data does not change
//               (lib/content-api/http.ts). Target: ≥ 2,000 requests a second, p99 < 50 ms.
//   pages       one request at a time, walking the list page by page with its cursors: every page
//               is a cache miss, so this is the cost of reading and rendering a page (latency).
//
// The key is made straight in the database with a rate limit far above the load, so the run
// measures capacity, not the limit.

import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";

import pg from "pg";

import { cpuPerRequest } from "./cpu";
import { throughputMeasurement } from "./reader";
import type { BenchContext, BenchModule, Measurement } from "./run";
import { findWrk } from "./wrk";

const TARGET = { minRequestsPerSecond: 2000, maxP99Ms: 50 };

const FIELDS = "id,slug,url,headline,standfirst,dateline,publishedAt,updatedAt,wordCount,sectionId,bylineIds,tagIds,heroImage,body,bodyHtml";

async function makeKey(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const secret = `nd_${randomBytes(30).toString("base64url")}`;
    const userId = randomUUID();
    await client.query(`INSERT INTO "User" ("id", "email", "displayName", "passwordHash", "role", "updatedAt") VALUES ($1, $2, 'Bench (integration)', '!', 'READER', now())`, [
      userId,
      `key-${userId}@integrations.newsdesk.invalid`,
    ]);
    await client.query(`INSERT INTO "ApiKey" ("id", "name", "role", "prefix", "secretHash", "rateLimit", "userId") VALUES ($1, 'Bench', 'READER', $2, $3, 2000000000, $4)`, [
      randomUUID(),
      secret.slice(0, 10),
      createHash("sha256").update(secret).digest("hex"),
      userId,
    ]);
    return secret;
  } finally {
    await client.end();
  }
}

function getJson(url: string, key: string): Promise<{ status: number; body: { data?: unknown[]; nextCursor?: string | null } }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { authorization: `Bearer ${key}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as { data?: unknown[]; nextCursor?: string | null } });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
  });
}

export const benchmark: BenchModule = {
  name: "api",
  description: "Content API: the story list with bodies, under load and page by page",
  async run(context: BenchContext): Promise<Measurement[]> {
    const key = await makeKey(context.databaseUrl);
    const listPath = `/api/content/v1/stories?limit=20&fields=${FIELDS}&include=section,bylines`;
    const url = `${context.baseUrl}${listPath}`;
    const first = await getJson(url, key);
    if (first.status !== 200 || first.body.data?.length !== 20) throw new Error(`GET ${listPath} answered ${first.status} with ${first.body.data?.length ?? 0} stories`);
    for (let i = 0; i < Math.max(10, context.warmup); i += 1) await getJson(url, key);

    const measurements: Measurement[] = [];
    const wrk = findWrk();
    const bytes = Buffer.byteLength(JSON.stringify(first.body));
    measurements.push(
      await throughputMeasurement(
        context,
        { key: "list", label: `Content API: 20 stories with bodies, with a key, straight at the app (${wrk ? "wrk" : "autocannon"})`, url, targets: TARGET },
        { responseBytes: bytes },
        wrk,
        { authorization: `Bearer ${key}` },
      ),
    );

    // Page by page: each page's cursor is new, so each is read and rendered afresh.
    const samples: number[] = [];
    let cursor = first.body.nextCursor ?? null;
    const before = context.cpu();
    for (let i = 0; i < context.requests && cursor; i += 1) {
      const started = performance.now();
      const page = await getJson(`${url}&cursor=${cursor}`, key);
      samples.push(performance.now() - started);
      if (page.status !== 200) throw new Error(`A page of the story list answered ${page.status}`);
      cursor = page.body.nextCursor ?? null;
    }
    const after = context.cpu();
    measurements.push({
      key: "pages",
      label: "Content API: the next page of 20 with bodies, never cached (one at a time)",
      samplesMs: samples,
      cpuMsPerRequest: cpuPerRequest(before, after, samples.length),
    });
    return measurements;
  },
};
