// Two jobs, each only on the paths that need it (the matcher below), so cached reader pages pay
// nothing on the hot path:
//
// 1. A path whose percent-encoding does not decode ("%ZZ", a stray "%", a cut-off UTF-8 sequence)
//    names no page. Next 16 throws while matching such a path against the dynamic routes and, with
//    no error page for a 400 in an App Router build, answers 500 (vercel/next.js#92557): it is
//    answered here first, as the 404 it is. Only paths with a "%" in them get this far.
// 2. Pages rendered for each request (the desk, sign-in, the account page, previews, search, the
//    corrections list) get a Content-Security-Policy with a fresh nonce: Next reads it from the
//    request's header and puts it on every script it writes, and 'strict-dynamic' lets those
//    scripts load the rest. Reader pages served from the cache get their policy from the cache
//    handler instead (script hashes; lib/cache/csp.mjs): one policy per response.

import { NextResponse, type NextRequest } from "next/server";

import { noncePolicy } from "@/lib/cache/csp.mjs";

function isMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const NOT_FOUND_HTML = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Page not found · Newshub</title></head>
<body><main><h1>Page not found</h1><p>There is no page at this address.</p><p><a href="/">Go to the front page</a></p></main></body></html>
`;

export function proxy(request: NextRequest) {
  if (isMalformedPath(request.nextUrl.pathname)) {
    return new NextResponse(request.method === "HEAD" ? null : NOT_FOUND_HTML, {
      status: 404,
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        "Content-Security-Policy": "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      },
    });
  }
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
  // sees is served from the reader cache (docs/caching.md). A cached page listed here (or reached
  // through a path with a "%" in it) still works: the cache handler re-nonces it for this request's
  // policy.
  matcher: ["/desk/:path*", "/login", "/login/:path*", "/signed-in", "/signup", "/account", "/account/:path*", "/preview/:path*", "/search", "/corrections", "/:section/:slug/comments", "/:path(.*%.*)"],
};
