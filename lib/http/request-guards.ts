// The checks a route handler makes for itself on a request that changes something (server actions
// get the cross-site one from Next): the upload endpoint (app/api/media/route.ts) and the comment
// endpoint (lib/comments/post-endpoint.ts).

import type { HeaderSource } from "@/lib/http/client-address";

/**
 * Whether a browser sent this from another site: a Sec-Fetch-Site other than same-origin (or none,
 * typed by the user), or an Origin whose host is not the request's. A browser always sends Origin
 * on a POST; a request without one is not a browser's cross-site request.
 */
export function isCrossSite(headers: HeaderSource): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  try {
    return !host || new URL(origin).host !== host;
  } catch {
    return true; // "null" and other unreadable origins
  }
}

/** The whole body, or null as soon as it passes `limit` bytes: never buffer more than the limit. */
export async function readBodyUpTo(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array();
  return collectUpTo(chunksOf(request.body), limit);
}

/** A stream's chunks, cancelling it when the reading stops early. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * Every chunk of `source` in one array, or null as soon as they pass `limit` bytes (leaving the
 * loop ends the source: a stream is cancelled). Never buffers more than the limit.
 */
export async function collectUpTo(source: AsyncIterable<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limit) return null;
    chunks.push(chunk);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
