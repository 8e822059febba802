// The reader-site benchmark (issue 4, Speed): what an anonymous reader gets, at load and in bytes.
//
//   miss        first, while nothing is rendered yet: story pages never rendered before, one at a
//               time (scripts/bench/miss.ts: latency, app and PostgreSQL CPU, statements per page;
//               target: app CPU ≤ 10 ms a page).
//   throughput  wrk (one thread; Debian's package, where installed) or else autocannon,
//               `load.connections` keep-alive connections for `load.durationS` seconds each
//               (32 × 20 s by default), sending a browser's Accept-Encoding, against
//               - the story page, the home page and a section front straight at the app, as
//                 `npm start` runs it (one process per core, scripts/serve.mjs) (targets: story
//                 ≥ 1,000/s with p99 < 50 ms; fronts ≥ 500/s); the story page also with autocannon;
//               - the story page through nginx with deploy/nginx/newsdesk.conf in front of the
//                 app (the production shape: micro-cache with revalidation; target ≥ 15,000/s),
//                 with autocannon and wrk.
//               Every URL is warmed first (and must answer 200). The load generator runs on the
//               same two cores as the app and PostgreSQL, as the issue's reference numbers were
//               taken.
//   weight      the story page's HTML and every stylesheet and script it references, each
//               fetched with `Accept-Encoding: br, gzip` as a browser sends it, counted as they
//               come over the wire (compressed); JavaScript split into the framework's runtime and
//               the project's own client code using the build's manifests (see classifyScripts).
//               Measured straight at the app and through nginx. Targets: < 150 KB in total, own
//               client code < 20 KB.
//   lighthouse  Lighthouse (mobile, its default) with Debian's Chromium on the story page through
//               nginx: the four category scores (target ≥ 95 each); desktop for comparison.
//
// The story is the published story with the most comments (the heaviest once comments render), its
// section front is the section measured.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

import autocannon from "autocannon";
import pg from "pg";

import { CHROMIUM_ARGS, findSystemChromium } from "../lib/chromium";
import { isNginxInstalled, startNginx, type RunningNginx } from "../lib/nginx";
import { ROOT } from "../lib/paths";
import { freePort } from "../lib/processes";
import { cpuPerRequest } from "./cpu";
import { measureMisses } from "./miss";
import type { BenchContext, BenchModule, Measurement, Throughput } from "./run";
import { findWrk, parseWrk, runWrk } from "./wrk";

const TARGETS = {
  story: { minRequestsPerSecond: 1000, maxP99Ms: 50 },
  front: { minRequestsPerSecond: 500 },
  storyThroughNginx: { minRequestsPerSecond: 15_000 },
  totalBytes: 150 * 1024,
  ownScriptBytes: 20 * 1024,
  lighthouse: 95,
} as const;

/** What Chromium sends on a first visit. */
export const BROWSER_HEADERS = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 newsdesk-bench",
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br, zstd",
  "accept-language": "en-GB,en;q=0.9",
};

// ── HTTP ─────────────────────────────────────────────────────────────────

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** As received: compressed when the server compressed. */
  wireBytes: number;
  /** Decoded. */
  body: Buffer;
}

function decode(buffer: Buffer, encoding: string | undefined): Buffer {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "br":
      return zlib.brotliDecompressSync(buffer);
    case "gzip":
      return zlib.gunzipSync(buffer);
    case "deflate":
      return zlib.inflateSync(buffer);
    case "zstd":
      throw new Error("zstd-encoded response: not decodable on this Node");
    default:
      return buffer;
  }
}

function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, wireBytes: raw.length, body: decode(raw, response.headers["content-encoding"]) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    request.setTimeout(30_000, () => request.destroy(new Error(`GET ${url} timed out`)));
    request.on("error", reject);
  });
}

