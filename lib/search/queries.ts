// Reader search: PostgreSQL full-text search over PUBLISHED stories only. Whatever a reader types
// is a query, never an error: it is tidied (normaliseSearchQuery) and handed to
// websearch_to_tsquery as a parameter, which reads quotes, OR and - and ignores anything else.
//
// Ranking: ts_rank_cd over the stored weighted vector (headline A, standfirst B, body C; see
// prisma/migrations/*_story_search_ranked), ties newest first. Only the newest RANK_WINDOW
// matches are ranked, so a word in half the archive costs the same as a rare one; the count says
// "1,000+" beyond that. Highlights are computed for the page of results only.

import { z } from "zod";

import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { storyHref, type BylineRef } from "@/lib/stories/queries";

/** Longest query we search for, in characters; the rest is dropped. */
export const QUERY_MAX = 200;
/** How many of the newest matches are ranked (and counted). */
export const RANK_WINDOW = 1000;
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

const HEADLINE_OPTIONS = `HighlightAll=true, StartSel="${START}", StopSel="${STOP}"`;
const SNIPPET_OPTIONS = `MaxFragments=2, MaxWords=30, MinWords=12, StartSel="${START}", StopSel="${STOP}", FragmentDelimiter="${FRAGMENT}"`;
// ts_headline parses all the text it is given (about 1 ms for an 800-word body), so the snippet
// is cut from a window of the body around the first place a query word's stem occurs.
const WINDOW_BEFORE = 240;
const WINDOW_LENGTH = 900;

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
  /** Up to two fragments of standfirst and body around the matches; empty when the match is in the headline alone. */
  snippet: SearchSegment[];
}

