// What the desk sends to edit and merge bylines (lib/bylines/mutations.ts).

import { z } from "zod";

import {
  BYLINE_ADDRESS_RULE,
  BYLINE_NOT_FOUND,
  BYLINE_TOO_MANY_LINKS,
} from "@/lib/bylines/sentences";
import { isSafeUrl } from "@/lib/stories/document";
import { plainText, singleLine } from "@/lib/validation/text";

export const MAX_BYLINE_LINKS = 6;

const webAddress = singleLine("The address")
  .max(500, "Keep the address under 500 characters.")
  .refine((url) => /^https?:\/\/[^\s/]+/i.test(url) && isSafeUrl(url), { error: BYLINE_ADDRESS_RULE });

export const bylineLinkSchema = z.object({
  label: singleLine("The link's label").min(1, "Give the link a label, such as “Mastodon”.").max(40, "Keep the label under 40 characters."),
  url: webAddress,
});

export type BylineLink = z.infer<typeof bylineLinkSchema>;

export const bylineName = singleLine("The byline's name").min(2, "Give the byline a name.").max(120, "Keep the name under 120 characters.");
export const bylineKind = z.enum(["PERSON", "ORGANISATION"], { error: "Choose person or organisation." });
export const bylineBio = plainText("The bio").max(2000, "Keep the bio under 2,000 characters.").default("");

export const createBylineSchema = z.object({ name: bylineName, kind: bylineKind, bio: bylineBio });

export const updateBylineSchema = z.object({
  bylineId: z.uuid({ error: BYLINE_NOT_FOUND }),
  name: bylineName,
  kind: bylineKind,
  bio: bylineBio,
  // Blank: no website.
  url: z.union([z.literal(""), webAddress]).default(""),
  links: z.array(bylineLinkSchema).max(MAX_BYLINE_LINKS, BYLINE_TOO_MANY_LINKS).default([]),
  // Blank: no photo, no linked account.
  photoId: z.union([z.literal(""), z.uuid({ error: "Choose a photo from the media library." })]).default(""),
  userId: z.union([z.literal(""), z.uuid({ error: "Choose a staff account from the list." })]).default(""),
});

export const mergeBylinesSchema = z.object({
  sourceId: z.uuid({ error: BYLINE_NOT_FOUND }),
  targetId: z.uuid({ error: "Choose the byline to merge it into." }),
});
