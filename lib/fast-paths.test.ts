// The fast paths (docs/fast-paths.md) rely on details of Next.js and next-auth no type checks:
// a new version of either fails here, naming what to re-check, until lib/fast-paths.ts records
// that it was. And next.config.ts keeps the settings the fast paths assume.

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import nextConfig from "@/next.config";

import { FAST_PATHS_VERIFIED_AGAINST, versionDrift, type VerifiedPackageName } from "./fast-paths";

const ROOT = path.resolve(import.meta.dirname, "..");
const DOC = readFileSync(path.join(ROOT, "docs", "fast-paths.md"), "utf8");

function installedVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string };
  return manifest.version;
}

const PACKAGES = Object.keys(FAST_PATHS_VERIFIED_AGAINST) as VerifiedPackageName[];

describe("the fast paths' dependencies", () => {
  it.each(PACKAGES)("%s is the version the fast paths were verified against", (name) => {
    const drift = versionDrift(name, installedVersion(name));
    // The message is the failure: what to re-check, where, and what to change afterwards.
    if (drift !== null) expect.fail(drift);
  });

  it("name only sections docs/fast-paths.md has, and every package.json pins the version verified", () => {
    const headings = new Set(DOC.split("\n").flatMap((line) => (line.startsWith("## ") ? [line.slice(3).trim()] : [])));
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    for (const name of PACKAGES) {
      for (const { section } of FAST_PATHS_VERIFIED_AGAINST[name].recheck) expect(headings, `${name}: "${section}"`).toContain(section);
      expect(manifest.dependencies[name], `${name} in package.json`).toBe(FAST_PATHS_VERIFIED_AGAINST[name].version);
    }
  });

  it("say what to re-check when a version differs", () => {
    const message = versionDrift("next-auth", "5.0.0");
    expect(message).toContain("next-auth 5.0.0 is installed, but the fast paths were verified against next-auth 5.0.0-beta.32");
    expect(message).toContain('"The session cookie read without next-auth": ');
    expect(message).toContain("set next-auth's version in lib/fast-paths.ts to 5.0.0");
    expect(versionDrift("next", FAST_PATHS_VERIFIED_AGAINST.next.version)).toBeNull();
  });
});

describe("next.config.ts", () => {
  it("keeps what the fast paths assume: our cache handler alone, its ETags, and paths as the app's routes spell them", () => {
    expect(nextConfig.cacheHandler).toBe(path.join(ROOT, "lib", "cache", "cache-handler.mjs"));
    expect(nextConfig.cacheMaxMemorySize).toBe(0);
    expect(nextConfig.generateEtags).toBe(false);
    // scripts/serve.mjs and nginx match request paths as they arrive: a base path, a locale prefix
    // or trailing-slash redirects would need teaching to both.
    for (const setting of ["basePath", "i18n", "trailingSlash", "skipTrailingSlashRedirect", "assetPrefix"] as const) {
      expect(nextConfig[setting], setting).toBeUndefined();
    }
  });
});
