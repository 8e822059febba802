// @ts-check
// Every environment variable Newsdesk reads, parsed and checked in one place. The first read
// parses them all, so a bad value stops the app at start with a message naming the variable
// (`npm start`, scripts/serve.mjs and instrumentation.ts read it first), instead of turning into
// NaN or a silent default wherever it is used. docs/operations.md lists them; a unit test
// (lib/env.test.ts) keeps that list, this file and the code's reads in step.
//
// Plain JavaScript, so that scripts/serve.mjs and lib/cache/cache-handler.mjs, which run outside
// Next's build, read the same values. It imports nothing from Node: lib/format.ts, which reads the
// time zone, also reaches the browser, where the environment is empty and every default applies.

import { z } from "zod";

/** Unset and empty (or blank) mean the same: not set, so the default applies. */
const notBlank = (/** @type {unknown} */ value) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * @template {z.ZodType} T
 * @param {T} schema
 */
function optional(schema) {
  return z.preprocess(notBlank, schema.optional());
}

/**
 * @template {z.ZodType} T
 * @param {T} schema
 * @param {z.output<T>} fallback
 */
function withDefault(schema, fallback) {
  return z.preprocess(notBlank, schema.optional()).transform((value) => (value === undefined ? fallback : value));
}

/** A whole number written in digits, from `min` to `max`. */
function wholeNumber(/** @type {number} */ min, /** @type {number} */ max) {
  return z
    .string()
    .trim()
    .regex(/^\d+$/)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

function isTimeZone(/** @type {string} */ zone) {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MB = 1024 * 1024;

const schema = z.object({
  // Set by Next (and by scripts/serve.mjs): "production" under `npm start`.
  NODE_ENV: optional(z.string()),
  // Set by Next while `next build` runs: "phase-production-build".
  NEXT_PHASE: optional(z.string()),

  DATABASE_URL: optional(z.string().trim().regex(/^postgres(ql)?:\/\//)),
  DATABASE_POOL_SIZE: optional(wholeNumber(1, 1000)),
  // Streaming standbys of DATABASE_URL that reader reads go to (lib/db.ts, docs/operations.md "Read replicas").
  DATABASE_REPLICA_URLS: withDefault(
    z
      .string()
      .transform((value) => value.split(",").map((one) => one.trim()).filter((one) => one !== ""))
      .pipe(z.array(z.string().regex(/^postgres(ql)?:\/\//))),
    /** @type {string[]} */ ([]),
  ),
  AUTH_SECRET: optional(z.string()),
  AUTH_SECRET_1: optional(z.string()),
  AUTH_SECRET_2: optional(z.string()),
  AUTH_SECRET_3: optional(z.string()),

  PORT: withDefault(wholeNumber(1, 65535), 3000),
  HOST: optional(z.string().trim()),
  NEWSDESK_SITE_URL: optional(
    z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^https?$/ }))
      .transform((value) => value.replace(/\/+$/, "")),
  ),
  NEWSDESK_TIME_ZONE: withDefault(z.string().trim().refine(isTimeZone), "UTC"),
  NEWSDESK_DATA_DIR: optional(z.string()),
  // Continuous WAL archiving of the embedded PostgreSQL (point-in-time recovery, docs/operations.md).
  NEWSDESK_WAL_ARCHIVE_DIR: optional(z.string().trim()),
  NEWSDESK_DIST_DIR: withDefault(z.string().trim(), ".next"),
  // Parsed by lib/http/forwarded.mjs, which names a bad entry (scripts/serve.mjs does so at start).
  NEWSDESK_TRUSTED_PROXIES: optional(z.string()),
  NEWSDESK_WORKERS: optional(wholeNumber(1, 64)),
  // Each worker's V8 old-space limit in MB (scripts/serve.mjs); 0 leaves Node's own default.
  NEWSDESK_WORKER_HEAP_MB: withDefault(wholeNumber(0, 65_536), 256),

  NEWSDESK_SCHEDULER_INTERVAL_MS: withDefault(wholeNumber(100, 86_400_000), 15_000),
  NEWSDESK_CACHE_POLL_MS: withDefault(wholeNumber(10, 3_600_000), 1000),
  NEWSDESK_CACHE_MAX_BYTES: withDefault(wholeNumber(1, Number.MAX_SAFE_INTEGER), 48 * MB),
  NEWSDESK_PAGE_RESPONSES_MAX_BYTES: withDefault(wholeNumber(1, Number.MAX_SAFE_INTEGER), 32 * MB),
  NEWSDESK_SHARED_CACHE: withDefault(
    z.enum(["0", "1"]).transform((value) => value === "1"),
    true,
  ),
  // Where the app requests its own reader pages (write-through and the background fill,
  // lib/cache/self-address.ts); unset: loopback (or HOST) at PORT.
  NEWSDESK_SELF_URL: optional(
    z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^http$/ }))
      .transform((value) => value.replace(/\/+$/, "")),
  ),
  NEWSDESK_FILL_CONCURRENCY: withDefault(wholeNumber(0, 16), 2),

  // Outgoing email (lib/email/): unset, messages wait in the outbox admins read at /desk/outbox.
  SMTP_URL: optional(z.string().trim().regex(/^smtps?:\/\/[^\s]+$/)),
  SMTP_FROM: optional(z.string().trim().min(3).max(320)),

  NEWSDESK_BENCHMARK: withDefault(
    z.enum(["0", "1"]).transform((value) => value === "1"),
    false,
  ),
  NEWSDESK_COMMENT_RATE_SCALE: withDefault(z.string().trim().regex(/^\d+(\.\d+)?$/).transform(Number).pipe(z.number().min(1).max(1_000_000)), 1),

  // Webhooks (lib/webhooks, docs/webhooks.md): how often each process looks for due deliveries,
  // and whether a production server may send to private, loopback and link-local addresses.
  NEWSDESK_WEBHOOKS_INTERVAL_MS: withDefault(wholeNumber(100, 3_600_000), 2000),
  NEWSDESK_WIRE_INBOX: optional(z.string()),
  NEWSDESK_WIRE_POLL_MS: withDefault(wholeNumber(100, 3_600_000), 5000),
  NEWSDESK_WEBHOOKS_ALLOW_PRIVATE: withDefault(
    z.enum(["0", "1"]).transform((value) => value === "1"),
    false,
  ),
  // The HTML import's images (lib/media/remote.ts): whether the server may fetch images from
  // private, loopback and link-local addresses and other ports (an image server inside your network).
  NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE: withDefault(
    z.enum(["0", "1"]).transform((value) => value === "1"),
    false,
  ),
  // Media in an S3-compatible bucket (lib/media/s3-store.ts): a bucket name selects it; unset,
  // images stay on the local disk. Keys left unset fall to the AWS SDK's own credential chain.
  MEDIA_S3_BUCKET: optional(z.string().trim().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)),
  MEDIA_S3_ENDPOINT: optional(z.string().trim().pipe(z.url({ protocol: /^https?$/ }))),
  MEDIA_S3_REGION: withDefault(z.string().trim().regex(/^[a-z0-9-]+$/), "us-east-1"),
  MEDIA_S3_ACCESS_KEY_ID: optional(z.string().trim()),
  MEDIA_S3_SECRET_ACCESS_KEY: optional(z.string().trim()),
  MEDIA_S3_FORCE_PATH_STYLE: withDefault(
    z.enum(["0", "1"]).transform((value) => value === "1"),
    false,
  ),
  // Where readers fetch the bucket's files straight (a public bucket or a CDN in front of it).
  MEDIA_PUBLIC_BASE_URL: optional(
    z
      .string()
      .trim()
      .pipe(z.url({ protocol: /^https?$/ }))
      .transform((value) => value.replace(/\/+$/, "")),
  ),
});