export async function warm(url: string, times: number): Promise<Record<string, number>> {
  const cacheStatus: Record<string, number> = {};
  for (let i = 0; i < times; i += 1) {
    const response = await get(url, BROWSER_HEADERS);
    if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status} while warming up`);
    const status = String(response.headers["x-cache-status"] ?? response.headers["x-nextjs-cache"] ?? "-");
    cacheStatus[status] = (cacheStatus[status] ?? 0) + 1;
  }
  return cacheStatus;
}

// ── Load ─────────────────────────────────────────────────────────────────

async function loadRun(url: string, context: BenchContext, headers: Record<string, string> = {}): Promise<{ throughput: Throughput; statusCodes: Record<string, number> }> {
  const { connections, durationS } = context.load;
  const result = await autocannon({ url, connections, duration: durationS, headers: { ...BROWSER_HEADERS, ...headers }, timeout: 10 });
  const round = (value: number) => Math.round(value * 10) / 10;
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, (stats as { count: number }).count]));
  return {
    throughput: {
      connections,
      durationS: round(result.duration),
      requests: result.requests.total,
      requestsPerSecond: round(result.requests.total / result.duration),
      p50Ms: round(result.latency.p50),
      p90Ms: round(result.latency.p90),
      p99Ms: round(result.latency.p99),
      maxMs: round(result.latency.max),
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      bytesPerSecond: Math.round(result.throughput.average),
    },
    statusCodes,
  };
}

async function wrkRun(wrk: string, url: string, context: BenchContext, headers: Record<string, string> = {}, connections = context.load.connections): Promise<Throughput> {
  const { durationS } = context.load;
  // One thread: on two cores the other one is for the server (nginx's single worker, or the app).
  const args = ["-t1", `-c${connections}`, `-d${durationS}s`, "--latency", "--timeout", "10s"];
  for (const [name, value] of Object.entries({ ...BROWSER_HEADERS, ...headers })) args.push("-H", `${name}: ${value}`);
  args.push(url);
  return parseWrk(await runWrk(wrk, args), connections);
}

export async function throughputMeasurement(
  context: BenchContext,
  page: { key: string; label: string; url: string; targets?: { minRequestsPerSecond?: number; maxP99Ms?: number } },
  extra: Record<string, unknown> = {},
  wrk: string | null = null,
  /** Sent with every request besides a browser's (an API key). */
  headers: Record<string, string> = {},
): Promise<Measurement> {
  context.log(`  ${page.key}: ${wrk ? "wrk" : "autocannon"}, ${context.load.connections} connections × ${context.load.durationS} s on ${page.url}`);
  const before = context.cpu();
  const { throughput, statusCodes } = wrk ? { throughput: await wrkRun(wrk, page.url, context, headers), statusCodes: undefined } : await loadRun(page.url, context, headers);
  const after = context.cpu();
  return loadResult(context, page, throughput, cpuPerRequest(before, after, throughput.requests), {
    url: page.url,
    loadGenerator: wrk ? "wrk" : "autocannon",
    ...(statusCodes ? { statusCodes } : {}),
    ...extra,
  });
}

/** Logs a load run's figures and makes its measurement (one place for both kinds of run). */
function loadResult(
  context: BenchContext,
  page: { key: string; label: string; targets?: { minRequestsPerSecond?: number; maxP99Ms?: number } },
  throughput: Throughput,
  cpuMsPerRequest: ReturnType<typeof cpuPerRequest>,
  extra: Record<string, unknown>,
): Measurement {
  context.log(`    ${Math.round(throughput.requestsPerSecond)}/s, p50 ${throughput.p50Ms} ms, p99 ${throughput.p99Ms} ms, non-2xx ${throughput.non2xx}, errors ${throughput.errors}`);
  return {
    kind: "throughput",
    key: page.key,
    label: page.label,
    throughput,
    ...(page.targets ? { targets: page.targets } : {}),
    cpuMsPerRequest,
    extra,
  };
}

/**
 * With more than one app instance (`--instances`), a page loaded on every instance at once, the
 * connections shared out: one wrk per instance, the rates summed, and each percentile the worst
 * instance's (wrk reports percentiles, not samples, so they cannot be merged exactly).
 */
async function acrossInstances(context: BenchContext, page: { key: string; label: string; path: string; targets?: { minRequestsPerSecond?: number; maxP99Ms?: number } }, wrk: string): Promise<Measurement> {
  const urls = context.instanceUrls.map((base) => `${base}${page.path}`);
  const each = Math.max(1, Math.floor(context.load.connections / urls.length));
  context.log(`  ${page.key}: wrk, ${each} connections × ${context.load.durationS} s on each of ${urls.length} instances`);
  const before = context.cpu();
  const runs = await Promise.all(urls.map((url) => wrkRun(wrk, url, context, {}, each)));
  const after = context.cpu();
  const worst = (pick: (run: Throughput) => number) => Math.max(...runs.map(pick));
  const sum = (pick: (run: Throughput) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const throughput: Throughput = {
    connections: each * urls.length,
    durationS: worst((run) => run.durationS),
    requests: sum((run) => run.requests),
    requestsPerSecond: Math.round(sum((run) => run.requestsPerSecond) * 10) / 10,
    p50Ms: worst((run) => run.p50Ms),
    p90Ms: worst((run) => run.p90Ms),
    p99Ms: worst((run) => run.p99Ms),
    maxMs: worst((run) => run.maxMs),
    non2xx: sum((run) => run.non2xx),
    errors: sum((run) => run.errors),
    timeouts: sum((run) => run.timeouts),
    bytesPerSecond: sum((run) => run.bytesPerSecond),
  };
  return loadResult(context, page, throughput, cpuPerRequest(before, after, throughput.requests), {
    urls,
    loadGenerator: "wrk",
    perInstance: runs.map((run) => ({ requestsPerSecond: run.requestsPerSecond, p50Ms: run.p50Ms, p99Ms: run.p99Ms })),
  });
}

// ── Page weight ─────────────────────────────────────────────────────────────

interface Asset {
  url: string;
  kind: "css" | "js" | "other";
  how: string;
}

/** Every stylesheet and script the HTML makes a browser fetch (script src, link rel=stylesheet/preload/modulepreload). */
export function referencedAssets(html: string, pageUrl: string): Asset[] {
  const found = new Map<string, Asset>();
  const attribute = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag)?.slice(1).find((v) => v !== undefined);
  const absolute = (href: string) => new URL(href.replaceAll("&amp;", "&"), pageUrl).href;
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attribute(tag, "src");
    if (src && !/\snomodule\b/i.test(tag)) found.set(absolute(src), { url: absolute(src), kind: "js", how: "script" });
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attribute(tag, "rel") ?? "").toLowerCase().split(/\s+/);
    const href = attribute(tag, "href");
    if (!href) continue;
    const as = (attribute(tag, "as") ?? "").toLowerCase();
    let kind: Asset["kind"] | null = null;
    if (rel.includes("stylesheet")) kind = "css";
    else if (rel.includes("modulepreload")) kind = "js";
    else if (rel.includes("preload")) kind = as === "script" ? "js" : as === "style" ? "css" : "other";
    if (!kind) continue;
    const url = absolute(href);
    if (!found.has(url)) found.set(url, { url, kind, how: `link rel=${rel.join(" ")}${as ? ` as=${as}` : ""}` });
  }
  return [...found.values()];
}

interface ScriptClasses {
  /** Build-relative chunk path ("static/chunks/x.js") → "framework" | "own", and why. */
  classify(chunk: string): { owner: "framework" | "own"; why: string };
}

/**
 * Which of the build's client chunks are the framework's runtime and which carry the project's own
 * client code, from the build's own manifests:
 *   - build-manifest.json `rootMainFiles` (React, React DOM, Next's router: loaded on every page),
 *     `polyfillFiles` and Turbopack's chunk loader (turbopack-*.js) are the framework's runtime;
 *   - every other chunk is attributed by the client modules it defines. The client reference
 *     manifests (server/app/**\/page_client-reference-manifest.js) name every client module
 *     ("use client" files, the project's and next's) with its module id; a production Turbopack
 *     chunk defines its modules as `…,<id>,(e,t,r)=>{…}` inside one push([…]) call, so each id
 *     is looked up in the chunk's text. A chunk that defines only modules of next, react,
 *     react-dom or scheduler is the framework's; one that defines any module of app/,
 *     components/, lib/ or another package is the project's, whole (also what it shares with next:
 *     an upper bound for "own code");
 *   - a chunk that defines none of the named modules (a dependency-only chunk) counts as the
 *     project's too, and says so.
 */
export function loadScriptClasses(distDir: string): ScriptClasses {
  const buildManifest = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as {
    rootMainFiles?: string[];
    polyfillFiles?: string[];
  };
  const runtime = new Set([...(buildManifest.rootMainFiles ?? []), ...(buildManifest.polyfillFiles ?? [])]);
  const clientModules = new Map<number, string>();
  const manifests: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith("_client-reference-manifest.js")) manifests.push(full);
    }
  };
  walk(path.join(distDir, "server", "app"));
  for (const file of manifests) {
    const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, { clientModules?: Record<string, { id?: number | string }> }> } = {};
    sandbox.globalThis = sandbox;
    vm.runInNewContext(readFileSync(file, "utf8"), sandbox, { filename: file });
    for (const route of Object.values(sandbox.__RSC_MANIFEST ?? {})) {
      for (const [modulePath, entry] of Object.entries(route.clientModules ?? {})) {
        const id = Number(entry.id);
        if (Number.isInteger(id)) clientModules.set(id, modulePath.replace(/ <module evaluation>$/, ""));
      }
    }
  }
  const isFramework = (modulePath: string) => /^\[project\]\/node_modules\/(next|react|react-dom|scheduler)\//.test(modulePath);
  const definedIn = (chunk: string): string[] => {
    const file = path.join(distDir, chunk);
    if (!existsSync(file)) return [];
    const text = readFileSync(file, "utf8");
    const ids = new Set([...text.matchAll(/[,[](\d+),(?:\(?[\w$]*(?:,[\w$]+)*\)?=>|function\b)/g)].map((match) => Number(match[1])));
    return [...ids].flatMap((id) => clientModules.get(id) ?? []);
  };
  return {
    classify(chunk) {
      if (runtime.has(chunk)) return { owner: "framework", why: "build-manifest rootMainFiles/polyfillFiles" };
      if (/(^|\/)turbopack-[^/]*\.js$/.test(chunk)) return { owner: "framework", why: "Turbopack chunk loader" };
      const modules = definedIn(chunk);
      if (modules.length === 0) return { owner: "own", why: "defines no client module a manifest names (counted as the project's)" };
      const foreign = modules.filter((modulePath) => !isFramework(modulePath));
      if (foreign.length === 0) return { owner: "framework", why: `defines only next/react client modules (${modules.length})` };
      return { owner: "own", why: `holds ${foreign.slice(0, 3).map((m) => m.replace(/^\[project\]\//, "")).join(", ")}${foreign.length > 3 ? ` and ${foreign.length - 3} more` : ""}` };
    },
  };
}

interface Weight {
  origin: string;
  htmlBytes: number;
  htmlEncoding: string;
  cssBytes: number;
  frameworkJsBytes: number;
  ownJsBytes: number;
  otherBytes: number;
  totalBytes: number;
  /** Uncompressed total, for comparison. */
  decodedBytes: number;
  assets: Array<{ path: string; kind: string; how: string; owner?: string; why?: string; wireBytes: number; decodedBytes: number; encoding: string }>;
}

async function measureWeight(pageUrl: string, classes: ScriptClasses): Promise<Weight> {
  const headers = { ...BROWSER_HEADERS, "accept-encoding": "br, gzip" };
  const page = await get(pageUrl, headers);
  if (page.status !== 200) throw new Error(`GET ${pageUrl} answered ${page.status}`);
  const html = page.body.toString("utf8");
  const weight: Weight = {
    origin: new URL(pageUrl).origin,
    htmlBytes: page.wireBytes,
    htmlEncoding: String(page.headers["content-encoding"] ?? "identity"),
    cssBytes: 0,
    frameworkJsBytes: 0,
    ownJsBytes: 0,
    otherBytes: 0,
    totalBytes: page.wireBytes,
    decodedBytes: page.body.length,
    assets: [],
  };
  for (const asset of referencedAssets(html, pageUrl)) {
    const response = await get(asset.url, headers);
    if (response.status !== 200) throw new Error(`${asset.url} (referenced by the story page) answered ${response.status}`);
    const assetPath = new URL(asset.url).pathname;
    const row: Weight["assets"][number] = {
      path: assetPath,
      kind: asset.kind,
      how: asset.how,
      wireBytes: response.wireBytes,
      decodedBytes: response.body.length,
      encoding: String(response.headers["content-encoding"] ?? "identity"),
    };
    if (asset.kind === "js") {
      const { owner, why } = classes.classify(assetPath.replace(/^\/_next\//, ""));
      Object.assign(row, { owner, why });
      if (owner === "framework") weight.frameworkJsBytes += response.wireBytes;
      else weight.ownJsBytes += response.wireBytes;
    } else if (asset.kind === "css") weight.cssBytes += response.wireBytes;
    else weight.otherBytes += response.wireBytes;
    weight.totalBytes += response.wireBytes;
    weight.decodedBytes += response.body.length;
    weight.assets.push(row);
  }
  return weight;
}

function weightMeasurements(where: "app" | "nginx", weight: Weight): Measurement[] {
  const extra = { ...weight };
  const via = where === "app" ? "straight from next start" : "through nginx";
  return [
    {
      kind: "value",
      key: `weight.${where}.total`,
      label: `Story page, everything a first visit downloads (HTML ${weight.htmlEncoding} + CSS + JS), compressed, ${via}`,
      value: weight.totalBytes,
      unit: "bytes",
      targets: { max: TARGETS.totalBytes },
      extra,
    },
    { kind: "value", key: `weight.${where}.html`, label: `Story page HTML (${weight.htmlEncoding}), ${via}`, value: weight.htmlBytes, unit: "bytes" },
    { kind: "value", key: `weight.${where}.css`, label: `Story page stylesheets, compressed, ${via}`, value: weight.cssBytes, unit: "bytes" },
    { kind: "value", key: `weight.${where}.js-framework`, label: `Story page JavaScript: the framework's runtime (React, Next), compressed, ${via}`, value: weight.frameworkJsBytes, unit: "bytes" },
    {
      kind: "value",
      key: `weight.${where}.js-own`,
      label: `Story page JavaScript: the project's own client code (beyond the framework), compressed, ${via}`,
      value: weight.ownJsBytes,
      unit: "bytes",
      targets: { max: TARGETS.ownScriptBytes },
    },
  ];
}

// ── Lighthouse ──────────────────────────────────────────────────────────────

const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;

interface LighthouseReport {
  categories?: Record<string, { score: number | null }>;
  runtimeError?: { code?: string; message?: string };
  runWarnings?: string[];
  audits?: Record<string, { score: number | null; title?: string; numericValue?: number; displayValue?: string; details?: { items?: Array<Record<string, unknown>> } }>;
}

async function runLighthouse(url: string, preset: "mobile" | "desktop", outFile: string, chromium: string): Promise<LighthouseReport> {
  const cli = path.join(ROOT, "node_modules", "lighthouse", "cli", "index.js");
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const chromeFlags = ["--headless=new", ...CHROMIUM_ARGS.filter((arg) => arg !== "--no-sandbox" || isRoot), "--disable-dev-shm-usage"];
  const args = [
    cli,
    url,
    "--output=json",
    `--output-path=${outFile}`,
    `--only-categories=${CATEGORIES.join(",")}`,
    `--chrome-flags=${chromeFlags.join(" ")}`,
    "--quiet",
    ...(preset === "desktop" ? ["--preset=desktop"] : []),
  ];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CHROME_PATH: chromium } });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`lighthouse (${preset}) exited ${code ?? signal}: ${stderr.trim().slice(-1500)}`));
    });
  });
  return JSON.parse(readFileSync(outFile, "utf8")) as LighthouseReport;
}

