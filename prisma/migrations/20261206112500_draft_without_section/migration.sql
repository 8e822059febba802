-- A draft needs nothing but some text: a new story is saved on its first change, before a section
-- is chosen. Publishing and scheduling still refuse a story without one (lib/stories/mutations.ts),
-- so every public story keeps its section; revisions snapshot whatever the story had.

ALTER TABLE "Story" ALTER COLUMN "sectionId" DROP NOT NULL;

ALTER TABLE "StoryRevision" ALTER COLUMN "sectionId" DROP NOT NULL;
