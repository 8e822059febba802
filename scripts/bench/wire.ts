// Issue 16: "Ingesting 1,000 ninjs items posted over 8 connections: at least 200 items a second,
// every acknowledged item stored exactly once."
//
// A wire source is made in the benchmark's database (its key stored as the app stores it: the
// SHA-256 of the key), then 1,000 distinct ninjs items (each a headline, a standfirst and a
// few paragraphs of HTML) are posted to POST /api/wire/v1/items over 8 keep-alive connections,
// each connection sending its next item as soon as the last is answered. Afterwards the database
// is counted: every item answered 201 or 200 must be there exactly once, and nothing else.
//
//   ingest      items per second, first request to last answer (target: ≥ 200)
//   stored      acknowledged items not stored exactly once (target: 0)
//   refused     items not acknowledged (any answer other than 201/200, or a connection error) (target: 0)

import { randomBytes } from "node:crypto";
import http from "node:http";

import pg from "pg";

import { hashKeySecret, newKeySecret } from "../../lib/api-keys/secrets";
import type { BenchContext, BenchModule, Measurement } from "./run";

const COUNT = 1000;
const CONNECTIONS = 8;

function item(run: string, n: number): string {
  const paragraphs = Array.from({ length: 6 }, (_, p) => `<p>Paragraph ${p + 1} of item ${n}: the harbour authority said crews would work through the night to clear the berth.</p>`).join("");
  return JSON.stringify({
    uri: `urn:bench:${run}:${n}`,
    version: "1",
    type: "text",
    urgency: (n % 9) + 1,
    priority: (n % 6) + 1,
    slugline: `BENCH-${n}/`,
    located: "Rotterdam",
    by: "Bench Reporter",
    headlines: [{ role: "main", value: `Bench item ${n}: berth cleared after overnight work` }],
    descriptions: [{ role: "summary", value: "Crews worked through the night." }],
    bodies: [{ contentType: "text/html", value: paragraphs }],
  });
}

function post(agent: http.Agent, url: URL, key: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent, headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export const benchmark: BenchModule = {
  name: "wire",
  description: `${COUNT.toLocaleString("en-GB")} distinct ninjs items posted to the wire ingest endpoint over ${CONNECTIONS} connections`,
  async run(context: BenchContext): Promise<Measurement[]> {
    const run = randomBytes(4).toString("hex");
    const key = newKeySecret();
    const client = new pg.Client({ connectionString: context.databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO "WireSource" ("id", "name", "slug", "credit", "prefix", "secretHash") VALUES (gen_random_uuid(), $1, $2, 'Bench Wire', $3, $4) RETURNING "id"::text AS "id"`,
        [`Bench wire ${run}`, `bench-wire-${run}`, key.slice(0, 10), hashKeySecret(key)],
      );
      const sourceId = rows[0]!.id;
      const url = new URL("/api/wire/v1/items", context.baseUrl);
      const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
      // A few unmeasured posts of their own first (compiling the route, warming the pool).
      for (let n = 0; n < 3; n += 1) await post(agent, url, key, item(`${run}-warm`, n));
      const bodies = Array.from({ length: COUNT }, (_, n) => item(run, n));
      const statuses: number[] = new Array<number>(COUNT).fill(0);
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          for (let n = next++; n < COUNT; n = next++) {
            statuses[n] = await post(agent, url, key, bodies[n]!).catch(() => 0);
          }
        }),
      );
      const elapsedMs = performance.now() - started;
      agent.destroy();
      const acknowledged = statuses.map((status, n) => (status === 201 || status === 200 ? `urn:bench:${run}:${n}` : null)).filter((guid): guid is string => guid !== null);
      const counted = await client.query<{ guid: string; n: number }>(
        `SELECT "guid", count(*)::int AS "n" FROM "WireItem" WHERE "sourceId" = $1 AND "guid" LIKE $2 GROUP BY "guid"`,
        [sourceId, `urn:bench:${run}:%`],
      );
      const stored = new Map(counted.rows.map((row) => [row.guid, row.n]));
      const notOnce = acknowledged.filter((guid) => stored.get(guid) !== 1).length + [...stored.keys()].filter((guid) => !acknowledged.includes(guid)).length;
      const refused = COUNT - acknowledged.length;
      const rate = (COUNT / elapsedMs) * 1000;
      context.log(`${acknowledged.length} of ${COUNT} acknowledged in ${Math.round(elapsedMs)} ms (${rate.toFixed(0)} items/s); ${notOnce} not stored exactly once`);
      return [
        { kind: "value", key: "ingest", label: `Ingest ${COUNT.toLocaleString("en-GB")} ninjs items over ${CONNECTIONS} connections`, value: Math.round(rate), unit: "items/s", targets: { min: 200 }, extra: { elapsedMs: Math.round(elapsedMs), statuses: countBy(statuses) } },
        { kind: "value", key: "stored", label: "Acknowledged items not stored exactly once", value: notOnce, unit: "items", targets: { max: 0 } },
        { kind: "value", key: "refused", label: "Items not acknowledged (201/200)", value: refused, unit: "items", targets: { max: 0 } },
      ];
    } finally {
      await client.end();
    }
  },
};

function countBy(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) out[String(value)] = (out[String(value)] ?? 0) + 1;
  return out;
}
