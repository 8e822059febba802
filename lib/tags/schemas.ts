// What the desk sends to rename, merge and delete tags (lib/tags/mutations.ts).

import { z } from "zod";

import { TAG_NOT_FOUND } from "@/lib/tags/sentences";
import { singleLine } from "@/lib/validation/text";

const tagId = z.uuid({ error: TAG_NOT_FOUND });

export const renameTagSchema = z.object({
  tagId,
  name: singleLine("The tag's name").min(1, "Give the tag a name.").max(60, "Keep the tag's name under 60 characters."),
});

export const mergeTagsSchema = z.object({ sourceId: tagId, targetId: z.uuid({ error: "Choose the tag to merge it into." }) });

export const deleteTagSchema = z.object({ tagId });
