import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ENV_NAMES, EnvError, parseEnv } from "./env.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseEnv", () => {
  it("gives every default when nothing is set, and takes empty for unset", () => {
    const env = parseEnv({ PORT: "", NEWSDESK_TIME_ZONE: " " });
    expect(env).toMatchObject({
      PORT: 3000,
      NEWSDESK_TIME_ZONE: "UTC",
      NEWSDESK_DIST_DIR: ".next",
      NEWSDESK_SCHEDULER_INTERVAL_MS: 15_000,
      NEWSDESK_CACHE_POLL_MS: 1000,
      NEWSDESK_CACHE_MAX_BYTES: 48 * 1024 * 1024,
      NEWSDESK_WORKER_HEAP_MB: 256,
      NEWSDESK_PAGE_RESPONSES_MAX_BYTES: 32 * 1024 * 1024,
      NEWSDESK_SHARED_CACHE: true,
      NEWSDESK_COMMENT_RATE_SCALE: 1,
      NEWSDESK_BENCHMARK: false,
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_POOL_SIZE).toBeUndefined();
    expect(env.NEWSDESK_WORKERS).toBeUndefined();
  });

  it("reads numbers, addresses and zones as the app uses them", () => {
    const env = parseEnv({
      DATABASE_POOL_SIZE: "3",
      NEWSDESK_SCHEDULER_INTERVAL_MS: "2000",
      NEWSDESK_SITE_URL: " https://news.example.org/ ",
      NEWSDESK_TIME_ZONE: "Europe/London",
      NEWSDESK_WORKERS: "1",
      HOST: " 0.0.0.0 ",
    });
    expect(env).toMatchObject({
      DATABASE_POOL_SIZE: 3,
      NEWSDESK_SCHEDULER_INTERVAL_MS: 2000,
      NEWSDESK_SITE_URL: "https://news.example.org",
      NEWSDESK_TIME_ZONE: "Europe/London",
      NEWSDESK_WORKERS: 1,
      HOST: "0.0.0.0",
    });
  });

  it("reads the media bucket's settings: unset, the local disk", () => {
    expect(parseEnv({}).MEDIA_S3_BUCKET).toBeUndefined();
    expect(parseEnv({})).toMatchObject({ MEDIA_S3_REGION: "us-east-1", MEDIA_S3_FORCE_PATH_STYLE: false });
    expect(
      parseEnv({
        MEDIA_S3_BUCKET: "newsroom-media",
        MEDIA_S3_ENDPOINT: "https://account.r2.cloudflarestorage.com",
        MEDIA_S3_REGION: "auto",
        MEDIA_S3_FORCE_PATH_STYLE: "1",
        MEDIA_PUBLIC_BASE_URL: "https://media.example.org/images/",
      }),
    ).toMatchObject({ MEDIA_S3_BUCKET: "newsroom-media", MEDIA_S3_REGION: "auto", MEDIA_S3_FORCE_PATH_STYLE: true, MEDIA_PUBLIC_BASE_URL: "https://media.example.org/images" });
    expect(problemsOf({ MEDIA_S3_BUCKET: "Newsroom_Media", MEDIA_S3_ENDPOINT: "minio:9000", MEDIA_S3_SECRET_ACCESS_KEY: "" })).toEqual([
      'MEDIA_S3_BUCKET must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, not "Newsroom_Media"',
      'MEDIA_S3_ENDPOINT must be an http(s) address, e.g. https://<account>.r2.cloudflarestorage.com, not "minio:9000"',
    ]);
  });

  it("stops on a mistyped interval, naming it, instead of running every millisecond", () => {
    expect(() => parseEnv({ NEWSDESK_SCHEDULER_INTERVAL_MS: "abc" })).toThrow(
      'Newsdesk cannot start: NEWSDESK_SCHEDULER_INTERVAL_MS must be a whole number of milliseconds from 100 to 86400000, not "abc"',
    );
  });

  it("names every bad variable, one a line, and never repeats a secret's value", () => {
    expect(problemsOf({ PORT: "99999", DATABASE_URL: "mysql://user:hunter2@db/newsdesk", NEWSDESK_WORKERS: "two" })).toEqual([
      "DATABASE_URL must be a postgres:// or postgresql:// address",
      'PORT must be a port number from 1 to 65535, not "99999"',
      'NEWSDESK_WORKERS must be a whole number from 1 to 64, not "two"',
    ]);
  });

  it("refuses each kind of bad value", () => {
    const bad: Array<[string, string]> = [
      ["DATABASE_POOL_SIZE", "0"],
      ["DATABASE_POOL_SIZE", "2.5"],
      ["DATABASE_POOL_SIZE", "1001"],
      ["DATABASE_POOL_SIZE", "ten"],
      ["NEWSDESK_SITE_URL", "javascript:alert(1)"],
      ["NEWSDESK_SITE_URL", "news.example.org"],
      ["NEWSDESK_TIME_ZONE", "Mars/Olympus_Mons"],
      ["NEWSDESK_CACHE_POLL_MS", "-5"],
      ["NEWSDESK_CACHE_MAX_BYTES", "1e9"],
      ["NEWSDESK_PAGE_RESPONSES_MAX_BYTES", "0"],
      ["NEWSDESK_COMMENT_RATE_SCALE", "0.5"],
      ["NEWSDESK_BENCHMARK", "yes"],
    ];
    for (const [name, value] of bad) expect(problemsOf({ [name]: value }), `${name}=${value}`).toEqual([expect.stringMatching(new RegExp(`^${name} must be `))]);
  });

  it("refuses the benchmark-only rate scale in production unless a benchmark says so", () => {
    expect(() => parseEnv({ NODE_ENV: "production", NEWSDESK_COMMENT_RATE_SCALE: "1000" })).toThrow(
      /NEWSDESK_COMMENT_RATE_SCALE .* is for benchmarks only: unset it, or set NEWSDESK_BENCHMARK=1/,
    );
    expect(parseEnv({ NODE_ENV: "production", NEWSDESK_COMMENT_RATE_SCALE: "1000", NEWSDESK_BENCHMARK: "1" }).NEWSDESK_COMMENT_RATE_SCALE).toBe(1000);
    expect(parseEnv({ NODE_ENV: "development", NEWSDESK_COMMENT_RATE_SCALE: "1000" }).NEWSDESK_COMMENT_RATE_SCALE).toBe(1000);
    expect(parseEnv({ NODE_ENV: "production", NEWSDESK_COMMENT_RATE_SCALE: "" }).NEWSDESK_COMMENT_RATE_SCALE).toBe(1);
  });
});

