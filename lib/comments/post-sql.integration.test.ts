// Posting runs the hold rules in SQL ("post_comment", prisma/migrations/*_post_comment_function),
// while editing runs holdReasons() in JS (lib/comments/holds.ts). The two must agree: this calls
// the function itself over every combination of the facts the rules look at and compares. The
// same for the closing rules (effectiveCommentPolicy, lib/comments/policy.ts), the limits
// (hitRateLimits, lib/rate-limit.ts) and the cache stamp (STAMP_SQL, lib/cache/stamp.mjs, as the
// reader cache's listener reads it). The function also checks who is asking (loadSessionActor's
// and assertMayComment's rules, the session included), tested below. docs/fast-paths.md lists
// what it mirrors.

import pg from "pg";
import { describe, expect, it } from "vitest";

import { can, ROLES } from "@/lib/auth/roles";
import { CACHE_CHANNEL, STAMP_SQL } from "@/lib/cache/stamp.mjs";
import { TagStamps } from "@/lib/cache/tag-stamps.mjs";
import { commentsTag } from "@/lib/cache/tags";
import { findListedWords, holdReasons, NEW_ACCOUNT_MS, REPEAT_WINDOW_MS } from "@/lib/comments/holds";
import { effectiveCommentPolicy } from "@/lib/comments/policy";
import { DEFAULT_DATE_STYLE } from "@/lib/format";
import { bodyHash, hasLinks } from "@/lib/comments/text";
import { db } from "@/lib/db";
import { hitRateLimits } from "@/lib/rate-limit";
import { makeSection, makeStory, unique } from "@/tests/integration/factories";

const HOUR_MS = 3_600_000;
const SUSPECT_WORDS = ["suspect"];

interface Facts {
  canModerate: boolean;
  newAccount: boolean;
  links: boolean;
  suspect: boolean;
  repeated: boolean;
  firstComment: boolean;
  holdFirstComment: boolean;
  premoderated: boolean;
}

/** Every combination of the facts, as objects. */
function matrix(): Facts[] {
  const names = ["canModerate", "newAccount", "links", "suspect", "repeated", "firstComment", "holdFirstComment", "premoderated"] as const;
  return Array.from({ length: 2 ** names.length }, (_, bits) => Object.fromEntries(names.map((name, i) => [name, (bits & (1 << i)) !== 0])) as unknown as Facts);
}

async function publishedStory(policy: "OPEN" | "PREMODERATED") {
  const story = await makeStory({ status: "PUBLISHED" });
  await db.story.update({ where: { id: story.id }, data: { commentPolicy: policy } });
  return story.id;
}

/** An author whose history gives these facts: account age, an approved comment or none, the same text recently or only long ago. */
async function makeAuthor(facts: Facts, elsewhereStoryId: string, hash: string) {
  const now = Date.now();
  const author = await db.user.create({
    data: {
      email: `${unique("matrix")}@example.test`,
      displayName: unique("Matrix"),
      passwordHash: "not used",
      // The role decides whether the automatic rules apply (lib/auth/roles.ts: comment.moderate).
      role: facts.canModerate ? "MODERATOR" : "READER",
      createdAt: new Date(now - (facts.newAccount ? 23 : 25) * HOUR_MS),
    },
    select: { id: true, createdAt: true },
  });
  // The same text, held, inside the repeat window or just outside it (so only the window decides).
  await db.comment.create({
    data: {
      storyId: elsewhereStoryId,
      authorId: author.id,
      body: "earlier",
      bodyHash: hash,
      status: "PENDING",
      createdAt: new Date(now - (facts.repeated ? 1 * HOUR_MS : REPEAT_WINDOW_MS + HOUR_MS)),
    },
    select: { id: true },
  });
  if (!facts.firstComment) {
    await db.comment.create({
      data: { storyId: elsewhereStoryId, authorId: author.id, body: "approved before", bodyHash: "other", status: "APPROVED", createdAt: new Date(now - 3 * 24 * HOUR_MS) },
      select: { id: true },
    });
  }
  return author;
}

interface Posted {
  outcome: string;
  author_role: string | null;
  author_status: string | null;
  author_suspended_until: Date | null;
  author_status_reason: string | null;
  comment_id: string | null;
  comment_status: string | null;
  hold_reasons: string[] | null;
  limit_index: number | null;
  decided_at: Date | null;
}

