// The production build, one way for `npm run build`, `npm start` (scripts/start.ts), the end-to-end
// run (through start.ts) and `npm run bench` (scripts/bench/run.ts): whether it is current (a
// build older than any of the app's sources is rebuilt), and making it (`next build`, then the
// precompressed copies of its static files that nginx serves, scripts/lib/precompress.ts).

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { ROOT } from "./paths";
import { precompressStatic } from "./precompress";

/** The inputs of `next build`, relative to the repository root. */
export const BUILD_SOURCES = [
  "app",
  "components",
  "lib",
  "prisma/schema.prisma",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "instrumentation-client.ts",
  "package.json",
  "postcss.config.mjs",
  "public",
];

/** The newest modification time under `entry` (a file or folder), skipping node_modules and dot-entries; 0 if missing. */
export function newestSourceTime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules" || child.startsWith(".")) continue;
    newest = Math.max(newest, newestSourceTime(path.join(entry, child)));
  }
  return newest;
}

/** True when `<distDir>/BUILD_ID` exists and is newer than every source. */
export function isBuildCurrent(distDir: string): boolean {
  const buildId = path.join(ROOT, distDir, "BUILD_ID");
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return BUILD_SOURCES.every((source) => newestSourceTime(path.join(ROOT, source)) <= built);
}

const NEXT_BIN = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");

/**
 * `next build` adds `<distDir>/types/**` to tsconfig.json's include list for a dist folder it has
 * not seen. Undo exactly that, so a build into a side folder leaves the working tree as it was.
 */
function restoreTsconfig(before: string, distDir: string): void {
  const file = path.join(ROOT, "tsconfig.json");
  const after = readFileSync(file, "utf8");
  if (after === before) return;
  try {
    const parsedAfter = JSON.parse(after) as { include?: string[] };
    parsedAfter.include = parsedAfter.include?.filter((entry) => !entry.startsWith(`${distDir}/`));
    if (JSON.stringify(parsedAfter) === JSON.stringify(JSON.parse(before))) writeFileSync(file, before);
  } catch {
    // Not plain JSON any more: someone else's edit, leave it alone.
  }
}

/** `next build` into `distDir` (relative to the repository), then the precompressed static files. Throws when the build fails. */
export function buildProduction(distDir: string, log: (line: string) => void = console.log): void {
  const tsconfig = readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
  try {
    const build = spawnSync(process.execPath, [NEXT_BIN, "build"], {
      cwd: ROOT,
      stdio: "inherit",
      env: { ...process.env, NEWSDESK_DIST_DIR: distDir, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) throw new Error(`next build failed (exit code ${build.status ?? build.signal})`);
  } finally {
    restoreTsconfig(tsconfig, distDir);
  }
  const started = Date.now();
  const packed = precompressStatic(path.join(ROOT, distDir));
  const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;
  log(
    `Precompressed ${packed.files} static files in ${((Date.now() - started) / 1000).toFixed(1)} s: ${kb(packed.bytes)} → brotli ${kb(packed.brotliBytes)}, gzip ${kb(packed.gzipBytes)}`,
  );
}
