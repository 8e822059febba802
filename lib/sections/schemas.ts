// What the desk sends to create, edit, reorder and archive sections (lib/sections/mutations.ts).

import { z } from "zod";

import {
  SECTION_DESCRIPTION_TOO_LONG,
  SECTION_NAME_NEEDED,
  SECTION_NAME_TOO_LONG,
  SECTION_NOT_FOUND,
} from "@/lib/sections/sentences";
import { plainText, singleLine } from "@/lib/validation/text";

export const MAX_SECTION_NAME_LENGTH = 60;
export const MAX_SECTION_DESCRIPTION_LENGTH = 500;

const name = singleLine("The section's name").min(1, SECTION_NAME_NEEDED).max(MAX_SECTION_NAME_LENGTH, SECTION_NAME_TOO_LONG);
// Checked by assertSectionSlug (reserved paths, the form of a slug): blank means "made from the name".
const slug = singleLine("The slug").max(200);
const description = plainText("The description").max(MAX_SECTION_DESCRIPTION_LENGTH, SECTION_DESCRIPTION_TOO_LONG).default("");
const sectionId = z.uuid({ error: SECTION_NOT_FOUND });

export const createSectionSchema = z.object({ name, slug: slug.default(""), description });

export const updateSectionSchema = z.object({ sectionId, name, slug, description });

export const moveSectionSchema = z.object({ sectionId, direction: z.enum(["up", "down"], { error: "Choose up or down." }) });

export const archiveSectionSchema = z.object({ sectionId, archived: z.boolean() });
