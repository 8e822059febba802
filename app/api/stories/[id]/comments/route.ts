// POST /api/stories/<id>/comments: post a comment as JSON ({ body, parentId? }), with the session
// cookie. For the load benchmark and any future client; the forms use server actions. Answers 201
// with { id, status, heldBecause } or 4xx with { error }. Cross-site requests are refused here
// (a route handler gets no Origin check from Next, unlike server actions): the Origin (or
// Sec-Fetch-Site) must be this site, and the body must be application/json, which a cross-site
// form cannot send and a cross-site script cannot send without a CORS preflight we never grant.

import { getActor } from "@/lib/auth/session";
import { postComment } from "@/lib/comments/mutations";
import { isAppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";

const NO_STORE = { "Cache-Control": "private, no-store" } as const;
/** A 5,000-character comment in UTF-8 and JSON escaping fits well inside this. */
const MAX_BODY_BYTES = 64 * 1024;

function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return Response.json({ error: message }, { status, headers: { ...NO_STORE, ...headers } });
}

function isCrossSite(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return true;
  const origin = request.headers.get("origin");
  if (origin === null) return false; // not a browser's cross-site request: browsers always send Origin on POST
  const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || request.headers.get("host");
  try {
    return !host || new URL(origin).host !== host;
  } catch {
    return true;
  }
}

const STATUS_OF = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, INVALID_INPUT: 400, INVALID_TRANSITION: 409 } as const;

export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  if (isCrossSite(request)) return jsonError(403, "Comments are only accepted from this site's own pages.");
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return jsonError(415, "Send the comment as JSON (Content-Type: application/json).");
  }
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY_BYTES) return jsonError(413, "That request is too large for a comment.");
  const text = await request.text();
  // Counted without copying the text into a new buffer.
  if (Buffer.byteLength(text, "utf8") > MAX_BODY_BYTES) return jsonError(413, "That request is too large for a comment.");
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return jsonError(400, "The request body is not valid JSON.");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return jsonError(400, "Send an object: { \"body\": \"…\" }.");
  const { id } = await params;
  const fields = input as Record<string, unknown>;
  try {
    const actor = await getActor();
    const posted = await postComment(actor, { storyId: id, parentId: fields.parentId, body: fields.body, honeypot: fields.website }, { address: clientAddress(request.headers) });
    return Response.json({ id: posted.id, status: posted.status, heldBecause: posted.heldBecause }, { status: 201, headers: NO_STORE });
  } catch (error) {
    if (!isAppError(error)) {
      console.error("Posting a comment failed", error);
      return jsonError(500, "Something went wrong on our side. Nothing was saved; try again.");
    }
    const retry: Record<string, string> = typeof error.details?.retryAfterSeconds === "number" ? { "Retry-After": String(error.details.retryAfterSeconds) } : {};
    return jsonError(STATUS_OF[error.code], error.message, retry);
  }
}
