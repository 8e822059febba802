// The story body is a Tiptap document. This module is its allow-list: a document from outside
// is parsed into a clean copy holding only the nodes, marks and attributes we render, or refused.
// Text and attributes with control characters are refused too (lib/validation/text.ts).
//
// The desk's copy of a body also carries editorial marks that readers never see: notes (the
// anchor of a note thread, by id) and pending suggestions (an insertion or a deletion, with its
// author and time). `parseDeskDocument` keeps them; `parseStoryDocument`, which every reader path,
// feed and API uses, drops them and shows the text as it was before the suggestions: a suggested
// insertion is left out, a suggested deletion stays as plain text. `documentToPlainText` (bodyText,
// search, word counts) reads the same reader text.

import { textProblem } from "@/lib/validation/text";

export type Mark =
  | { type: "bold" }
  | { type: "italic" }
  | { type: "strike" }
  | { type: "link"; attrs: { href: string } }
  | EditorialMark;

/** The note a span of text anchors (its thread is a StoryNote row). */
export type NoteMark = { type: "note"; attrs: { id: string } };
export interface SuggestionAttrs {
  id: string;
  authorId: string;
  authorName: string;
  /** When it was suggested, an ISO time. */
  at: string;
}
export type SuggestionMark = { type: "suggestionInsert" | "suggestionDelete"; attrs: SuggestionAttrs };
/** Marks only the desk sees. */
export type EditorialMark = NoteMark | SuggestionMark;
export const EDITORIAL_MARKS = ["note", "suggestionInsert", "suggestionDelete"] as const;

export type InlineNode = { type: "text"; text: string; marks?: Mark[] } | { type: "hardBreak" };

export type ParagraphNode = { type: "paragraph"; content?: InlineNode[] };
export type HeadingNode = { type: "heading"; attrs: { level: 2 | 3 }; content?: InlineNode[] };
export type BlockquoteNode = { type: "blockquote"; content: ParagraphNode[] };
export type PullQuoteNode = { type: "pullQuote"; attrs: { attribution: string }; content?: InlineNode[] };
export type ListItemNode = { type: "listItem"; content: Array<ParagraphNode | BulletListNode | OrderedListNode> };
export type BulletListNode = { type: "bulletList"; content: ListItemNode[] };
export type OrderedListNode = { type: "orderedList"; attrs: { start: number }; content: ListItemNode[] };
export type HorizontalRuleNode = { type: "horizontalRule" };
export type ImageNode = {
  type: "image";
  attrs: { src: string; alt: string; caption: string; credit: string; mediaId: string | null };
};

export type BlockNode =
  | ParagraphNode
  | HeadingNode
  | BlockquoteNode
  | PullQuoteNode
  | BulletListNode
  | OrderedListNode
  | HorizontalRuleNode
  | ImageNode;

export interface StoryDocument {
  type: "doc";
  content: BlockNode[];
}

export const EMPTY_DOCUMENT: StoryDocument = { type: "doc", content: [{ type: "paragraph" }] };

const MAX_DEPTH = 8;
const MAX_NODES = 20_000;
const MAX_TEXT = 200_000;
const MAX_ATTR = 500;

export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentError";
  }
}

/** A URL a reader may follow: http(s), mailto, or a path on this site. Never javascript:, data:, etc. */
export function isSafeUrl(raw: string): boolean {
  const url = raw.trim();
  if (url.length === 0 || url.length > 2048) return false;
  // Control characters and whitespace inside a URL are how scheme filters get smuggled past.
  if (/[\u0000-\u001f\u007f\s]/.test(url)) return false;
  if (url.startsWith("/")) return !url.startsWith("//") && !url.startsWith("/\\");
  if (url.startsWith("#")) return true;
  try {
    const parsed = new URL(url);
    return ["http:", "https:", "mailto:"].includes(parsed.protocol);
  } catch {
    return false;
  }
}

/** An image source: a path on this site or an https URL. */
export function isSafeImageSrc(raw: string): boolean {
  if (raw.startsWith("/") && !raw.startsWith("//")) return isSafeUrl(raw);
  try {
    return new URL(raw).protocol === "https:" && isSafeUrl(raw);
  } catch {
    return false;
  }
}

