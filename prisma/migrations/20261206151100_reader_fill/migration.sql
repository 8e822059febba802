-- The reader cache's background fill (progress per build, resumable) and the write-through's record
-- of pages re-rendered ahead of readers after a change (lib/cache/fill.ts, lib/cache/write-through.ts).

-- CreateTable
CREATE TABLE "ReaderFill" (
    "buildId" TEXT NOT NULL,
    "generation" INTEGER NOT NULL DEFAULT 0,
    "cursor" TEXT,
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "resumedDone" INTEGER NOT NULL DEFAULT 0,
    "resumedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ReaderFill_pkey" PRIMARY KEY ("buildId")
);

-- CreateTable
CREATE TABLE "ReaderWriteThrough" (
    "path" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "renderedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReaderWriteThrough_pkey" PRIMARY KEY ("path")
);

-- CreateIndex
CREATE INDEX "ReaderWriteThrough_renderedAt_idx" ON "ReaderWriteThrough"("renderedAt");
