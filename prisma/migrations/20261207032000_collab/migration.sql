-- Live co-editing (docs/desk.md, "Co-editing"). A story's Yjs document is kept as a compacted
-- state ("CollabDocument") and the updates received since ("CollabUpdate", one row per update
-- from a person's editor, stored before anyone else is sent it). Every app instance and worker
-- that has the story open reads the rows named by a NOTIFY on "newsdesk_collab" and applies them.
CREATE TABLE "CollabDocument" (
    "storyId" UUID NOT NULL,
    "state" BYTEA NOT NULL,
    "lastUpdateId" BIGINT NOT NULL DEFAULT 0,
    "schemaVersion" INTEGER NOT NULL,
    "editorIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CollabDocument_pkey" PRIMARY KEY ("storyId"),
    CONSTRAINT "CollabDocument_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "CollabUpdate" (
    "id" BIGSERIAL NOT NULL,
    "storyId" UUID NOT NULL,
    "update" BYTEA NOT NULL,
    "userId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CollabUpdate_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CollabUpdate_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE INDEX "CollabUpdate_storyId_id_idx" ON "CollabUpdate"("storyId", "id");

-- Who edited since the revision before: a live story is written by several people at once.
ALTER TABLE "StoryRevision" ADD COLUMN "editorIds" UUID[] NOT NULL DEFAULT ARRAY[]::UUID[];