/** @typedef {z.output<typeof schema>} Env */

/** What each variable must be, for the message when it is not. */
const EXPECTED = /** @type {Record<keyof Env, string>} */ ({
  NODE_ENV: "text",
  NEXT_PHASE: "text",
  DATABASE_URL: "a postgres:// or postgresql:// address",
  DATABASE_POOL_SIZE: "a whole number from 1 to 1000",
  DATABASE_REPLICA_URLS: "comma-separated postgres:// or postgresql:// addresses",
  AUTH_SECRET: "text",
  AUTH_SECRET_1: "text",
  AUTH_SECRET_2: "text",
  AUTH_SECRET_3: "text",
  PORT: "a port number from 1 to 65535",
  HOST: "an address to listen on",
  NEWSDESK_SITE_URL: "an http(s) address, e.g. https://news.example.org",
  NEWSDESK_TIME_ZONE: "an IANA time zone, e.g. Europe/London",
  NEWSDESK_DATA_DIR: "a folder",
  NEWSDESK_WAL_ARCHIVE_DIR: "a folder",
  NEWSDESK_DIST_DIR: "a folder",
  NEWSDESK_TRUSTED_PROXIES: "addresses or CIDR ranges",
  NEWSDESK_WORKERS: "a whole number from 1 to 64",
  NEWSDESK_WORKER_HEAP_MB: "a whole number of megabytes from 0 (Node's default) to 65536",
  NEWSDESK_SCHEDULER_INTERVAL_MS: "a whole number of milliseconds from 100 to 86400000",
  NEWSDESK_CACHE_POLL_MS: "a whole number of milliseconds from 10 to 3600000",
  NEWSDESK_CACHE_MAX_BYTES: "a whole number of bytes, 1 or more",
  NEWSDESK_PAGE_RESPONSES_MAX_BYTES: "a whole number of bytes, 1 or more",
  NEWSDESK_SHARED_CACHE: "1 or 0",
  NEWSDESK_SELF_URL: "an http:// address the app reaches itself at, e.g. http://127.0.0.1:3000",
  NEWSDESK_FILL_CONCURRENCY: "a whole number from 0 (off) to 16",
  SMTP_URL: "an smtp:// or smtps:// address, e.g. smtp://user:password@mail.example.org:587",
  SMTP_FROM: "a sender, e.g. Newshub <news@example.org>",
  NEWSDESK_BENCHMARK: "1 or 0",
  NEWSDESK_COMMENT_RATE_SCALE: "a number from 1 to 1000000",
  NEWSDESK_WEBHOOKS_INTERVAL_MS: "a whole number of milliseconds from 100 to 3600000",
  NEWSDESK_WIRE_INBOX: "a folder",
  NEWSDESK_WIRE_POLL_MS: "a whole number of milliseconds from 100 to 3600000",
  NEWSDESK_WEBHOOKS_ALLOW_PRIVATE: "1 or 0",
  NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE: "1 or 0",
  MEDIA_S3_BUCKET: "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens",
  MEDIA_S3_ENDPOINT: "an http(s) address, e.g. https://<account>.r2.cloudflarestorage.com",
  MEDIA_S3_REGION: "a region name, e.g. eu-west-1 (auto for R2)",
  MEDIA_S3_ACCESS_KEY_ID: "text",
  MEDIA_S3_SECRET_ACCESS_KEY: "text",
  MEDIA_S3_FORCE_PATH_STYLE: "1 or 0",
  MEDIA_PUBLIC_BASE_URL: "an http(s) address, e.g. https://media.example.org",
});