function lighthouseMeasurements(preset: "mobile" | "desktop", url: string, report: LighthouseReport, reportFile: string): Measurement[] {
  if (report.runtimeError?.code) throw new Error(`Lighthouse (${preset}): ${report.runtimeError.code} ${report.runtimeError.message ?? ""}`);
  // What kept a category below 100, so the table's reader need not open the report.
  const failing = Object.entries(report.audits ?? {})
    .filter(([, audit]) => audit.score !== null && audit.score < 0.9)
    .map(([id, audit]) => `${id}${audit.displayValue ? ` (${audit.displayValue})` : ""}`);
  const metrics = Object.fromEntries(
    ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index", "server-response-time"].map(
      (id) => [id, report.audits?.[id]?.displayValue ?? null],
    ),
  );
  return CATEGORIES.map((category) => ({
    kind: "value" as const,
    key: `lighthouse.${preset}.${category}`,
    label: `Lighthouse ${preset} ${category} score, story page (${url})`,
    value: Math.round((report.categories?.[category]?.score ?? 0) * 100),
    unit: "score",
    ...(preset === "mobile" ? { targets: { min: TARGETS.lighthouse } } : {}),
    ...(category === "performance"
      ? {
          extra: {
            report: path.relative(ROOT, reportFile),
            metrics,
            auditsBelow90: failing,
            consoleErrors: (report.audits?.["errors-in-console"]?.details?.items ?? []).map((item) => String(item.description ?? item.source ?? "")),
            warnings: report.runWarnings ?? [],
          },
        }
      : {}),
  }));
}

