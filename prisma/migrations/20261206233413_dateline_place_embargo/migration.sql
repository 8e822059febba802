-- Issue 16: the dateline place ("SEOUL") beside the desk ("Asia"), the credit line ("Reporting
-- by A; Editing by B", an agency), both kept in revisions too, and the embargo time before
-- which no reader, feed, search or API sees a story.

-- AlterTable
ALTER TABLE "Story" ADD COLUMN     "credit" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "datelinePlace" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "embargoUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "StoryRevision" ADD COLUMN     "credit" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "datelinePlace" TEXT NOT NULL DEFAULT '';
