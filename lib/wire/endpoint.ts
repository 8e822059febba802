// The handler of POST /api/wire/v1/items (the route only calls it): an agency sends one item, ninjs (application/json) or NewsML-G2
// (application/xml), with its source's ingest key (docs/wire.md). The statuses are the ones
// agencies' retry logic expects: 201 stored, 200 a duplicate (nothing new), 400 malformed or
// hostile, 401 unknown key, 413 too large, 415 wrong type, 429 rate-limited, 5xx only for faults
// on our side (worth retrying). The size is checked before reading, and reading stops at the limit.

import "server-only";

import { readBodyUpTo } from "@/lib/http/request-guards";
import { authenticateWireSource, ingestWireText, WIRE_MAX_BYTES } from "@/lib/wire/ingest";
import { wireFormatOf } from "@/lib/wire/parse";
import { WIRE_BINARY, WIRE_SERVER_FAULT, WIRE_WRONG_TYPE, wireTooLarge } from "@/lib/wire/sentences";

const NO_STORE = { "Cache-Control": "no-store" } as const;

function answer(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

export async function handleWireIngest(request: Request): Promise<Response> {
  try {
    const auth = await authenticateWireSource(request.headers);
    if (!auth.ok) {
      return answer(auth.status, { error: auth.message }, auth.retryAfterSeconds ? { "Retry-After": String(auth.retryAfterSeconds) } : {});
    }
    const declared = Number(request.headers.get("content-length") ?? "0");
    if (declared > WIRE_MAX_BYTES) return answer(413, { error: wireTooLarge(WIRE_MAX_BYTES) }, { Connection: "close" });
    const format = wireFormatOf(request.headers.get("content-type"));
    if (!format) return answer(415, { error: WIRE_WRONG_TYPE });
    // Content-Length can be missing (chunked) or wrong: stop reading at the limit.
    const bytes = await readBodyUpTo(request, WIRE_MAX_BYTES);
    if (!bytes) return answer(413, { error: wireTooLarge(WIRE_MAX_BYTES) }, { Connection: "close" });
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return answer(400, { error: WIRE_BINARY });
    }
    const outcome = await ingestWireText(auth.source, format, text, bytes.byteLength);
    if (outcome.status === 400) return answer(400, { error: outcome.message });
    return answer(outcome.status, { status: outcome.status === 201 ? "created" : "duplicate", message: outcome.message, id: outcome.id, guid: outcome.guid, version: outcome.version });
  } catch (error) {
    console.error("Wire ingest failed", error);
    return answer(503, { error: WIRE_SERVER_FAULT }, { "Retry-After": "5" });
  }
}