// ── The module ─────────────────────────────────────────────────────────────

interface Pages {
  story: { path: string; commentCount: number; headline: string };
  section: { path: string; name: string };
}

async function choosePages(databaseUrl: string): Promise<Pages> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const row = (
      await client.query<{ slug: string; headline: string; commentCount: number; sectionSlug: string; sectionName: string }>(
        `SELECT s.slug, s.headline, s."commentCount", sec.slug AS "sectionSlug", sec.name AS "sectionName"
         FROM "Story" s JOIN "Section" sec ON sec.id = s."sectionId"
         WHERE s.status = 'PUBLISHED' AND s."publishedAt" <= now() AT TIME ZONE 'UTC'
         ORDER BY s."commentCount" DESC, s."publishedAt" DESC LIMIT 1`,
      )
    ).rows[0];
    if (!row) throw new Error("No published story to benchmark");
    return {
      story: { path: `/${row.sectionSlug}/${row.slug}`, commentCount: row.commentCount, headline: row.headline },
      section: { path: `/${row.sectionSlug}`, name: row.sectionName },
    };
  } finally {
    await client.end();
  }
}

export const benchmark: BenchModule = {
  name: "reader",
  description: "reader pages under load (wrk where installed, else autocannon), straight at the app and through nginx; story page weight; Lighthouse",
  async run(context) {
    const pages = await choosePages(context.databaseUrl);
    const app = context.baseUrl;
    const storyUrl = `${app}${pages.story.path}`;
    context.log(`  story: ${pages.story.path} (${pages.story.commentCount} approved comments); section front: ${pages.section.path}`);
    // Story pages never rendered before, before anything else renders them.
    const measurements: Measurement[] = await measureMisses(context, 1);

    // wrk, where installed: autocannon spends about a third of a core per 1,000 requests a second
    // of its own, which on two shared cores is taken from the app being measured.
    const wrk = findWrk();
    const generator = wrk ? "wrk" : "autocannon";
    const direct = [
      { key: "story", label: `Story page, anonymous reader, straight at the app (${generator})`, url: storyUrl, targets: TARGETS.story },
      { key: "home", label: `Home page, anonymous reader, straight at the app (${generator})`, url: `${app}/`, targets: TARGETS.front },
      { key: "section", label: `Section front (${pages.section.name}), anonymous reader, straight at the app (${generator})`, url: `${app}${pages.section.path}`, targets: TARGETS.front },
    ];
    for (const page of direct) {
      const warmUp = await warm(page.url, Math.max(10, context.warmup));
      measurements.push(await throughputMeasurement(context, page, { warmUpCacheStatus: warmUp, commentCount: page.key === "story" ? pages.story.commentCount : undefined }, wrk));
    }
    if (wrk && context.instanceUrls.length > 1) {
      const n = context.instanceUrls.length;
      const both = [
        { key: "story-instances", label: `Story page, anonymous reader, all ${n} instances at once (wrk each)`, path: pages.story.path, targets: TARGETS.story },
        { key: "home-instances", label: `Home page, anonymous reader, all ${n} instances at once (wrk each)`, path: "/", targets: TARGETS.front },
        { key: "section-instances", label: `Section front (${pages.section.name}), all ${n} instances at once (wrk each)`, path: pages.section.path, targets: TARGETS.front },
      ];
      for (const page of both) {
        for (const base of context.instanceUrls) await warm(`${base}${page.path}`, Math.max(10, context.warmup));
        measurements.push(await acrossInstances(context, page, wrk));
      }
    }
    if (wrk) {
      // The same story page with autocannon, for comparison with runs on machines without wrk.
      measurements.push(await throughputMeasurement(context, { key: "story-autocannon", label: "Story page, anonymous reader, straight at the app (autocannon)", url: storyUrl }, {}));
    }

    const classes = loadScriptClasses(context.distDir);
    const appWeight = await measureWeight(storyUrl, classes);
    measurements.push(...weightMeasurements("app", appWeight));

    let nginx: RunningNginx | null = null;
    try {
      if (!isNginxInstalled()) {
        context.log("  nginx is not installed (apt-get install nginx): skipping the measurements through it");
      } else {
        const nginxDir = path.join(context.workDir, "nginx");
        mkdirSync(nginxDir, { recursive: true });
        nginx = await startNginx({ upstreamPorts: context.instanceUrls.map((base) => Number(new URL(base).port)), listenPort: await freePort(), tmpDir: nginxDir, distDir: context.distDir });
        const nginxStoryUrl = `${nginx.url}${pages.story.path}`;
        const warmUp = await warm(nginxStoryUrl, Math.max(10, context.warmup));
        // autocannon tops out near 10,000 requests a second on these two cores (measured against
        // nginx serving a tiny static file), below the target: wrk, where installed, carries it.
        const label = "Story page, anonymous reader, through nginx (deploy/nginx/newsdesk.conf)";
        measurements.push(
          await throughputMeasurement(
            context,
            { key: "story-nginx", label: `${label}, autocannon`, url: nginxStoryUrl, ...(wrk ? {} : { targets: TARGETS.storyThroughNginx }) },
            { warmUpCacheStatus: warmUp },
          ),
        );
        if (wrk) {
          measurements.push(
            await throughputMeasurement(context, { key: "story-nginx-wrk", label: `${label}, wrk`, url: nginxStoryUrl, targets: TARGETS.storyThroughNginx }, {}, wrk),
          );
        } else {
          context.log("  wrk is not installed (apt-get install wrk): the nginx rate is autocannon's, which cannot go much past 10,000/s here");
        }
        measurements.push(...weightMeasurements("nginx", await measureWeight(nginxStoryUrl, classes)));
      }

      const chromium = findSystemChromium();
      if (!chromium) {
        context.log("  no Chromium found (apt-get install chromium, or set CHROMIUM_PATH): skipping Lighthouse");
      } else {
        const lighthouseUrl = nginx ? `${nginx.url}${pages.story.path}` : storyUrl;
        // Kept beside the run's results, to open in Lighthouse's viewer.
        const reportDir = path.join(ROOT, "bench-results", "lighthouse");
        mkdirSync(reportDir, { recursive: true });
        for (const preset of ["mobile", "desktop"] as const) {
          context.log(`  Lighthouse (${preset}) on ${lighthouseUrl}…`);
          const reportFile = path.join(reportDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${preset}.json`);
          const report = await runLighthouse(lighthouseUrl, preset, reportFile, chromium);
          const scores = lighthouseMeasurements(preset, lighthouseUrl, report, reportFile);
          context.log(`    ${scores.map((m) => `${m.key.split(".").pop()} ${m.kind === "value" ? m.value : ""}`).join(", ")}`);
          measurements.push(...scores);
        }
      }
    } finally {
      await nginx?.stop();
    }
    if (!existsSync(context.distDir)) throw new Error(`${context.distDir} disappeared during the run`);
    return measurements;
  },
};
