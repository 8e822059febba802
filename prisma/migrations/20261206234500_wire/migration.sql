-- Issue 16, the wire queue (docs/wire.md): agencies (WireSource, an ingest key stored as its
-- SHA-256 hash) and the items they send (WireItem), one row per version; the unique
-- (sourceId, guid, version) makes a duplicate stored once whatever races.

-- CreateEnum
CREATE TYPE "WireFormat" AS ENUM ('NINJS', 'NEWSML');

-- CreateEnum
CREATE TYPE "WireItemState" AS ENUM ('NEW', 'OPENED');

-- CreateTable
CREATE TABLE "WireSource" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "credit" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" CHAR(64) NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "WireSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WireItem" (
    "id" UUID NOT NULL,
    "sourceId" UUID NOT NULL,
    "guid" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "latest" BOOLEAN NOT NULL DEFAULT true,
    "format" "WireFormat" NOT NULL,
    "headline" TEXT NOT NULL,
    "standfirst" TEXT NOT NULL DEFAULT '',
    "slugline" TEXT NOT NULL DEFAULT '',
    "priority" INTEGER,
    "urgency" INTEGER,
    "embargoUntil" TIMESTAMP(3),
    "bylines" TEXT[],
    "datelinePlace" TEXT NOT NULL DEFAULT '',
    "body" JSONB NOT NULL,
    "rawSize" INTEGER NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "state" "WireItemState" NOT NULL DEFAULT 'NEW',
    "storyId" UUID,
    "openedAt" TIMESTAMP(3),

    CONSTRAINT "WireItem_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WireSource_slug_key" ON "WireSource"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "WireSource_secretHash_key" ON "WireSource"("secretHash");

-- CreateIndex
CREATE INDEX "WireSource_createdAt_idx" ON "WireSource"("createdAt" DESC);

-- CreateIndex
CREATE INDEX "WireItem_latest_receivedAt_idx" ON "WireItem"("latest", "receivedAt" DESC);

-- CreateIndex
CREATE INDEX "WireItem_storyId_idx" ON "WireItem"("storyId");

-- CreateIndex
CREATE UNIQUE INDEX "WireItem_sourceId_guid_version_key" ON "WireItem"("sourceId", "guid", "version");

-- AddForeignKey
ALTER TABLE "WireItem" ADD CONSTRAINT "WireItem_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "WireSource"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WireItem" ADD CONSTRAINT "WireItem_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Storing one version of an item in one round trip (lib/wire/ingest.ts): a transaction-scoped
-- advisory lock per guid orders versions arriving together; the insert ignores a duplicate (the
-- unique index decides, whatever races); only the newest version of a guid is latest, and every
-- version carries the draft an older one was opened as. Each statement sees what committed before
-- it (READ COMMITTED, a fresh snapshot per statement), so after the lock it sees every version.
CREATE FUNCTION wire_store_item(
  p_source UUID, p_guid TEXT, p_version INTEGER, p_format "WireFormat", p_headline TEXT, p_standfirst TEXT,
  p_slugline TEXT, p_priority INTEGER, p_urgency INTEGER, p_embargo TIMESTAMPTZ, p_bylines TEXT[],
  p_place TEXT, p_body JSONB, p_raw INTEGER
) RETURNS TABLE (out_id UUID, out_stored BOOLEAN) LANGUAGE plpgsql AS $$
DECLARE
  v_id UUID;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('wire:' || p_source::text || ':' || p_guid, 16));
  INSERT INTO "WireItem" ("id", "sourceId", "guid", "version", "format", "headline", "standfirst", "slugline", "priority",
      "urgency", "embargoUntil", "bylines", "datelinePlace", "body", "rawSize", "receivedAt")
    VALUES (gen_random_uuid(), p_source, p_guid, p_version, p_format, p_headline, p_standfirst, p_slugline, p_priority,
      p_urgency, p_embargo AT TIME ZONE 'UTC', p_bylines, p_place, p_body, p_raw, now() AT TIME ZONE 'UTC')
    ON CONFLICT ("sourceId", "guid", "version") DO NOTHING
    RETURNING "WireItem"."id" INTO v_id;
  IF v_id IS NULL THEN
    SELECT w."id" INTO v_id FROM "WireItem" w WHERE w."sourceId" = p_source AND w."guid" = p_guid AND w."version" = p_version;
    RETURN QUERY SELECT v_id, FALSE;
    RETURN;
  END IF;
  IF EXISTS (SELECT 1 FROM "WireItem" w WHERE w."sourceId" = p_source AND w."guid" = p_guid AND w."version" <> p_version) THEN
    WITH m AS (
      SELECT max(w."version") AS "top", (array_agg(w."storyId") FILTER (WHERE w."storyId" IS NOT NULL))[1] AS "story"
      FROM "WireItem" w WHERE w."sourceId" = p_source AND w."guid" = p_guid
    )
    UPDATE "WireItem" w SET "latest" = (w."version" = m."top"), "storyId" = COALESCE(w."storyId", m."story")
    FROM m WHERE w."sourceId" = p_source AND w."guid" = p_guid
      AND (w."latest" IS DISTINCT FROM (w."version" = m."top") OR (w."storyId" IS NULL AND m."story" IS NOT NULL));
  END IF;
  RETURN QUERY SELECT v_id, TRUE;
END;
$$;
