// Whether a production build is current: a build older than any of the app's sources is rebuilt.
// One rule for `npm start` (scripts/start.ts) and `npm run bench` (scripts/bench/run.ts).

import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

import { ROOT } from "./paths";

/** The inputs of `next build`, relative to the repository root. */
export const BUILD_SOURCES = ["app", "components", "lib", "prisma/schema.prisma", "next.config.ts", "package.json", "postcss.config.mjs", "public"];

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