export interface SearchPage {
  /** The query as searched (tidied); "" means no search was made. */
  query: string;
  /** Matching stories, counted up to RANK_WINDOW. */
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

/** Trimmed, whitespace collapsed, control characters gone, at most QUERY_MAX characters. */
export function normaliseSearchQuery(raw: string): string {
  const cleaned = raw.normalize("NFC").replace(UNSEARCHABLE, " ").replace(/\s+/gu, " ").trim();
  // By code point, so an emoji is never cut in half.
  return Array.from(cleaned).slice(0, QUERY_MAX).join("").trim();
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
  scanned: number;
  matched: number;
  id: string | null;
  slug: string | null;
  headline: string | null;
  standfirst: string | null;
  publishedAt: Date | null;
  sectionName: string | null;
  sectionSlug: string | null;
  headlineMarked: string | null;
  snippetMarked: string | null;
}

type FoundRow = { [K in keyof SearchRow]: K extends "snippetMarked" ? SearchRow[K] : NonNullable<SearchRow[K]> };

/**
 * The SQL of one search: the newest RANK_WINDOW + 1 matches (from the GIN index), ranked, one page
 * of them highlighted, and the counts. Always at least one row: an empty page still carries the
 * counts. Exported for the benchmark's EXPLAIN (scripts/bench/search-explain.ts).
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
  return Prisma.sql`
    WITH newest AS (
      SELECT d."storyId", d."publishedAt", d."document"
        FROM "search"."StoryDocument" d
       WHERE ${searchable} AND d."document" @@ ${loosened}
       ORDER BY d."publishedAt" DESC, d."storyId" DESC
       LIMIT ${RANK_WINDOW + 1}
    ),
    ranked AS (
      SELECT n."storyId", n."publishedAt", n."document", ts_rank_cd(n."document", ${tsquery}) AS rank
        FROM newest n
       WHERE ${tsquery} = ${loosened} OR n."document" @@ ${tsquery}
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
    SELECT counts.scanned, counts.matched, p."storyId" AS "id", s."slug", s."headline", s."standfirst", s."publishedAt",
           sec."name" AS "sectionName", sec."slug" AS "sectionSlug",
           ts_headline('english', translate(s."headline", ${SENTINELS}, ''), ${tsquery}, ${HEADLINE_OPTIONS}) AS "headlineMarked",
           CASE WHEN NOT body."hasMatch" THEN NULL
                WHEN strpos(near."marked", ${START}) > 0 THEN near."marked"
                -- The stem is not a prefix of the word in the text ("studi", "study"): the whole body.
                ELSE ts_headline('english', translate(s."standfirst" || ${"\n"} || s."bodyText", ${SENTINELS}, ''), ${tsquery}, ${SNIPPET_OPTIONS})
           END AS "snippetMarked"
      FROM (SELECT (SELECT count(*)::int FROM newest) AS scanned, (SELECT count(*)::int FROM ranked) AS matched) counts
      LEFT JOIN page p ON true
      LEFT JOIN "public"."Story" s ON s."id" = p."storyId" AND s."status" = 'PUBLISHED'
      LEFT JOIN "public"."Section" sec ON sec."id" = s."sectionId"
      LEFT JOIN LATERAL (
        -- Whether a query word is in the standfirst or body (weights B and C) at all, and where the
        -- body's window starts: a little before the first place a query word's stem occurs.
        SELECT tsvector_to_array(ts_filter(p."document", '{b,c}')) && terms.lexemes AS "hasMatch",
               greatest(1, coalesce((SELECT min(nullif(strpos(lower(s."bodyText"), t.lexeme), 0)) FROM unnest(terms.lexemes) AS t(lexeme)), 1) - ${WINDOW_BEFORE}) AS "from"
          FROM terms
      ) body ON true
      LEFT JOIN LATERAL (
        SELECT CASE WHEN body."hasMatch" THEN ts_headline('english',
                 translate(s."standfirst" || ${"\n"} || CASE WHEN body."from" > 1
                   THEN regexp_replace(substr(s."bodyText", body."from", ${WINDOW_LENGTH}), ${"^\\S*\\s"}, '')
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
// (de-TOASTing, ~10 µs a row), so for common words it would rather read the table and test every
// row than ask the GIN index, which answers without reading any vector: with 100,000 stories that
// took seconds. Sequential and plain index scans off leaves it the GIN index (a bitmap scan).
function withSearchSettings<T>(statement: Prisma.PrismaPromise<T>) {
  return db.$transaction([
    db.$queryRaw`SELECT set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true),
                        set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)`,
    statement,
  ]);
}

async function runSearch(query: string, offset: number, limit: number): Promise<SearchRow[] | null> {
  try {
    const [, rows] = await withSearchSettings(db.$queryRaw<SearchRow[]>(buildSearchSql(query, offset, limit)));
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
  const [, rows] = await withSearchSettings(db.$queryRaw<Array<{ "QUERY PLAN": string }>>`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
  return rows.map((row) => row["QUERY PLAN"]).join("\n");
}

/**
 * One page of search results for a reader. Anything typed is a valid query: an empty one (after
 * tidying) searches nothing and returns no results; the page number is read as parseSearchPage does.
 */
export async function searchStories(input: SearchInput): Promise<SearchPage> {
  const parsed = searchInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("INVALID_INPUT", "That is not a search.");
  const query = normaliseSearchQuery(parsed.data.query);
  const page = parseSearchPage(parsed.data.page);
  const pageSize = parsed.data.pageSize ?? DEFAULT_PAGE_SIZE;
  const empty: SearchPage = { query, total: 0, totalIsCapped: false, results: [], page, pageSize, hasMore: false };
  if (query === "") return empty;

  // Pages never reach past the ranked window; one extra row says whether another page follows.
  const offset = Math.min((page - 1) * pageSize, RANK_WINDOW);
  const limit = Math.max(0, Math.min(pageSize, RANK_WINDOW - offset));
  const rows = await runSearch(query, offset, limit);
  if (!rows) return empty;

  const first = rows[0];
  const matched = first?.matched ?? 0;
  const total = Math.min(matched, RANK_WINDOW);
  // A story unpublished since the counts were taken has no Story row here: it is left out.
  const hits = rows.filter((row): row is FoundRow => row.id !== null && row.slug !== null);
  const bylines = await loadBylines(hits.map((row) => row.id));
  const results = hits.map((row): SearchResult => {
    const snippet = toSegments(row.snippetMarked ?? "");
    return {
      id: row.id,
      headline: row.headline,
      standfirst: row.standfirst,
      href: storyHref(row.sectionSlug, row.slug),
      section: { name: row.sectionName, slug: row.sectionSlug },
      publishedAt: row.publishedAt,
      bylines: bylines.get(row.id) ?? [],
      headlineSegments: toSegments(row.headlineMarked),
      snippet: snippet.some((segment) => segment.match) ? snippet : [],
    };
  });
  return {
    query,
    total,
    // More matches exist than were ranked: the window was full.
    totalIsCapped: (first?.scanned ?? 0) > RANK_WINDOW,
    results,
    page,
    pageSize,
    hasMore: offset + limit < total,
  };
}

async function loadBylines(storyIds: string[]): Promise<Map<string, BylineRef[]>> {
  const byStory = new Map<string, BylineRef[]>();
  if (storyIds.length === 0) return byStory;
  const rows = await db.storyByline.findMany({
    where: { storyId: { in: storyIds } },
    orderBy: [{ storyId: "asc" }, { position: "asc" }],
    select: { storyId: true, byline: { select: { id: true, name: true, slug: true, kind: true } } },
  });
  for (const row of rows) {
    const list = byStory.get(row.storyId) ?? [];
    list.push(row.byline);
    byStory.set(row.storyId, list);
  }
  return byStory;
}
