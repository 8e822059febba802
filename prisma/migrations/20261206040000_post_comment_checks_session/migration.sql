-- Hand-written: "post_comment" also checks the session the request came in on.
--
-- Sessions are rows now (the "Session" table; the session cookie carries the row's id as sid), and
-- a request counts only while its session stands: signing out, a password change, "sign out
-- everywhere" and a ban end it. The JSON endpoint reads only the user id and session id from the
-- cookie and leaves every check to this function, so the function checks the session too, in the
-- statement that reads the author (step 0): no second round trip. A new parameter p_session_id
-- (after p_author_id); a revoked, expired, unknown or someone else's session is NO_AUTHOR ("Sign in
-- to comment.") and nothing is written. Everything else is as in
-- 20261127163000_post_comment_checks_author. The old signature is dropped first: left beside the
-- new one it would still take posts with no session at all.

DROP FUNCTION "post_comment"(UUID, UUID, UUID, TEXT, TEXT, BOOLEAN, BOOLEAN, TEXT[], TEXT[], BOOLEAN, DOUBLE PRECISION, DOUBLE PRECISION, TEXT[], DOUBLE PRECISION[], DOUBLE PRECISION[], TEXT, TEXT);

CREATE OR REPLACE FUNCTION "post_comment"(
  p_story_id UUID,
  p_parent_id UUID,
  p_author_id UUID,
  -- The session the request came in on (the session cookie's sid): it must stand (not revoked,
  -- not expired) and be the author's. NULL only from a caller that has just loaded the author
  -- through that check itself (postComment with a loaded Actor, lib/comments/mutations.ts).
  p_session_id UUID,
  p_body TEXT,
  p_body_hash TEXT,
  -- Facts of the text alone, computed in JS (lib/comments/text.ts, holds.ts findListedWords).
  p_has_links BOOLEAN,
  p_has_suspect_word BOOLEAN,
  -- The roles that may post comments, and those that moderate them (whom the automatic rules do
  -- not hold): lib/auth/roles.ts's matrix, passed in so it stays the one place that says so.
  p_poster_roles TEXT[],
  p_moderator_roles TEXT[],
  p_hold_first_comment BOOLEAN,
  p_new_account_ms DOUBLE PRECISION,
  p_repeat_window_ms DOUBLE PRECISION,
  -- The limits, in the order they are checked: key, window, allowed count (already scaled).
  p_limit_keys TEXT[],
  p_limit_windows_ms DOUBLE PRECISION[],
  p_limit_counts DOUBLE PRECISION[],
  -- commentsTag(story id), and the channel of lib/cache/stamp.mjs CACHE_CHANNEL.
  p_cache_tag TEXT,
  p_cache_channel TEXT,
  -- POSTED, NO_AUTHOR, AUTHOR_REFUSED, RATE_LIMITED, STORY_NOT_FOUND, CLOSED, PARENT_NOT_FOUND,
  -- PARENT_ELSEWHERE, PARENT_HIDDEN
  OUT outcome TEXT,
  -- AUTHOR_REFUSED: the author as loadActor would give them, for assertMayComment's words.
  OUT author_role TEXT,
  OUT author_status TEXT,
  OUT author_suspended_until TIMESTAMP(3),
  OUT author_status_reason TEXT,
  OUT comment_id UUID,
  OUT comment_status TEXT,
  OUT hold_reasons TEXT[],
  -- RATE_LIMITED: the first limit over (1-based, in the order given) and when its window ends.
  OUT limit_index INTEGER,
  OUT limit_reset_at TIMESTAMP(3),
  -- The story's comment rules, for the CLOSED sentence (effectiveCommentPolicy at decided_at).
  OUT story_status TEXT,
  OUT comment_policy TEXT,
  OUT comments_closed_at TIMESTAMP(3),
  OUT published_at TIMESTAMP(3),
  OUT close_after_days INTEGER,
  OUT decided_at TIMESTAMP(3)
)
  LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
  v_now TIMESTAMP(3);
  v_author_created TIMESTAMP(3);
  v_approved BOOLEAN;
  v_repeated BOOLEAN;
  v_parent_story UUID;
  v_parent_status TEXT;
  v_parent_deleted TIMESTAMP(3);
  v_can_moderate BOOLEAN;
  v_reasons TEXT[] := ARRAY[]::TEXT[];
  v_notified TEXT;
  v_stamped INTEGER;
BEGIN
  -- 0. Who is asking, read now (loadSessionActor and assertMayComment, lib/auth/actor.ts and
  -- lib/comments/mutations.ts): a ban, a suspension, a role change or the end of the session
  -- committed before this statement counts. An ended, expired, unknown or someone else's session
  -- is refused as an unknown author. Refused before anything is written, the limits' counts included.
  SELECT u."role"::text, u."status"::text, u."suspendedUntil", u."statusReason"
  INTO author_role, author_status, author_suspended_until, author_status_reason
  FROM "User" u
  WHERE u."id" = p_author_id
    AND (p_session_id IS NULL OR EXISTS (
      SELECT 1 FROM "Session" s
      WHERE s."id" = p_session_id AND s."userId" = u."id" AND s."revokedAt" IS NULL AND s."expiresAt" > now()));
  IF NOT FOUND OR author_status = 'BANNED' THEN
    outcome := 'NO_AUTHOR';
    RETURN;
  END IF;
  -- A suspension that has run out is no suspension.
  IF author_status = 'SUSPENDED' AND author_suspended_until IS NOT NULL
    AND author_suspended_until <= (clock_timestamp() AT TIME ZONE 'UTC')::TIMESTAMP(3) THEN
    author_status := 'ACTIVE';
    author_suspended_until := NULL;
    author_status_reason := NULL;
  END IF;
  IF author_status <> 'ACTIVE' OR NOT (author_role = ANY (p_poster_roles)) THEN
    outcome := 'AUTHOR_REFUSED';
    RETURN;
  END IF;
  v_can_moderate := author_role = ANY (p_moderator_roles);

  -- 1. The limits, first and on their own: their row locks queue one account's posts behind each
  -- other, so a later post's facts below see the earlier one's comment (REPEATED, FIRST_COMMENT).
  WITH hit AS (
    INSERT INTO "RateLimit" ("key", "count", "resetAt")
    SELECT k, 1, now() + w * interval '1 millisecond'
    FROM unnest(p_limit_keys, p_limit_windows_ms) AS t(k, w)
    ORDER BY k COLLATE "C"
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."resetAt" <= now() THEN 1 ELSE "RateLimit"."count" + 1 END,
      "resetAt" = CASE WHEN "RateLimit"."resetAt" <= now() THEN EXCLUDED."resetAt" ELSE "RateLimit"."resetAt" END
    RETURNING "key", "count", "resetAt"
  )
  SELECT l.n, hit."resetAt" INTO limit_index, limit_reset_at
  FROM hit JOIN unnest(p_limit_keys, p_limit_counts) WITH ORDINALITY AS l(k, allowed, n) ON l.k = hit."key"
  WHERE hit."count" > l.allowed
  ORDER BY l.n
  LIMIT 1;
  IF FOUND THEN
    outcome := 'RATE_LIMITED';
    RETURN;
  END IF;

  v_now := (clock_timestamp() AT TIME ZONE 'UTC')::TIMESTAMP(3);
  decided_at := v_now;

  -- 2. The story's lock (counts.ts lock order: the story before any Comment row) and its rules.
  SELECT s."status"::text, s."commentPolicy"::text, s."commentsClosedAt", s."publishedAt", sec."commentsCloseAfterDays"
  INTO story_status, comment_policy, comments_closed_at, published_at, close_after_days
  FROM "Story" s JOIN "Section" sec ON sec."id" = s."sectionId"
  WHERE s."id" = p_story_id
  FOR NO KEY UPDATE OF s;
  -- Readers cannot see a draft, so for them it does not exist.
  IF NOT FOUND OR story_status <> 'PUBLISHED' THEN
    outcome := 'STORY_NOT_FOUND';
    RETURN;
  END IF;
  -- effectiveCommentPolicy's CLOSED cases: closed at a set time, by hand, or N days after publication.
  IF (comments_closed_at IS NOT NULL AND comments_closed_at <= v_now)
    OR comment_policy = 'CLOSED'
    OR (close_after_days IS NOT NULL AND published_at IS NOT NULL AND published_at + close_after_days * interval '1 day' <= v_now) THEN
    outcome := 'CLOSED';
    RETURN;
  END IF;

  -- 3. The author's facts and the parent of a reply: a statement after the lock, so a fresh
  -- snapshot (a moderator's change to the parent committed while we waited is seen).
  SELECT u."createdAt",
    EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."status" = 'APPROVED'),
    EXISTS (SELECT 1 FROM "Comment" c WHERE c."authorId" = u."id" AND c."bodyHash" = p_body_hash
      AND c."createdAt" > v_now - p_repeat_window_ms * interval '1 millisecond'),
    p."storyId", p."status"::text, p."deletedAt"
  INTO v_author_created, v_approved, v_repeated, v_parent_story, v_parent_status, v_parent_deleted
  FROM "User" u LEFT JOIN "Comment" p ON p."id" = p_parent_id
  WHERE u."id" = p_author_id;
  IF NOT FOUND THEN
    outcome := 'NO_AUTHOR';
    RETURN;
  END IF;
  IF p_parent_id IS NOT NULL THEN
    IF v_parent_story IS NULL THEN
      outcome := 'PARENT_NOT_FOUND';
      RETURN;
    END IF;
    IF v_parent_story <> p_story_id THEN
      outcome := 'PARENT_ELSEWHERE';
      RETURN;
    END IF;
    -- isVisibleToReaders: approved and not deleted by its author.
    IF v_parent_status <> 'APPROVED' OR v_parent_deleted IS NOT NULL THEN
      outcome := 'PARENT_HIDDEN';
      RETURN;
    END IF;
  END IF;

  -- 4. holdReasons (lib/comments/holds.ts), in HOLD_CODES order.
  IF comment_policy = 'PREMODERATED' THEN
    v_reasons := v_reasons || 'PREMODERATED'::text;
  END IF;
  -- People who can moderate are not held by the automatic rules.
  IF NOT v_can_moderate THEN
    IF p_has_suspect_word THEN
      v_reasons := v_reasons || 'SUSPECT_WORD'::text;
    END IF;
    IF p_has_links AND v_now - v_author_created < p_new_account_ms * interval '1 millisecond' THEN
      v_reasons := v_reasons || 'NEW_ACCOUNT_LINKS'::text;
    END IF;
    IF v_repeated THEN
      v_reasons := v_reasons || 'REPEATED'::text;
    END IF;
    IF p_hold_first_comment AND NOT v_approved THEN
      v_reasons := v_reasons || 'FIRST_COMMENT'::text;
    END IF;
  END IF;

  -- 5. The comment, and when readers see it at once, the counts and the cache stamp.
  comment_status := CASE WHEN cardinality(v_reasons) > 0 THEN 'PENDING' ELSE 'APPROVED' END;
  hold_reasons := v_reasons;
  INSERT INTO "Comment" ("id", "storyId", "parentId", "authorId", "body", "bodyHash", "status", "holdReasons", "createdAt", "updatedAt")
  VALUES (gen_random_uuid(), p_story_id, p_parent_id, p_author_id, p_body, p_body_hash, comment_status::"CommentStatus", v_reasons, v_now, v_now)
  RETURNING "id" INTO comment_id;
  IF comment_status = 'APPROVED' THEN
    UPDATE "Story" SET "commentCount" = "commentCount" + 1 WHERE "id" = p_story_id;
    IF p_parent_id IS NOT NULL THEN
      UPDATE "Comment" SET "replyCount" = "replyCount" + 1 WHERE "id" = p_parent_id;
    END IF;
    -- STAMP_SQL with $1 = ARRAY[p_cache_tag], $2 = p_cache_channel. The NOTIFY is delivered at
    -- commit (dropped on rollback), so this is the same as stamping after commit.
    WITH now AS (SELECT clock_timestamp()::timestamptz(3) AS at),
    stamped AS (
      INSERT INTO "CacheTag" ("tag", "revalidatedAt")
      SELECT tag, now.at FROM unnest(ARRAY[p_cache_tag]) AS tag, now
      ON CONFLICT ("tag") DO UPDATE SET "revalidatedAt" = GREATEST("CacheTag"."revalidatedAt", EXCLUDED."revalidatedAt")
      RETURNING 1
    )
    SELECT pg_notify(p_cache_channel, json_build_object('at', round(extract(epoch FROM now.at) * 1000), 'tags', to_json(ARRAY[p_cache_tag]))::text),
           (SELECT count(*) FROM stamped)::int
    INTO v_notified, v_stamped
    FROM now;
  END IF;
  outcome := 'POSTED';
END;
$$;
