-- The editor's side rail: an SEO title and description and a social headline per story, each
-- empty by default (the reader page then falls back to the headline and standfirst).
ALTER TABLE "Story" ADD COLUMN "seoTitle" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Story" ADD COLUMN "seoDescription" TEXT NOT NULL DEFAULT '';
ALTER TABLE "Story" ADD COLUMN "socialHeadline" TEXT NOT NULL DEFAULT '';
