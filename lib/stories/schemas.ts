// One schema per input, shared by the desk's forms and the server that receives them.

import { z } from "zod";

import { isValidSlug } from "@/lib/stories/slug";
import { plainText, singleLine, textProblem } from "@/lib/validation/text";
import { isDocumentEmpty, safeParseStoryDocument, type StoryDocument } from "@/lib/stories/document";
import {
  CHOOSE_A_SECTION,
  EMBARGO_UNREADABLE,
  FEATURED_IMAGE_FROM_LIBRARY,
  STORY_NOT_FOUND,
  STORY_VERSION_MISSING,
  WRITE_A_HEADLINE,
  WRITE_SOMETHING_FIRST,
} from "@/lib/stories/sentences";

export const HEADLINE_MAX = 200;
export const STANDFIRST_MAX = 400;
export const DATELINE_MAX = 80;
export const BYLINES_MAX = 10;
export const TAGS_MAX = 12;
export const TAG_MAX = 40;
export const SEO_TITLE_MAX = 120;
export const SEO_DESCRIPTION_MAX = 320;
export const SOCIAL_HEADLINE_MAX = 200;
/** As the desk's, so a place an import reads never fails the save. */
export const DATELINE_PLACE_MAX = DATELINE_MAX;
export const CREDIT_MAX = 300;

const documentField = z.unknown().transform((value, ctx): StoryDocument => {
  let raw = value;
  if (typeof value === "string") {
    try {
      raw = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "The body could not be read. Reload the page and try again." });
      return z.NEVER;
    }
  }
  const parsed = safeParseStoryDocument(raw, { editorial: true });
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.document;
});

const embargoField = z
  .union([z.literal(""), z.null(), z.string().max(100), z.date()], { error: EMBARGO_UNREADABLE })
  .optional()
  .transform((value, ctx): Date | null | undefined => {
    if (value === undefined) return undefined;
    if (value === "" || value === null) return null;
    const at = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(at.getTime()) || at.getUTCFullYear() < 2000 || at.getUTCFullYear() > 9999) {
      ctx.addIssue({ code: "custom", message: EMBARGO_UNREADABLE });
      return z.NEVER;
    }
    return at;
  });

