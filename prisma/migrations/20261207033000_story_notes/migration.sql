-- Editorial notes (issue 18, docs/desk.md): threads on spans of a story's body. The span is a
-- `note` mark in the body holding the note's id; the thread, its replies and the people it
-- mentions are here.
CREATE TABLE "StoryNote" (
    "id" UUID NOT NULL,
    "storyId" UUID NOT NULL,
    "authorId" UUID,
    "quote" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StoryNote_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "StoryNoteMessage" (
    "id" UUID NOT NULL,
    "noteId" UUID NOT NULL,
    "authorId" UUID,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StoryNoteMessage_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "StoryNoteMention" (
    "id" UUID NOT NULL,
    "noteId" UUID NOT NULL,
    "messageId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StoryNoteMention_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "StoryNote_storyId_createdAt_idx" ON "StoryNote"("storyId", "createdAt");
CREATE INDEX "StoryNoteMessage_noteId_createdAt_idx" ON "StoryNoteMessage"("noteId", "createdAt");
CREATE UNIQUE INDEX "StoryNoteMention_messageId_userId_key" ON "StoryNoteMention"("messageId", "userId");
CREATE INDEX "StoryNoteMention_userId_createdAt_idx" ON "StoryNoteMention"("userId", "createdAt" DESC);

ALTER TABLE "StoryNote" ADD CONSTRAINT "StoryNote_storyId_fkey" FOREIGN KEY ("storyId") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryNote" ADD CONSTRAINT "StoryNote_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "StoryNoteMessage" ADD CONSTRAINT "StoryNoteMessage_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "StoryNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryNoteMessage" ADD CONSTRAINT "StoryNoteMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "StoryNoteMention" ADD CONSTRAINT "StoryNoteMention_noteId_fkey" FOREIGN KEY ("noteId") REFERENCES "StoryNote"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryNoteMention" ADD CONSTRAINT "StoryNoteMention_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "StoryNoteMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "StoryNoteMention" ADD CONSTRAINT "StoryNoteMention_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
