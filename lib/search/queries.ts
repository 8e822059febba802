// Reader search: PostgreSQL full-text search over PUBLISHED stories only. Whatever a reader types
// is a query, never an error: it is tidied (normaliseSearchQuery) and handed to
// websearch_to_tsquery as a parameter, which reads quotes, OR and - and ignores anything else.
//
// Ranking: ts_rank_cd over the stored weighted vector (headline A, standfirst B, body C; see
// prisma/migrations/*_story_search_ranked), ties newest first. Only the newest RANK_WINDOW
// matches are ranked and the newest COUNT_LIMIT counted ("1,000+"), so a word in most of the
// archive costs about what a rarer one does. Highlights are computed for the page of results only.

import "server-only";

import { z } from "zod";

import { type Db, readerDb, withReaderReads } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyHref, type BylineRef } from "@/lib/stories/queries";
import { parseInput } from "@/lib/validation/parse-input";
import { publishedStorySql } from "@/lib/stories/visibility";
import { textProblem } from "@/lib/validation/text";

/** Longest query we search for, in characters and in words; the rest is dropped. */
export const QUERY_MAX = 200;
export const QUERY_MAX_WORDS = 16;
/** How many of the newest matches are counted: more are "1,000+". */
export const COUNT_LIMIT = 1000;
/** How many of the newest matches are ranked, and so can be paged through. */
export const RANK_WINDOW = 500;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;
/** Highest page number a URL may ask for; anything else is page 1. */
export const MAX_PAGE = 1_000_000;
/** A search that takes longer than this is abandoned (a guard; normal searches take milliseconds). */
const STATEMENT_TIMEOUT_MS = 2_000;

// ts_headline marks matches with these; user text cannot contain them (they are removed from
// both the query and the text first), so splitting on them is exact.
const FRAGMENT = "\u0001";
const START = "\u0002";
const STOP = "\u0003";
const SENTINELS = FRAGMENT + START + STOP;

const WHOLE_OPTIONS = `HighlightAll=true, StartSel="${START}", StopSel="${STOP}"`;
const SNIPPET_OPTIONS = `MaxFragments=2, MaxWords=30, MinWords=12, StartSel="${START}", StopSel="${STOP}", FragmentDelimiter="${FRAGMENT}"`;
// ts_headline parses all the text it is given (about 1 ms for an 800-word body), so a body snippet
// is cut from a window of the body around the first place a query word's stem occurs.
const WINDOW_BEFORE = 150;
const WINDOW_LENGTH = 600;

export interface SearchSegment {
  text: string;
  match: boolean;
}

export interface SearchResult {
  id: string;
  headline: string;
  standfirst: string;
  href: string;
  section: { name: string; slug: string };
  publishedAt: Date;
  bylines: BylineRef[];
  /** The headline, split where the query matched. */
  headlineSegments: SearchSegment[];
  /**
   * Where else the query matched: the whole standfirst with its matches marked, or else up to two
   * fragments of the body around them; empty when the match is in the headline alone.
   */
  snippet: SearchSegment[];
}

