// What readers do with comments: post, edit their own for ten minutes, delete their own, report
// anyone's. Each operation checks who is asking and what the story allows, writes in one
// transaction (stories locked first, then comments: the lock order of lib/comments/counts.ts),
// keeps the counts there, and refreshes the story's cached comments (the others: after commit).
// Posting, the hot path, is one statement: the PL/pgSQL function "post_comment" (its migration,
// prisma/migrations/20261127132700_post_comment_function) does in one round trip what the others
// do in several, and stamps the cache in the same transaction (lib/cache/invalidate.ts says why
// that is the same as after commit). It mirrors openStoryForComments and loadAuthorFacts below,
// effectiveCommentPolicy (policy.ts), holdReasons (holds.ts), adjustVisibleCounts (counts.ts) and
// STAMP_SQL (lib/cache/stamp.mjs): a change to one of them is a change to it too.

import "server-only";

import type { z } from "zod";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { can, ROLES } from "@/lib/auth/roles";
import { db, getPool, type Tx } from "@/lib/db";
import { markReaderCacheLocally } from "@/lib/cache/invalidate";
import { CACHE_CHANNEL } from "@/lib/cache/stamp.mjs";
import { assertCacheTags, commentsTag } from "@/lib/cache/tags";
import { env } from "@/lib/env.mjs";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import type { CommentStatus, ReportReason, Role, UserStatus } from "@/lib/generated/prisma/enums";
import { hitRateLimits } from "@/lib/rate-limit";

import { adjustVisibleCounts, invalidateComments, isVisibleToReaders, lockStoriesForComments } from "./counts";
import { assertNoBannedWords, findListedWords, heldMessage, holdReasons, isHoldCode, NEW_ACCOUNT_MS, REPEAT_WINDOW_MS, type HoldCode } from "./holds";
import { effectiveCommentPolicy, type StoryCommentRules } from "./policy";
import { deleteCommentSchema, EDIT_WINDOW_MS, editCommentSchema, postCommentSchema, reportCommentSchema, uuidSchema } from "./schemas";
import { cachedCommentSettings } from "./settings";
import { bodyHash, hasLinks, parseCommentBodyInput } from "./text";

export { EDIT_WINDOW_MS } from "./schemas";

/**
 * Rate limits, fixed windows counted in PostgreSQL (lib/rate-limit.ts) so they hold across app
 * instances. Posting: 5 a minute and 60 an hour per account (a fast, chatty reader writes a comment
 * every 20 seconds or so at most), 30 a minute per address (a newsroom or a university behind one
 * address). Reporting: 20 an hour per account, 60 an hour per address. NEWSDESK_COMMENT_RATE_SCALE
 * multiplies every limit, for load benchmarks only (e.g. 1000); it defaults to 1.
 */
export const COMMENT_RATE_LIMITS = {
  postPerAccountMinute: { limit: 5, windowMs: 60_000 },
  postPerAccountHour: { limit: 60, windowMs: 3_600_000 },
  postPerAddressMinute: { limit: 30, windowMs: 60_000 },
  reportPerAccountHour: { limit: 20, windowMs: 3_600_000 },
  reportPerAddressHour: { limit: 60, windowMs: 3_600_000 },
} as const;

type LimitName = keyof typeof COMMENT_RATE_LIMITS;

function rateScale(): number {
  // 1 unless set; lib/env.mjs refuses it in production outside a benchmark.
  return env.NEWSDESK_COMMENT_RATE_SCALE;
}

