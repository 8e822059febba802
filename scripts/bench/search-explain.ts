// Speed evidence for reader search (issue 4: "under 50 ms at the server with 100,000 stories").
// Starts an embedded PostgreSQL in a temporary folder, applies the migrations, bulk-inserts N
// stories in SQL (nine in ten published), runs representative searches through the app's own
// searchStories and prints per-search and overall median/p95 time, the CPU that PostgreSQL and
// this process spent per search, and EXPLAIN (ANALYZE, BUFFERS) plans. Not part of any test run.
//
//   npx tsx scripts/bench/search-explain.ts                        100,000 stories, 10 runs a search
//   npx tsx scripts/bench/search-explain.ts --stories 20000 --runs 20
//   npx tsx scripts/bench/search-explain.ts --data-dir /tmp/search-bench   keep the cluster and
//                                                                   reuse it (seeded once) next time
//   npx tsx scripts/bench/search-explain.ts --explain "government"  which plan(s) to print
//
// Time is measured around searchStories (both of its round trips: the search and the bylines),
// in this process, on loopback. Other work on the machine inflates it; CPU per search moves less.
//
// It also exports `benchmark`, the search page over HTTP as a module for `npm run bench` (below).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import pg from "pg";

// Lets the in-process measurement below import lib/ modules marked server-only.
import "../lib/server-only-hook.mjs";
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from "../db/embedded-postgres";
import { migrateDatabase } from "../db/migrations";
import { cpuPerRequest } from "./cpu";
import type { BenchModule } from "./run";

// ── Options ──────────────────────────────────────────────────────────────

