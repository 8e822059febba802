-- The shared reader-page store (lib/cache/shared-store.mjs, docs/caching.md "The shared store"):
-- reader pages and feed responses rendered by any app process, served by every process and
-- instance, kept across restarts of the same build.
CREATE TABLE "ReaderPage" (
    "key" TEXT NOT NULL,
    "buildId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "tags" TEXT[],
    "freshAsOf" TEXT NOT NULL,
    "renderedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revalidate" INTEGER,
    "etag" TEXT NOT NULL DEFAULT '',
    "payload" BYTEA NOT NULL,
    "checksum" TEXT NOT NULL,
    "gzip" BYTEA,
    "gzipChecksum" TEXT,
    "br" BYTEA,
    "brChecksum" TEXT,
    "path" TEXT,
    "responseHeaders" JSONB,
    "bytes" INTEGER NOT NULL,

    CONSTRAINT "ReaderPage_pkey" PRIMARY KEY ("key")
);

-- The request path a process sent the page at (Next's keys are not paths): how the fast path finds it.
CREATE INDEX "ReaderPage_path_idx" ON "ReaderPage"("path");

-- Already compressed: PostgreSQL need not try again.
ALTER TABLE "ReaderPage" ALTER COLUMN "gzip" SET STORAGE EXTERNAL;
ALTER TABLE "ReaderPage" ALTER COLUMN "br" SET STORAGE EXTERNAL;

-- Whether the transaction that last wrote a "CacheTag" row (its xmin) had committed in the
-- snapshot a stored page is fresh as of ("freshAsOf", a pg_snapshot as text). xmin is a 32-bit
-- xid; pg_visible_in_snapshot takes a 64-bit xid8, so the epoch is taken from the current
-- snapshot (an xid above the current one's low half belongs to the epoch before). Frozen and
-- special xids (below 3) are as old as can be: visible.
CREATE FUNCTION newsdesk_committed_in(p_xmin xid, p_snapshot pg_snapshot) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_xmin::text::bigint < 3 THEN true
    ELSE pg_visible_in_snapshot(
      ((((cur >> 32) - CASE WHEN p_xmin::text::bigint > (cur & 4294967295) THEN 1 ELSE 0 END) << 32)
        | p_xmin::text::bigint)::text::xid8,
      p_snapshot)
  END
  FROM (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS cur) AS now
$$;