/** Variables whose value is never repeated in a message. */
const SECRET = new Set(["DATABASE_URL", "DATABASE_REPLICA_URLS", "SMTP_URL", "MEDIA_S3_SECRET_ACCESS_KEY", "AUTH_SECRET", "AUTH_SECRET_1", "AUTH_SECRET_2", "AUTH_SECRET_3"]);

/** The names parseEnv reads, for docs/operations.md's table and its test. */
export const ENV_NAMES = /** @type {Array<keyof Env>} */ (Object.keys(schema.shape));

/** A bad environment: its message names each bad variable, one a line. */
export class EnvError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(`Newsdesk cannot start:${problems.length === 1 ? ` ${problems[0]}` : `\n  ${problems.join("\n  ")}`}`);
    this.name = "EnvError";
    this.problems = problems;
  }
}

/**
 * Parses the variables Newsdesk reads from `source`, or throws an EnvError naming every bad one.
 * NEWSDESK_COMMENT_RATE_SCALE (which multiplies every comment rate limit) is refused in
 * production unless NEWSDESK_BENCHMARK=1 says a benchmark is running (scripts/bench sets it).
 * @param {Record<string, string | undefined>} source
 * @returns {Env}
 */
export function parseEnv(source) {
  const result = schema.safeParse(source);
  /** @type {string[]} */
  const problems = [];
  if (!result.success) {
    const names = new Set(result.error.issues.map((issue) => /** @type {keyof Env} */ (issue.path[0])));
    for (const name of ENV_NAMES.filter((n) => names.has(n))) {
      const value = source[name];
      problems.push(`${name} must be ${EXPECTED[name]}${SECRET.has(name) ? "" : `, not "${value}"`}`);
    }
    throw new EnvError(problems);
  }
  const env = result.data;
  if (env.NODE_ENV === "production" && notBlank(source.NEWSDESK_COMMENT_RATE_SCALE) !== undefined && !env.NEWSDESK_BENCHMARK) {
    throw new EnvError([
      "NEWSDESK_COMMENT_RATE_SCALE multiplies every comment rate limit and is for benchmarks only: unset it, or set NEWSDESK_BENCHMARK=1 on a benchmark's server",
    ]);
  }
  return env;
}

/** @type {Env | undefined} */
let current;

/** This process's environment, parsed on the first call (throws an EnvError when it is bad). */
export function readEnv() {
  current ??= parseEnv(typeof process === "undefined" ? {} : process.env);
  return current;
}

/** Forgets the parsed environment, so the next read parses it again: for tests that change it, and a server that sets a default for its workers. */
export function reloadEnv() {
  current = undefined;
}

/** The parsed environment: each property is read from readEnv(). */
export const env = /** @type {Env} */ (
  /** @type {unknown} */ (
    new Proxy(
      {},
      {
        get: (_target, name) => readEnv()[/** @type {keyof Env} */ (name)],
      },
    )
  )
);
