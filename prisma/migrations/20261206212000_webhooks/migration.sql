-- Webhooks (lib/webhooks, docs/webhooks.md): the registered URLs and the delivery queue, and the
-- SQL that enqueues an event in the transaction of the change it reports. lib/webhooks/events.ts
-- calls these functions for story and moderation events; two triggers enqueue what changes
-- without a lib/ function around it (a comment posted by the "post_comment" statement, and a story
-- deleted by any statement).

CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'FAILED');

CREATE TABLE "Webhook" (
    "id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "events" TEXT[],
    "secretSealed" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "Webhook_enabled_idx" ON "Webhook"("enabled");

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "eventId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "responseCode" INTEGER,
    "lastError" TEXT,
    "durationMs" INTEGER,
    "redeliveryOf" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_webhookId_createdAt_idx" ON "WebhookDelivery"("webhookId", "createdAt" DESC);

ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A stored time (UTC, without a zone, as Prisma keeps DateTime) as ISO 8601 text.
CREATE FUNCTION newsdesk_webhook_time(t TIMESTAMP) RETURNS TEXT
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- Whether any enabled webhook asked for the event: checked before a payload is built.
CREATE FUNCTION newsdesk_webhook_wanted(p_event TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM "Webhook" w WHERE w."enabled" AND p_event = ANY(w."events"))
$$;

-- One delivery per enabled webhook that asked for the event, all with one event id. Returns how many.
CREATE FUNCTION newsdesk_enqueue_webhook(p_event TEXT, p_payload JSONB) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_event_id UUID := gen_random_uuid();
  v_count INTEGER;
BEGIN
  INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "event", "payload", "occurredAt", "nextAttemptAt", "createdAt")
  SELECT gen_random_uuid(), w."id", v_event_id, p_event, p_payload, clock_timestamp(), clock_timestamp(), clock_timestamp()
  FROM "Webhook" w
  WHERE w."enabled" AND p_event = ANY(w."events");
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;

-- What readers may see of a story (never the body or anything unpublished): its id, slug, path,
-- headline, section and times. The path becomes an absolute URL when the delivery is sent.
CREATE FUNCTION newsdesk_webhook_story_fields(p_id UUID, p_slug TEXT, p_headline TEXT, p_section_id UUID, p_published_at TIMESTAMP, p_updated_at TIMESTAMP) RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', p_id,
    'slug', p_slug,
    'path', CASE WHEN sec."slug" IS NULL THEN NULL ELSE '/' || sec."slug" || '/' || p_slug END,
    'headline', p_headline,
    'section', CASE WHEN sec."id" IS NULL THEN NULL ELSE jsonb_build_object('slug', sec."slug", 'name', sec."name") END,
    'publishedAt', newsdesk_webhook_time(p_published_at),
    'updatedAt', newsdesk_webhook_time(p_updated_at)
  )
  FROM (SELECT 1) one LEFT JOIN "Section" sec ON sec."id" = p_section_id
$$;

CREATE FUNCTION newsdesk_webhook_story(p_story_id UUID) RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT newsdesk_webhook_story_fields(s."id", s."slug", s."headline", s."sectionId", s."publishedAt", s."updatedAt")
  FROM "Story" s WHERE s."id" = p_story_id
$$;

-- A comment's event: the comment (its text only while readers can see it) and its story.
CREATE FUNCTION newsdesk_webhook_comment(p_comment_id UUID) RETURNS JSONB
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'comment', jsonb_build_object(
      'id', c."id",
      'parentId', c."parentId",
      'status', c."status"::text,
      'createdAt', newsdesk_webhook_time(c."createdAt"),
      'moderatedAt', newsdesk_webhook_time(c."moderatedAt")
    ) || CASE WHEN c."status" = 'APPROVED' AND c."deletedAt" IS NULL THEN jsonb_build_object('body', c."body") ELSE '{}'::jsonb END,
    'story', newsdesk_webhook_story(c."storyId")
  )
  FROM "Comment" c WHERE c."id" = p_comment_id
$$;

-- comment.posted: "post_comment" writes a comment in one statement, so the event is enqueued by
-- this trigger in that statement's transaction. Once per statement: a bulk insert costs one check.
CREATE FUNCTION newsdesk_webhooks_comment_posted() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF newsdesk_webhook_wanted('comment.posted') THEN
    PERFORM newsdesk_enqueue_webhook('comment.posted', newsdesk_webhook_comment(i."id")) FROM inserted i ORDER BY i."createdAt", i."id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Comment_webhooks_posted" AFTER INSERT ON "Comment"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_webhooks_comment_posted();

-- story.deleted: whatever deletes a story readers have seen, the event goes with it.
CREATE FUNCTION newsdesk_webhooks_story_deleted() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF newsdesk_webhook_wanted('story.deleted') THEN
    PERFORM newsdesk_enqueue_webhook('story.deleted', jsonb_build_object('story',
        newsdesk_webhook_story_fields(d."id", d."slug", d."headline", d."sectionId", d."publishedAt", d."updatedAt")))
      FROM deleted d WHERE d."firstPublishedAt" IS NOT NULL ORDER BY d."id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Story_webhooks_deleted" AFTER DELETE ON "Story"
  REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_webhooks_story_deleted();
