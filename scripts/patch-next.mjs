// Part of `postinstall`: one small change to the installed Next.js, for the cost of a cache miss.
//
// `IncrementalCache.set` measures every entry with `JSON.stringify(value).length` before handing it
// to the cache handler, but uses the figure only for the data cache's 2 MB limit (`fetchCache`
// entries). For a page the value holds the page's Flight data as Buffers, which JSON turns into
// arrays of numbers: about a quarter of the CPU a story page's render costs at the app, thrown away
// (docs/fast-paths.md, "A page is not stringified to be measured"). The change measures only the
// entries the figure is for; nothing else differs.
//
// It edits the installed files in place and is idempotent. A Next.js release whose code no longer
// has the line (fixed upstream, or moved) is reported and left alone: the site works the same,
// only a miss costs more, and `lib/cache/next-patch.test.ts` fails so the change is looked at.
//
//   node scripts/patch-next.mjs           patch (postinstall)
//   node scripts/patch-next.mjs --check   exit 1 unless every file is patched

import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The minified runtimes' form: `let i=JSON.stringify(t).length;if(r.fetchCache&&i>2097152`. */
const MINIFIED = /let (\w+)=JSON\.stringify\((\w+)\)\.length;if\((\w+)\.fetchCache&&\1>2097152/;
const MINIFIED_DONE = /let \w+=\w+\.fetchCache\?JSON\.stringify\(\w+\)\.length:0;if\(\w+\.fetchCache&&\w+>2097152/;
/** The readable form in dist/server/lib/incremental-cache/index.js. */
const SOURCE = "const itemSize = JSON.stringify(data).length;";
const SOURCE_DONE = "const itemSize = ctx.fetchCache ? JSON.stringify(data).length : 0;";

/** Every installed file that holds `IncrementalCache.set`, relative to the package's root. */
export const PATCHED_FILES = [
  "dist/server/lib/incremental-cache/index.js",
  ...["app-page", "app-route"].flatMap((kind) =>
    ["", "-experimental", "-turbo", "-turbo-experimental"].map((variant) => `dist/compiled/next-server/${kind}${variant}.runtime.prod.js`),
  ),
];

/** Where the installed next package is. */
export function nextRoot() {
  const require = createRequire(path.join(ROOT, "package.json"));
  return path.dirname(require.resolve("next/package.json"));
}

/**
 * The file's text patched, and what was found: "patched" (changed now), "already" or "missing".
 * @param {string} text
 * @returns {{ text: string, state: "patched" | "already" | "missing" }}
 */
export function patchText(text) {
  if (text.includes(SOURCE)) return { text: text.replaceAll(SOURCE, SOURCE_DONE), state: "patched" };
  if (text.includes(SOURCE_DONE)) return { text, state: "already" };
  if (MINIFIED.test(text)) {
    return { text: text.replace(new RegExp(MINIFIED.source, "g"), "let $1=$3.fetchCache?JSON.stringify($2).length:0;if($3.fetchCache&&$1>2097152"), state: "patched" };
  }
  if (MINIFIED_DONE.test(text)) return { text, state: "already" };
  return { text, state: "missing" };
}

function main() {
  const check = process.argv.includes("--check");
  const root = nextRoot();
  const missing = [];
  for (const file of PATCHED_FILES) {
    const full = path.join(root, file);
    let text;
    try {
      text = readFileSync(full, "utf8");
    } catch {
      missing.push(file);
      continue;
    }
    const result = patchText(text);
    if (result.state === "missing") missing.push(file);
    else if (result.state === "patched") {
      if (check) missing.push(file);
      else writeFileSync(full, result.text);
    }
  }
  if (missing.length > 0) {
    console.warn(
      `Next.js: IncrementalCache.set is not patched in ${missing.join(", ")} (scripts/patch-next.mjs). ` +
        "The site works the same; a cache miss costs more CPU.",
    );
    if (check) process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
