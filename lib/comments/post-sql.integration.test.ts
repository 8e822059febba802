// Posting runs the hold rules in SQL ("post_comment", prisma/migrations/*_post_comment_function),
// while editing runs holdReasons() in JS (lib/comments/holds.ts). The two must agree: this calls
// the function itself over every combination of the facts the rules look at and compares.

import { describe, expect, it } from "vitest";

import { CACHE_CHANNEL } from "@/lib/cache/stamp.mjs";
import { commentsTag } from "@/lib/cache/tags";
import { findListedWords, holdReasons, NEW_ACCOUNT_MS, REPEAT_WINDOW_MS } from "@/lib/comments/holds";
import { bodyHash, hasLinks } from "@/lib/comments/text";
import { db } from "@/lib/db";
import { makeStory, unique } from "@/tests/integration/factories";

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
  comment_id: string | null;
  comment_status: string | null;
  hold_reasons: string[] | null;
  decided_at: Date | null;
}

async function callPostComment(args: { storyId: string; authorId: string; body: string; canModerate: boolean; holdFirstComment: boolean }): Promise<Posted> {
  const rows = await db.$queryRaw<Posted[]>`
    SELECT outcome, comment_id, comment_status, hold_reasons, decided_at FROM "post_comment"(
      p_story_id => ${args.storyId}::uuid,
      p_parent_id => ${null}::uuid,
      p_author_id => ${args.authorId}::uuid,
      p_body => ${args.body}::text,
      p_body_hash => ${bodyHash(args.body)}::text,
      p_has_links => ${hasLinks(args.body)}::boolean,
      p_has_suspect_word => ${findListedWords(args.body, SUSPECT_WORDS).length > 0}::boolean,
      p_can_moderate => ${args.canModerate}::boolean,
      p_hold_first_comment => ${args.holdFirstComment}::boolean,
      p_new_account_ms => ${NEW_ACCOUNT_MS}::float8,
      p_repeat_window_ms => ${REPEAT_WINDOW_MS}::float8,
      p_limit_keys => ${[]}::text[],
      p_limit_windows_ms => ${[]}::float8[],
      p_limit_counts => ${[]}::float8[],
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
        const posted = await callPostComment({ storyId, authorId: author.id, body, canModerate: facts.canModerate, holdFirstComment: facts.holdFirstComment });
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