const POSTER_ROLES = ROLES.filter((role) => can(role, "comment.post"));
const MODERATOR_ROLES = ROLES.filter((role) => can(role, "comment.moderate"));

async function callPostComment(args: {
  storyId: string;
  authorId: string;
  body: string;
  holdFirstComment: boolean;
  posterRoles?: string[];
  limitKeys?: string[];
  /** The request's session; null as from a caller that loaded the author through the session check itself. */
  sessionId?: string | null;
}): Promise<Posted> {
  const limitKeys = args.limitKeys ?? [];
  const rows = await db.$queryRaw<Posted[]>`
    SELECT outcome, author_role, author_status, author_suspended_until, author_status_reason, comment_id, comment_status, hold_reasons, limit_index, decided_at FROM "post_comment"(
      p_story_id => ${args.storyId}::uuid,
      p_parent_id => ${null}::uuid,
      p_author_id => ${args.authorId}::uuid,
      p_session_id => ${args.sessionId ?? null}::uuid,
      p_body => ${args.body}::text,
      p_body_hash => ${bodyHash(args.body)}::text,
      p_has_links => ${hasLinks(args.body)}::boolean,
      p_has_suspect_word => ${findListedWords(args.body, SUSPECT_WORDS).length > 0}::boolean,
      p_poster_roles => ${args.posterRoles ?? POSTER_ROLES}::text[],
      p_moderator_roles => ${MODERATOR_ROLES}::text[],
      p_hold_first_comment => ${args.holdFirstComment}::boolean,
      p_new_account_ms => ${NEW_ACCOUNT_MS}::float8,
      p_repeat_window_ms => ${REPEAT_WINDOW_MS}::float8,
      p_limit_keys => ${limitKeys}::text[],
      p_limit_windows_ms => ${limitKeys.map(() => 60_000)}::float8[],
      p_limit_counts => ${limitKeys.map(() => 5)}::float8[],
      p_cache_tag => ${commentsTag(args.storyId)}::text,
      p_cache_channel => ${CACHE_CHANNEL}::text
    )`;
  return rows[0]!;
}

describe("post_comment's hold rules", () => {
  it("agree with holdReasons() for moderators and readers, new and old accounts, links, suspect words, repeats, first comments and pre-moderation", async () => {
    const [open, premoderated, elsewhere] = await Promise.all([publishedStory("OPEN"), publishedStory("PREMODERATED"), publishedStory("OPEN")]);
    const combinations = matrix();
    const results = await Promise.all(
      combinations.map(async (facts, index) => {
        const body = `${facts.suspect ? "A suspect" : "A fair"} point, number ${index}${facts.links ? ": https://example.org/source" : "."}`;
        const author = await makeAuthor(facts, elsewhere, bodyHash(body));
        const storyId = facts.premoderated ? premoderated : open;
        const posted = await callPostComment({ storyId, authorId: author.id, body, holdFirstComment: facts.holdFirstComment });
        const expected = holdReasons({
          body,
          hasLinks: hasLinks(body),
          policy: facts.premoderated ? "PREMODERATED" : "OPEN",
          settings: { suspectWords: SUSPECT_WORDS, holdFirstComment: facts.holdFirstComment },
          author: { createdAt: author.createdAt, canModerate: facts.canModerate, hasApprovedComment: !facts.firstComment, postedSameTextRecently: facts.repeated },
          now: posted.decided_at!,
        });
        const stored = await db.comment.findUniqueOrThrow({ where: { id: posted.comment_id! }, select: { status: true, holdReasons: true, createdAt: true } });
        return { facts, posted, expected, stored };
      }),
    );
    for (const { facts, posted, expected, stored } of results) {
      const status = expected.length > 0 ? "PENDING" : "APPROVED";
      expect({ facts, outcome: posted.outcome, reasons: posted.hold_reasons, status: posted.comment_status }).toEqual({ facts, outcome: "POSTED", reasons: expected, status });
      expect({ facts, reasons: stored.holdReasons, status: stored.status, createdAt: stored.createdAt }).toEqual({ facts, reasons: expected, status, createdAt: posted.decided_at });
    }
    // The matrix is not vacuous: every rule fired somewhere, and some comments went straight up.
    const fired = new Set(results.flatMap((result) => result.expected));
    expect([...fired].sort()).toEqual(["FIRST_COMMENT", "NEW_ACCOUNT_LINKS", "PREMODERATED", "REPEATED", "SUSPECT_WORD"]);
    expect(results.filter((result) => result.expected.length === 0).length).toBeGreaterThan(0);
    // Only the published ones count and stamp.
    const approvedOn = (storyId: string) => results.filter((r) => r.posted.comment_status === "APPROVED" && (storyId === premoderated) === r.facts.premoderated).length;
    const counts = await db.story.findMany({ where: { id: { in: [open, premoderated] } }, select: { id: true, commentCount: true } });
    expect(Object.fromEntries(counts.map((story) => [story.id, story.commentCount]))).toEqual({ [open]: approvedOn(open), [premoderated]: approvedOn(premoderated) });
    expect(await db.cacheTag.count({ where: { tag: commentsTag(premoderated) } })).toBe(approvedOn(premoderated) > 0 ? 1 : 0);
  });
});