function waitWords(resetAt: Date): string {
  const seconds = Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

/** Counts one attempt against each limit (one statement) and returns the refusal if any is now over. */
async function countLimits(checks: ReadonlyArray<{ name: LimitName; key: string }>, doing: string, client?: Tx): Promise<AppError | null> {
  const scale = rateScale();
  const states = await hitRateLimits(
    checks.map(({ name, key }) => ({ key, windowMs: COMMENT_RATE_LIMITS[name].windowMs })),
    client,
  );
  for (const [index, { name }] of checks.entries()) {
    const state = states[index]!;
    if (state.count > COMMENT_RATE_LIMITS[name].limit * scale) return limitRefusal(doing, state.resetAt);
  }
  return null;
}

/** "You are posting comments too quickly. Wait 40 seconds and try again.", with Retry-After's seconds. */
function limitRefusal(doing: string, resetAt: Date): AppError {
  return new AppError("RATE_LIMITED", `You are ${doing} too quickly. Wait ${waitWords(resetAt)} and try again.`, {
    details: { retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - Date.now()) / 1000)) },
  });
}

export interface RequestMeta {
  /** The client's address (clientAddress(headers)), for per-address limits. */
  address?: string;
}

function invalid(error: z.ZodError, message = "Some fields need attention."): AppError {
  const fieldErrors = fieldErrorsOf(error);
  const first = Object.values(fieldErrors)[0]?.[0];
  return new AppError("INVALID_INPUT", first ?? message, { fieldErrors });
}

type CommentingStanding = Pick<Actor, "role" | "status" | "suspendedUntil" | "statusReason">;

/** Why this signed-in person may not comment (no permission, or suspended: with why and until when), or null. */
function commentRefusal(person: CommentingStanding): AppError | null {
  if (!can(person.role, "comment.post")) return new AppError("FORBIDDEN", "Your account cannot post comments.");
  if (person.status === "SUSPENDED") {
    const until = person.suspendedUntil ? ` until ${formatDateTime(person.suspendedUntil)}` : "";
    const why = person.statusReason ? ` The reason given: ${person.statusReason}` : "";
    return new AppError("FORBIDDEN", `Your account is suspended${until}: you can read, but not comment or report comments.${why}`);
  }
  if (person.status !== "ACTIVE") return new AppError("FORBIDDEN", "Your account cannot post comments.");
  return null;
}

/** Refuses people who may not comment: signed out, no permission, or suspended (with why and until when). */
export function assertMayComment(actor: Actor | null): Actor {
  if (!actor) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  const refusal = commentRefusal(actor);
  if (refusal) throw refusal;
  return actor;
}

function notFoundStory(): AppError {
  return new AppError("NOT_FOUND", "That story does not exist.");
}

function notFoundComment(): AppError {
  return new AppError("NOT_FOUND", "That comment does not exist.");
}

/**
 * Locks the story (the lock order of counts.ts) and returns what decides whether it takes comments now, or refuses.
 * Editing uses it; "post_comment" does the same in SQL for posting.
 */
async function openStoryForComments(tx: Tx, storyId: string, now: Date) {
  // One round trip: the lock lockStoriesForComments would take, and the fields the policy needs.
  const rows = await tx.$queryRaw<Array<StoryCommentRules & { id: string }>>`
    SELECT s."id", s."status"::text AS "status", s."commentPolicy"::text AS "commentPolicy", s."commentsClosedAt", s."publishedAt",
      sec."commentsCloseAfterDays"
    FROM "Story" s JOIN "Section" sec ON sec."id" = s."sectionId"
    WHERE s."id" = ${storyId}::uuid
    FOR NO KEY UPDATE OF s`;
  const story = rows[0];
  // Readers cannot see a draft, so for them it does not exist.
  if (!story || story.status !== "PUBLISHED") throw notFoundStory();
  const effective = effectiveCommentPolicy(story, now);
  if (effective.policy === "CLOSED") throw new AppError("FORBIDDEN", effective.reason ?? "Comments on this story are closed.");
  return { story, policy: effective.policy };
}

interface AuthorFacts {
  createdAt: Date;
  hasApprovedComment: boolean;
  postedSameTextRecently: boolean;
}

/**
 * What the hold rules need to know about the author, other than the comment being edited, in one
 * round trip. Editing uses it; "post_comment" reads the same facts in SQL for posting. Run it after
 * the story's lock (a separate statement, so a fresh snapshot).
 */
