// Taking in agency copy: who sent it (a wire source's ingest key), what it is (lib/wire/parse.ts)
// and storing it exactly once. The endpoint (app/api/wire/v1/items) and the watched folder
// (lib/wire/folder.ts) both end here.
//
// Exactly once: (sourceId, guid, version) is unique and the insert is ON CONFLICT DO NOTHING, so of
// any number of concurrent posts of one item one stores it and the rest are told "duplicate".
// Per guid, a transaction-scoped advisory lock orders versions arriving together, so exactly one
// row of a guid is the latest and a newer version finds the draft an older one was opened as; all
// of it in one database function (wire_store_item), one round trip an item.

import "server-only";

import { hashKeySecret, keyFromHeaders } from "@/lib/api-keys/secrets";
import { getPool } from "@/lib/db";
import type { WireCopy, WireFormatName } from "@/lib/wire/parse";
import { parseWireItem } from "@/lib/wire/parse";
import { WIRE_KEY_MISSING, WIRE_KEY_UNKNOWN, WIRE_RATE_LIMITED, WIRE_ITEM_CREATED, WIRE_ITEM_DUPLICATE } from "@/lib/wire/sentences";

/** The largest item taken, in bytes: past it the endpoint answers 413 without reading the rest. */
export const WIRE_MAX_BYTES = 5_000_000;
/** Items a source may send a minute, per app instance. */
export const WIRE_RATE_PER_MINUTE = 30_000;

export interface WireSourceRef {
  id: string;
  slug: string;
  name: string;
}

export type WireAuth = { ok: true; source: WireSourceRef } | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

const counts = new Map<string, { count: number; resetAt: number }>();

function overLimit(sourceId: string, now: number): number | null {
  let entry = counts.get(sourceId);
  if (!entry || entry.resetAt <= now) {
    entry = { count: 0, resetAt: now + 60_000 };
    counts.set(sourceId, entry);
  }
  entry.count += 1;
  return entry.count > WIRE_RATE_PER_MINUTE ? Math.max(1, Math.ceil((entry.resetAt - now) / 1000)) : null;
}

/** The wire source whose ingest key the request carries (Authorization: Bearer <key>). */
export async function authenticateWireSource(headers: Pick<Headers, "get">, now: number = Date.now()): Promise<WireAuth> {
  const secret = keyFromHeaders(headers);
  if (!secret) return { ok: false, status: 401, message: WIRE_KEY_MISSING };
  if (secret.length > 200) return { ok: false, status: 401, message: WIRE_KEY_UNKNOWN };
  const { rows } = await getPool().query<WireSourceRef>({
    name: "newsdesk_wire_auth",
    text: `SELECT "id"::text AS "id", "slug", "name" FROM "WireSource" WHERE "secretHash" = $1 AND "revokedAt" IS NULL`,
    values: [hashKeySecret(secret)],
  });
  const source = rows[0];
  if (!source) return { ok: false, status: 401, message: WIRE_KEY_UNKNOWN };
  const retryAfterSeconds = overLimit(source.id, now);
  if (retryAfterSeconds !== null) return { ok: false, status: 429, message: WIRE_RATE_LIMITED, retryAfterSeconds };
  return { ok: true, source };
}

/** The active wire sources, for the watched folder (one folder each, by slug). */
export async function listActiveWireSources(): Promise<WireSourceRef[]> {
  const { rows } = await getPool().query<WireSourceRef>(`SELECT "id"::text AS "id", "slug", "name" FROM "WireSource" WHERE "revokedAt" IS NULL ORDER BY "slug"`);
  return rows;
}

export type StoreOutcome = { stored: true; id: string; version: number } | { stored: false; id: string; version: number };

// One round trip: lock, insert unless a duplicate, settle which version is latest
// (wire_store_item, migration 20261206234500_wire).
const STORE_SQL = `SELECT "out_id"::text AS "id", "out_stored" AS "stored"
  FROM wire_store_item($1::uuid, $2, $3, $4::"WireFormat", $5, $6, $7, $8, $9, $10::timestamptz, $11::text[], $12, $13::jsonb, $14)`;

/** Stores one version of an item unless it was stored before. */
export async function storeWireCopy(sourceId: string, copy: WireCopy, rawSize: number): Promise<StoreOutcome> {
  const { rows } = await getPool().query<{ id: string; stored: boolean }>({
    name: "newsdesk_wire_store",
    text: STORE_SQL,
    values: [
      sourceId,
      copy.guid,
      copy.version,
      copy.format,
      copy.headline,
      copy.standfirst,
      copy.slugline,
      copy.priority,
      copy.urgency,
      copy.embargoUntil?.toISOString() ?? null,
      copy.bylines,
      copy.datelinePlace,
      JSON.stringify(copy.body),
      rawSize,
    ],
  });
  const row = rows[0]!;
  return { stored: row.stored, id: row.id, version: copy.version };
}

export type IngestOutcome =
  | { status: 201 | 200; message: string; id: string; guid: string; version: number }
  | { status: 400; message: string };

/** Reads and stores one item's text: 201 stored, 200 a duplicate, 400 unreadable (nothing stored). */
export async function ingestWireText(source: WireSourceRef, format: WireFormatName, text: string, rawSize: number): Promise<IngestOutcome> {
  const parsed = parseWireItem(format, text);
  if (!parsed.ok) return { status: 400, message: parsed.message };
  const outcome = await storeWireCopy(source.id, parsed.copy, rawSize);
  return {
    status: outcome.stored ? 201 : 200,
    message: outcome.stored ? WIRE_ITEM_CREATED : WIRE_ITEM_DUPLICATE,
    id: outcome.id,
    guid: parsed.copy.guid,
    version: outcome.version,
  };
}