describe("post_comment's check of who is asking", () => {
  async function author(data: { status?: "ACTIVE" | "SUSPENDED" | "BANNED"; suspendedUntil?: Date | null; statusReason?: string | null } = {}) {
    return db.user.create({
      data: { email: `${unique("asker")}@example.test`, displayName: unique("Asker"), passwordHash: "not used", createdAt: new Date(Date.now() - 30 * 24 * HOUR_MS), ...data },
      select: { id: true },
    });
  }

  it("refuses unknown, banned and suspended accounts and roles that may not post, before writing anything, the limits' counts included", async () => {
    const storyId = await publishedStory("OPEN");
    const until = new Date(Date.now() + 24 * HOUR_MS);
    const [banned, suspended, reader] = await Promise.all([author({ status: "BANNED" }), author({ status: "SUSPENDED", suspendedUntil: until, statusReason: "Insults." }), author()]);
    const cases = [
      { authorId: crypto.randomUUID(), posterRoles: POSTER_ROLES, expected: { outcome: "NO_AUTHOR" } },
      { authorId: banned.id, posterRoles: POSTER_ROLES, expected: { outcome: "NO_AUTHOR" } },
      {
        authorId: suspended.id,
        posterRoles: POSTER_ROLES,
        expected: { outcome: "AUTHOR_REFUSED", author_status: "SUSPENDED", author_suspended_until: new Date(until.toISOString()), author_status_reason: "Insults." },
      },
      { authorId: reader.id, posterRoles: POSTER_ROLES.filter((role) => role !== "READER"), expected: { outcome: "AUTHOR_REFUSED", author_role: "READER", author_status: "ACTIVE" } },
    ];
    for (const { authorId, posterRoles, expected } of cases) {
      const limitKey = unique("refused-limit");
      const posted = await callPostComment({ storyId, authorId, body: unique("Refused"), holdFirstComment: false, posterRoles, limitKeys: [limitKey] });
      expect(posted).toMatchObject({ ...expected, comment_id: null });
      expect(await db.rateLimit.count({ where: { key: limitKey } })).toBe(0);
    }
    expect(await db.comment.count({ where: { storyId } })).toBe(0);
  });

  it("refuses a session that was ended, has expired, is unknown or is someone else's, as an unknown author, writing nothing", async () => {
    const storyId = await publishedStory("OPEN");
    const [reader, other] = await Promise.all([author(), author()]);
    const session = (data: { revokedAt?: Date; expiresAt?: Date; userId?: string } = {}) =>
      db.session.create({ data: { userId: data.userId ?? reader.id, expiresAt: data.expiresAt ?? new Date(Date.now() + HOUR_MS), revokedAt: data.revokedAt ?? null }, select: { id: true } });
    const [revoked, expired, othersSession, live] = await Promise.all([
      session({ revokedAt: new Date() }),
      session({ expiresAt: new Date(Date.now() - 1000) }),
      session({ userId: other.id }),
      session(),
    ]);
    for (const sessionId of [revoked.id, expired.id, othersSession.id, crypto.randomUUID()]) {
      const limitKey = unique("session-limit");
      const posted = await callPostComment({ storyId, authorId: reader.id, sessionId, body: unique("Replayed"), holdFirstComment: false, limitKeys: [limitKey] });
      expect(posted, sessionId).toMatchObject({ outcome: "NO_AUTHOR", comment_id: null });
      expect(await db.rateLimit.count({ where: { key: limitKey } })).toBe(0);
    }
    expect(await db.comment.count({ where: { storyId } })).toBe(0);
    // The same author on a session that stands posts; ended a moment later, it no longer does.
    expect(await callPostComment({ storyId, authorId: reader.id, sessionId: live.id, body: unique("Live"), holdFirstComment: false })).toMatchObject({ outcome: "POSTED" });
    await db.session.update({ where: { id: live.id }, data: { revokedAt: new Date() } });
    expect(await callPostComment({ storyId, authorId: reader.id, sessionId: live.id, body: unique("Ended"), holdFirstComment: false })).toMatchObject({ outcome: "NO_AUTHOR" });
    expect(await db.comment.count({ where: { storyId } })).toBe(1);
  });

  it("takes a suspension that has run out as none, and counts the limits of a post it takes", async () => {
    const storyId = await publishedStory("OPEN");
    const served = await author({ status: "SUSPENDED", suspendedUntil: new Date(Date.now() - HOUR_MS), statusReason: "Over." });
    const limitKey = unique("posted-limit");
    const posted = await callPostComment({ storyId, authorId: served.id, body: unique("Back again"), holdFirstComment: false, limitKeys: [limitKey] });
    expect(posted).toMatchObject({ outcome: "POSTED", comment_status: "APPROVED" });
    expect(await db.rateLimit.findUnique({ where: { key: limitKey }, select: { count: true } })).toEqual({ count: 1 });
  });
});

