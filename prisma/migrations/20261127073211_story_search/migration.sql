-- Hand-written: full-text search over stories. Prisma's schema language cannot
-- express an expression index, so this index lives only in migrations; the
-- schema engine leaves expression indexes alone when diffing.
-- Queries must repeat the same expression to use it, e.g.
--   WHERE to_tsvector('english', "headline" || ' ' || "standfirst" || ' ' || "bodyText")
--         @@ websearch_to_tsquery('english', $1)

-- CreateIndex
CREATE INDEX "Story_search_idx" ON "Story" USING GIN (to_tsvector('english', "headline" || ' ' || "standfirst" || ' ' || "bodyText"));
