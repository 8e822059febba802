// One schema per media input, shared by the library's forms and the server that receives them.

import { z } from "zod";

import { singleLine } from "@/lib/validation/text";
import { UUID_PATTERN } from "@/lib/validation/uuid";

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