async function loadAuthorFacts(tx: Tx, authorId: string, hash: string, now: Date, exceptCommentId: string): Promise<AuthorFacts> {
  const since = new Date(now.getTime() - REPEAT_WINDOW_MS);
  const rows = await tx.$queryRaw<Array<{ createdAt: Date; approved: boolean; repeated: boolean }>>`
    SELECT u."createdAt",
      EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."status" = 'APPROVED' AND c."id" <> ${exceptCommentId}::uuid) AS "approved",
      EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."bodyHash" = ${hash} AND c."createdAt" > ${since} AND c."id" <> ${exceptCommentId}::uuid) AS "repeated"
    FROM "User" u
    WHERE u."id" = ${authorId}::uuid`;
  const row = rows[0];
  if (!row) throw new AppError("UNAUTHENTICATED", "Sign in to comment.");
  return { createdAt: row.createdAt, hasApprovedComment: row.approved, postedSameTextRecently: row.repeated };
}

export interface PostedComment {
  id: string;
  storyId: string;
  parentId: string | null;
  status: CommentStatus;
  holdReasons: HoldCode[];
  /** For the author when it is held: "Your comment is waiting for a moderator because …"; null when it is on the page. */
  heldBecause: string | null;
}

/** The row of "post_comment" (prisma/migrations/*_post_comment_*): an outcome, and what it needs. */
interface PostCommentRow {
  outcome: "POSTED" | "NO_AUTHOR" | "AUTHOR_REFUSED" | "RATE_LIMITED" | "STORY_NOT_FOUND" | "CLOSED" | "PARENT_NOT_FOUND" | "PARENT_ELSEWHERE" | "PARENT_HIDDEN";
  author_role: Role | null;
  author_status: UserStatus | null;
  author_suspended_until: Date | null;
  author_status_reason: string | null;
  comment_id: string | null;
  comment_status: CommentStatus | null;
  hold_reasons: string[] | null;
  limit_index: number | null;
  limit_reset_at: Date | null;
  story_status: StoryCommentRules["status"] | null;
  comment_policy: StoryCommentRules["commentPolicy"] | null;
  comments_closed_at: Date | null;
  published_at: Date | null;
  close_after_days: number | null;
  decided_at: Date | null;
}

/** The refusal a row of "post_comment" stands for; null when the comment was posted. */
function postRefusal(row: PostCommentRow): AppError | null {
  switch (row.outcome) {
    case "POSTED":
      return null;
    case "AUTHOR_REFUSED":
      // In assertMayComment's words, from the author as the database had them.
      return (
        (row.author_role && row.author_status
          ? commentRefusal({ role: row.author_role, status: row.author_status, suspendedUntil: row.author_suspended_until, statusReason: row.author_status_reason })
          : null) ?? new AppError("FORBIDDEN", "Your account cannot post comments.")
      );
    case "RATE_LIMITED":
      return limitRefusal("posting comments", row.limit_reset_at ?? new Date());
    case "STORY_NOT_FOUND":
      return notFoundStory();
    case "CLOSED": {
      // The sentence readers see above the form, from the story's rules at the time the database decided.
      const rules: StoryCommentRules = {
        status: row.story_status ?? "PUBLISHED",
        commentPolicy: row.comment_policy ?? "CLOSED",
        commentsClosedAt: row.comments_closed_at,
        publishedAt: row.published_at,
        commentsCloseAfterDays: row.close_after_days,
      };
      const effective = effectiveCommentPolicy(rules, row.decided_at ?? new Date());
      return new AppError("FORBIDDEN", (effective.policy === "CLOSED" ? effective.reason : null) ?? "Comments on this story are closed.");
    }
    case "NO_AUTHOR":
      return new AppError("UNAUTHENTICATED", "Sign in to comment.");
    case "PARENT_NOT_FOUND":
      return new AppError("NOT_FOUND", "The comment you are replying to does not exist.");
    case "PARENT_ELSEWHERE":
      return new AppError("INVALID_INPUT", "You can only reply to a comment on the same story.");
    case "PARENT_HIDDEN":
      return new AppError("INVALID_INPUT", "The comment you are replying to is no longer shown, so it cannot take replies.");
  }
  throw new Error(`post_comment answered an unknown outcome: ${String(row.outcome)}`);
}

