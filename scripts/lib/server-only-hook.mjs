// @ts-check
// Lets a trusted Node process outside Next (the Playwright runner, the benchmarks) import the lib/
// modules marked `import "server-only"`, and those that import Next's own modules ("next/cache"). That package throws unless it is resolved under the
// "react-server" condition, which Next's server bundles use and plain Node does not; this resolve
// hook gives `server-only` alone that condition, so it resolves to the package's empty module and
// nothing else changes. Load it with `node --import ./scripts/lib/server-only-hook.mjs` (scripts/e2e.ts
// does, for Playwright and its workers), or import it before the first dynamic import of such a
// module: it acts on what is resolved after it runs. Vitest aliases the package instead
// (vitest.config.ts).

import { register } from "node:module";

const HOOK = `export async function resolve(specifier, context, nextResolve) {
  // Next's package has no "exports" map, so plain Node's ESM resolver finds "next/cache" only as
  // "next/cache.js" (lib/cache/cached.ts, reached through lib/settings/dates.ts, imports it).
  if (/^next\\/[a-z-]+$/.test(specifier)) return nextResolve(specifier + ".js", context);
  if (specifier !== "server-only") return nextResolve(specifier, context);
  return nextResolve(specifier, { ...context, conditions: [...context.conditions, "react-server"] });
}`;

register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
