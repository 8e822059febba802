-- Hand-written: reader search (lib/search/queries.ts) over published stories, ranked with
-- ts_rank_cd over a weighted vector: headline A, standfirst B, body C.
--
-- Why a stored vector and not an expression index: ranking needs each matching story's vector,
-- and an expression index cannot hand it back, so every ranked row would re-run to_tsvector over
-- ~800 words (about 0.5 ms each; 6,000 matches took seconds at 100,000 stories). So the vector
-- is stored, for published stories only, in a table of its own schema, "search": Prisma's schema
-- describes the public schema only, so its migration diff neither sees nor drops it. Triggers on
-- "Story" keep it in step inside the same transaction as every write; drafts cost nothing.
--
-- It replaces the unweighted expression index of 20261127073211_story_search, which no query
-- used and which every save of every story had to update. The GIN index keeps that index's name.

DROP INDEX IF EXISTS "public"."Story_search_idx";

CREATE SCHEMA IF NOT EXISTS "search";

-- A lexeme for the month a story was published, which no search can produce (it holds spaces,
-- and the parser splits words on spaces). It lets a search for a common word ask the GIN index for
-- the recent matches alone: "said" is in nearly every story, and sorting 90,000 matches by date
-- to keep the newest 1,000 costs more than all the rest of a search together.
CREATE FUNCTION "search"."month_lexeme"(published TIMESTAMP) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN ' month ' || extract(year FROM published)::int || '-' || lpad(extract(month FROM published)::int::text, 2, '0');

-- The one definition of a story's search vector: the triggers and the back-fill below use it.
-- The month lexeme has no position, so ranking (ts_rank_cd) and weights ignore it.
CREATE FUNCTION "search"."story_vector"(headline TEXT, standfirst TEXT, body TEXT, published TIMESTAMP) RETURNS TSVECTOR
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN setweight(to_tsvector('pg_catalog.english'::regconfig, coalesce(headline, '')), 'A')
      || setweight(to_tsvector('pg_catalog.english'::regconfig, coalesce(standfirst, '')), 'B')
      || setweight(to_tsvector('pg_catalog.english'::regconfig, coalesce(body, '')), 'C')
      || array_to_tsvector(ARRAY["search"."month_lexeme"(published)]);

-- A leftover from a reset that dropped only the public schema would lack its foreign key.
DROP TABLE IF EXISTS "search"."StoryDocument";

CREATE TABLE "search"."StoryDocument" (
    "storyId" UUID NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "document" TSVECTOR NOT NULL,

    CONSTRAINT "StoryDocument_pkey" PRIMARY KEY ("storyId"),
    CONSTRAINT "StoryDocument_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "public"."Story"("id") ON DELETE CASCADE
);

CREATE FUNCTION "search"."sync_story_document"() RETURNS TRIGGER
  LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW."status" = 'PUBLISHED' AND NEW."publishedAt" IS NOT NULL THEN
    INSERT INTO "search"."StoryDocument" ("storyId", "publishedAt", "document")
    VALUES (NEW."id", NEW."publishedAt", "search"."story_vector"(NEW."headline", NEW."standfirst", NEW."bodyText", NEW."publishedAt"))
    ON CONFLICT ("storyId") DO UPDATE SET "publishedAt" = EXCLUDED."publishedAt", "document" = EXCLUDED."document";
  ELSE
    DELETE FROM "search"."StoryDocument" WHERE "storyId" = NEW."id";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Story_search_insert"
  AFTER INSERT ON "public"."Story"
  FOR EACH ROW
  WHEN (NEW."status" = 'PUBLISHED')
  EXECUTE FUNCTION "search"."sync_story_document"();

-- Only when a published story changes what readers search, or a story enters or leaves
-- publication: version bumps, comment counts and edits to drafts do not fire it.
CREATE TRIGGER "Story_search_update"
  AFTER UPDATE OF "status", "publishedAt", "headline", "standfirst", "bodyText" ON "public"."Story"
  FOR EACH ROW
  WHEN ((OLD."status" = 'PUBLISHED' OR NEW."status" = 'PUBLISHED') AND (
    OLD."status" IS DISTINCT FROM NEW."status"
    OR OLD."publishedAt" IS DISTINCT FROM NEW."publishedAt"
    OR OLD."headline" IS DISTINCT FROM NEW."headline"
    OR OLD."standfirst" IS DISTINCT FROM NEW."standfirst"
    OR OLD."bodyText" IS DISTINCT FROM NEW."bodyText"))
  EXECUTE FUNCTION "search"."sync_story_document"();

INSERT INTO "search"."StoryDocument" ("storyId", "publishedAt", "document")
SELECT "id", "publishedAt", "search"."story_vector"("headline", "standfirst", "bodyText", "publishedAt")
  FROM "public"."Story"
 WHERE "status" = 'PUBLISHED' AND "publishedAt" IS NOT NULL;

-- fastupdate off: a search reads GIN's pending list in full, and publishing is rare next to reading.
CREATE INDEX "Story_search_idx" ON "search"."StoryDocument" USING GIN ("document") WITH (fastupdate = off);
