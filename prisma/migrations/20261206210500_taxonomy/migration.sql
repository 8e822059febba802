-- Sections, bylines and tags managed in the desk (issue 15, lib/sections, lib/bylines, lib/tags):
-- archived sections, the old slugs of renamed or merged sections, bylines and tags (each answers
-- 308 to the current one, like StorySlug for stories), and a byline's photo and links.

-- AlterTable
ALTER TABLE "Section" ADD COLUMN "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Byline" ADD COLUMN "photoId" UUID,
ADD COLUMN "links" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "SectionSlug" (
    "slug" TEXT NOT NULL,
    "sectionId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "TagSlug" (
    "slug" TEXT NOT NULL,
    "tagId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TagSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateTable
CREATE TABLE "BylineSlug" (
    "slug" TEXT NOT NULL,
    "bylineId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BylineSlug_pkey" PRIMARY KEY ("slug")
);

-- CreateIndex
CREATE INDEX "SectionSlug_sectionId_idx" ON "SectionSlug"("sectionId");

-- CreateIndex
CREATE INDEX "TagSlug_tagId_idx" ON "TagSlug"("tagId");

-- CreateIndex
CREATE INDEX "BylineSlug_bylineId_idx" ON "BylineSlug"("bylineId");

-- AddForeignKey
ALTER TABLE "SectionSlug" ADD CONSTRAINT "SectionSlug_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "Section"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagSlug" ADD CONSTRAINT "TagSlug_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Byline" ADD CONSTRAINT "Byline_photoId_fkey" FOREIGN KEY ("photoId") REFERENCES "Media"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BylineSlug" ADD CONSTRAINT "BylineSlug_bylineId_fkey" FOREIGN KEY ("bylineId") REFERENCES "Byline"("id") ON DELETE CASCADE ON UPDATE CASCADE;
