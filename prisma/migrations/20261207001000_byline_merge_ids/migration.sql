-- A merged byline's own id beside its old slug, so restoring a revision that credited it
-- credits the byline it was merged into (lib/stories/revisions.ts) instead of dropping it.

-- AlterTable
ALTER TABLE "BylineSlug" ADD COLUMN     "fromBylineId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "BylineSlug_fromBylineId_key" ON "BylineSlug"("fromBylineId");