interface Options {
  stories: number;
  runs: number;
  warmup: number;
  dataDir: string | undefined;
  explain: string[];
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { stories: 100_000, runs: 10, warmup: 2, dataDir: undefined, explain: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    const whole = (min: number) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number of at least ${min}`);
      i += 1;
      return n;
    };
    if (flag === "--stories") options.stories = whole(1);
    else if (flag === "--runs") options.runs = whole(1);
    else if (flag === "--warmup") options.warmup = whole(0);
    else if (flag === "--data-dir" && value) {
      options.dataDir = path.resolve(value);
      i += 1;
    } else if (flag === "--explain" && value !== undefined) {
      options.explain.push(value);
      i += 1;
    } else throw new Error(`Unknown argument "${flag ?? ""}". Options: --stories N --runs N --warmup N --data-dir DIR --explain QUERY`);
  }
  if (options.explain.length === 0) options.explain = ["government", "typhoon"];
  return options;
}

// ── Text ─────────────────────────────────────────────────────────────────

// News words, roughly most frequent first (stop words included, as in real copy), then a long tail
// of invented place and family names: words are drawn with Zipf's law (the k-th word about 1/k as
// often as the first), so a search can match half the archive, a few per cent of it, or a handful.
const NEWS_WORDS = `the of and to a in that is was for on said with as by at from it his an be has have are were its which
this will after not but who their they been more year would up than about new one two people over also government minister
council police city state officials president court country water election party workers years last report other million
plans company since could into health public week first bank group per cent market prices region law energy power schools
hospital security national local budget trade talks months vote rules support price service project port flood river storm
rain farmers harvest village residents housing rent transport rail bridge road traffic bus drivers strike union pay wages
jobs factory plant chip data centre grid network internet phone app software judge trial prison crime investigation inquiry
evidence witness lawyer charges fraud tax debt loan interest inflation growth economy exports imports tariffs shipping
container cargo fuel oil gas coal solar wind nuclear emissions climate drought heat wildfire coast sea island mountain valley
delta typhoon hurricane earthquake flooding floods flooded evacuation shelters rescue army navy border treaty accord summit
ambassador embassy sanctions protest demonstrators march rally campaign candidate polls ballot turnout coalition opposition
parliament senate mayor governor ministry agency regulator commission committee chairman director spokesperson professor
scientist doctor nurse patient vaccine virus outbreak disease cancer research university students teachers exams school
children parents families homes landlords tenants construction developers planning permit licence ban limit cap fine
penalty refund compensation insurance pension retirement benefits welfare poverty charity volunteers museum festival film
music theatre artist novel football match league season coach stadium fans tickets record championship athletes injury
transfer contract deal merger acquisition shares investors profit loss revenue forecast quarter dividend startup founder
chief executive board layoffs hiring robots automation artificial intelligence machine learning cables satellite telescope
space launch rocket orbit mission engineers dam reservoir irrigation wheat rice coffee cocoa fishermen fishing harbour ferry
airport airline flights passengers delays cancellation tourism hotels visitors restaurant bakery stalls shoppers retail
online delivery warehouse logistics trucks freight pipeline refinery mining copper lithium battery electric vehicles charging
stations bicycle pavement pedestrians safety accident crash collision fire explosion smoke pollution recycling waste plastic
forest wildlife species conservation park garden zoo ward ambulance emergency surgery waiting list midwives pharmacy
medicine prescription kestrel northvale brennport ondava tarun meridane halden esterby vossmark quillon dunmere ashgrove
ilvesta valmora amaru sable aramel callow lindqvist caro`.split(/\s+/);

const NAME_STARTS = ["ka", "vel", "mor", "tar", "bren", "os", "lin", "qua", "dun", "ash", "il", "sab", "ar", "cal", "hal", "est", "vos", "mer", "on", "nor", "kes", "ter", "pal", "rho", "zan", "fen", "gol", "hur", "jas", "lum"];
const NAME_MIDDLES = ["ova", "mora", "dane", "un", "port", "vale", "ston", "by", "mark", "grove", "mere", "lon", "ista", "ren", "del", "ika", "tor", "wyn", "sar", "ath"];
const NAME_ENDS = ["", "ia", "en", "is", "ar", "um", "ol", "et", "an", "ir", "ok", "ud", "ex", "yr", "ap", "oz", "ib", "ag", "ev", "uq"];
const NAMES = NAME_STARTS.flatMap((a) => NAME_MIDDLES.flatMap((b) => NAME_ENDS.map((c) => a + b + c)));
const VOCABULARY = [...NEWS_WORDS, ...NAMES];

/** A word from the tail, by its rank in VOCABULARY (1-based), for searches of known rarity. */
function wordAt(rank: number): string {
  return VOCABULARY[Math.min(rank, VOCABULARY.length) - 1] ?? "";
}

const SENTENCES = 30_000;

/**
 * Bulk stories, all in SQL: a pool of sentences of Zipf-drawn words, then stories of 2 standfirst
 * and 32–71 body sentences (about 400–900 words), published over the last three years. The search
 * triggers fill search."StoryDocument" as the rows go in, as they would on a live site.
 */
async function seedStories(url: string, count: number, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = Date.now();
    await client.query(`INSERT INTO "Section" ("id", "name", "slug", "updatedAt")
      SELECT gen_random_uuid(), name, lower(name), now() FROM unnest(ARRAY['World', 'Asia', 'Technology', 'Business', 'Opinion']) AS name
      ON CONFLICT ("slug") DO NOTHING`);
    await client.query(`INSERT INTO "Byline" ("id", "kind", "name", "slug", "updatedAt")
      SELECT gen_random_uuid(), 'PERSON', 'Bench Reporter ' || i, 'bench-reporter-' || i, now() FROM generate_series(1, 20) AS i
      ON CONFLICT ("slug") DO NOTHING`);
    await client.query(`CREATE UNLOGGED TABLE IF NOT EXISTS "BenchWord" ("rank" int PRIMARY KEY, "word" text NOT NULL)`);
    await client.query(`TRUNCATE "BenchWord"`);
    await client.query(`INSERT INTO "BenchWord" SELECT rank::int, word FROM unnest($1::text[]) WITH ORDINALITY AS u(word, rank)`, [VOCABULARY]);
    // The random draw happens in a subquery of its own, so it runs once per word (a volatile
    // expression in a join condition would be evaluated once for the whole join).
    const draw = (length: string) =>
      `(SELECT k, floor(exp(random() * ln(${VOCABULARY.length + 1})))::int AS rank FROM generate_series(1, ${length}) AS k) AS t JOIN "BenchWord" w ON w."rank" = t.rank`;
    await client.query(`CREATE UNLOGGED TABLE "BenchSentence" AS
      SELECT s AS "id", (SELECT string_agg(w."word", ' ' ORDER BY t.k) FROM ${draw("6 + s % 14")}) AS "text"
        FROM generate_series(1, ${SENTENCES}) AS s`);
    await client.query(`ALTER TABLE "BenchSentence" ADD PRIMARY KEY ("id")`);
    const pick = (length: string) =>
      `(SELECT k, 1 + floor(random() * ${SENTENCES})::int AS "id" FROM generate_series(1, ${length}) AS k) AS t JOIN "BenchSentence" x ON x."id" = t."id"`;
    const capitalise = (sql: string) => `(SELECT upper(left(v, 1)) || substr(v, 2) FROM (SELECT ${sql} AS v) AS c)`;
    await client.query(`CREATE UNLOGGED TABLE "BenchStory" AS
      SELECT g,
             ${capitalise(`(SELECT string_agg(w."word", ' ' ORDER BY t.k) FROM ${draw("6 + g % 7")})`)} AS headline,
             ${capitalise(`(SELECT string_agg(x."text", '. ' ORDER BY t.k) FROM ${pick("2 + 0 * g")})`)} || '.' AS standfirst,
             (SELECT string_agg(upper(left(x."text", 1)) || substr(x."text", 2), '. ' ORDER BY t.k) FROM ${pick("32 + (g * 7919) % 40")}) || '.' AS body
        FROM generate_series(1, ${count}) AS g`);
    log(`Generated ${count.toLocaleString("en-GB")} stories' text in ${((Date.now() - started) / 1000).toFixed(0)} s`);

    // Two connections, so the trigger's to_tsvector work uses both cores. The GIN index takes
    // entries one story at a time (fastupdate off: searches never wait on a pending list); for the
    // bulk load it may batch them, and VACUUM below merges the batch before any search runs.
    const insertStarted = Date.now();
    await client.query(`ALTER INDEX "search"."Story_search_idx" SET (fastupdate = on, gin_pending_list_limit = 65536)`);
    const insertPart = async (part: number) => {
      const worker = new pg.Client({ connectionString: url });
      await worker.connect();
      try {
        await worker.query(`INSERT INTO "Story" ("id", "slug", "headline", "standfirst", "body", "bodyText", "status", "sectionId", "publishedAt", "firstPublishedAt", "updatedAt")
          SELECT gen_random_uuid(), 'bench-' || b.g, b.headline, b.standfirst,
                 jsonb_build_object('type', 'doc', 'content', jsonb_build_array(jsonb_build_object('type', 'paragraph', 'content', jsonb_build_array(jsonb_build_object('type', 'text', 'text', b.body))))),
                 b.body,
                 (CASE WHEN b.g % 10 = 0 THEN 'DRAFT' ELSE 'PUBLISHED' END)::"StoryStatus",
                 sections.ids[1 + b.g % 5],
                 CASE WHEN b.g % 10 = 0 THEN NULL ELSE now() - b.g * interval '15 minutes' END,
                 CASE WHEN b.g % 10 = 0 THEN NULL ELSE now() - b.g * interval '15 minutes' END,
                 now()
            FROM "BenchStory" b, (SELECT array_agg("id" ORDER BY "slug") AS ids FROM "Section") AS sections
           WHERE b.g % 2 = $1`, [part]);
      } finally {
        await worker.end();
      }
    };
    await Promise.all([insertPart(0), insertPart(1)]);
    await client.query(`INSERT INTO "StoryByline" ("storyId", "bylineId", "position")
      SELECT s."id", bylines.ids[1 + abs(hashtext(s."id"::text)) % 20], 0
        FROM "Story" s, (SELECT array_agg("id" ORDER BY "slug") AS ids FROM "Byline" WHERE "slug" LIKE 'bench-reporter-%') AS bylines
       WHERE s."slug" LIKE 'bench-%'`);
    await client.query(`DROP TABLE "BenchStory", "BenchSentence", "BenchWord"`);
    log(`Inserted them (search vectors by trigger) in ${((Date.now() - insertStarted) / 1000).toFixed(0)} s`);
    const vacuumStarted = Date.now();
    await client.query(`VACUUM (ANALYZE) "Story", "StoryByline", "search"."StoryDocument"`);
    await client.query(`ALTER INDEX "search"."Story_search_idx" SET (fastupdate = off)`);
    await client.query(`ALTER INDEX "search"."Story_search_idx" RESET (gin_pending_list_limit)`);
    log(`VACUUM (ANALYZE) in ${((Date.now() - vacuumStarted) / 1000).toFixed(0)} s`);
  } finally {
    await client.end();
  }
}

