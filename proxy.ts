// Pages rendered for each request (the desk, sign-in, previews, search, the corrections list) get a
// Content-Security-Policy with a fresh nonce: Next reads it from the request's header and puts it on
// every script it writes, and 'strict-dynamic' lets those scripts load the rest. Reader pages served
// from the cache get their policy from the cache handler instead (script hashes; lib/cache/csp.mjs),
// so this proxy does not run for them at all: one policy per response, and no cost on the hot path.

import { NextResponse, type NextRequest } from "next/server";

import { noncePolicy } from "@/lib/cache/csp.mjs";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = noncePolicy(nonce);
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // The pages that read the session, the query string or the request: everything else a reader
  // sees is served from the reader cache (docs/caching.md). A cached page listed here by mistake
  // still works: the cache handler re-nonces it for this request's policy.
  matcher: ["/desk/:path*", "/login", "/account", "/preview/:path*", "/search", "/corrections"],
};
