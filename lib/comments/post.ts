// Posting a comment or a reply, the hot path: one statement. The PL/pgSQL function "post_comment"
// (its migration, prisma/migrations/20261127132700_post_comment_function) does in one round trip
// what editing does in several, and stamps the cache in the same transaction (lib/cache/invalidate.ts
// says why that is the same as after commit). It mirrors openStoryForComments and loadAuthorFacts
// (edit.ts), commentRefusal (standing.ts), effectiveCommentPolicy (policy.ts), holdReasons
// (holds.ts), adjustVisibleCounts (counts.ts), COMMENT_RATE_LIMITS (limits.ts) and STAMP_SQL
// (lib/cache/stamp.mjs): a change to one of them is a change to it too.

import "server-only";

import { SIGN_IN_REQUIRED, type Actor } from "@/lib/auth/actor";
import { can, ROLES } from "@/lib/auth/roles";
import { getPool } from "@/lib/db";
import { markReaderCacheLocally } from "@/lib/cache/invalidate";
import { CACHE_CHANNEL } from "@/lib/cache/stamp.mjs";
import { assertCacheTags, commentsTag } from "@/lib/cache/tags";
import { notifyReplyPosted } from "@/lib/email/notifications";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation/parse-input";
import { isUuid } from "@/lib/validation/uuid";
import type { CommentStatus, Role, UserStatus } from "@/lib/generated/prisma/enums";

import { assertNoBannedWords, findListedWords, heldMessage, isHoldCode, NEW_ACCOUNT_MS, REPEAT_WINDOW_MS, type HoldCode } from "./holds";
import { COMMENT_RATE_LIMITS, limitRefusal, rateScale, type RequestMeta } from "./limits";
import { effectiveCommentPolicy, type StoryCommentRules } from "./policy";
import { DEFAULT_DATE_STYLE, type DateStyle } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { closedRefusal, notFoundStory, signInToComment } from "./refusals";
import { postCommentSchema } from "./schemas";
import { CANNOT_COMMENT, COMMENT_NOT_POSTED, CONFIRM_TO_COMMENT } from "./sentences";
import { cachedCommentSettings } from "./settings";
import { assertMayComment, commentRefusal } from "./standing";
import { bodyHash, hasLinks, parseCommentBodyInput } from "./text";

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
function postRefusal(row: PostCommentRow, dates: DateStyle): AppError | null {
  switch (row.outcome) {
    case "POSTED":
      return null;
    case "AUTHOR_REFUSED":
      // In assertMayComment's words, from the author as the database had them.
      return (
        (row.author_role && row.author_status
          ? commentRefusal({ role: row.author_role, status: row.author_status, suspendedUntil: row.author_suspended_until, statusReason: row.author_status_reason }, dates)
          : null) ?? new AppError("FORBIDDEN", CANNOT_COMMENT, { reason: "CANNOT_COMMENT" })
      );
    case "RATE_LIMITED":
      return limitRefusal("RATE_LIMITED_COMMENTS", row.limit_reset_at ?? new Date());
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
      return closedRefusal(effectiveCommentPolicy(rules, dates, row.decided_at ?? new Date()));
    }
    case "NO_AUTHOR":
      return signInToComment();
    case "PARENT_NOT_FOUND":
      return new AppError("NOT_FOUND", "The comment you are replying to does not exist.", { reason: "PARENT_NOT_FOUND" });
    case "PARENT_ELSEWHERE":
      return new AppError("INVALID_INPUT", "You can only reply to a comment on the same story.", { reason: "PARENT_ELSEWHERE" });
    case "PARENT_HIDDEN":
      return new AppError("INVALID_INPUT", "The comment you are replying to is no longer shown, so it cannot take replies.", { reason: "PARENT_HIDDEN" });
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

/** What the comment trigger raises for a reader who must confirm their email first (lib/accounts/confirm-email.ts). */
export const EMAIL_UNCONFIRMED_SQLSTATE = "NDEC1";

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
  if (!person) throw new AppError("UNAUTHENTICATED", SIGN_IN_REQUIRED, { reason: "SIGNED_OUT" });
  if (isLoadedActor(person)) await assertMayComment(person);
  // A loaded actor's session was checked when it was loaded (null for one loaded by id, in tests
  // and scripts); the statement checks it again either way, so a session ended since counts too.
  const author = { id: person.id, sessionId: person.sessionId };
  if (!isUuid(author.id)) throw signInToComment();
  if (author.sessionId !== null && !isUuid(author.sessionId)) throw signInToComment();
  const { storyId, parentId, honeypot, body: bodyInput } = parseInput(postCommentSchema, input ?? {});
  if (!isUuid(storyId)) throw notFoundStory();
  // Filled by bots only (the field is hidden from people): refused without saying why, nothing written.
  if (honeypot && honeypot.trim() !== "") throw new AppError("INVALID_INPUT", COMMENT_NOT_POSTED, { reason: "HONEYPOT" });
  const body = parseCommentBodyInput(bodyInput);
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
  const { rows } = await getPool()
    .query<PostCommentRow>({
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
    })
    .catch((error: unknown) => {
      // The trigger of prisma/migrations/20261206211000_email: a reader who must confirm their email first.
      if ((error as { code?: unknown }).code === EMAIL_UNCONFIRMED_SQLSTATE) throw new AppError("FORBIDDEN", CONFIRM_TO_COMMENT, { reason: "EMAIL_UNCONFIRMED" });
      throw error;
    });
  const row = rows[0];
  if (!row) throw new Error("post_comment answered no row");
  // The newsroom's date style words the refusals that name a date (comments closed on, suspended until).
  const refused = postRefusal(row, row.outcome === "CLOSED" || row.outcome === "AUTHOR_REFUSED" ? await newsroomDateStyle() : DEFAULT_DATE_STYLE);
  if (refused) throw refused;
  if (!row.comment_id || !row.comment_status) throw new Error("post_comment posted a comment but answered no id or status");
  const reasons = (row.hold_reasons ?? []).filter(isHoldCode);
  const status = row.comment_status;
  // The stamp committed with the comment; this instance forgets at once, without waiting to hear it.
  if (status === "APPROVED") markReaderCacheLocally([tag]);
  // A published reply tells the parent's author by email (lib/email/notifications.ts); a held one, when approved.
  if (status === "APPROVED" && parentId) await notifyReplyPosted(row.comment_id);
  return { id: row.comment_id, storyId, parentId: parentId ?? null, status, holdReasons: reasons, heldBecause: reasons.length > 0 ? heldMessage(reasons) : null };
}
