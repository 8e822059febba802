// The pre-publish check: what an editor should see before a story goes out, as a list of problems.
// Pure, no imports from the server: the editor runs it as the dialog opens, and changeStoryStatus
// runs the same function on what is saved before it publishes or schedules (errors always refuse;
// warnings refuse unless the request says the editor saw them).

import { openSuggestionsCount } from "@/lib/notes/sentences";
import { FEATURED_IMAGE_GONE, WRITE_A_HEADLINE } from "@/lib/stories/sentences";

export type PrepublishSeverity = "error" | "warning";

/** The field a problem is about: the editor focuses the control of that name. */
export type PrepublishField = "headline" | "seoTitle" | "seoDescription" | "bylineIds" | "sectionId" | "body" | "heroImageId" | "scheduledFor";

export interface PrepublishProblem {
  severity: PrepublishSeverity;
  field: PrepublishField;
  message: string;
}

/** Lengths the desk aims for: past them a headline or search title is cut in results and cards. */
export const HEADLINE_TARGET = 90;
export const SEO_TITLE_TARGET = 60;
export const SEO_DESCRIPTION_TARGET = 160;

/** A body node as both Tiptap's JSON and the stored StoryDocument have it. */
export interface PrepublishNode {
  type?: string;
  text?: string;
  attrs?: Record<string, unknown> | null;
  marks?: Array<{ type?: string; attrs?: Record<string, unknown> | null }> | null;
  content?: PrepublishNode[] | null;
}

export interface PrepublishInput {
  action: "publish" | "schedule";
  headline: string;
  seoTitle: string;
  seoDescription?: string;
  bylineCount: number;
  sectionId: string | null;
  body: PrepublishNode;
  /** The featured image as the library has it, "missing" when its record is gone, null when none is chosen. */
  featuredImage: { alt: string; credit: string } | "missing" | null;
  /** With "schedule": the time asked for, as an ISO string, a Date, or whatever the form holds. */
  scheduledFor?: string | Date | null;
  now: Date;
}

/** A schedule must lie at least this far ahead; anything sooner is just "Publish". */
export const MIN_SCHEDULE_LEAD_MS = 5_000;

const PROBLEM = {
  noByline: "Add at least one byline.",
  noSection: "Choose a section for the story.",
  noHeadline: WRITE_A_HEADLINE,
  emptyBody: "Write the story: the body is empty.",
  featuredMissing: FEATURED_IMAGE_GONE,
  featuredNoAlt: "The featured image has no alt text: add it in the media library.",
  featuredNoCredit: "The featured image has no credit.",
  noScheduleTime: "Choose when to publish.",
  unreadableTime: "The publishing time could not be read: give a date and time.",
  pastTime: "The publishing time has passed: choose a time in the future.",
} as const;

function textOf(node: PrepublishNode): string {
  if (typeof node.text === "string") return node.text;
  return (node.content ?? []).map(textOf).join("");
}

function walk(node: PrepublishNode, visit: (node: PrepublishNode) => void): void {
  visit(node);
  for (const child of node.content ?? []) walk(child, visit);
}

/** A link readers can follow: http(s), a mailto address, or a path on this site. */
export function isPublishableLink(raw: string): boolean {
  const href = raw.trim();
  if (href.startsWith("/") && !href.startsWith("//")) return true;
  try {
    const url = new URL(href);
    if (url.protocol === "mailto:") return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponent(url.pathname));
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname.includes(".");
  } catch {
    return false;
  }
}

