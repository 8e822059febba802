-- AlterTable
ALTER TABLE "Media" ADD COLUMN     "cropHeight" INTEGER,
ADD COLUMN     "cropWidth" INTEGER,
ADD COLUMN     "cropX" INTEGER,
ADD COLUMN     "cropY" INTEGER,
ADD COLUMN     "focalX" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "focalY" DOUBLE PRECISION NOT NULL DEFAULT 0.5,
ADD COLUMN     "sha256" CHAR(64),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- CreateIndex
CREATE INDEX "Media_sha256_idx" ON "Media"("sha256");

-- A crop is all four numbers or none, inside positive sizes; the focal point lies on the picture.
ALTER TABLE "Media" ADD CONSTRAINT "Media_crop_complete" CHECK (
  ("cropX" IS NULL AND "cropY" IS NULL AND "cropWidth" IS NULL AND "cropHeight" IS NULL)
  OR ("cropX" >= 0 AND "cropY" >= 0 AND "cropWidth" > 0 AND "cropHeight" > 0
      AND "cropX" + "cropWidth" <= "width" AND "cropY" + "cropHeight" <= "height")
);
ALTER TABLE "Media" ADD CONSTRAINT "Media_focal_on_picture" CHECK ("focalX" BETWEEN 0 AND 1 AND "focalY" BETWEEN 0 AND 1);
