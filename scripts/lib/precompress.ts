// Brotli (.br) and gzip (.gz) copies of the build's content-hashed JavaScript and CSS, written once
// beside each file at the highest settings, for the reverse proxy to send as they are
// (deploy/nginx/newsdesk.conf serves /_next/static from `<distDir>/nginx-root`). The app itself
// gzips at a middling level on every response; a browser loading a story page through nginx gets
// the framework's runtime about a sixth smaller, and nginx spends nothing per request on it.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const COMPRESSIBLE = /\.(?:js|css|svg|json|txt|map)$/;

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

function writeIfStale(target: string, sourceMtime: number, make: () => Buffer): number {
  if (existsSync(target) && statSync(target).mtimeMs >= sourceMtime) return statSync(target).size;
  const data = make();
  writeFileSync(target, data);
  return data.length;
}

/** Compresses `<distDir>/static` in place and links `<distDir>/nginx-root/_next/static` to it. */
export function precompressStatic(distDir: string): PrecompressResult {
  const staticDir = path.join(distDir, "static");
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  if (!existsSync(staticDir)) throw new Error(`No ${staticDir}: build first`);
  for (const file of walk(staticDir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const { mtimeMs, size } = statSync(file);
    let source: Buffer | undefined;
    const read = () => (source ??= readFileSync(file));
    result.files += 1;
    result.bytes += size;
    result.brotliBytes += writeIfStale(`${file}.br`, mtimeMs, () =>
      brotliCompressSync(read(), { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: size } }),
    );
    result.gzipBytes += writeIfStale(`${file}.gz`, mtimeMs, () => gzipSync(read(), { level: 9 }));
  }
  // nginx maps /_next/static/<file> to <root>/_next/static/<file>: a root whose _next/static is the build's static folder.
  const linkDir = path.join(distDir, "nginx-root", "_next");
  mkdirSync(linkDir, { recursive: true });
  const link = path.join(linkDir, "static");
  if (existsSync(link) || isDanglingLink(link)) unlinkSync(link);
  symlinkSync(path.join("..", "..", "static"), link, "dir");
  return result;
}

function isDanglingLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