export interface SearchPage {
  /** The query as searched (tidied); "" means no search was made. */
  query: string;
  /** Matching stories, counted up to COUNT_LIMIT. */
  total: number;
  /** True when more than `total` stories match: say "1,000+". */
  totalIsCapped: boolean;
  results: SearchResult[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

// Cc: controls (including the sentinels above); Cs: lone surrogate halves; Zl/Zp: line breaks.
const UNSEARCHABLE = /[\p{Cc}\p{Cs}\u2028\u2029]/gu;

/**
 * Trimmed, whitespace collapsed, control characters gone, a word repeated outside quotation marks
 * kept once, at most QUERY_MAX_WORDS words and QUERY_MAX characters. Repeats and long lists of
 * words change nothing a reader wants but make ranking and highlighting slow (a query of the same
 * word 33 times took 100 ms).
 */
export function normaliseSearchQuery(raw: string): string {
  const cleaned = raw.normalize("NFC").replace(UNSEARCHABLE, " ").replace(/\s+/gu, " ").trim();
  const words: string[] = [];
  const seen = new Set<string>();
  let inPhrase = false;
  for (const word of cleaned === "" ? [] : cleaned.split(" ")) {
    const quotes = word.split('"').length - 1;
    const partOfPhrase = inPhrase || quotes > 0;
    if (quotes % 2 === 1) inPhrase = !inPhrase;
    const key = word.toLowerCase();
    if (!partOfPhrase && seen.has(key)) continue;
    seen.add(key);
    words.push(word);
    if (words.length === QUERY_MAX_WORDS) break;
  }
  // By code point, so an emoji is never cut in half; and at a space where there is one, since
  // the stub of a cut word would be searched for too (and match nothing).
  const characters = Array.from(words.join(" "));
  if (characters.length <= QUERY_MAX) return characters.join("");
  const cut = characters.slice(0, QUERY_MAX).join("");
  const lastSpace = cut.lastIndexOf(" ");
  return (characters[QUERY_MAX] === " " || lastSpace < 0 ? cut : cut.slice(0, lastSpace)).trim();
}

/** A page number from a URL: a plain whole number from 1 to MAX_PAGE, anything else is page 1. */
export function parseSearchPage(raw: unknown): number {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value === "number") return Number.isInteger(value) && value >= 1 && value <= MAX_PAGE ? value : 1;
  if (typeof value !== "string" || !/^[1-9][0-9]{0,6}$/.test(value)) return 1;
  const page = Number(value);
  return page <= MAX_PAGE ? page : 1;
}

const searchInputSchema = z.object({
  query: z.string(),
  page: z.union([z.number(), z.string()]).optional(),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
});

export type SearchInput = z.input<typeof searchInputSchema>;

// One row per story on the page, or a single row of nulls beside the counts when the page is empty.
interface SearchRow {
  /** Matches of the query with phrases loosened, up to COUNT_LIMIT + 1. */
  scanned: number;
  /** Of those, the ones that really match. */
  matched: number;
  /** Of those, the ones ranked: the newest RANK_WINDOW. */
  ranked: number;
  id: string | null;
  slug: string | null;
  headline: string | null;
  standfirst: string | null;
  publishedAt: Date | null;
  sectionName: string | null;
  sectionSlug: string | null;
  /** [{ id, name, slug, kind }] in byline order, as JSON. */
  bylines: unknown;
  headlineMarked: string | null;
  snippetMarked: string | null;
}

type FoundRow = { [K in keyof SearchRow]: K extends "snippetMarked" | "bylines" ? SearchRow[K] : NonNullable<SearchRow[K]> };

const bylinesSchema = z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), kind: z.enum(["PERSON", "ORGANISATION"]) }));

/**
 * The SQL of one search: the newest COUNT_LIMIT + 1 matches (from the GIN index), the newest
 * RANK_WINDOW of them ranked, one page of those highlighted, and the counts. Always at least one
 * row: an empty page still carries the counts. Exported for the benchmark's EXPLAIN
 * (scripts/bench/search-explain.ts).
 */
