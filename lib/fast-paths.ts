// The versions of Next.js and next-auth the fast paths (docs/fast-paths.md) were last checked
// against, and what of each they rely on. Several fast paths do by hand what these packages do
// (read Auth.js's session cookie, answer requests before Next, stand in for Next's cache), or read
// their internals (Next's cache entries, its response headers): a new version can change any of it
// without a type error or a failing test elsewhere. lib/fast-paths.test.ts fails as soon as the
// installed version differs from the one below, naming the sections to re-check. Re-check them,
// run what they list under "Guarded by", then set the new version here.

export interface Recheck {
  /** A section of docs/fast-paths.md: its heading, without the "## ". */
  section: string;
  /** What of the package that section relies on: what to compare with the new version. */
  check: string;
}

export interface VerifiedPackage {
  /** The version in node_modules/<package>/package.json when the fast paths were last checked. */
  version: string;
  recheck: readonly Recheck[];
}

export const FAST_PATHS_VERIFIED_AGAINST = {
  next: {
    version: "16.4.6",
    recheck: [
      {
        section: "The reader cache handler",
        check:
          "the CacheHandler interface (constructor ctx._requestHeaders; get/set's ctx.kind, tags, softTags, cacheControl; revalidateTag), the entry kinds APP_PAGE, APP_ROUTE and FETCH and their fields, the x-next-cache-tags header, the response built from set()'s `data`, NEXT_PHASE, cacheMaxMemorySize: 0",
      },
      {
        section: "Reader pages stored as plain HTML",
        check: "the shape of the HTML Next writes: its scripts, script preloads and nonce attributes; where a not-found page's text is (vercel/next.js#62228)",
      },
      {
        section: "Cached pages sent again before Next",
        check:
          "the custom-server API (next(), prepare(), getRequestHandler()), x-nextjs-cache: HIT on a cache hit, the handler's ETag sent as it is, the request headers that make Next answer otherwise (rsc, next-*), the draft-mode cookie",
      },
      {
        section: "Comment posts answered before Next",
        check: "instrumentation.ts's register() running in app.prepare() before the first request; the route's path and how Next decodes [id]; next.config.ts headers() not applying to the Node path",
      },
      {
        section: "proxy.ts only where it is needed",
        check: "proxy (formerly middleware) matcher semantics; whether Next still answers an undecodable path with 500 (vercel/next.js#92557)",
      },
      {
        section: "nginx in front",
        check: "the rsc request header of flight-data requests, /_next/static's content-hashed file names, Cache-Control: private on pages rendered per request",
      },
      {
        section: "No per-segment prefetch data for stored pages",
        check:
          "scripts/patch-next.mjs's lines in collectSegmentData (app-render.js, the app-page runtimes); how the app-page handler answers a segment prefetch (next-router-segment-prefetch) of an APP_PAGE entry without segmentData (its rscData), and that the client router accepts it (segment-cache fetchRouteOnCacheMiss)",
      },
      {
        section: "A miss asks the store once and writes it once",
        check:
          "the cache handler's get() and set() for a page running inside the async context of the request handler serve.mjs called (AsyncLocalStorage reaches them), set() called before the response is sent, and a request's APP_PAGE look-ups being for that request's own page",
      },
      {
        section: "The story page written as HTML",
        check:
          "a route handler with generateStaticParams and revalidate cached as an APP_ROUTE entry (status, body, headers) with the tags unstable_cache collected; the client reference manifest's entryCSSFiles['[project]/app/layout'] and the server-reference-manifest's filename and exportedName; a form without JavaScript posting a $ACTION_ID_<id> field to a page whose worker has the action; the markup React writes for the components lib/reader-html/story.ts pairs with",
      },
      {
        section: "Precompressed static files",
        check: "the build's <distDir>/static folder, served at /_next/static",
      },
    ],
  },
  "next-auth": {
    version: "5.0.0-beta.32",
    recheck: [
      {
        section: "The session cookie read without next-auth",
        check:
          "Auth.js's jwt.encode/decode (compact JWE, dir, A256CBC-HS512, HKDF-SHA-256 key with the cookie name as salt, kid as the JWK thumbprint, 15 s clock tolerance), the secrets' order, the cookie names and chunking, the jwt callback's sub and sid",
      },
      {
        section: "nginx in front",
        check: "the session cookie's names (authjs.session-token, __Secure-authjs.session-token) and chunks (.0, .1, …) in the signed-in map",
      },
    ],
  },
} as const satisfies Record<string, VerifiedPackage>;

export type VerifiedPackageName = keyof typeof FAST_PATHS_VERIFIED_AGAINST;

/** The message for a package whose installed version is not the one the fast paths were checked against; null when it is. */
export function versionDrift(name: VerifiedPackageName, installed: string): string | null {
  const verified: VerifiedPackage = FAST_PATHS_VERIFIED_AGAINST[name];
  if (installed === verified.version) return null;
  return [
    `${name} ${installed} is installed, but the fast paths were verified against ${name} ${verified.version} (lib/fast-paths.ts).`,
    `Re-check these sections of docs/fast-paths.md against ${name} ${installed}:`,
    ...verified.recheck.map(({ section, check }) => `  - "${section}": ${check}`),
    `Then run the tests each section lists under "Guarded by", and set ${name}'s version in lib/fast-paths.ts to ${installed}.`,
  ].join("\n");
}