// A draft needs nothing but some text: a headline, a standfirst or a body. Section, bylines and the
// rest may come later; publishing and scheduling check them (changeStoryStatus).
export const storyInputSchema = z.object({
  /** Given by the editor for a new story, so a create retried after a lost answer is not a second story. */
  id: z.uuid({ error: STORY_NOT_FOUND }).optional(),
  headline: singleLine("The headline", { error: WRITE_A_HEADLINE })
    .max(HEADLINE_MAX, `Keep the headline under ${HEADLINE_MAX} characters.`)
    .default(""),
  standfirst: plainText("The standfirst")
    .max(STANDFIRST_MAX, `Keep the standfirst under ${STANDFIRST_MAX} characters.`)
    .default(""),
  /** Empty or null while the draft has no section. */
  sectionId: z
    .union([z.literal(""), z.null(), z.uuid({ error: CHOOSE_A_SECTION })], { error: CHOOSE_A_SECTION })
    .optional()
    .transform((id) => id || null),
  dateline: singleLine("The dateline").max(DATELINE_MAX, `Keep the dateline under ${DATELINE_MAX} characters.`).default(""),
  // Left out, these three keep what is stored (a client that does not know them loses nothing).
  /** Where the story was filed ("SEOUL"), shown in wire style at the start of the story. */
  datelinePlace: singleLine("The dateline place")
    .max(DATELINE_PLACE_MAX, `Keep the dateline place under ${DATELINE_PLACE_MAX} characters.`)
    .optional(),
  /** "Reporting by A; Editing by B", or an agency's credit: in small type at the foot of the story. */
  credit: singleLine("The credit line").max(CREDIT_MAX, `Keep the credit line under ${CREDIT_MAX} characters.`).optional(),
  /** No reader sees the story, and it cannot go out, before this time; "" or null clears it. */
  embargoUntil: embargoField,
  slug: singleLine("The slug")
    .toLowerCase()
    .default("")
    .refine((slug) => slug === "" || isValidSlug(slug), {
      message: "Use lower-case letters, digits and single hyphens (at most 80 characters).",
    }),
  bylineIds: z
    .array(z.uuid({ error: "Pick bylines from the list." }))
    .max(BYLINES_MAX, `A story can have at most ${BYLINES_MAX} bylines.`)
    .refine((ids) => new Set(ids).size === ids.length, { message: "A byline is listed twice." })
    .optional(),
  commentPolicy: z.enum(["OPEN", "PREMODERATED", "CLOSED"], { error: "Choose a comment policy." }).optional(),
  // Tags arrive as names, from a comma-separated field or a list; duplicates are folded.
  tags: z
    .union([z.string(), z.array(z.string())], { error: "Give the tags as text." })
    .optional()
    .superRefine((value, context) => {
      if (value === undefined) return;
      const names = Array.isArray(value) ? value : [value];
      const problem =
        (typeof value === "string" && value.length > 1000) || names.some((name) => name.length > 200)
          ? "Too many tags."
          : names.map((name) => textProblem(name.trim(), "The list of tags", "line")).find(Boolean);
      if (problem) context.addIssue({ code: "custom", message: problem, continue: false });
    })
    .transform((value) => {
      if (value === undefined) return undefined;
      const names = (Array.isArray(value) ? value : value.split(",")).map((name) => name.trim().replace(/\s+/g, " ")).filter(Boolean);
      const seen = new Set<string>();
      return names.filter((name) => {
        const key = name.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    })
    .refine((names) => names === undefined || names.length <= TAGS_MAX, { message: `A story can have at most ${TAGS_MAX} tags.` })
    .refine((names) => names === undefined || names.every((name) => name.length <= TAG_MAX), {
      message: `Keep each tag under ${TAG_MAX} characters.`,
    }),
  body: documentField,
  // The side rail's search and social fields: left out, they keep what is stored; empty, they fall
  // back to the headline and standfirst on the reader page.
  seoTitle: singleLine("The SEO title").max(SEO_TITLE_MAX, `Keep the SEO title under ${SEO_TITLE_MAX} characters.`).optional(),
  seoDescription: singleLine("The SEO description")
    .max(SEO_DESCRIPTION_MAX, `Keep the SEO description under ${SEO_DESCRIPTION_MAX} characters.`)
    .optional(),
  socialHeadline: singleLine("The social headline")
    .max(SOCIAL_HEADLINE_MAX, `Keep the social headline under ${SOCIAL_HEADLINE_MAX} characters.`)
    .optional(),
  /** The featured image, from the media library; "" or null removes it; left out, it stays. */
  heroImageId: z
    .union([z.uuid({ error: FEATURED_IMAGE_FROM_LIBRARY }), z.literal(""), z.null()], { error: FEATURED_IMAGE_FROM_LIBRARY })
    .optional()
    .transform((value) => (value === "" ? null : value)),
  /** Set when the draft was filled by the plain-text import: recorded in its revision and audit. */
  importedFrom: z.literal("plain-text").optional(),
}).superRefine((story, context) => {
  if (story.headline === "" && story.standfirst === "" && isDocumentEmpty(story.body)) {
    context.addIssue({ code: "custom", path: ["headline"], message: WRITE_SOMETHING_FIRST });
  }
});

export type StoryInput = z.infer<typeof storyInputSchema>;

export const versionSchema = z.coerce
  .number({ error: STORY_VERSION_MISSING })
  .int()
  .positive();

export const storyIdSchema = z.uuid({ error: STORY_NOT_FOUND });

export const workflowInputSchema = z.object({
  storyId: storyIdSchema,
  version: versionSchema,
  action: z.enum(["submit", "return", "publish", "schedule", "unschedule", "unpublish", "redraft"], {
    error: "Unknown action.",
  }),
  // Kept as given: the pre-publish check says what is wrong with a time that is missing or unreadable.
  scheduledFor: z.union([z.string().max(100), z.date()], { error: "Give a valid date and time." }).optional(),
  /** The editor saw the pre-publish check's warnings and chose to go ahead; errors refuse regardless. */
  acknowledgeWarnings: z.boolean({ error: "Say whether the warnings were seen." }).optional(),
});
