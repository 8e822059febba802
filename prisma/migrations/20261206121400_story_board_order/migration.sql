-- The story board (/desk) orders by last change, newest first, with the id to break ties: with both
-- in one index a page at any depth is read off the index, with no sort of the whole table.

-- DropIndex
DROP INDEX "Story_updatedAt_idx";

-- CreateIndex
CREATE INDEX "Story_updatedAt_id_idx" ON "Story"("updatedAt" DESC, "id" DESC);
