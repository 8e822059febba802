// Bulk stories for benchmarks: N realistic stories (about 800 words each, published and draft,
// with bylines, tags and a revision per version) on top of the demo newsroom, in batches of
// multi-row INSERT … SELECT unnest(…), so 10,000 take seconds and 100,000 stay practical.
//
// Bodies are built in Node and go through the app's own allow-list (parseStoryDocument) and
// plain-text extraction (documentToPlainText), so body and bodyText agree exactly as they would
// after a save in the desk. Content is deterministic for a given index.
//
// With `comments`, it then adds that many reader comments to the published stories
// (scripts/bench/seed-comments.ts: generated in SQL, threads, moderation statuses, reader accounts).
//
// Standalone: DATABASE_URL=postgres://… npx tsx scripts/bench/seed-bulk.ts --stories 10000 --comments 100000
// (the database must already hold the demo newsroom's sections, bylines and accounts).

import { randomUUID } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";

import pg from "pg";

import { documentToPlainText, parseStoryDocument, type BlockNode, type InlineNode, type StoryDocument } from "@/lib/stories/document";
import { slugify } from "@/lib/stories/slug";

import { seedBulkComments, type SeedCommentsResult } from "./seed-comments";

export interface SeedBulkOptions {
  /** How many stories to add. */
  count: number;
  /** Stories per INSERT statement; each batch is its own transaction. Default 500. */
  batchSize?: number;
  /** Batches in flight at once, each on its own connection. Default 2. */
  connections?: number;
  /** Reader comments to add over the published stories afterwards. Default 0. */
  comments?: number;
  log?: (line: string) => void;
}