export function buildSearchSql(query: string, offset: number, limit: number): Prisma.Sql {
  const tsquery = Prisma.sql`websearch_to_tsquery('english', ${query})`;
  // A phrase ("prime minister") makes the GIN index recheck every row it finds, which for two
  // common words is most of the archive. So the window is found with the phrase loosened to AND,
  // which the index answers alone, and the phrase is checked within the window. Without a phrase
  // the two are equal and PostgreSQL drops the second check when it plans the query.
  const loosened = Prisma.sql`regexp_replace((${tsquery})::text, ${"<(-|[0-9]+)>"}, '&', 'g')::tsquery`;
  // Nothing to search for (only stop words, emoji or punctuation) or nothing but exclusions
  // ("-floods", which would read most of the archive): no matches, decided before any scan.
  const searchable = Prisma.sql`numnode(${tsquery}) > 0 AND querytree(${tsquery}) <> 'T'`;
  // For a row n of the window: whether the query itself (phrases and all) matches it.
  const phraseHolds = Prisma.sql`(${tsquery} = ${loosened} OR n."document" @@ ${tsquery})`;
  // Stories published this month or last (or dated ahead), by the month lexeme in every vector
  // (see the migration): if they hold enough matches, those are the newest, and the index never
  // reads the rest of a common word's list. Otherwise the whole archive is searched.
  const recentMonths = Prisma.sql`(
    SELECT string_agg(quote_literal("search"."month_lexeme"(m)), ' | ')::tsquery
      FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month',
                           date_trunc('month', now() AT TIME ZONE 'UTC') + interval '12 months', interval '1 month') AS m)`;
  return Prisma.sql`
    WITH recent AS (
      SELECT d."storyId", d."publishedAt", d."document"
        FROM "search"."StoryDocument" d
       WHERE ${searchable} AND d."document" @@ (${loosened} && ${recentMonths})
       ORDER BY d."publishedAt" DESC, d."storyId" DESC
       LIMIT ${COUNT_LIMIT + 1}
    ),
    newest AS (
      SELECT r."storyId", r."publishedAt", r."document" FROM recent r WHERE (SELECT count(*) FROM recent) > ${COUNT_LIMIT}
      UNION ALL
      (SELECT d."storyId", d."publishedAt", d."document"
         FROM "search"."StoryDocument" d
        WHERE ${searchable} AND (SELECT count(*) FROM recent) <= ${COUNT_LIMIT} AND d."document" @@ ${loosened}
        ORDER BY d."publishedAt" DESC, d."storyId" DESC
        LIMIT ${COUNT_LIMIT + 1})
    ),
    ranked AS (
      SELECT n."storyId", n."publishedAt", n."document", ts_rank_cd(n."document", ${tsquery}) AS rank
        FROM (SELECT * FROM newest ORDER BY "publishedAt" DESC, "storyId" DESC LIMIT ${RANK_WINDOW}) n
       WHERE ${phraseHolds}
    ),
    page AS (
      SELECT r."storyId", r."publishedAt", r."document", r.rank
        FROM ranked r
       ORDER BY r.rank DESC, r."publishedAt" DESC, r."storyId" DESC
       LIMIT ${limit} OFFSET ${offset}
    ),
    terms AS (
      SELECT coalesce(array_agg(t.lexeme), '{}') AS lexemes
        FROM unnest(tsvector_to_array(to_tsvector('english', ${query}))) AS t(lexeme)
    )
    SELECT counts.scanned, counts.matched, counts.ranked, p."storyId" AS "id", s."slug", s."headline", s."standfirst", s."publishedAt",
           sec."name" AS "sectionName", sec."slug" AS "sectionSlug",
           (SELECT coalesce(json_agg(json_build_object('id', b."id", 'name', b."name", 'slug', b."slug", 'kind', b."kind") ORDER BY sb."position"), '[]')
              FROM "public"."StoryByline" sb JOIN "public"."Byline" b ON b."id" = sb."bylineId"
             WHERE sb."storyId" = s."id") AS "bylines",
           ts_headline('english', translate(s."headline", ${SENTINELS}, ''), ${tsquery}, ${WHOLE_OPTIONS}) AS "headlineMarked",
           CASE WHEN found."inStandfirst" THEN ts_headline('english', translate(s."standfirst", ${SENTINELS}, ''), ${tsquery}, ${WHOLE_OPTIONS})
                WHEN NOT found."inBody" THEN NULL
                WHEN strpos(near."marked", ${START}) > 0 THEN near."marked"
                -- The stem is not a prefix of the word as written ("studi", "study"): the whole body.
                ELSE ts_headline('english', translate(s."bodyText", ${SENTINELS}, ''), ${tsquery}, ${SNIPPET_OPTIONS})
           END AS "snippetMarked"
      FROM (SELECT (SELECT count(*)::int FROM newest) AS scanned,
                   (SELECT count(*)::int FROM newest n WHERE ${phraseHolds}) AS matched,
                   (SELECT count(*)::int FROM ranked) AS ranked) counts
      LEFT JOIN page p ON true
      LEFT JOIN "public"."Story" s ON s."id" = p."storyId" AND ${publishedStorySql("s")}
      LEFT JOIN "public"."Section" sec ON sec."id" = s."sectionId"
      LEFT JOIN LATERAL (
        -- Whether a query word is in the standfirst (weight B) or the body (C) at all.
        SELECT tsvector_to_array(ts_filter(p."document", '{b}')) && terms.lexemes AS "inStandfirst",
               tsvector_to_array(ts_filter(p."document", '{c}')) && terms.lexemes AS "inBody"
          FROM terms
      ) found ON true
      LEFT JOIN LATERAL (
        -- Where the body's window starts: a little before the first place a query word's stem
        -- occurs. Only looked for when the snippet comes from the body.
        SELECT greatest(1, coalesce(min(nullif(strpos(lower(s."bodyText"), t.lexeme), 0)), 1) - ${WINDOW_BEFORE}) AS "from"
          FROM terms, unnest(terms.lexemes) AS t(lexeme)
         WHERE found."inBody" AND NOT found."inStandfirst"
      ) anchor ON true
      LEFT JOIN LATERAL (
        SELECT CASE WHEN found."inBody" AND NOT found."inStandfirst" THEN ts_headline('english',
                 translate(CASE WHEN anchor."from" > 1
                   THEN regexp_replace(substr(s."bodyText", anchor."from", ${WINDOW_LENGTH}), ${"^\\S*\\s"}, '')
                   ELSE substr(s."bodyText", 1, ${WINDOW_LENGTH}) END, ${SENTINELS}, ''),
                 ${tsquery}, ${SNIPPET_OPTIONS}) END AS "marked"
      ) near ON true
     ORDER BY p.rank DESC, p."publishedAt" DESC, p."storyId" DESC`;
}

