// Bulk comments for benchmarks: M comments from a few thousand reader accounts over the published
// stories, generated inside PostgreSQL (generate_series into a temporary table, then one sorted
// INSERT … SELECT), so a million take well under a minute rather than the hours row-by-row would.
//
// The shape is a newsroom's, not a uniform spread: a few stories draw thousands of comments and
// most draw a handful (stories are ranked in a random order and picked with a squared random
// number); 55% are top-level, 35% replies to an approved top-level comment and 10% replies to an
// approved reply; some readers write far more than others; 90% approved, 5% held for moderation
// (with the hold reasons the moderation queue shows), 3% rejected, 2% spam. Counters are kept as
// the app keeps them: Comment.replyCount is the number of approved direct replies, and
// Story.commentCount the number of approved comments on the story.
//
// Called by seedBulkStories (scripts/bench/seed-bulk.ts) after the stories and before the
// full-text index is rebuilt, so the counter UPDATE on "Story" does not pay for that index.

import { hash } from "@node-rs/argon2";
import type pg from "pg";

export interface SeedCommentsOptions {
  /** How many comments to add. */
  count: number;
  /** How many reader accounts write them (created here). Default: one per 250 comments, 200–5,000. */
  readers?: number;
  log?: (line: string) => void;
}

export interface SeedCommentsResult {
  comments: number;
  approved: number;
  readers: number;
  /** Stories that got at least one comment, and the most any one story got. */
  storiesWithComments: number;
  mostOnOneStory: number;
  ms: number;
  phasesMs: Record<"readers" | "generate" | "insert" | "indexes" | "counters", number>;
}

/** Every bulk reader signs in with this password (as the demo accounts do with theirs). */
export const BULK_READER_PASSWORD = "demo-password";
export const BULK_READER_DOMAIN = "readers.bulk.newsdesk";

const FIRST_NAMES = [
  "Ada", "Bram", "Chidi", "Dagny", "Emre", "Freya", "Goran", "Hiroko", "Ines", "Jonas", "Kalani", "Lars", "Mira", "Nadim",
  "Oona", "Pavel", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wim", "Ximena", "Yusuf", "Zofia",
] as const;
const LAST_NAMES = [
  "Abbott", "Bergstrom", "Castillo", "Dimitrov", "Eze", "Fontaine", "Gallagher", "Haddad", "Ivanova", "Jensen",
  "Kowalski", "Lindgren", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Sato", "Tanaka",
] as const;

// Sentences a comment is built from: two to five of them, so lengths vary from a line to a paragraph.
const PHRASES = [
  "This is the third time the council has promised this.", "Thanks for reporting on this, nobody else did.",
  "I live two streets from the harbour and nobody asked us.", "Who is actually paying for it in the end?",
  "The article leaves out the cost overrun from last year.", "Good piece, but the headline oversells it.",
  "My neighbours were at that meeting and tell a different story.", "Finally some sense from the ministry.",
  "I would like to see the full report before judging.", "The figures in paragraph four do not add up.",
  "We were flooded twice in five years and still wait for the barrier.", "Same thing happened in my town a decade ago.",
  "Can the reporter follow up on the contract terms?", "This affects small businesses far more than anyone admits.",
  "Nobody mentions the bus drivers, who will carry the burden.", "I disagree with most of the comments here.",
  "Spot on.", "Not convinced at all.", "Where is the money coming from?", "The timetable has slipped again.",
  "Honest question: has anyone read the consultation?", "It is easy to criticise, harder to build anything.",
  "My grandparents said the same about the old bridge.", "Please keep covering this story.",
  "The union has a point about the wages, whatever you think of the strike.", "Correction: the vote was on Wednesday.",
  "Typical. Announce first, plan later.", "I work in the sector and this is broadly accurate.",
  "A balanced article for once.", "The map in the print edition was clearer.", "More of this kind of reporting, please.",
] as const;
const HOLD_REASONS = ["first comment", "contains a link", "pre-moderated section", "reported by readers", "possible spam"] as const;
const REJECT_REASONS = ["Personal attack", "Off topic", "Repeated comment", "Unverified allegation"] as const;