/** Someone known only by their session cookie's user id and session id: postComment reads who they are, and checks the session, in its own statement. */
export interface SessionPerson {
  id: string;
  sessionId: string;
}

function isLoadedActor(person: Actor | SessionPerson): person is Actor {
  return "role" in person && "status" in person;
}

/** lib/auth/roles.ts's answers, as "post_comment" takes them. */
const POSTER_ROLES = ROLES.filter((role) => can(role, "comment.post"));
const MODERATOR_ROLES = ROLES.filter((role) => can(role, "comment.moderate"));

/**
 * Posts a comment or a reply. Published at once, or held with reasons (lib/comments/holds.ts).
 *
 * One round trip: after the checks that need no database (input, honeypot, banned words) and the
 * facts of the text alone (links, suspect words, its hash), one call of the PL/pgSQL function
 * "post_comment" (prisma/migrations/20261127132700_post_comment_function,
 * 20261127163000_post_comment_checks_author and 20261206040000_post_comment_checks_session) reads
 * the author's role and status, and checks their session, and refuses the ones who may not post (as loadActor and assertMayComment would), counts the limits, locks the
 * story, reads the author's facts and the parent, applies the hold rules, inserts the comment,
 * keeps the counts and stamps the story's cached comments: what an interactive transaction did here
 * in nine round trips, in the same order and lock order, as one statement and one commit. A
 * refusal found there is returned as a row, so the statement commits the limits' counts (every
 * attempt counts) and nothing else, and is thrown here; refusing the author comes before the limits
 * and writes nothing at all.
 *
 * `person` is the actor a page or action already loaded (refused here at once if they may not
 * comment, and checked again by the statement), or a SessionPerson, whom only the statement checks:
 * the JSON endpoint's case, where reading the account first was a second statement per post.
 */