export interface SeedBulkResult {
  stories: number;
  published: number;
  revisions: number;
  /** The comments' own report, when any were asked for. */
  comments: SeedCommentsResult | null;
  ms: number;
  /** Where the time went: building the stories in Node, and each kind of INSERT (summed over connections). */
  phasesMs: Record<"build" | "stories" | "links" | "revisions" | "searchIndex" | "vacuumAnalyze", number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Published stories are spread over this many days before now. */
const PUBLISHED_SPAN_DAYS = 3 * 365;

// ── Deterministic text ─────────────────────────────────────────────────────

/** mulberry32: a tiny seeded PRNG, so story n always gets the same text. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

const PLACES = [
  "Kestrel", "Northvale", "Brennport", "Callow Brook", "Ondava", "Tarun", "Meridane", "Halden", "Esterby", "Vossmark",
  "Lindqvist Bay", "Port Aramel", "Sable Ridge", "Quillon", "Dunmere", "Ashgrove", "Caro Flats", "Ilvesta",
] as const;
const SUBJECTS = [
  "The regional council", "Officials in {place}", "The port authority", "Local residents", "The transport ministry",
  "A coalition of farmers", "The central bank", "Engineers at the grid operator", "The health board", "Union leaders",
  "The city's mayor", "Investigators", "A cross-party committee", "Shipping companies", "Teachers in {place}",
  "The water utility", "Economists", "Emergency crews", "The opposition", "Hospital managers",
] as const;
const VERBS = [
  "approved", "delayed", "rejected", "announced", "questioned", "defended", "revised", "published", "postponed",
  "outlined", "criticised", "welcomed", "expanded", "scaled back", "reviewed", "confirmed", "proposed", "funded",
] as const;
const OBJECTS = [
  "a plan to rebuild the flood barriers", "the budget for next year", "new rules on freight traffic",
  "a study of the river basin", "the timetable for the rail link", "a pilot scheme for night buses",
  "the contract for the new bridge", "proposals to cut water losses", "an inquiry into the blackout",
  "the forecast for the harvest", "a fund for small businesses", "the hiring of two hundred nurses",
  "a review of school catchment areas", "plans for a second data centre", "the terms of the trade accord",
  "a ban on pavement parking", "the emergency housing programme", "new limits on groundwater pumping",
] as const;
const TAILS = [
  "on Tuesday after months of debate", "despite objections from residents", "in a vote late on Thursday",
  "according to documents seen by Newshub", "ahead of the spring floods", "after a public consultation",
  "with little warning", "for the third time this year", "in a statement released at noon",
  "following pressure from local businesses", "without giving a date", "as costs continued to rise",
  "in the face of a legal challenge", "two weeks earlier than expected", "after an independent audit",
] as const;
const CONTEXT = [
  "The decision affects about {n} households in the district.",
  "Figures published last month showed a rise of {n} per cent compared with the previous year.",
  "Similar schemes in {place} took more than {n} months to deliver results.",
  "Critics say the estimate of {n} million has already been overtaken by events.",
  "Around {n} people attended the public meeting, many of them standing at the back of the hall.",
  "The last comparable review, in {year}, recommended changes that were never carried out.",
  "Officials said the first phase would be finished within {n} weeks if the weather held.",
  "Neither side expects the matter to be settled before the end of the year.",
] as const;
const SPEAKERS = [
  ["Mara Oyelaran", "a councillor for the eastern ward"], ["Piet Vandersloot", "the authority's chief engineer"],
  ["Hana Ristić", "who runs a bakery near the harbour"], ["Dr Samuel Achterberg", "an economist at the regional university"],
  ["Li Wen", "a spokesperson for the ministry"], ["Joaquín Serrat", "a union representative"],
  ["Agnes Mbeki", "chair of the residents' association"], ["Tomas Hedlund", "a hydrologist who advised the inquiry"],
] as const;
const QUOTES = [
  "We have waited long enough for a decision, and people deserve to know what happens next",
  "Nobody is pretending this is cheap, but doing nothing would cost far more",
  "The numbers simply do not add up, and the council knows it",
  "This is the first time in years that the plan has had real money behind it",
  "We will keep asking questions until we get straight answers",
  "It is a start, but it is not the finish line",
] as const;
const SUBHEADS = [
  "What changes", "Who pays", "A long dispute", "What happens next", "The view from the harbour", "Questions remain",
  "Behind the figures", "A second opinion", "Lessons from elsewhere", "The timetable",
] as const;
const HEADLINE_PATTERNS = [
  "{place} {verb} {object}",
  "{subject} {verb} {object}",
  "Why {place} {verb} {object}",
  "{place} residents divided as council {verb} {object}",
] as const;
const TAGS = [
  "Floods", "Transport", "Energy", "Housing", "Trade", "Health", "Education", "Water", "Elections", "Climate",
  "Infrastructure", "Labour", "Farming", "Budget", "Courts", "Shipping", "Technology", "Local government",
] as const;

function fill(template: string, random: Random): string {
  return template
    .replace("{place}", pick(random, PLACES))
    .replace("{n}", String(between(random, 3, 950)))
    .replace("{year}", String(between(random, 1998, 2022)));
}

function sentence(random: Random): string {
  if (random() < 0.25) return fill(pick(random, CONTEXT), random);
  return `${fill(pick(random, SUBJECTS), random)} ${pick(random, VERBS)} ${pick(random, OBJECTS)} ${pick(random, TAILS)}.`;
}

function paragraph(random: Random, words: { count: number }): BlockNode {
  const sentences: string[] = [];
  const length = between(random, 3, 6);
  for (let i = 0; i < length; i += 1) sentences.push(sentence(random));
  const text = sentences.join(" ");
  words.count += text.split(" ").length;
  const roll = random();
  let content: InlineNode[];
  if (roll < 0.1) {
    // A bold lead-in, as the desk uses for "Key points" style paragraphs.
    const [first, ...rest] = sentences;
    content = [{ type: "text", text: first ?? "", marks: [{ type: "bold" }] }, { type: "text", text: ` ${rest.join(" ")}` }];
  } else if (roll < 0.2) {
    const linkText = "the full report";
    content = [
      { type: "text", text: `${text} Read ` },
      { type: "text", text: linkText, marks: [{ type: "link", attrs: { href: `https://example.org/reports/${between(random, 1000, 9999)}` } }] },
      { type: "text", text: "." },
    ];
    words.count += 3;
  } else {
    content = [{ type: "text", text }];
  }
  return { type: "paragraph", content };
}

function quoteParagraph(random: Random, words: { count: number }): BlockNode {
  const [name, role] = pick(random, SPEAKERS);
  const text = `“${pick(random, QUOTES)},” said ${name}, ${role}.`;
  words.count += text.split(" ").length;
  return { type: "paragraph", content: [{ type: "text", text }] };
}

/** About `targetWords` words: paragraphs, quotes, subheadings every few paragraphs, one pull quote. */
function storyBody(random: Random, targetWords: number): StoryDocument {
  const words = { count: 0 };
  const content: BlockNode[] = [];
  let sinceHeading = 0;
  let pullQuoteDone = false;
  while (words.count < targetWords) {
    if (sinceHeading >= 4 && random() < 0.5) {
      const text = pick(random, SUBHEADS);
      content.push({ type: "heading", attrs: { level: random() < 0.8 ? 2 : 3 }, content: [{ type: "text", text }] });
      words.count += text.split(" ").length;
      sinceHeading = 0;
      continue;
    }
    if (!pullQuoteDone && content.length > 5 && random() < 0.3) {
      const [name] = pick(random, SPEAKERS);
      const text = pick(random, QUOTES);
      content.push({ type: "pullQuote", attrs: { attribution: name }, content: [{ type: "text", text }] });
      words.count += text.split(" ").length;
      pullQuoteDone = true;
      continue;
    }
    content.push(random() < 0.2 ? quoteParagraph(random, words) : paragraph(random, words));
    sinceHeading += 1;
  }
  return { type: "doc", content };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function headline(random: Random): string {
  const text = pick(random, HEADLINE_PATTERNS)
    .replace("{place}", pick(random, PLACES))
    .replace("{subject}", pick(random, SUBJECTS).replace("{place}", pick(random, PLACES)))
    .replace("{verb}", pick(random, VERBS))
    .replace("{object}", pick(random, OBJECTS));
  return capitalise(text);
}

// ── Rows ───────────────────────────────────────────────────────────────────

interface Newsroom {
  sections: Array<{ id: string; commentPolicy: string; name: string }>;
  bylines: string[];
  staff: string[];
  tagIds: string[];
}

interface StoryRow {
  id: string;
  slug: string;
  headline: string;
  standfirst: string;
  dateline: string;
  body: string;
  bodyText: string;
  status: string;
  commentPolicy: string;
  version: number;
  sectionId: string;
  publishedAt: Date | null;
  createdById: string;
  createdAt: Date;
  updatedAt: Date;
  bylineIds: string[];
  tagIds: string[];
}

function buildStory(index: number, now: number, total: number, newsroom: Newsroom): StoryRow {
  const random = rng(index * 2654435761);
  const roll = random();
  // Three in four published, the rest drafts and stories waiting for review.
  const status = roll < 0.75 ? "PUBLISHED" : roll < 0.93 ? "DRAFT" : "IN_REVIEW";
  const section = pick(random, newsroom.sections);
  const title = headline(random);
  const base = slugify(title).slice(0, 70).replace(/-+$/, "");
  const document = parseStoryDocument(storyBody(random, between(random, 700, 900)));
  const age = status === "PUBLISHED" ? (index / total) * PUBLISHED_SPAN_DAYS * DAY_MS + random() * DAY_MS : random() * 30 * DAY_MS;
  const createdAt = new Date(now - age - between(random, 1, 48) * 3600_000);
  const publishedAt = status === "PUBLISHED" ? new Date(now - age) : null;
  const version = random() < 0.25 ? between(random, 2, 5) : 1;
  const bylineCount = random() < 0.8 ? 1 : 2;
  const bylineIds = new Set<string>();
  while (bylineIds.size < Math.min(bylineCount, newsroom.bylines.length)) bylineIds.add(pick(random, newsroom.bylines));
  const tagIds = new Set<string>();
  const tagCount = between(random, 0, 3);
  while (tagIds.size < Math.min(tagCount, newsroom.tagIds.length)) tagIds.add(pick(random, newsroom.tagIds));
  return {
    id: randomUUID(),
    slug: `${base}-${index + 1}`,
    headline: title,
    standfirst: sentence(random),
    dateline: random() < 0.5 ? pick(random, PLACES) : section.name,
    body: JSON.stringify(document),
    bodyText: documentToPlainText(document),
    status,
    commentPolicy: section.commentPolicy,
    version,
    sectionId: section.id,
    publishedAt,
    createdById: pick(random, newsroom.staff),
    createdAt,
    updatedAt: new Date((publishedAt ?? createdAt).getTime() + between(random, 0, 6) * 3600_000),
    bylineIds: [...bylineIds],
    tagIds: [...tagIds],
  };
}

async function loadNewsroom(client: pg.ClientBase): Promise<Newsroom> {
  const sections = await client.query<{ id: string; commentPolicy: string; name: string }>(
    `SELECT id, "commentPolicy"::text AS "commentPolicy", name FROM "Section" ORDER BY position, name`,
  );
  const bylines = await client.query<{ id: string }>(`SELECT id FROM "Byline" ORDER BY slug`);
  const staff = await client.query<{ id: string }>(`SELECT id FROM "User" WHERE role IN ('ADMIN', 'EDITOR', 'REPORTER') ORDER BY email`);
  if (sections.rowCount === 0 || bylines.rowCount === 0 || staff.rowCount === 0) {
    throw new Error("Bulk stories need the demo newsroom's sections, bylines and staff: seed the demo newsroom first.");
  }
  const tags = await client.query<{ id: string }>(
    `INSERT INTO "Tag" (id, name, slug)
     SELECT gen_random_uuid(), name, slug FROM unnest($1::text[], $2::text[]) AS t(name, slug)
     ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name
     RETURNING id`,
    [[...TAGS], TAGS.map((tag) => slugify(tag))],
  );
  return {
    sections: sections.rows,
    bylines: bylines.rows.map((row) => row.id),
    staff: staff.rows.map((row) => row.id),
    tagIds: tags.rows.map((row) => row.id),
  };
}

type Phases = SeedBulkResult["phasesMs"];

async function timed<T>(phases: Phases, phase: keyof Phases, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[phase] += performance.now() - started;
  }
}

async function insertBatch(client: pg.ClientBase, rows: StoryRow[], phases: Phases): Promise<number> {
  const column = <K extends keyof StoryRow>(key: K) => rows.map((row) => row[key]);
  // Prisma keeps timestamp(3) columns in UTC; pg would send Dates in the machine's time zone.
  const utc = (key: "publishedAt" | "createdAt" | "updatedAt") => rows.map((row) => row[key]?.toISOString().slice(0, -1) ?? null);
  await timed(phases, "stories", () => client.query(
    `INSERT INTO "Story" (id, slug, headline, standfirst, dateline, body, "bodyText", status, "commentPolicy", version,
                          "sectionId", "publishedAt", "firstPublishedAt", "createdById", "updatedById", "createdAt", "updatedAt")
     SELECT id, slug, headline, standfirst, dateline, body::jsonb, "bodyText", status::"StoryStatus", "commentPolicy"::"CommentPolicy",
            version, "sectionId", "publishedAt", "publishedAt", "createdById", "createdById", "createdAt", "updatedAt"
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::int[], $11::uuid[], $12::text[]::timestamp(3)[], $13::uuid[], $14::text[]::timestamp(3)[], $15::text[]::timestamp(3)[])
       AS s(id, slug, headline, standfirst, dateline, body, "bodyText", status, "commentPolicy", version,
            "sectionId", "publishedAt", "createdById", "createdAt", "updatedAt")`,
    [
      column("id"), column("slug"), column("headline"), column("standfirst"), column("dateline"), column("body"),
      column("bodyText"), column("status"), column("commentPolicy"), column("version"), column("sectionId"),
      utc("publishedAt"), column("createdById"), utc("createdAt"), utc("updatedAt"),
    ],
  ));

  const bylineLinks = rows.flatMap((row) => row.bylineIds.map((bylineId, position) => [row.id, bylineId, position] as const));
  await timed(phases, "links", () => client.query(
    `INSERT INTO "StoryByline" ("storyId", "bylineId", position) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[])`,
    [bylineLinks.map((l) => l[0]), bylineLinks.map((l) => l[1]), bylineLinks.map((l) => l[2])],
  ));
  const tagLinks = rows.flatMap((row) => row.tagIds.map((tagId) => [row.id, tagId] as const));
  await timed(phases, "links", () =>
    client.query(`INSERT INTO "StoryTag" ("storyId", "tagId") SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
      tagLinks.map((l) => l[0]),
      tagLinks.map((l) => l[1]),
    ]),
  );

  // One revision per version, as the desk writes on every save; the last of a published story
  // is its PUBLISH revision. Bylines are snapshotted the way writeRevision does.
  const revisions = await timed(phases, "revisions", () => client.query(
    `INSERT INTO "StoryRevision" (id, "storyId", version, kind, headline, standfirst, dateline, slug, "sectionId", body, "bodyText",
                                  bylines, "createdById", "createdAt")
     SELECT gen_random_uuid(), s.id, v.version,
            (CASE WHEN v.version = s.version AND s.status = 'PUBLISHED' THEN 'PUBLISH' ELSE 'SAVE' END)::"RevisionKind",
            s.headline, s.standfirst, s.dateline, s.slug, s."sectionId", s.body, s."bodyText",
            COALESCE((SELECT jsonb_agg(jsonb_build_object('id', b.id, 'name', b.name, 'kind', b.kind) ORDER BY sb.position)
                      FROM "StoryByline" sb JOIN "Byline" b ON b.id = sb."bylineId" WHERE sb."storyId" = s.id), '[]'::jsonb),
            s."createdById",
            s."createdAt" + (v.version - 1) * ((s."updatedAt" - s."createdAt") / GREATEST(s.version - 1, 1))
     FROM "Story" s CROSS JOIN LATERAL generate_series(1, s.version) AS v(version)
     WHERE s.id = ANY($1::uuid[])`,
    [column("id")],
  ));
  return revisions.rowCount ?? 0;
}

/**
 * Adds `count` stories to the database at `databaseUrl`, which must hold the demo newsroom.
 * Batches go out over `connections` connections at once: while PostgreSQL stores one batch,
 * Node builds the next.
 */
export async function seedBulkStories(databaseUrl: string, options: SeedBulkOptions): Promise<SeedBulkResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 500;
  const connections = Math.max(1, options.connections ?? 2);
  const log = options.log ?? (() => undefined);
  const clients = Array.from({ length: connections }, () => new pg.Client({ connectionString: databaseUrl }));
  try {
    await Promise.all(clients.map((client) => client.connect()));
    const first = clients[0]!;
    const newsroom = await loadNewsroom(first);
    const offset = Number((await first.query<{ n: string }>(`SELECT count(*) AS n FROM "Story"`)).rows[0]?.n ?? 0);
    const now = Date.now();
    const phases: Phases = { build: 0, stories: 0, links: 0, revisions: 0, searchIndex: 0, vacuumAnalyze: 0 };
    let published = 0;
    let revisions = 0;
    let done = 0;
    let nextStart = 0;
    let lastLogged = 0;

    // A GIN index (the full-text one) is far cheaper to build once, sorted and in parallel, than to
    // grow story by story through its pending list: drop it for the load, rebuild it after (also
    // when the load fails, so a database is never left without it).
    const ginIndexes = (
      await first.query<{ name: string; definition: string }>(
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
         WHERE schemaname = current_schema() AND tablename = 'Story' AND indexdef LIKE '% USING gin %'`,
      )
    ).rows;
    for (const index of ginIndexes) await first.query(`DROP INDEX ${first.escapeIdentifier(index.name)}`);

    const work = async (client: pg.Client) => {
      while (nextStart < options.count) {
        const start = nextStart;
        const end = Math.min(options.count, start + batchSize);
        nextStart = end;
        const buildStarted = performance.now();
        const rows: StoryRow[] = [];
        for (let i = start; i < end; i += 1) rows.push(buildStory(offset + i, now, offset + options.count, newsroom));
        phases.build += performance.now() - buildStarted;
        await client.query("BEGIN");
        try {
          const added = await insertBatch(client, rows, phases);
          revisions += added;
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
        published += rows.filter((row) => row.status === "PUBLISHED").length;
        done += rows.length;
        if (done - lastLogged >= 5000 || (done === options.count && lastLogged > 0)) {
          lastLogged = done;
          log(`  ${done} / ${options.count} stories`);
        }
      }
    };
    let comments: SeedCommentsResult | null = null;
    try {
      await Promise.all(clients.map(work));
      // Before the full-text index is back: the comment counters are an UPDATE of "Story", which
      // would otherwise recompute every touched story's tsvector for that index.
      if ((options.comments ?? 0) > 0) {
        log(`  adding ${options.comments} comments…`);
        comments = await seedBulkComments(first, { count: options.comments ?? 0, log });
      }
    } finally {
      await timed(phases, "searchIndex", async () => {
        await first.query(`SET maintenance_work_mem = '256MB'`);
        for (const index of ginIndexes) await first.query(index.definition);
      });
    }

    // Settle the tables as autovacuum would on a live database: fresh statistics, so plans are
    // realistic, and nothing left for autovacuum to wake up for in the middle of a measurement
    // (10,000 fresh inserts are past its insert threshold). "Story" takes longest (its statistics
    // include the full-text expression index), so it gets a connection of its own.
    const second = clients[1] ?? first;
    await timed(phases, "vacuumAnalyze", () =>
      Promise.all([
        first.query(`VACUUM (ANALYZE) "Story"`),
        second
          .query(`VACUUM (ANALYZE) "StoryRevision", "StoryByline", "StoryTag", "Tag"`)
          .then(() => (comments ? second.query(`VACUUM (ANALYZE) "Comment", "User"`) : undefined)),
      ]),
    );
    const phasesMs = Object.fromEntries(Object.entries(phases).map(([key, value]) => [key, Math.round(value)])) as Phases;
    return { stories: options.count, published, revisions, comments, ms: Math.round(performance.now() - started), phasesMs };
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("Set DATABASE_URL to the database to fill (it must already hold the demo newsroom).");
  const flagValue = (flag: string, fallback: number) => {
    const at = process.argv.indexOf(flag);
    const n = at >= 0 ? Number(process.argv[at + 1]) : fallback;
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number`);
    return n;
  };
  const count = flagValue("--stories", 10_000);
  if (count === 0) throw new Error("--stories must be a positive whole number");
  const result = await seedBulkStories(databaseUrl, { count, comments: flagValue("--comments", 0), log: console.log });
  console.log(`Added ${result.stories} stories (${result.published} published) and ${result.revisions} revisions in ${result.ms} ms`, result.phasesMs);
}

if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