/** ts_headline's output as text and matched runs; fragments are joined with an ellipsis. */
export function toSegments(marked: string): SearchSegment[] {
  const segments: SearchSegment[] = [];
  let text = "";
  let match = false;
  const flush = () => {
    if (text === "") return;
    const last = segments.at(-1);
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
    text = "";
  };
  for (const char of marked) {
    if (char === START || char === STOP) {
      flush();
      match = char === START;
    } else if (char === FRAGMENT) {
      text += " … ";
    } else {
      text += char;
    }
  }
  flush();
  return segments;
}

// For one statement only. PostgreSQL's planner does not charge for reading a stored vector back
// (de-TOASTing, ~10 µs a row), so for common words it would rather read the whole table and test
// every row than ask the GIN index, which answers without reading any vector: with 100,000
// stories that took seconds. Sequential scans off leaves it the GIN index.
// A read-only batch on one connection: on the read replica inside withReaderReads (lib/db.ts).
function withSearchSettings<T>(statement: (client: Db) => Prisma.PrismaPromise<T>) {
  const client = readerDb();
  return client.$transaction([
    client.$queryRaw`SELECT set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true),
                        set_config('enable_seqscan', 'off', true)`,
    statement(client),
  ]);
}

async function runSearch(query: string, offset: number, limit: number): Promise<SearchRow[] | null> {
  try {
    const [, rows] = await withReaderReads(() => withSearchSettings((client) => client.$queryRaw<SearchRow[]>(buildSearchSql(query, offset, limit))));
    return rows;
  } catch (error) {
    // 57014 query_canceled: the timeout fired. Anything else is a real fault.
    if (/57014|statement timeout/i.test(error instanceof Error ? error.message : String(error))) return null;
    throw error;
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of one search as searchStories runs it, for the benchmark. */
export async function explainSearch(query: string, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<string> {
  const offset = Math.min((page - 1) * pageSize, RANK_WINDOW);
  const sql = buildSearchSql(normaliseSearchQuery(query), offset, Math.max(0, Math.min(pageSize, RANK_WINDOW - offset)));
  const [, rows] = await withSearchSettings((client) => client.$queryRaw<Array<{ "QUERY PLAN": string }>>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

/**
 * One page of search results for a reader. Anything typed is a valid query: an empty one (after
 * tidying) searches nothing and returns no results; the page number is read as parseSearchPage does.
 */
export async function searchStories(input: SearchInput): Promise<SearchPage> {
  const parsed = parseInput(searchInputSchema, input, { message: "That is not a search." });
  // Tabs and line breaks are only spacing; any other control character is refused, not searched around.
  const problem = textProblem(parsed.query, "Your search", "lines");
  if (problem) throw new AppError("INVALID_INPUT", problem, { fieldErrors: { query: [problem] } });
  const query = normaliseSearchQuery(parsed.query);
  const page = parseSearchPage(parsed.page);
  const pageSize = parsed.pageSize ?? DEFAULT_PAGE_SIZE;
  const empty: SearchPage = { query, total: 0, totalIsCapped: false, results: [], page, pageSize, hasMore: false };
  if (query === "") return empty;

  // Pages never reach past the ranked window; one extra row says whether another page follows.
  const offset = Math.min((page - 1) * pageSize, RANK_WINDOW);
  const limit = Math.max(0, Math.min(pageSize, RANK_WINDOW - offset));
  const rows = await runSearch(query, offset, limit);
  if (!rows) return empty;

  const first = rows[0];
  const total = Math.min(first?.matched ?? 0, COUNT_LIMIT);
  // A story unpublished since the counts were taken has no Story row here: it is left out.
  const hits = rows.filter((row): row is FoundRow => row.id !== null && row.slug !== null);
  const results = hits.map((row): SearchResult => {
    const snippet = toSegments(row.snippetMarked ?? "");
    return {
      id: row.id,
      headline: row.headline,
      standfirst: row.standfirst,
      href: storyHref(row.sectionSlug, row.slug),
      section: { name: row.sectionName, slug: row.sectionSlug },
      publishedAt: row.publishedAt,
      bylines: bylinesSchema.parse(row.bylines),
      headlineSegments: toSegments(row.headlineMarked),
      snippet: snippet.some((segment) => segment.match) ? snippet : [],
    };
  });
  return {
    query,
    total,
    // More matches exist than were counted: the window was full.
    totalIsCapped: (first?.scanned ?? 0) > COUNT_LIMIT,
    results,
    page,
    pageSize,
    hasMore: offset + limit < (first?.ranked ?? 0),
  };
}