export async function postComment(person: Actor | SessionPerson | null, input: unknown, meta: RequestMeta = {}): Promise<PostedComment> {
  if (!person) throw new AppError("UNAUTHENTICATED", "Sign in to do that.");
  if (isLoadedActor(person)) assertMayComment(person);
  // A loaded actor's session was checked when it was loaded (null for one loaded by id, in tests
  // and scripts); the statement checks it again either way, so a session ended since counts too.
  const author = { id: person.id, sessionId: person.sessionId };
  if (!uuidSchema.safeParse(author.id).success) throw new AppError("UNAUTHENTICATED", "Sign in to comment.");
  if (author.sessionId !== null && !uuidSchema.safeParse(author.sessionId).success) throw new AppError("UNAUTHENTICATED", "Sign in to comment.");
  const parsed = postCommentSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  const { parentId, honeypot } = parsed.data;
  const story = uuidSchema.safeParse(parsed.data.storyId);
  if (!story.success) throw notFoundStory();
  const storyId = story.data;
  // Filled by bots only (the field is hidden from people): refused without saying why, nothing written.
  if (honeypot && honeypot.trim() !== "") throw new AppError("INVALID_INPUT", "Your comment could not be posted.");
  const body = parseCommentBodyInput(parsed.data.body);
  const settings = await cachedCommentSettings();
  assertNoBannedWords(body, settings.bannedWords);

  // In the order they are checked: the first one over is the one the refusal names.
  const limits = [
    { name: "postPerAccountMinute" as const, key: `comment:post:account:${author.id}:m` },
    { name: "postPerAccountHour" as const, key: `comment:post:account:${author.id}:h` },
    ...(meta.address ? [{ name: "postPerAddressMinute" as const, key: `comment:post:address:${meta.address}:m` }] : []),
  ];
  const scale = rateScale();
  const tag = commentsTag(storyId);
  assertCacheTags([tag]);
  // On the pool itself (lib/db.ts) and prepared once per connection: the hot path. The function's
  // timestamps are UTC without a zone; AT TIME ZONE 'UTC' hands them to pg as instants.
  const { rows } = await getPool().query<PostCommentRow>({
    name: "newsdesk_post_comment",
    text: `SELECT r.outcome, r.author_role, r.author_status, r.author_suspended_until AT TIME ZONE 'UTC' AS author_suspended_until,
        r.author_status_reason, r.comment_id::text AS comment_id, r.comment_status::text AS comment_status, r.hold_reasons::text[] AS hold_reasons,
        r.limit_index, r.limit_reset_at AT TIME ZONE 'UTC' AS limit_reset_at, r.story_status::text AS story_status,
        r.comment_policy::text AS comment_policy, r.comments_closed_at AT TIME ZONE 'UTC' AS comments_closed_at,
        r.published_at AT TIME ZONE 'UTC' AS published_at, r.close_after_days, r.decided_at AT TIME ZONE 'UTC' AS decided_at
      FROM "post_comment"(
        p_story_id => $1::uuid, p_parent_id => $2::uuid, p_author_id => $3::uuid, p_session_id => $18::uuid, p_body => $4::text, p_body_hash => $5::text,
        p_has_links => $6::boolean, p_has_suspect_word => $7::boolean, p_poster_roles => $8::text[], p_moderator_roles => $17::text[],
        p_hold_first_comment => $9::boolean, p_new_account_ms => $10::float8, p_repeat_window_ms => $11::float8,
        p_limit_keys => $12::text[], p_limit_windows_ms => $13::float8[], p_limit_counts => $14::float8[],
        p_cache_tag => $15::text, p_cache_channel => $16::text
      ) r`,
    values: [
      storyId,
      parentId ?? null,
      author.id,
      body,
      bodyHash(body),
      hasLinks(body),
      findListedWords(body, settings.suspectWords).length > 0,
      POSTER_ROLES,
      settings.holdFirstComment,
      NEW_ACCOUNT_MS,
      REPEAT_WINDOW_MS,
      limits.map((limit) => limit.key),
      limits.map((limit) => COMMENT_RATE_LIMITS[limit.name].windowMs),
      limits.map((limit) => COMMENT_RATE_LIMITS[limit.name].limit * scale),
      tag,
      CACHE_CHANNEL,
      MODERATOR_ROLES,
      author.sessionId,
    ],
  });
  const row = rows[0];
  if (!row) throw new Error("post_comment answered no row");
  const refused = postRefusal(row);
  if (refused) throw refused;
  if (!row.comment_id || !row.comment_status) throw new Error("post_comment posted a comment but answered no id or status");
  const reasons = (row.hold_reasons ?? []).filter(isHoldCode);
  const status = row.comment_status;
  // The stamp committed with the comment; this instance forgets at once, without waiting to hear it.
  if (status === "APPROVED") markReaderCacheLocally([tag]);
  return { id: row.comment_id, storyId, parentId: parentId ?? null, status, holdReasons: reasons, heldBecause: reasons.length > 0 ? heldMessage(reasons) : null };
}

async function lockOwnComment(tx: Tx, author: Actor, commentId: string) {
  const found = await tx.comment.findUnique({ where: { id: commentId }, select: { storyId: true } });
  if (!found) throw notFoundComment();
  await lockStoriesForComments(tx, [found.storyId]);
  const rows = await tx.$queryRaw<Array<{ id: string }>>`SELECT "id" FROM "Comment" WHERE "id" = ${commentId}::uuid FOR NO KEY UPDATE`;
  if (rows.length === 0) throw notFoundComment();
  const comment = await tx.comment.findUniqueOrThrow({
    where: { id: commentId },
    select: { id: true, storyId: true, parentId: true, authorId: true, status: true, holdReasons: true, deletedAt: true, createdAt: true },
  });
  if (comment.authorId !== author.id) throw new AppError("FORBIDDEN", "You can only change your own comments.");
  return comment;
}

