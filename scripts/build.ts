// `npm run build`: the production build (`next build`) plus the precompressed copies of its static
// files that the nginx configuration serves (scripts/lib/build.ts). `npm start` builds this way by
// itself when the build is missing or stale.

import { buildProduction } from "./lib/build";

try {
  buildProduction(process.env.NEWSDESK_DIST_DIR ?? ".next");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
