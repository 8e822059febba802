-- Hand-written: reader-cache invalidation is data, so every app instance sees it.
-- lib/cache/invalidate.ts upserts a row per tag and NOTIFYs newsdesk_cache in the same statement;
-- each instance's cache handler (lib/cache/cache-handler.mjs) LISTENs, and polls this table every
-- second as a safety net. See docs/caching.md.

-- CreateTable
CREATE TABLE "CacheTag" (
    "tag" TEXT NOT NULL,
    "revalidatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CacheTag_pkey" PRIMARY KEY ("tag")
);

-- CreateIndex
CREATE INDEX "CacheTag_revalidatedAt_idx" ON "CacheTag"("revalidatedAt");
