-- CreateTable
CREATE TABLE "EmailBlock" (
    "emailHash" TEXT NOT NULL,
    "until" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EmailBlock_pkey" PRIMARY KEY ("emailHash")
);