// ── CPU (Linux /proc) ────────────────────────────────────────────────────

const CLOCK_TICKS = (() => {
  const probe = spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" });
  const ticks = Number(probe.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

/** CPU milliseconds of the postmaster and all its children (the backends), or null off Linux. */
function databaseCpuMs(dataDir: string): number | null {
  if (process.platform !== "linux") return null;
  try {
    const postmaster = Number.parseInt(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0] ?? "", 10);
    let ticks = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const text = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        const pid = Number(entry);
        const ppid = Number(fields[1]);
        if (pid === postmaster || ppid === postmaster) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      } catch {
        // the process ended while we looked
      }
    }
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

// ── Statistics ───────────────────────────────────────────────────────────

function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  if (p === 50 && sorted.length % 2 === 0) return ((sorted[sorted.length / 2 - 1] ?? NaN) + (sorted[sorted.length / 2] ?? NaN)) / 2;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

// ── The searches ─────────────────────────────────────────────────────────

interface BenchSearch {
  label: string;
  query: string;
  page?: number;
}

const SEARCHES: BenchSearch[] = [
  { label: "rare name", query: wordAt(11_000) },
  { label: "uncommon name", query: wordAt(3_000) },
  { label: "name", query: wordAt(900) },
  { label: "news word", query: "typhoon" },
  { label: "news word", query: "harbour" },
  { label: "common word", query: "government" },
  { label: "common word", query: "police" },
  { label: "very common word", query: "said" },
  { label: "stemming", query: "floods" },
  { label: "two words", query: "river flood" },
  { label: "two words", query: `council ${wordAt(900)}` },
  { label: "phrase", query: '"police investigation"' },
  { label: "OR", query: "typhoon or hurricane" },
  { label: "exclusion", query: "flood -river" },
  { label: "stop words only", query: "the and of" },
  { label: "no match", query: "zzqxjv" },
  { label: "emoji", query: "🌊🌀" },
  { label: "operator soup", query: `"AND OR NOT - :* \\ '; DROP TABLE "Story"; -- <script>` },
  { label: "10 KB query", query: "flood ".repeat(1_700) },
  { label: "many common words, OR", query: "said or government or police or council or water or election or party or workers" },
  { label: "next page", query: "typhoon", page: 2 },
  { label: "deep page", query: "government", page: 40 },
];

// ── Main ─────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (line: string) => console.log(line);
  const tempDir = options.dataDir ? undefined : mkdtempSync(path.join(os.tmpdir(), "newsdesk-search-bench-"));
  const dataDir = options.dataDir ?? path.join(tempDir ?? "", "pg");
  let server: EmbeddedPostgresServer | undefined;
  const stop = async () => {
    await server?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void stop().finally(() => process.exit(130)));
  try {
    const started = Date.now();
    server = await startEmbeddedPostgres({ dataDir, persistent: options.dataDir !== undefined });
    const { applied } = await migrateDatabase(server.url);
    log(`Embedded PostgreSQL in ${dataDir}, migrations applied (${applied.length} new) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const counter = new pg.Client({ connectionString: server.url });
    await counter.connect();
    const existing = Number((await counter.query<{ n: string }>(`SELECT count(*) AS n FROM "Story"`)).rows[0]?.n ?? 0);
    await counter.end();
    if (existing === 0) await seedStories(server.url, options.stories, log);
    else log(`Reusing the ${existing.toLocaleString("en-GB")} stories already in ${dataDir}`);

    process.env.DATABASE_URL = server.url;
    process.env.DATABASE_POOL_SIZE ??= "4";
    const { searchStories, explainSearch, RANK_WINDOW } = await import("@/lib/search/queries");
    const { getDb } = await import("@/lib/db");

    const stats = new pg.Client({ connectionString: server.url });
    await stats.connect();
    const sizes = (
      await stats.query<{ published: string; stories: string; table: string; gin: string }>(`SELECT
        (SELECT count(*) FROM "search"."StoryDocument") AS published, (SELECT count(*) FROM "Story") AS stories,
        pg_size_pretty(pg_total_relation_size('"search"."StoryDocument"')) AS table,
        pg_size_pretty(pg_relation_size('"search"."Story_search_idx"')) AS gin`)
    ).rows[0];
    await stats.end();
    log(`${Number(sizes?.stories).toLocaleString("en-GB")} stories, ${Number(sizes?.published).toLocaleString("en-GB")} published and searchable; ` +
      `search."StoryDocument" ${sizes?.table} with its indexes, GIN index ${sizes?.gin}; ranking window ${RANK_WINDOW}`);
    log(`Load average before the runs: ${os.loadavg().map((n) => n.toFixed(2)).join(", ")} (${os.cpus().length} cores)\n`);

    const all: number[] = [];
    const rows: string[][] = [];
    let totalDbCpu = 0;
    let totalAppCpu = 0;
    for (const search of SEARCHES) {
      const input = { query: search.query, page: search.page ?? 1 };
      for (let i = 0; i < options.warmup; i += 1) await searchStories(input);
      const samples: number[] = [];
      const dbBefore = databaseCpuMs(dataDir);
      const appBefore = process.cpuUsage();
      let last: Awaited<ReturnType<typeof searchStories>> | undefined;
      for (let i = 0; i < options.runs; i += 1) {
        const t = performance.now();
        last = await searchStories(input);
        samples.push(performance.now() - t);
      }
      const app = process.cpuUsage(appBefore);
      const dbAfter = databaseCpuMs(dataDir);
      const dbCpu = dbBefore !== null && dbAfter !== null ? (dbAfter - dbBefore) / options.runs : NaN;
      const appCpu = (app.user + app.system) / 1000 / options.runs;
      totalDbCpu += dbCpu;
      totalAppCpu += appCpu;
      all.push(...samples);
      const shown = search.query.length > 32 ? `${search.query.slice(0, 29)}…` : search.query;
      rows.push([
        `${search.label}${search.page ? ` (page ${search.page})` : ""}`,
        JSON.stringify(shown),
        last ? `${last.total.toLocaleString("en-GB")}${last.totalIsCapped ? "+" : ""}` : "",
        ms(percentile(samples, 50)),
        ms(percentile(samples, 95)),
        Number.isNaN(dbCpu) ? "n/a" : ms(dbCpu),
        ms(appCpu),
      ]);
    }
    const header = ["search", "query", "matches", "median", "p95", "PostgreSQL CPU", "Node CPU"];
    const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]?.length ?? 0)));
    const line = (cells: string[]) => cells.map((cell, i) => (i >= 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join("  ");
    log(line(header));
    for (const row of rows) log(line(row));
    log(`\nAll ${all.length} searches (${options.runs} of each of ${SEARCHES.length}): median ${ms(percentile(all, 50))}, p95 ${ms(percentile(all, 95))}, ` +
      `max ${ms(Math.max(...all))}; CPU per search on average: PostgreSQL ${ms(totalDbCpu / SEARCHES.length)}, Node ${ms(totalAppCpu / SEARCHES.length)}`);
    log(`Load average after the runs: ${os.loadavg().map((n) => n.toFixed(2)).join(", ")}`);

    for (const query of options.explain) {
      log(`\nEXPLAIN (ANALYZE, BUFFERS) of the search for ${JSON.stringify(query)}, page 1:\n`);
      log(await explainSearch(query));
    }
    await getDb().$disconnect();
  } finally {
    await stop();
  }
}

// ── As a module of `npm run bench` ───────────────────────────────────────

// Words of scripts/bench/seed-bulk.ts's stories and the demo newsroom: some in nearly every bulk
// story (the "1,000+" path), some in a few, one in the demo only, and the search-box operators.
const PAGE_QUERIES = [
  "council", "flood barriers", "Kestrel", "harbour", "typhoon", '"rail link"', "night buses", "nurses",
  "groundwater or drought", "inquiry -blackout", "Vossmark bridge", "data centre",
];

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function timedGet(url: string): Promise<{ status: number; body: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.get(url, { agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
    });
    request.on("error", reject);
  });
}

/**
 * The search page over HTTP, as a reader loads it (issue 4: under 50 ms at the server). To run it
 * with the others, add `search: async () => (await import("./search-explain")).benchmark` to
 * MODULES in scripts/bench/run.ts (`npm run bench -- --only search --stories 100000`).
 */
export const benchmark: BenchModule = {
  name: "search",
  description: `GET /search?q=… as an anonymous reader, ${PAGE_QUERIES.length} queries in turn`,
  async run(context) {
    try {
      const samples: number[] = [];
      const byQuery = new Map<string, number[]>();
      const load = async (index: number, measured: boolean) => {
        const query = PAGE_QUERIES[index % PAGE_QUERIES.length] ?? "";
        const response = await timedGet(`${context.baseUrl}/search?q=${encodeURIComponent(query)}`);
        if (response.status !== 200 || !/results? for “|No (recent )?stories match/.test(response.body)) {
          throw new Error(`GET /search?q=${query} answered ${response.status} without a result summary`);
        }
        if (!measured) return;
        samples.push(response.ms);
        byQuery.set(query, [...(byQuery.get(query) ?? []), response.ms]);
      };
      for (let i = 0; i < context.warmup; i += 1) await load(i, false);
      const before = context.cpu();
      for (let i = 0; i < context.requests; i += 1) await load(i, true);
      const after = context.cpu();
      return [
        {
          key: "page",
          label: "Search results page (GET /search?q=…, whole HTML)",
          samplesMs: samples,
          targetMedianMs: 50,
          cpuMsPerRequest: cpuPerRequest(before, after, context.requests),
          extra: { medianMsByQuery: Object.fromEntries([...byQuery].map(([query, values]) => [query, Math.round(percentile(values, 50) * 10) / 10])) },
        },
      ];
    } finally {
      agent.destroy();
    }
  },
};

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