function quoteOf(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function scheduleProblem(value: string | Date | null | undefined, now: Date): string | null {
  if (value === null || value === undefined || value === "") return PROBLEM.noScheduleTime;
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return PROBLEM.unreadableTime;
  if (at.getTime() < now.getTime() + MIN_SCHEDULE_LEAD_MS) return PROBLEM.pastTime;
  return null;
}

/** Every problem with sending this story out, errors first, in the order of the editor's fields. */
export function checkBeforePublishing(input: PrepublishInput): PrepublishProblem[] {
  const problems: PrepublishProblem[] = [];
  const add = (severity: PrepublishSeverity, field: PrepublishField, message: string) => problems.push({ severity, field, message });

  const headline = input.headline.trim();
  if (headline === "") add("error", "headline", PROBLEM.noHeadline);
  else if (headline.length > HEADLINE_TARGET) add("warning", "headline", `The headline is ${headline.length} characters, over the ${HEADLINE_TARGET} a headline should keep to.`);
  if (!input.sectionId) add("error", "sectionId", PROBLEM.noSection);
  if (input.bylineCount === 0) add("error", "bylineIds", PROBLEM.noByline);

  let hasText = false;
  let images = 0;
  let imagesWithoutAlt = 0;
  let emptyHeadings = 0;
  const badLinks = new Set<string>();
  // Suggesting mode's marks (components/editor/suggesting.ts): a story goes out only once each is settled.
  const suggestions = new Set<string>();
  walk(input.body, (node) => {
    if (typeof node.text === "string" && node.text.trim() !== "") hasText = true;
    if (node.type === "image") {
      images += 1;
      if (typeof node.attrs?.alt !== "string" || node.attrs.alt.trim() === "") imagesWithoutAlt += 1;
    }
    if (node.type === "heading" && textOf(node).trim() === "") emptyHeadings += 1;
    for (const mark of node.marks ?? []) {
      if (mark.type === "suggestionInsert" || mark.type === "suggestionDelete") suggestions.add(String(mark.attrs?.id ?? ""));
      if (mark.type !== "link") continue;
      const href = typeof mark.attrs?.href === "string" ? mark.attrs.href : "";
      if (!isPublishableLink(href)) badLinks.add(href);
    }
  });
  if (!hasText && images === 0) add("error", "body", PROBLEM.emptyBody);
  if (imagesWithoutAlt > 0) {
    add("error", "body", imagesWithoutAlt === 1 ? "An image in the body has no alt text." : `${imagesWithoutAlt} images in the body have no alt text.`);
  }
  for (const href of badLinks) {
    add("error", "body", href.trim() === "" ? "A link in the body has no address." : `The link “${quoteOf(href)}” is not a web (http or https), mailto or site address.`);
  }
  if (suggestions.size > 0) add("error", "body", openSuggestionsCount(suggestions.size));
  if (emptyHeadings > 0) add("warning", "body", emptyHeadings === 1 ? "A subheading in the body is empty." : `${emptyHeadings} subheadings in the body are empty.`);

  const featured = input.featuredImage;
  if (featured === "missing") add("error", "heroImageId", PROBLEM.featuredMissing);
  else if (featured) {
    if (featured.alt.trim() === "") add("error", "heroImageId", PROBLEM.featuredNoAlt);
    if (featured.credit.trim() === "") add("warning", "heroImageId", PROBLEM.featuredNoCredit);
  }

  const seoTitle = input.seoTitle.trim();
  if (seoTitle.length > SEO_TITLE_TARGET) add("warning", "seoTitle", `The SEO title is ${seoTitle.length} characters: search results show about ${SEO_TITLE_TARGET}.`);
  const seoDescription = (input.seoDescription ?? "").trim();
  if (seoDescription.length > SEO_DESCRIPTION_TARGET) {
    add("warning", "seoDescription", `The SEO description is ${seoDescription.length} characters: search results show about ${SEO_DESCRIPTION_TARGET}.`);
  }

  if (input.action === "schedule") {
    const problem = scheduleProblem(input.scheduledFor, input.now);
    if (problem) add("error", "scheduledFor", problem);
  }

  return [...problems.filter((p) => p.severity === "error"), ...problems.filter((p) => p.severity === "warning")];
}

export function hasErrors(problems: readonly PrepublishProblem[]): boolean {
  return problems.some((problem) => problem.severity === "error");
}

/**
 * Words in a text, as word processors count them: runs of anything but white space. The story
 * board counts the same way in the database (the "Story_word_count" trigger, `\S+`), so the rail
 * and the board never disagree; lib/stories/board.integration.test.ts holds them together.
 */
export function countWords(text: string): number {
  const words = text.match(/\S+/g);
  return words ? words.length : 0;
}

/** Minutes to read at 230 words a minute, at least one for any text. */
export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.round(words / 230));
}

/**
 * The text readers will get from a node: a suggested insertion is not part of the story yet and a
 * suggested deletion still is (lib/stories/document.ts reads bodyText, and so search and the
 * story board's count, the same way), and a line break parts the words on either side of it.
 */
function readerTextOf(node: PrepublishNode): string {
  if (node.type === "hardBreak") return "\n";
  if (typeof node.text === "string") return (node.marks ?? []).some((mark) => mark.type === "suggestionInsert") ? "" : node.text;
  return (node.content ?? []).map(readerTextOf).join("");
}

/** The plain text of a body, block by block, for counting: what readers will read. */
export function bodyText(body: PrepublishNode): string {
  const blocks: string[] = [];
  walk(body, (node) => {
    if (node.type === "paragraph" || node.type === "heading" || node.type === "pullQuote") blocks.push(readerTextOf(node));
  });
  return blocks.join("\n");
}