interface Budget {
  nodes: number;
  text: number;
  /** Keep notes and suggestions (the desk's copy), or drop them (what readers get). */
  editorial: boolean;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function editorialId(attrs: Record<string, unknown>, what: string): string {
  const id = attrs.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) throw new DocumentError(`${what} has no readable id.`);
  return id;
}

function suggestionAttrs(raw: Record<string, unknown>): SuggestionAttrs {
  const attrs = isRecord(raw.attrs) ? raw.attrs : {};
  const at = attrString(attrs, "at", "A suggestion");
  return {
    id: editorialId(attrs, "A suggestion"),
    authorId: attrString(attrs, "authorId", "A suggestion"),
    authorName: attrString(attrs, "authorName", "A suggestion"),
    at: Number.isNaN(Date.parse(at)) ? "" : at,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function attrString(attrs: Record<string, unknown>, key: string, where: string): string {
  const value = attrs[key];
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") throw new DocumentError(`${where}: "${key}" must be text.`);
  if (value.length > MAX_ATTR) throw new DocumentError(`${where}: "${key}" is longer than ${MAX_ATTR} characters.`);
  const problem = textProblem(value, `${where}: "${key}"`, "lines");
  if (problem) throw new DocumentError(problem);
  return value;
}

function children(node: Record<string, unknown>, where: string): unknown[] {
  const content = node.content;
  if (content === undefined) return [];
  if (!Array.isArray(content)) throw new DocumentError(`${where}: content must be a list.`);
  return content;
}

function count(budget: Budget): void {
  budget.nodes += 1;
  if (budget.nodes > MAX_NODES) throw new DocumentError(`The body has more than ${MAX_NODES} parts.`);
}

/** A text run's marks, or "drop" when readers must not see the run at all (a suggested insertion). */
function parseMarks(value: unknown, editorial: boolean): Mark[] | undefined | "drop" {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new DocumentError("Text formatting must be a list.");
  const marks: Mark[] = [];
  for (const raw of value) {
    if (!isRecord(raw)) throw new DocumentError("Text formatting is malformed.");
    switch (raw.type) {
      case "bold":
      case "italic":
      case "strike":
        marks.push({ type: raw.type });
        break;
      case "link": {
        const attrs = isRecord(raw.attrs) ? raw.attrs : {};
        const href = typeof attrs.href === "string" ? attrs.href.trim() : "";
        if (!isSafeUrl(href)) {
          throw new DocumentError(
            `The link "${href.slice(0, 80)}" is not allowed: links must be http, https, mailto or a path on this site.`,
          );
        }
        marks.push({ type: "link", attrs: { href } });
        break;
      }
      case "note": {
        const id = editorialId(isRecord(raw.attrs) ? raw.attrs : {}, "A note");
        if (editorial) marks.push({ type: "note", attrs: { id } });
        break;
      }
      case "suggestionInsert":
      case "suggestionDelete": {
        const attrs = suggestionAttrs(raw);
        if (editorial) marks.push({ type: raw.type, attrs });
        else if (raw.type === "suggestionInsert") return "drop";
        break;
      }
      default:
        throw new DocumentError(`Text formatting "${String(raw.type)}" is not allowed in a story.`);
    }
  }
  return marks.length > 0 ? marks : undefined;
}

function parseInline(value: unknown[], budget: Budget, where: string): InlineNode[] | undefined {
  const nodes: InlineNode[] = [];
  for (const raw of value) {
    count(budget);
    if (!isRecord(raw)) throw new DocumentError(`${where}: malformed text.`);
    if (raw.type === "hardBreak") {
      nodes.push({ type: "hardBreak" });
      continue;
    }
    if (raw.type !== "text") throw new DocumentError(`${where}: "${String(raw.type)}" cannot stand inside text.`);
    if (typeof raw.text !== "string" || raw.text.length === 0) throw new DocumentError(`${where}: empty text run.`);
    const problem = textProblem(raw.text, "The body", "lines");
    if (problem) throw new DocumentError(problem);
    budget.text += raw.text.length;
    if (budget.text > MAX_TEXT) throw new DocumentError(`The body is longer than ${MAX_TEXT} characters.`);
    const marks = parseMarks(raw.marks, budget.editorial);
    if (marks === "drop") continue;
    nodes.push(marks ? { type: "text", text: raw.text, marks } : { type: "text", text: raw.text });
  }
  return nodes.length > 0 ? nodes : undefined;
}

function withContent<T extends { type: string }>(base: T, content: InlineNode[] | undefined): T & { content?: InlineNode[] } {
  return content ? { ...base, content } : base;
}

function parseParagraph(raw: Record<string, unknown>, budget: Budget): ParagraphNode {
  return withContent({ type: "paragraph" as const }, parseInline(children(raw, "Paragraph"), budget, "Paragraph"));
}

function parseListItems(raw: Record<string, unknown>, budget: Budget, depth: number): ListItemNode[] {
  const items: ListItemNode[] = [];
  for (const item of children(raw, "List")) {
    count(budget);
    if (!isRecord(item) || item.type !== "listItem") throw new DocumentError("A list may only hold list items.");
    const content: ListItemNode["content"] = [];
    for (const child of children(item, "List item")) {
      const block = parseBlock(child, budget, depth + 1);
      if (block.type !== "paragraph" && block.type !== "bulletList" && block.type !== "orderedList") {
        throw new DocumentError("A list item may only hold paragraphs and lists.");
      }
      content.push(block);
    }
    if (content.length === 0) content.push({ type: "paragraph" });
    items.push({ type: "listItem", content });
  }
  if (items.length === 0) throw new DocumentError("A list must have at least one item.");
  return items;
}

function parseBlock(raw: unknown, budget: Budget, depth: number): BlockNode {
  if (depth > MAX_DEPTH) throw new DocumentError(`The body is nested more than ${MAX_DEPTH} levels deep.`);
  count(budget);
  if (!isRecord(raw)) throw new DocumentError("The body has a malformed block.");
  const attrs = isRecord(raw.attrs) ? raw.attrs : {};
  switch (raw.type) {
    case "paragraph":
      return parseParagraph(raw, budget);
    case "heading": {
      const level = attrs.level;
      if (level !== 2 && level !== 3) throw new DocumentError("Subheadings must be level 2 or 3.");
      return withContent({ type: "heading" as const, attrs: { level } }, parseInline(children(raw, "Subheading"), budget, "Subheading"));
    }
    case "blockquote": {
      const content: ParagraphNode[] = [];
      for (const child of children(raw, "Quote")) {
        const block = parseBlock(child, budget, depth + 1);
        if (block.type !== "paragraph") throw new DocumentError("A quote may only hold paragraphs.");
        content.push(block);
      }
      if (content.length === 0) content.push({ type: "paragraph" });
      return { type: "blockquote", content };
    }
    case "pullQuote":
      return withContent(
        { type: "pullQuote" as const, attrs: { attribution: attrString(attrs, "attribution", "Pull quote") } },
        parseInline(children(raw, "Pull quote"), budget, "Pull quote"),
      );
    case "bulletList":
      return { type: "bulletList", content: parseListItems(raw, budget, depth) };
    case "orderedList": {
      const start = typeof attrs.start === "number" && Number.isInteger(attrs.start) && attrs.start > 0 ? attrs.start : 1;
      return { type: "orderedList", attrs: { start }, content: parseListItems(raw, budget, depth) };
    }
    case "horizontalRule":
      return { type: "horizontalRule" };
    case "image": {
      const src = attrString(attrs, "src", "Image").trim();
      if (!isSafeImageSrc(src)) throw new DocumentError("An image must come from the media library or an https address.");
      const mediaId = attrString(attrs, "mediaId", "Image");
      return {
        type: "image",
        attrs: {
          src,
          alt: attrString(attrs, "alt", "Image"),
          caption: attrString(attrs, "caption", "Image"),
          credit: attrString(attrs, "credit", "Image"),
          mediaId: mediaId === "" ? null : mediaId,
        },
      };
    }
    default:
      throw new DocumentError(`"${String(raw.type).slice(0, 40)}" is not something a story body may contain.`);
  }
}

function parseDocument(input: unknown, editorial: boolean): StoryDocument {
  if (!isRecord(input) || input.type !== "doc") throw new DocumentError("The body is not a document.");
  const budget: Budget = { nodes: 0, text: 0, editorial };
  const content = children(input, "Body").map((block) => parseBlock(block, budget, 1));
  return { type: "doc", content: content.length > 0 ? content : [{ type: "paragraph" }] };
}

/**
 * Parses untrusted input into a story document as readers get it, or throws DocumentError saying
 * what is wrong. Notes and pending suggestions are dropped: the text reads as before them.
 */
export function parseStoryDocument(input: unknown): StoryDocument {
  return parseDocument(input, false);
}

/** As parseStoryDocument, keeping the desk's notes and suggestions: what the editor loads and saves. */
export function parseDeskDocument(input: unknown): StoryDocument {
  return parseDocument(input, true);
}

export function safeParseStoryDocument(
  input: unknown,
  options: { editorial?: boolean } = {},
): { ok: true; document: StoryDocument } | { ok: false; message: string } {
  try {
    return { ok: true, document: parseDocument(input, options.editorial === true) };
  } catch (error) {
    if (error instanceof DocumentError) return { ok: false, message: error.message };
    throw error;
  }
}

function isSuggestedInsertion(node: InlineNode): boolean {
  return node.type === "text" && (node.marks ?? []).some((mark) => mark.type === "suggestionInsert");
}

/** Readers' text: a suggested insertion is not in it yet, a suggested deletion still is. */
function inlineText(content: InlineNode[] | undefined): string {
  return (content ?? [])
    .filter((node) => !isSuggestedInsertion(node))
    .map((node) => (node.type === "text" ? node.text : "\n"))
    .join("");
}

/** Pending suggestions in a body (insertions and deletions), counted by suggestion id. */
export function openSuggestionIds(document: StoryDocument): string[] {
  const ids = new Set<string>();
  const visit = (block: BlockNode | ListItemNode): void => {
    if ("content" in block && Array.isArray(block.content)) {
      for (const child of block.content as Array<BlockNode | ListItemNode | InlineNode>) {
        if (child.type === "text") {
          for (const mark of child.marks ?? []) if (mark.type === "suggestionInsert" || mark.type === "suggestionDelete") ids.add(mark.attrs.id);
        } else if (child.type !== "hardBreak") visit(child);
      }
    }
  };
  document.content.forEach(visit);
  return [...ids];
}

/** The ids of the notes a body anchors, each once, in document order. */
export function noteIdsOf(document: StoryDocument): string[] {
  const ids = new Set<string>();
  const visit = (block: BlockNode | ListItemNode): void => {
    if ("content" in block && Array.isArray(block.content)) {
      for (const child of block.content as Array<BlockNode | ListItemNode | InlineNode>) {
        if (child.type === "text") {
          for (const mark of child.marks ?? []) if (mark.type === "note") ids.add(mark.attrs.id);
        } else if (child.type !== "hardBreak") visit(child);
      }
    }
  };
  document.content.forEach(visit);
  return [...ids];
}

function blockText(block: BlockNode | ListItemNode): string {
  switch (block.type) {
    case "paragraph":
    case "heading":
      return inlineText(block.content);
    case "pullQuote":
      return [inlineText(block.content), block.attrs.attribution].filter(Boolean).join(" — ");
    case "blockquote":
    case "bulletList":
    case "orderedList":
    case "listItem":
      return block.content.map(blockText).filter(Boolean).join("\n");
    case "image":
      return [block.attrs.caption, block.attrs.credit].filter(Boolean).join(" ");
    case "horizontalRule":
      return "";
  }
}

/** The library images a document shows: their media ids, each once, in the order they appear. */
export function libraryImageIds(document: StoryDocument): string[] {
  return [...new Set(document.content.flatMap((block) => (block.type === "image" && block.attrs.mediaId ? [block.attrs.mediaId] : [])))];
}

/** The body as plain text, a block a paragraph: what search indexes and revision diffs compare. */
export function documentToPlainText(document: StoryDocument): string {
  return document.content.map(blockText).filter((text) => text.trim().length > 0).join("\n\n");
}

export function isDocumentEmpty(document: StoryDocument): boolean {
  return documentToPlainText(document).trim().length === 0 && !document.content.some((b) => b.type === "image");
}
