-- API keys of integrations (docs/api.md): the secret stored as its SHA-256 hash, the integration's
-- own account carrying the key's role.
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" CHAR(64) NOT NULL,
    "rateLimit" INTEGER NOT NULL DEFAULT 6000,
    "userId" UUID NOT NULL,
    "createdById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");
CREATE UNIQUE INDEX "ApiKey_userId_key" ON "ApiKey"("userId");
CREATE INDEX "ApiKey_createdAt_idx" ON "ApiKey"("createdAt" DESC);

ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The Content API's story list walks published stories newest first with a keyset cursor
-- (publishedAt, id): this index serves the order and the cursor's row comparison.
CREATE INDEX "Story_api_published_idx" ON "Story"("publishedAt" DESC, "id" DESC) WHERE "status" = 'PUBLISHED' AND "publishedAt" IS NOT NULL;
