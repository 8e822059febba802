// POST /api/stories/<id>/comments: post a comment as JSON ({ body, parentId? }), with the session
// cookie. For the load benchmark and any future client; the forms use server actions. Answers 201
// with { id, status, heldBecause } or 4xx with { error }.
//
// Written against plain headers and a body reader, not Next's Request, because it is served two
// ways with one meaning: by the route handler (app/api/stories/[id]/comments/route.ts) under
// `next dev`, `next start` or any host of the build, and straight from Node's request in
// scripts/serve.mjs (answerCommentPostNode below), where Next's request handling was half the CPU
// of a post.
//
// Cross-site requests are refused here (a route handler gets no Origin check from Next, unlike
// server actions): the Origin (or Sec-Fetch-Site) must be this site, and the body must be
// application/json, which a cross-site form cannot send and a cross-site script cannot send
// without a CORS preflight we never grant.

import "server-only";

import type { IncomingMessage, ServerResponse } from "node:http";

import { sessionClaimsIn } from "@/lib/auth/session-token";
import { postComment, type SessionPerson } from "@/lib/comments/post";
import { INTERNAL_FAILURE_MESSAGE, isAppError, type AppErrorCode } from "@/lib/errors";
import { clientAddress, type HeaderSource } from "@/lib/http/client-address";
import { cookieReader } from "@/lib/http/cookies";
import { isCrossSite } from "@/lib/http/request-guards";
import { SECURITY_HEADERS } from "@/lib/http/security-headers";

/** A 5,000-character comment in UTF-8 and JSON escaping fits well inside this. */
export const MAX_BODY_BYTES = 64 * 1024;

export interface EndpointRequest {
  headers: HeaderSource;
  /** The body as text, or null when it is over MAX_BODY_BYTES (reading stops there). */
  readBody(): Promise<string | null>;
}

export interface EndpointResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const NO_STORE = { "Cache-Control": "private, no-store" } as const;

function json(status: number, value: unknown, headers: Record<string, string> = {}): EndpointResponse {
  return { status, headers: { "Content-Type": "application/json", ...NO_STORE, ...headers }, body: JSON.stringify(value) };
}

function jsonError(status: number, message: string, headers: Record<string, string> = {}): EndpointResponse {
  return json(status, { error: message }, headers);
}

const TOO_LARGE = "That request is too large for a comment.";

const STATUS_OF = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INVALID_INPUT: 400,
  INVALID_TRANSITION: 409,
  INTERNAL: 500,
} as const satisfies Record<AppErrorCode, number>;

/**
 * Who the request's session cookie names, and on which session, or null. Not loaded here:
 * postComment's own statement reads their role and status, checks that the session still stands,
 * and refuses a banned, suspended or unknown account or an ended session (one statement per post
 * instead of two).
 */
function sessionPersonOf(headers: HeaderSource): SessionPerson | null {
  const claims = sessionClaimsIn(cookieReader(headers.get("cookie")));
  return claims ? { id: claims.userId, sessionId: claims.sessionId } : null;
}

/** Answers one POST of a comment to the story with this id (as it appears in the path). */
export async function answerCommentPost(storyId: string, request: EndpointRequest): Promise<EndpointResponse> {
  const { headers } = request;
  if (isCrossSite(headers)) return jsonError(403, "Comments are only accepted from this site's own pages.");
  if (!(headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    return jsonError(415, "Send the comment as JSON (Content-Type: application/json).");
  }
  if (Number(headers.get("content-length") ?? "0") > MAX_BODY_BYTES) return jsonError(413, TOO_LARGE);
  const text = await request.readBody();
  if (text === null) return jsonError(413, TOO_LARGE);
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return jsonError(400, "The request body is not valid JSON.");
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) return jsonError(400, "Send an object: { \"body\": \"…\" }.");
  const fields = input as Record<string, unknown>;
  try {
    const posted = await postComment(sessionPersonOf(headers), { storyId, parentId: fields.parentId, body: fields.body, honeypot: fields.website }, { address: clientAddress(headers) });
    return json(201, { id: posted.id, status: posted.status, heldBecause: posted.heldBecause });
  } catch (error) {
    if (!isAppError(error)) {
      console.error("Posting a comment failed", error);
      return jsonError(500, INTERNAL_FAILURE_MESSAGE);
    }
    const retry: Record<string, string> = typeof error.details?.retryAfterSeconds === "number" ? { "Retry-After": String(error.details.retryAfterSeconds) } : {};
    return jsonError(STATUS_OF[error.code], error.message, retry);
  }
}

// ── Straight from Node's request (scripts/serve.mjs) ───────────────────────

/** The path this endpoint answers; the id is checked by postComment (anything but a UUID is no story). */
const PATH = /^\/api\/stories\/([^/?#]+)\/comments(?:\?.*)?$/;

/** The story id when this request is a POST of a comment, else null (Next answers it). */
export function commentPostTarget(method: string | undefined, url: string | undefined): string | null {
  if (method !== "POST" || !url) return null;
  const match = PATH.exec(url);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null; // a malformed escape: Next's 404 for it
  }
}

/** The headers of a Node request as HeaderSource; X-Forwarded-For is the socket's when absent, as `next start` sets it. */
function nodeHeaders(request: IncomingMessage): HeaderSource {
  return {
    get(name: string) {
      const value = request.headers[name];
      if (value === undefined) return name === "x-forwarded-for" ? (request.socket.remoteAddress ?? null) : null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** The body as text, or null once it passes `limit` bytes (the rest is not read). */
function readNodeBody(request: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        request.off("data", onData);
        request.off("end", onEnd);
        // Drained, not read: the answer can go out on a connection that stays usable.
        request.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks, length).toString("utf8"));
    request.on("data", onData);
    request.once("end", onEnd);
    request.once("error", reject);
  });
}

/** Answers a POST of a comment from Node's request and response, with the headers next.config.ts gives every response. */
export async function answerCommentPostNode(storyId: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const answer = await answerCommentPost(storyId, { headers: nodeHeaders(request), readBody: () => readNodeBody(request, MAX_BODY_BYTES) });
  const body = Buffer.from(answer.body, "utf8");
  response.writeHead(answer.status, { ...SECURITY_HEADERS, ...answer.headers, "Content-Length": String(body.length) });
  response.end(body);
}
