-- The story board (/desk) shows each story's word count. Counting a page of 50 ~800-word bodies
-- with a regular expression at read time took 70-90 ms of the board's 100 ms budget at 10,000
-- stories, so the count is kept with the row instead: a trigger sets it whenever bodyText is
-- written, by whatever path (the desk's save, a restore, an import, a bulk load in SQL), so it can
-- never disagree with the text. A word is a run of characters that are not white space.

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "wordCount" INTEGER NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION "newsdesk_story_word_count"() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  NEW."wordCount" := regexp_count(coalesce(NEW."bodyText", ''), '\S+');
  RETURN NEW;
END
$$;

CREATE TRIGGER "Story_word_count"
  BEFORE INSERT OR UPDATE OF "bodyText" ON "Story"
  FOR EACH ROW EXECUTE FUNCTION "newsdesk_story_word_count"();

UPDATE "Story" SET "wordCount" = regexp_count("bodyText", '\S+');