async function timed<T>(phases: SeedCommentsResult["phasesMs"], phase: keyof SeedCommentsResult["phasesMs"], work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    phases[phase] += performance.now() - started;
  }
}

const count = async (client: pg.ClientBase, sql: string, values: unknown[] = []) =>
  Number((await client.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);

/**
 * Adds `options.count` comments (and their reader accounts) to the published stories in the
 * database `client` is connected to. Needs no exclusive access, but it briefly drops the comment
 * table's secondary indexes (rebuilt before it returns, also on failure): run it on a benchmark
 * database, never on a live one.
 */
export async function seedBulkComments(client: pg.ClientBase, options: SeedCommentsOptions): Promise<SeedCommentsResult> {
  const started = performance.now();
  const log = options.log ?? (() => undefined);
  const phases: SeedCommentsResult["phasesMs"] = { readers: 0, generate: 0, insert: 0, indexes: 0, counters: 0 };
  const readers = options.readers ?? Math.min(5000, Math.max(200, Math.round(options.count / 250)));
  const stories = await count(client, `SELECT count(*) AS n FROM "Story" WHERE status = 'PUBLISHED' AND "publishedAt" IS NOT NULL`);
  if (stories === 0) throw new Error("Bulk comments need published stories: add bulk stories first.");
  const moderators = (await client.query<{ id: string }>(`SELECT id FROM "User" WHERE role IN ('ADMIN', 'EDITOR', 'MODERATOR') ORDER BY email`)).rows.map((row) => row.id);
  if (moderators.length === 0) throw new Error("Bulk comments need a moderator, editor or admin account: seed the demo newsroom first.");

  // Reader accounts: one real argon2id hash shared by all, so any of them can sign in.
  const passwordHash = await hash(BULK_READER_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  await timed(phases, "readers", () =>
    client.query(
      `INSERT INTO "User" (id, email, "displayName", "passwordHash", role, status, "suspendedUntil", "statusReason", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), 'reader' || g || '@' || $2, ($3::text[])[1 + g % cardinality($3::text[])] || ' ' || ($4::text[])[1 + (g / 7) % cardinality($4::text[])],
              $5, 'READER',
              (CASE WHEN g % 97 = 0 THEN 'BANNED' WHEN g % 61 = 0 THEN 'SUSPENDED' ELSE 'ACTIVE' END)::"UserStatus",
              CASE WHEN g % 97 <> 0 AND g % 61 = 0 THEN (now() AT TIME ZONE 'UTC') + interval '7 days' END,
              CASE WHEN g % 97 = 0 THEN 'Repeated abuse' WHEN g % 61 = 0 THEN 'Personal attacks' END,
              (now() AT TIME ZONE 'UTC') - (g % 1500) * interval '1 day', (now() AT TIME ZONE 'UTC')
       FROM generate_series(1, $1::int) AS g
       ON CONFLICT (email) DO NOTHING`,
      [readers, BULK_READER_DOMAIN, [...FIRST_NAMES], [...LAST_NAMES], passwordHash],
    ),
  );

  const topLevel = Math.round(options.count * 0.55);
  const replies = Math.round(options.count * 0.35);
  const repliesToReplies = options.count - topLevel - replies;
  const statusOf = (roll: string) =>
    `CASE WHEN ${roll} < 0.90 THEN 'APPROVED' WHEN ${roll} < 0.95 THEN 'PENDING' WHEN ${roll} < 0.98 THEN 'REJECTED' ELSE 'SPAM' END`;
  const nowUtc = `(now() AT TIME ZONE 'UTC')`;

  await timed(phases, "generate", async () => {
    await client.query(`SELECT setseed(0.4242)`);
    await client.query(`DROP TABLE IF EXISTS bulk_story, bulk_reader, bulk_comment, bulk_parent`);
    // Stories in a random but repeatable order: rank 1 is the most commented.
    await client.query(
      `CREATE TEMP TABLE bulk_story AS
       SELECT row_number() OVER (ORDER BY md5(id::text)) AS rank, id, "publishedAt" AS published_at
       FROM "Story" WHERE status = 'PUBLISHED' AND "publishedAt" IS NOT NULL`,
    );
    await client.query(
      `CREATE TEMP TABLE bulk_reader AS
       SELECT row_number() OVER (ORDER BY md5(id::text)) AS rank, id FROM "User" WHERE email LIKE '%@' || $1`,
      [BULK_READER_DOMAIN],
    );
    const readerCount = await count(client, `SELECT count(*) AS n FROM bulk_reader`);
    await client.query(
      `CREATE TEMP TABLE bulk_comment (id uuid NOT NULL, story_id uuid NOT NULL, parent_id uuid, depth int NOT NULL,
         author_rank int NOT NULL, status text NOT NULL, sentences int NOT NULL, created_at timestamp(3) NOT NULL)`,
    );
    // Top-level comments: story by a squared random rank (a long tail), posted within three days of
    // publication, most of them in the first hours.
    await client.query(
      `INSERT INTO bulk_comment
       SELECT gen_random_uuid(), s.id, NULL, 0, p.author_rank, ${statusOf("p.roll")}, p.sentences,
              LEAST(s.published_at + p.delay * interval '72 hours', ${nowUtc} - interval '1 minute')
       FROM (SELECT 1 + floor($1::int * power(random(), 2))::int AS story_rank,
                    1 + floor($2::int * power(random(), 2))::int AS author_rank,
                    random() AS roll, power(random(), 3) AS delay, 2 + floor(random() * 4)::int AS sentences
             FROM generate_series(1, $3::int) OFFSET 0) AS p
       JOIN bulk_story s ON s.rank = p.story_rank`,
      [stories, readerCount, topLevel],
    );
    // Replies, twice: to approved top-level comments, then to approved replies. The parent is
    // picked with random()^1.5 over a random order, so most threads stay short and a few run long.
    for (const [depth, n] of [[1, replies], [2, repliesToReplies]] as const) {
      await client.query(`DROP TABLE IF EXISTS bulk_parent`);
      await client.query(
        `CREATE TEMP TABLE bulk_parent AS
         SELECT row_number() OVER (ORDER BY md5(id::text)) AS rank, id, story_id, created_at
         FROM bulk_comment WHERE depth = $1 AND status = 'APPROVED'`,
        [depth - 1],
      );
      const parents = await count(client, `SELECT count(*) AS n FROM bulk_parent`);
      if (parents === 0 || n === 0) continue;
      await client.query(
        `INSERT INTO bulk_comment
         SELECT gen_random_uuid(), t.story_id, t.id, $4::int, p.author_rank, ${statusOf("p.roll")}, p.sentences,
                LEAST(t.created_at + p.delay * interval '12 hours', ${nowUtc} - interval '1 minute')
         FROM (SELECT 1 + floor($1::int * power(random(), 1.5))::int AS parent_rank,
                      1 + floor($2::int * power(random(), 2))::int AS author_rank,
                      random() AS roll, power(random(), 2) AS delay, 1 + floor(random() * 3)::int AS sentences
               FROM generate_series(1, $3::int) OFFSET 0) AS p
         JOIN bulk_parent t ON t.rank = p.parent_rank`,
        [parents, readerCount, n, depth],
      );
    }
  });

  // The secondary indexes are built once, sorted, after the load: far cheaper than growing five
  // B-trees a row at a time (the same trick seed-bulk.ts uses for the full-text index).
  const indexes = (
    await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = 'Comment'
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const index of indexes) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  try {
    await timed(phases, "insert", () =>
      client.query(
        // In time order, as a live table fills up; parents always sort before their replies.
        `INSERT INTO "Comment" (id, "storyId", "authorId", "parentId", body, "bodyHash", status, "holdReasons", "rejectReason",
                                "replyCount", "moderatedById", "moderatedAt", "createdAt", "updatedAt")
         SELECT c.id, c.story_id, r.id, c.parent_id, b.body, encode(sha256(convert_to(b.body, 'UTF8')), 'hex'),
                c.status::"CommentStatus",
                CASE WHEN c.status = 'PENDING' THEN ARRAY[($2::text[])[1 + (c.sentences + c.author_rank) % cardinality($2::text[])]]
                     ELSE '{}'::text[] END,
                CASE WHEN c.status = 'REJECTED' THEN ($3::text[])[1 + c.author_rank % cardinality($3::text[])] END,
                COALESCE(rc.n, 0),
                CASE WHEN c.status IN ('REJECTED', 'SPAM') OR c.author_rank % 10 = 0 AND c.status = 'APPROVED'
                     THEN ($4::uuid[])[1 + c.author_rank % cardinality($4::uuid[])] END,
                CASE WHEN c.status IN ('REJECTED', 'SPAM') OR c.author_rank % 10 = 0 AND c.status = 'APPROVED'
                     THEN LEAST(c.created_at + interval '25 minutes', ${nowUtc}) END,
                c.created_at, c.created_at
         FROM bulk_comment c
         JOIN bulk_reader r ON r.rank = c.author_rank
         LEFT JOIN (SELECT parent_id, count(*) AS n FROM bulk_comment WHERE status = 'APPROVED' AND parent_id IS NOT NULL GROUP BY parent_id) rc
           ON rc.parent_id = c.id
         CROSS JOIN LATERAL (
           SELECT string_agg(($1::text[])[1 + floor(random() * cardinality($1::text[]))::int], ' ') AS body
           FROM generate_series(1, c.sentences)
         ) b
         ORDER BY c.created_at, c.depth`,
        [[...PHRASES], [...HOLD_REASONS], [...REJECT_REASONS], moderators],
      ),
    );
  } finally {
    await timed(phases, "indexes", async () => {
      await client.query(`SET maintenance_work_mem = '256MB'`);
      for (const index of indexes) await client.query(index.definition);
    });
  }

  const counters = await timed(phases, "counters", async () => {
    // Only stories whose count changes are written (an UPDATE is a new row version of the story).
    await client.query(
      `UPDATE "Story" s SET "commentCount" = x.n
       FROM (SELECT "storyId", count(*)::int AS n FROM "Comment" WHERE status = 'APPROVED' AND "deletedAt" IS NULL
             AND "storyId" IN (SELECT story_id FROM bulk_comment) GROUP BY "storyId") x
       WHERE s.id = x."storyId" AND s."commentCount" <> x.n`,
    );
    return (
      await client.query<{ approved: string; stories: string; most: string }>(
        `SELECT (SELECT count(*) FROM bulk_comment WHERE status = 'APPROVED') AS approved,
                count(DISTINCT story_id) AS stories,
                (SELECT max(n) FROM (SELECT count(*) AS n FROM bulk_comment GROUP BY story_id) t) AS most
         FROM bulk_comment`,
      )
    ).rows[0];
  });
  await client.query(`DROP TABLE IF EXISTS bulk_story, bulk_reader, bulk_comment, bulk_parent`);

  const result: SeedCommentsResult = {
    comments: options.count,
    approved: Number(counters?.approved ?? 0),
    readers,
    storiesWithComments: Number(counters?.stories ?? 0),
    mostOnOneStory: Number(counters?.most ?? 0),
    ms: Math.round(performance.now() - started),
    phasesMs: Object.fromEntries(Object.entries(phases).map(([key, value]) => [key, Math.round(value)])) as SeedCommentsResult["phasesMs"],
  };
  log(
    `  ${result.comments} comments (${result.approved} approved) by ${readers} readers on ${result.storiesWithComments} stories ` +
      `(at most ${result.mostOnOneStory} on one) in ${result.ms} ms`,
  );
  return result;
}
