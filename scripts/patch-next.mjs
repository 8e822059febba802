// Part of `postinstall`: two small changes to the installed Next.js, for the cost of a cache miss
// (docs/fast-paths.md, "A page is not stringified to be measured" and "No per-segment prefetch
// data for stored pages").
//
// 1. `IncrementalCache.set` measures every entry with `JSON.stringify(value).length` before handing
//    it to the cache handler, but uses the figure only for the data cache's 2 MB limit (`fetchCache`
//    entries). For a page the value holds the page's Flight data as Buffers, which JSON turns into
//    arrays of numbers: CPU and garbage thrown away. The change measures only the entries the
//    figure is for.
// 2. Every page Next renders to store it (ISR) is also cut into per-segment prefetch data
//    (`collectSegmentData`): the whole Flight payload decoded and encoded again per segment, about
//    2 ms of a story page's miss. Only the client router's segment prefetches read it, and the
//    pages this app stores are reader pages, sent as plain HTML with no client code
//    (docs/caching.md, "Reader pages are plain HTML"). The change skips it outside `next build`;
//    a prefetch or navigation from a page with the router (the desk) is then answered with the
//    page's whole Flight data, as Next answers any route without per-segment data.
//
// It edits the installed files in place and is idempotent. A Next.js release whose code no longer
// has a line (fixed upstream, or moved) is reported and left alone: the site works the same,
// only a miss costs more, and `scripts/patch-next.test.ts` fails so the change is looked at.
//
//   node scripts/patch-next.mjs           patch (postinstall)
//   node scripts/patch-next.mjs --check   exit 1 unless every file is patched

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * One change: the readable form (dist/server/…) and the minified runtimes' form, each as found
 * and as changed.
 * @typedef {object} Patch
 * @property {string} name what it changes, for the report
 * @property {string} source the line in the readable file
 * @property {string} sourceDone the same line changed
 * @property {RegExp} minified the runtimes' form (with groups for the minifier's names)
 * @property {string} minifiedReplacement
 * @property {RegExp} minifiedDone
 * @property {string[]} files every installed file that holds it, relative to the package's root
 */

const RUNTIME_VARIANTS = ["", "-experimental", "-turbo", "-turbo-experimental"];

/** @type {Patch} */
export const STRINGIFY_PATCH = {
  name: "IncrementalCache.set measures only data-cache entries",
  source: "const itemSize = JSON.stringify(data).length;",
  sourceDone: "const itemSize = ctx.fetchCache ? JSON.stringify(data).length : 0;",
  // `let i=JSON.stringify(t).length;if(r.fetchCache&&i>2097152`
  minified: /let (\w+)=JSON\.stringify\((\w+)\)\.length;if\((\w+)\.fetchCache&&\1>2097152/,
  minifiedReplacement: "let $1=$3.fetchCache?JSON.stringify($2).length:0;if($3.fetchCache&&$1>2097152",
  minifiedDone: /let \w+=\w+\.fetchCache\?JSON\.stringify\(\w+\)\.length:0;if\(\w+\.fetchCache&&\w+>2097152/,
  files: [
    "dist/server/lib/incremental-cache/index.js",
    ...["app-page", "app-route"].flatMap((kind) => RUNTIME_VARIANTS.map((variant) => `dist/compiled/next-server/${kind}${variant}.runtime.prod.js`)),
  ],
};

/** @type {Patch} */
export const SEGMENT_DATA_PATCH = {
  name: "no per-segment prefetch data for pages stored at run time",
  source:
    "metadata.segmentData = await ComponentMod.collectSegmentData(renderOpts.cacheComponents, fullPageDataBuffer, staleTime, clientModules, serverConsumerManifest, Boolean(renderOpts.experimental.prefetchInlining), hints, isUpgradeableISRFallback);",
  sourceDone:
    "metadata.segmentData = renderOpts.isBuildTimePrerendering ? await ComponentMod.collectSegmentData(renderOpts.cacheComponents, fullPageDataBuffer, staleTime, clientModules, serverConsumerManifest, Boolean(renderOpts.experimental.prefetchInlining), hints, isUpgradeableISRFallback) : undefined;",
  // `i.segmentData=await r.collectSegmentData(n.cacheComponents,e,d,o,c,!!n.experimental.prefetchInlining,s,m)}`
  minified: /(\w+)\.segmentData=await (\w+)\.collectSegmentData\((\w+)\.cacheComponents,([\w,]+),!!\3\.experimental\.prefetchInlining,(\w+),(\w+)\)/,
  minifiedReplacement: "$1.segmentData=$3.isBuildTimePrerendering?await $2.collectSegmentData($3.cacheComponents,$4,!!$3.experimental.prefetchInlining,$5,$6):void 0",
  minifiedDone: /\w+\.segmentData=(\w+)\.isBuildTimePrerendering\?await \w+\.collectSegmentData\(\1\.cacheComponents,/,
  files: ["dist/server/app-render/app-render.js", ...RUNTIME_VARIANTS.map((variant) => `dist/compiled/next-server/app-page${variant}.runtime.prod.js`)],
};

export const PATCHES = [STRINGIFY_PATCH, SEGMENT_DATA_PATCH];

/** Every installed file that holds a patched line, relative to the package's root. */
export const PATCHED_FILES = [...new Set(PATCHES.flatMap((patch) => patch.files))];

/** Where the installed next package is. */
export function nextRoot() {
  const require = createRequire(path.join(ROOT, "package.json"));
  return path.dirname(require.resolve("next/package.json"));
}

/**
 * The file's text with one change made, and what was found: "patched" (changed now), "already" or "missing".
 * @param {string} text
 * @param {Patch} [patch]
 * @returns {{ text: string, state: "patched" | "already" | "missing" }}
 */
export function patchText(text, patch = STRINGIFY_PATCH) {
  if (text.includes(patch.source)) return { text: text.replaceAll(patch.source, patch.sourceDone), state: "patched" };
  if (text.includes(patch.sourceDone)) return { text, state: "already" };
  if (patch.minified.test(text)) return { text: text.replace(new RegExp(patch.minified.source, "g"), patch.minifiedReplacement), state: "patched" };
  if (patch.minifiedDone.test(text)) return { text, state: "already" };
  return { text, state: "missing" };
}

function main() {
  const check = process.argv.includes("--check");
  const root = nextRoot();
  /** @type {string[]} */
  const missing = [];
  for (const patch of PATCHES) {
    for (const file of patch.files) {
      const full = path.join(root, file);
      let text;
      try {
        text = readFileSync(full, "utf8");
      } catch {
        missing.push(`${file} (${patch.name})`);
        continue;
      }
      const result = patchText(text, patch);
      if (result.state === "missing") missing.push(`${file} (${patch.name})`);
      else if (result.state === "patched") {
        if (check) missing.push(`${file} (${patch.name})`);
        else writeFileSync(full, result.text);
      }
    }
  }
  if (missing.length > 0) {
    console.warn(
      `Next.js: not patched in ${missing.join(", ")} (scripts/patch-next.mjs). ` + "The site works the same; a cache miss costs more CPU.",
    );
    if (check) process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