describe("docs/operations.md", () => {
  it("lists exactly the variables the app reads", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
    const section = doc.slice(doc.indexOf("### Read by the app"), doc.indexOf("### Read by the scripts only"));
    const listed = [...section.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) => [...cell!.matchAll(/`([A-Z0-9_]+)`/g)].map(([, name]) => name!));
    expect(listed.sort()).toEqual([...ENV_NAMES].sort());
  });
});

// The product's sources: what runs in the app, its custom server and `npm start`.
const PRODUCT_DIRS = ["app", "components", "lib"];
const PRODUCT_FILES = ["instrumentation.ts", "instrumentation-client.ts", "proxy.ts", "next.config.ts", "scripts/serve.mjs", "scripts/start.ts"];

/** Reads of process.env the product may make, each with its reason. Every one must still be there. */
const EXCEPTIONS: Array<{ file: string; code: string; why: string }> = [
  { file: "lib/env.mjs", code: 'typeof process === "undefined" ? {} : process.env', why: "the one place the environment is parsed" },
  {
    file: "instrumentation.ts",
    code: 'process.env.NEXT_RUNTIME !== "nodejs"',
    why: "Next writes NEXT_RUNTIME into this file when it compiles it for each runtime, which keeps the Node-only imports out of the edge build",
  },
  { file: "scripts/serve.mjs", code: "const writableEnv = /** @type {Record<string, string | undefined>} */ (process.env);", why: "a write: Next's production mode, for this process and its workers (typed as writable for checkJs)" },
  {
    file: "scripts/serve.mjs",
    code: "process.env.DATABASE_POOL_SIZE = String(",
    why: "a write: each worker's pool size when none is set, inherited by the workers (and read back through env)",
  },
  {
    file: "scripts/serve.mjs",
    code: "workerExecArgv(process.execArgv, process.env.NODE_OPTIONS,",
    why: "Node's own NODE_OPTIONS, read so a heap limit set there is not overridden by the workers' default",
  },
  {
    file: "scripts/serve.mjs",
    code: 'MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2"',
    why: "glibc's own variable, passed on to the workers with a default; Node never reads it",
  },
  { file: "scripts/start.ts", code: "parseEnv({ ...process.env,", why: "hands the whole environment to lib/env.mjs, as the server will see it" },
  { file: "scripts/start.ts", code: "...process.env,", why: "passes the environment on to the server process it starts" },
];

function sourcesIn(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mjs|js)$/.test(entry.name) && !/\.test\.ts$|\.d\.mts$/.test(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`lib${path.sep}generated${path.sep}`));
}

describe("the product's reads of the environment", () => {
  it("go through lib/env.mjs, but for the listed exceptions", () => {
    const files = [...PRODUCT_DIRS.flatMap(sourcesIn), ...PRODUCT_FILES].map((file) => file.split(path.sep).join("/"));
    expect(files).toContain("lib/env.mjs");
    const unexplained: string[] = [];
    const used = new Set<(typeof EXCEPTIONS)[number]>();
    for (const file of files) {
      const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
      lines.forEach((line, index) => {
        const code = line.trim();
        if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) return;
        if (!/\bprocess\s*(\.\s*env\b|\[\s*["'`]env["'`]\s*\])|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/.test(code)) return;
        const exception = EXCEPTIONS.find((candidate) => candidate.file === file && code.includes(candidate.code));
        if (exception) used.add(exception);
        else unexplained.push(`${file}:${index + 1}: ${code}`);
      });
    }
    expect(unexplained, "read it through env from lib/env.mjs, or add an exception here with its reason").toEqual([]);
    expect(EXCEPTIONS.filter((exception) => !used.has(exception)), "exceptions that no longer match anything").toEqual([]);
  });
});
