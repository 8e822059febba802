import os from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // lib/ modules that must never reach a browser say `import "server-only"`, which throws outside
  // Next's server bundles; the tests are trusted server code (scripts/lib/server-only-hook.mjs does
  // the same for Playwright and the benchmarks).
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};

// Vitest's default is one worker fewer than the cores: one on the 2-core machines CI runs on. The
// integration tests spend most of their time waiting on PostgreSQL, so three overlap well there;
// each worker has its own database (tests/integration/setup.ts).
const integrationWorkers = Math.max(3, os.availableParallelism());

const integration = {
  // next-auth's server-side signIn and signOut read next/headers; inlined, they see the
  // request a test gives them (tests/security/authz.integration.test.ts), not Node's own copy.
  server: { deps: { inline: ["next-auth"] } },
  include: ["**/*.integration.test.ts"],
  exclude: ["node_modules/**", ".data/**"],
  environment: "node" as const,
  globalSetup: ["./tests/integration/global-setup.ts"],
  setupFiles: ["./tests/integration/setup.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          maxWorkers: os.availableParallelism(),
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "components/**/*.test.tsx", "scripts/**/*.test.ts", "tests/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          ...integration,
          maxWorkers: integrationWorkers,
          exclude: ["**/*.alone.integration.test.ts", ...integration.exclude],
        },
      },
      {
        // Files that change what every other test reads (the site's locale, the newsroom's time
        // zone): after the rest, one file at a time, on their own database.
        resolve: { alias },
        test: {
          name: "integration-alone",
          ...integration,
          include: ["**/*.alone.integration.test.ts"],
          sequence: { groupOrder: 1 },
          fileParallelism: false,
        },
      },
    ],
  },
});