export interface EditedComment extends PostedComment {
  editedAt: Date;
}

/** Changes the text of one's own comment within ten minutes of posting; the hold rules run again. */
export async function editComment(actor: Actor | null, input: unknown): Promise<EditedComment> {
  const author = assertMayComment(actor);
  const parsed = editCommentSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalid(parsed.error);
  const { commentId } = parsed.data;
  if (!uuidSchema.safeParse(commentId).success) throw notFoundComment();
  const body = parseCommentBodyInput(parsed.data.body);
  const settings = await cachedCommentSettings();
  assertNoBannedWords(body, settings.bannedWords);
  const hash = bodyHash(body);

  const edited = await db.$transaction(async (tx) => {
    const now = new Date();
    const comment = await lockOwnComment(tx, author, commentId);
    if (comment.deletedAt) throw new AppError("INVALID_TRANSITION", "You deleted this comment, so it cannot be edited.");
    if (comment.status === "REJECTED" || comment.status === "SPAM") {
      throw new AppError("INVALID_TRANSITION", "A moderator removed this comment, so it cannot be edited.");
    }
    if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS) {
      throw new AppError("INVALID_TRANSITION", "Comments can be edited for 10 minutes after posting, and that time has passed.");
    }
    const { policy } = await openStoryForComments(tx, comment.storyId, now);
    const facts = await loadAuthorFacts(tx, author.id, hash, now, comment.id);
    const reasons = holdReasons({
      body,
      hasLinks: hasLinks(body),
      policy: policy === "PREMODERATED" ? "PREMODERATED" : "OPEN",
      settings,
      author: { ...facts, canModerate: can(author.role, "comment.moderate") },
      now,
    });
    // Readers' reports stand: editing a reported comment does not put it back on the page.
    if (comment.holdReasons.includes("REPORTED") && comment.status === "PENDING") reasons.push("REPORTED");
    const status: CommentStatus = reasons.length > 0 ? "PENDING" : "APPROVED";
    await tx.comment.update({ where: { id: comment.id }, data: { body, bodyHash: hash, status, holdReasons: reasons, editedAt: now }, select: { id: true } });
    const wasVisible = isVisibleToReaders(comment);
    await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible, isVisible: status === "APPROVED" }]);
    return {
      result: { id: comment.id, storyId: comment.storyId, parentId: comment.parentId, status, holdReasons: reasons, heldBecause: reasons.length > 0 ? heldMessage(reasons) : null, editedAt: now },
      readersSaw: wasVisible || status === "APPROVED",
    };
  });
  if (edited.readersSaw) await invalidateComments([edited.result.storyId]);
  return edited.result;
}

/** Deletes one's own comment: the text goes, the place in the thread stays ("This comment was deleted."). */
export async function deleteComment(actor: Actor | null, input: unknown): Promise<{ id: string; storyId: string }> {
  // A suspended reader may still take their own words down.
  const author = assertCan(actor, "comment.post", "Your account cannot change comments.");
  const parsed = deleteCommentSchema.safeParse(input ?? {});
  if (!parsed.success || !uuidSchema.safeParse(parsed.data.commentId).success) throw notFoundComment();
  const { commentId } = parsed.data;

  const deleted = await db.$transaction(async (tx) => {
    const comment = await lockOwnComment(tx, author, commentId);
    if (comment.deletedAt) return { id: comment.id, storyId: comment.storyId, wasVisible: false };
    await tx.comment.update({ where: { id: comment.id }, data: { body: "", bodyHash: "", deletedAt: new Date() }, select: { id: true } });
    const wasVisible = isVisibleToReaders(comment);
    await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible, isVisible: false }]);
    await recordAudit(tx, { actorId: author.id, action: "comment.delete", entityType: "comment", entityId: comment.id, data: { storyId: comment.storyId } });
    return { id: comment.id, storyId: comment.storyId, wasVisible };
  });
  if (deleted.wasVisible) await invalidateComments([deleted.storyId]);
  return { id: deleted.id, storyId: deleted.storyId };
}