/** An account that may post, old enough and with a history that trips no automatic hold. */
async function establishedAuthor(role: "READER" | "MODERATOR" = "READER") {
  return db.user.create({
    data: { email: `${unique("established")}@example.test`, displayName: unique("Established"), passwordHash: "not used", role, createdAt: new Date(Date.now() - 30 * 24 * HOUR_MS) },
    select: { id: true },
  });
}

describe("post_comment's closing rules", () => {
  it("agree with effectiveCommentPolicy() for every policy, closing time, closing age and age of the story", async () => {
    const DAY_MS = 24 * HOUR_MS;
    const now = Date.now();
    const [closesAfterThreeDays, neverCloses] = await Promise.all([makeSection(), makeSection()]);
    await db.section.update({ where: { id: closesAfterThreeDays.id }, data: { commentsCloseAfterDays: 3 } });
    // A moderator: the automatic holds do not apply, so PREMODERATED is the only hold there can be.
    const author = await establishedAuthor("MODERATOR");
    const cases: Array<{ commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED"; closedAt: Date | null; closeAfterDays: number | null; publishedAt: Date }> = [];
    for (const commentPolicy of ["OPEN", "PREMODERATED", "CLOSED"] as const) {
      for (const closedAt of [null, new Date(now - DAY_MS), new Date(now + DAY_MS)]) {
        for (const closeAfterDays of [null, 3]) {
          for (const publishedDaysAgo of [1, 5]) cases.push({ commentPolicy, closedAt, closeAfterDays, publishedAt: new Date(now - publishedDaysAgo * DAY_MS) });
        }
      }
    }
    const results = await Promise.all(
      cases.map(async (rules) => {
        const story = await makeStory({ status: "PUBLISHED", sectionId: rules.closeAfterDays === null ? neverCloses.id : closesAfterThreeDays.id });
        await db.story.update({ where: { id: story.id }, data: { commentPolicy: rules.commentPolicy, commentsClosedAt: rules.closedAt, publishedAt: rules.publishedAt } });
        const posted = await callPostComment({ storyId: story.id, authorId: author.id, body: unique("Closing rules"), holdFirstComment: false });
        const expected = effectiveCommentPolicy(
          { status: "PUBLISHED", commentPolicy: rules.commentPolicy, commentsClosedAt: rules.closedAt, publishedAt: rules.publishedAt, commentsCloseAfterDays: rules.closeAfterDays },
          DEFAULT_DATE_STYLE,
          posted.decided_at!,
        );
        return { rules, posted, expected };
      }),
    );
    for (const { rules, posted, expected } of results) {
      expect({ rules, outcome: posted.outcome, held: posted.hold_reasons ?? [] }).toEqual({
        rules,
        outcome: expected.policy === "CLOSED" ? "CLOSED" : "POSTED",
        held: expected.policy === "PREMODERATED" ? ["PREMODERATED"] : [],
      });
    }
    // Not vacuous: every answer came up, and each way of closing closed something.
    expect(new Set(results.map((result) => result.expected.policy))).toEqual(new Set(["OPEN", "PREMODERATED", "CLOSED"]));
    const closedBy = (match: (rules: (typeof cases)[number]) => boolean) => results.some((r) => r.posted.outcome === "CLOSED" && match(r.rules));
    expect(closedBy((rules) => rules.commentPolicy !== "CLOSED" && rules.closedAt !== null && rules.closedAt.getTime() < now && rules.closeAfterDays === null)).toBe(true);
    expect(closedBy((rules) => rules.commentPolicy !== "CLOSED" && rules.closedAt === null && rules.closeAfterDays !== null)).toBe(true);
  });
});

describe("post_comment's limits", () => {
  it("count as hitRateLimits() does: one more in a window that stands, a fresh window once it has run out, refused past the allowed count", async () => {
    const storyId = await publishedStory("OPEN");
    const author = await establishedAuthor();
    const standing = new Date(Date.now() + 30_000);
    const runOut = new Date(Date.now() - 1_000);
    // callPostComment's limits: a one-minute window, 5 allowed.
    const before = [null, { count: 2, resetAt: standing }, { count: 100, resetAt: runOut }, { count: 5, resetAt: standing }];
    for (const state of before) {
      const [sqlKey, jsKey] = [unique("limit-sql"), unique("limit-js")];
      if (state) await db.rateLimit.createMany({ data: [sqlKey, jsKey].map((key) => ({ key, ...state })) });
      const started = new Date();
      const posted = await callPostComment({ storyId, authorId: author.id, body: unique("Counted"), holdFirstComment: false, limitKeys: [sqlKey] });
      const [js] = await hitRateLimits([{ key: jsKey, windowMs: 60_000 }]);
      const sql = await db.rateLimit.findUniqueOrThrow({ where: { key: sqlKey }, select: { count: true, resetAt: true } });
      const label = JSON.stringify(state);
      expect(sql.count, label).toBe(js!.count);
      if (state && state.resetAt > started) {
        expect([sql.resetAt, js!.resetAt], label).toEqual([state.resetAt, state.resetAt]);
      } else {
        expect(sql.resetAt > started && js!.resetAt > started, label).toBe(true);
      }
      expect({ outcome: posted.outcome, limit: posted.limit_index }, label).toEqual(js!.count > 5 ? { outcome: "RATE_LIMITED", limit: 1 } : { outcome: "POSTED", limit: null });
    }
  });
});

describe("post_comment's cache stamp", () => {
  it("is STAMP_SQL's: the tag's row, and a notification the reader cache's listener reads as that stamp", async () => {
    const listener = new pg.Client({ connectionString: process.env.DATABASE_URL });
    const payloads: string[] = [];
    listener.on("notification", (message) => {
      if (message.channel === CACHE_CHANNEL && message.payload) payloads.push(message.payload);
    });
    await listener.connect();
    try {
      await listener.query(`LISTEN ${CACHE_CHANNEL}`);
      const payloadFor = async (tag: string): Promise<string> => {
        for (let tries = 0; tries < 500; tries += 1) {
          const found = payloads.find((payload) => (JSON.parse(payload) as { tags: string[] }).tags.includes(tag));
          if (found) return found;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        throw new Error(`no notification for ${tag}`);
      };
      const storyId = await publishedStory("OPEN");
      const tag = commentsTag(storyId);
      const author = await establishedAuthor();
      const before = Date.now();
      const posted = await callPostComment({ storyId, authorId: author.id, body: unique("Stamped"), holdFirstComment: false });
      expect(posted).toMatchObject({ outcome: "POSTED", comment_status: "APPROVED" });
      const payload = await payloadFor(tag);

      // The same payload as the statement every other change stamps with.
      const otherTag = unique("stamp-shape");
      await listener.query(STAMP_SQL, [[otherTag], CACHE_CHANNEL]);
      const reference = JSON.parse(await payloadFor(otherTag)) as Record<string, unknown>;
      const message = JSON.parse(payload) as { at: number; tags: string[] };
      expect(Object.keys(message).sort()).toEqual(Object.keys(reference).sort());
      expect(message.tags).toEqual([tag]);
      const row = await db.cacheTag.findUniqueOrThrow({ where: { tag }, select: { revalidatedAt: true } });
      expect(message.at).toBe(row.revalidatedAt.getTime());

      // What an instance that hears it makes of it (lib/cache/tag-stamps.mjs).
      const heard = new TagStamps({ log: { warn: () => {} } });
      heard.receive(payload);
      expect(heard.isStampedSince([tag], before)).toBe(true);
      expect(heard.tagDbTimes.get(tag)).toBe(message.at);
    } finally {
      await listener.end();
    }
  });
});
