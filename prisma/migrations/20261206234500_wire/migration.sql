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