export interface ReportResult {
  id: string;
  commentId: string;
  reason: ReportReason;
  /** Whether this report sent the comment back to the moderators (it left the page). */
  held: boolean;
}

/**
 * Reports a comment readers can see. One report per reader per comment; when reportsToHold
 * different readers have open reports on it, it goes back to PENDING (hold reason REPORTED).
 */
export async function reportComment(actor: Actor | null, input: unknown, meta: RequestMeta = {}): Promise<ReportResult> {
  const reporter = assertMayComment(actor);
  const raw = (typeof input === "object" && input !== null ? input : {}) as Record<string, unknown>;
  if (!uuidSchema.safeParse(raw.commentId).success) throw notFoundComment();
  const parsed = reportCommentSchema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error);
  const { commentId, reason, text } = parsed.data;
  const settings = await cachedCommentSettings();

  // Checked before counting against the limit: reporting twice is a mistake, not abuse.
  const existing = await db.commentReport.findUnique({ where: { commentId_reporterId: { commentId, reporterId: reporter.id } }, select: { id: true } });
  if (existing) throw new AppError("CONFLICT", "You have already reported this comment. A moderator will look at it.");

  const limited = await countLimits(
    [
      { name: "reportPerAccountHour", key: `comment:report:account:${reporter.id}:h` },
      ...(meta.address ? [{ name: "reportPerAddressHour" as const, key: `comment:report:address:${meta.address}:h` }] : []),
    ],
    "sending reports",
  );
  if (limited) throw limited;

  const reported = await db.$transaction(async (tx) => {
    const found = await tx.comment.findUnique({ where: { id: commentId }, select: { storyId: true } });
    if (!found) throw notFoundComment();
    await lockStoriesForComments(tx, [found.storyId]);
    await tx.$queryRaw`SELECT "id" FROM "Comment" WHERE "id" = ${commentId}::uuid FOR NO KEY UPDATE`;
    const comment = await tx.comment.findUniqueOrThrow({
      where: { id: commentId },
      select: { id: true, storyId: true, parentId: true, authorId: true, status: true, deletedAt: true, holdReasons: true, story: { select: { status: true } } },
    });
    if (comment.story.status !== "PUBLISHED" || !isVisibleToReaders(comment)) throw new AppError("NOT_FOUND", "That comment is not shown any more, so there is nothing to report.");
    if (comment.authorId === reporter.id) throw new AppError("INVALID_INPUT", "You cannot report your own comment; you can edit or delete it.");
    const report = await tx.commentReport
      .create({ data: { commentId, reporterId: reporter.id, reason, text }, select: { id: true } })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "You have already reported this comment. A moderator will look at it.");
        throw error;
      });
    await tx.comment.update({ where: { id: commentId }, data: { reportCount: { increment: 1 } }, select: { id: true } });
    const open = await tx.commentReport.count({ where: { commentId, resolvedAt: null, reporterId: { not: null } } });
    let held = false;
    if (open >= settings.reportsToHold) {
      held = true;
      const reasons = comment.holdReasons.includes("REPORTED") ? comment.holdReasons : [...comment.holdReasons, "REPORTED"];
      await tx.comment.update({ where: { id: commentId }, data: { status: "PENDING", holdReasons: reasons }, select: { id: true } });
      await adjustVisibleCounts(tx, [{ storyId: comment.storyId, parentId: comment.parentId, wasVisible: true, isVisible: false }]);
      await recordAudit(tx, { actorId: null, action: "comment.hold", entityType: "comment", entityId: commentId, data: { reason: "REPORTED", reports: open } });
    }
    return { id: report.id, commentId, reason, held, storyId: comment.storyId };
  });
  if (reported.held) await invalidateComments([reported.storyId]);
  return { id: reported.id, commentId: reported.commentId, reason: reported.reason, held: reported.held };
}
