// One schema per media input, shared by the library's forms and the server that receives them.

import { z } from "zod";

import { singleLine } from "@/lib/validation/text";
import { UUID_PATTERN } from "@/lib/validation/uuid";
import { FOCAL_RANGE } from "@/lib/media/sentences";

/** The largest file accepted, checked on the bytes that arrive (the browser checks first, as a courtesy). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const MAX_UPLOAD_LABEL = "10 MB";
export const ACCEPTED_IMAGE_TYPES = "image/jpeg,image/png,image/webp";

export const ALT_MAX = 300;
export const CAPTION_MAX = 500;
export const CREDIT_MAX = 200;
export const SEARCH_MAX = 200;
export const PAGE_SIZE_MAX = 100;


export const mediaDetailsSchema = z.object({
  alt: singleLine("The alt text", { error: "Alt text must be text." }).max(ALT_MAX, `Keep the alt text to ${ALT_MAX} characters or fewer.`).default(""),
  caption: singleLine("The caption").max(CAPTION_MAX, `Keep the caption to ${CAPTION_MAX} characters or fewer.`).default(""),
  credit: singleLine("The credit").max(CREDIT_MAX, `Keep the credit to ${CREDIT_MAX} characters or fewer.`).default(""),
});
export type MediaDetails = z.infer<typeof mediaDetailsSchema>;

export const listMediaSchema = z.object({
  query: singleLine("The search").max(SEARCH_MAX, `Keep the search to ${SEARCH_MAX} characters or fewer.`).default(""),
  cursor: z
    .string()
    .regex(new RegExp(`^\\d{1,15}\\.${UUID_PATTERN}$`), "That page of results is not available. Search again.")
    .optional(),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(30),
});
export type ListMediaInput = z.input<typeof listMediaSchema>;

const CROP_WHOLE_PIXELS = "Give the crop in whole pixels: left, top, width and height.";

// "" and null are no number (z.coerce would make them 0).
const focalCoordinate = z
  .preprocess((value) => (value === "" || value === null ? undefined : value), z.coerce.number({ error: FOCAL_RANGE }))
  .refine((value) => Number.isFinite(value), FOCAL_RANGE)
  .refine((value) => value >= 0 && value <= 1, FOCAL_RANGE);
const cropNumber = z.coerce.number({ error: CROP_WHOLE_PIXELS }).int(CROP_WHOLE_PIXELS).min(0, CROP_WHOLE_PIXELS).max(1_000_000, CROP_WHOLE_PIXELS);

/**
 * A crop (pixels of the upright original; null for the whole picture) and a focal point (fractions
 * of the original's width and height). `version` is the one the editor saw: a change made meanwhile
 * by someone else is refused rather than overwritten.
 */
export const mediaCropSchema = z.object({
  crop: z
    .object({ x: cropNumber, y: cropNumber, width: cropNumber, height: cropNumber })
    .nullable()
    .refine((crop) => crop === null || (crop.width > 0 && crop.height > 0), "A crop needs a width and a height of at least 1 pixel."),
  focalX: focalCoordinate,
  focalY: focalCoordinate,
  version: z.coerce.number().int().min(1).optional(),
});
export type MediaCropInput = z.input<typeof mediaCropSchema>;
export type MediaCrop = z.infer<typeof mediaCropSchema>;

/** Crop shapes the library offers, as width:height; the crop is centred on the focal point. */
export const CROP_PRESETS: ReadonlyArray<{ id: string; label: string; ratio: number | null }> = [
  { id: "whole", label: "Whole picture", ratio: null },
  { id: "16:9", label: "Wide 16:9", ratio: 16 / 9 },
  { id: "3:2", label: "Landscape 3:2", ratio: 3 / 2 },
  { id: "4:3", label: "Landscape 4:3", ratio: 4 / 3 },
  { id: "1:1", label: "Square 1:1", ratio: 1 },
  { id: "4:5", label: "Portrait 4:5", ratio: 4 / 5 },
];

/**
 * The largest crop of `ratio` that fits a `width` × `height` picture, as near to centred on the
 * focal point as the edges allow. Pure, so the browser previews exactly what the server stores.
 */
export function cropAround(width: number, height: number, ratio: number, focalX: number, focalY: number) {
  let cropWidth = width;
  let cropHeight = Math.round(width / ratio);
  if (cropHeight > height) {
    cropHeight = height;
    cropWidth = Math.min(width, Math.round(height * ratio));
  }
  const clamp = (value: number, max: number) => Math.min(Math.max(0, value), max);
  const x = clamp(Math.round(focalX * width - cropWidth / 2), width - cropWidth);
  const y = clamp(Math.round(focalY * height - cropHeight / 2), height - cropHeight);
  return { x, y, width: cropWidth, height: cropHeight };
}

/** The focal point as a CSS object-position inside the crop ("50% 30%"), for pictures CSS crops further. */
export function focalObjectPosition(
  original: { width: number; height: number },
  crop: { x: number; y: number; width: number; height: number } | null,
  focal: { x: number; y: number },
): string {
  const box = crop ?? { x: 0, y: 0, width: original.width, height: original.height };
  const across = Math.min(Math.max((focal.x * original.width - box.x) / box.width, 0), 1);
  const down = Math.min(Math.max((focal.y * original.height - box.y) / box.height, 0), 1);
  return `${Math.round(across * 1000) / 10}% ${Math.round(down * 1000) / 10}%`;
}
