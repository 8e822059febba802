// Turning an uploaded picture into what readers get: checked dimensions (a small file can
// still decode to billions of pixels), upright, with every EXIF/GPS tag removed, and WebP copies
// at the standard widths, never wider than the picture itself.

import sharp, { type Metadata } from "sharp";

import { AppError } from "@/lib/errors";
import type { ImageMime } from "@/lib/media/sniff";
import { variantWidthsFor } from "@/lib/media/urls";

// The size limit lives with the schemas so the browser can check it too, without loading sharp.
export { MAX_UPLOAD_BYTES, MAX_UPLOAD_LABEL } from "@/lib/media/schemas";
/** Longest side, in pixels. */
export const MAX_IMAGE_DIMENSION = 12_000;
/** Total pixels (40 megapixels). */
export const MAX_IMAGE_PIXELS = 40_000_000;

const SHARP_FORMATS: Record<ImageMime, string> = { "image/jpeg": "jpeg", "image/png": "png", "image/webp": "webp" };

/** A rectangle of the upright original, in pixels. */
export interface CropBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ProcessedImage {
  mimeType: ImageMime;
  /** Upright dimensions, after EXIF orientation. */
  width: number;
  height: number;
  /** The picture in its own format, upright and without metadata. */
  original: Uint8Array;
  /** WebP copies, narrowest first. */
  variants: Array<{ width: number; height: number; bytes: Uint8Array }>;
}

function unreadable(): AppError {
  return new AppError("INVALID_INPUT", "That file could not be read as an image. Upload a JPEG, PNG or WebP picture.");
}

function input(bytes: Uint8Array) {
  // Sharp refuses anything over the pixel limit before decoding; "warning" also refuses damaged files.
  return sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning", autoOrient: true });
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Check and convert an upload whose type was sniffed as `mimeType`. Throws INVALID_INPUT for anything unfit. */
export async function processImage(bytes: Uint8Array, mimeType: ImageMime): Promise<ProcessedImage> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw unreadable();
  }
  if (metadata.format !== SHARP_FORMATS[mimeType] || !metadata.width || !metadata.height) throw unreadable();
  const { width, height } = metadata;
  if (width > MAX_IMAGE_DIMENSION || height > MAX_IMAGE_DIMENSION || width * height > MAX_IMAGE_PIXELS) {
    throw new AppError(
      "INVALID_INPUT",
      `That image is ${width} × ${height} pixels, too large to process: keep each side to at most ${MAX_IMAGE_DIMENSION.toLocaleString("en-GB")} pixels and the total to at most ${MAX_IMAGE_PIXELS / 1_000_000} megapixels.`,
    );
  }

  try {
    // No keepMetadata()/withMetadata(): sharp writes no EXIF, XMP or IPTC unless asked to.
    const originalPipeline = input(bytes);
    const encoded =
      mimeType === "image/jpeg"
        ? originalPipeline.jpeg({ quality: 90, mozjpeg: true })
        : mimeType === "image/png"
          ? originalPipeline.png({ compressionLevel: 9 })
          : originalPipeline.webp({ quality: 90 });
    const original = await encoded.toBuffer({ resolveWithObject: true });

    const variants = await makeVariants(toBytes(original.data), null);
    return { mimeType, width: original.info.width, height: original.info.height, original: toBytes(original.data), variants };
  } catch {
    throw unreadable();
  }
}

/**
 * The WebP sizes readers get, made from the stored original (already upright, without metadata),
 * cut to `crop` first when there is one. Never wider than what is left after the crop.
 */
export async function makeVariants(original: Uint8Array, crop: CropBox | null): Promise<ProcessedImage["variants"]> {
  const width = crop ? crop.width : (await sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS }).metadata()).width;
  const variants: ProcessedImage["variants"] = [];
  // One at a time: a 40-megapixel decode is memory enough on a small server.
  for (const variantWidth of variantWidthsFor(width ?? 0)) {
    let pipeline = sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "warning" });
    if (crop) pipeline = pipeline.extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
    const variant = await pipeline.resize({ width: variantWidth, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer({ resolveWithObject: true });
    variants.push({ width: variant.info.width, height: variant.info.height, bytes: toBytes(variant.data) });
  }
  return variants;
}

/** The stored original cut to `crop`, in its own format: what /media/<id>/original answers for a cropped image. */
export async function cropOriginal(original: Uint8Array, mimeType: ImageMime, crop: CropBox): Promise<Uint8Array> {
  const pipeline = sharp(original, { limitInputPixels: MAX_IMAGE_PIXELS }).extract({ left: crop.x, top: crop.y, width: crop.width, height: crop.height });
  const encoded =
    mimeType === "image/jpeg" ? pipeline.jpeg({ quality: 90, mozjpeg: true }) : mimeType === "image/png" ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 90 });
  return toBytes(await encoded.toBuffer());
}
