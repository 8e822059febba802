-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'FAILED');

-- CreateEnum
CREATE TYPE "AccountTokenPurpose" AS ENUM ('PASSWORD_RESET', 'EMAIL_CONFIRM');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "emailUnconfirmed" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "emailOnDecision" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "emailOnReply" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "headers" JSONB NOT NULL DEFAULT '{}',
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "purpose" "AccountTokenPurpose" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EmailMessage_status_nextAttemptAt_idx" ON "EmailMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "EmailMessage_createdAt_idx" ON "EmailMessage"("createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AccountToken_tokenHash_key" ON "AccountToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AccountToken_userId_purpose_idx" ON "AccountToken"("userId", "purpose");

-- AddForeignKey
ALTER TABLE "AccountToken" ADD CONSTRAINT "AccountToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A reader whose email is not confirmed may read but not comment while the setting is on. Checked
-- here, on every insert of a comment, so every way of posting (post_comment, the JSON endpoint's
-- fast path, the server action) refuses them; lib/comments/post.ts turns SQLSTATE NDEC1 into the
-- sentence readers see. The setting's key is CONFIRM_EMAIL_KEY in lib/email/settings.ts.
CREATE FUNCTION "newsdesk_comment_needs_confirmed_email"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."authorId" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "User" u WHERE u."id" = NEW."authorId" AND u."emailUnconfirmed")
     AND EXISTS (SELECT 1 FROM "Setting" s WHERE s."key" = 'accounts.confirmEmail' AND s."value" = 'true'::jsonb) THEN
    RAISE EXCEPTION 'The author has not confirmed their email' USING ERRCODE = 'NDEC1';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "Comment_needs_confirmed_email" BEFORE INSERT ON "Comment"
  FOR EACH ROW EXECUTE FUNCTION "newsdesk_comment_needs_confirmed_email"();

