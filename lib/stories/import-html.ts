// Turns a pasted or uploaded web page (HTML) into the parts of a draft, in the same shape as the
// plain-text import (lib/stories/import-text.ts), plus the page's images with their captions and
// credits, offered for the media library.
//
// How it reads a page, each step told to the editor in `notes`:
//   1. the page's metadata: JSON-LD (NewsArticle, Article, BlogPosting …), Open Graph and <meta>
//      tags, <time datetime>, <link rel="canonical">, <base href>;
//   2. the article: the longest <article>, else [itemprop=articleBody], else <main>, else the
//      element whose own paragraphs hold the most text (a small readability-style score);
//   3. inside it, the headline (<h1>), the dek or standfirst, the byline, the date and the figures
//      are read and taken out; page furniture (share bars, newsletter boxes, related links, cookie
//      banners, ads, comments) is left out by its class, id or role;
//   4. the rest goes through the paste mapping (lib/stories/paste.ts), which puts it onto the
//      story's allow-list: scripts, styles, frames, event handlers and javascript: links never
//      survive it;
//   5. the body's first paragraph gives a wire dateline ("SEOUL (Agency) -"), its last paragraphs a
//      credit line ("Reporting by …; Editing by …") and agency boilerplate, each taken out.
// Pure and DOM-free (lib/stories/html.ts reads the markup), so the very same function runs in the
// browser on a paste or a chosen file and in Node (tests, the benchmark).

import { documentToPlainText, type BlockNode, type InlineNode, type StoryDocument } from "@/lib/stories/document";
import { decodeEntities, descendants, parseHtml, textOf, type HtmlElement, type HtmlNode } from "@/lib/stories/html";
import { readWireDateline, type ImportedByline, type ImportedCaption, type ImportedStory, type PullQuoteCandidate } from "@/lib/stories/import-text";
import { mapPastedHtml, PASTE_MAX_HTML_CHARS } from "@/lib/stories/paste";

/** An image on the page, offered for the media library (never hotlinked). */
export interface ImportedImage {
  /** An absolute http(s) address. */
  src: string;
  alt: string;
  caption: string;
  credit: string;
  /** The page's lead picture (og:image or the first figure): offered as the hero. */
  lead: boolean;
}

/** The text import's result (dateline place, credit and captions included), plus the page's images. */
export interface ImportedHtmlStory extends ImportedStory {
  /** Images offered for the media library, the lead one first. */
  images: ImportedImage[];
  /** Set by the dialog when the editor added an offered image and chose it as the featured image. */
  featuredImage?: { id: string; url: string; alt: string; credit: string } | null;
}

export type HtmlImportResult = { kind: "ok"; story: ImportedHtmlStory } | { kind: "refused"; message: string };

/** Largest HTML file read at all, in bytes: past it the file is refused before it is read. */
export const HTML_IMPORT_MAX_BYTES = PASTE_MAX_HTML_CHARS;
const HTML_IMPORT_MAX_LABEL = "3 MB";
const MAX_IMAGES = 30;
const HEADLINE_MAX = 300;
const STANDFIRST_MAX = 600;

export const HTML_TOO_LARGE = `That page is too large: an HTML file or paste can be at most ${HTML_IMPORT_MAX_LABEL}. Nothing was imported.`;
export const HTML_NOT_HTML = "That file is not a web page (HTML): save the page as HTML and try again. Nothing was imported.";
export const HTML_BINARY = "That file holds binary data, not a web page: nothing was imported.";
export const HTML_EMPTY = "That page has no story text to import: nothing was imported.";

// ---------------------------------------------------------------------------------------------
// Input checks

/** Signatures of the formats most often renamed .html by mistake. */
const MAGIC: Array<[string, number[]]> = [
  ["a PDF", [0x25, 0x50, 0x44, 0x46]],
  ["a PNG image", [0x89, 0x50, 0x4e, 0x47]],
  ["a JPEG image", [0xff, 0xd8, 0xff]],
  ["a GIF image", [0x47, 0x49, 0x46, 0x38]],
  ["a ZIP archive (or a Word or EPUB file)", [0x50, 0x4b, 0x03, 0x04]],
  ["a gzip archive", [0x1f, 0x8b]],
  ["a WebP image", [0x52, 0x49, 0x46, 0x46]],
];

/** Reads an uploaded file's bytes as HTML text, or says why it cannot be imported. */
export function decodeHtmlFile(bytes: Uint8Array): { ok: true; html: string } | { ok: false; message: string } {
  if (bytes.length > HTML_IMPORT_MAX_BYTES) return { ok: false, message: HTML_TOO_LARGE };
  for (const [name, signature] of MAGIC) {
    if (signature.every((byte, index) => bytes[index] === byte)) {
      return { ok: false, message: `That file is ${name}, not a web page (HTML): nothing was imported.` };
    }
  }
  // UTF-16 pages say so with a byte-order mark; anything else is read as UTF-8 (what pages use).
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : null;
  const html = new TextDecoder(utf16 ?? "utf-8").decode(bytes);
  return { ok: true, html };
}

/** Why this text cannot be read as a web page, or null. */
export function htmlProblem(html: string): string | null {
  if (html.length > HTML_IMPORT_MAX_BYTES) return HTML_TOO_LARGE;
  const sample = html.slice(0, 8_000);
  // Text has no NUL characters, and few that cannot be decoded or typed: many means binary data.
  let odd = 0;
  for (let i = 0; i < sample.length; i += 1) {
    const code = sample.charCodeAt(i);
    if (code === 0) return HTML_BINARY;
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d)) odd += 1;
  }
  if (sample.length > 0 && odd / sample.length > 0.02) return HTML_BINARY;
  if (!/<(?:!doctype\s+html|html|head|body|article|main|div|p|h1|h2|section|meta)[\s>/]/i.test(sample)) return HTML_NOT_HTML;
  return null;
}

/** True when a clipboard's HTML is a whole article or page (not a few formatted sentences). */
export function looksLikeArticlePage(html: string): boolean {
  const head = html.slice(0, 20_000);
  return /<(?:html|article|h1)[\s>]/i.test(head) || /<meta\s[^>]*property=["']og:/i.test(head) || /application\/ld\+json/i.test(head);
}

// ---------------------------------------------------------------------------------------------
// Small readers

function clean(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b\u2060\ufeff\u00ad]/g, "")
    .replace(/[\s\u00a0]+/g, " ")
    .trim()
    .toWellFormed();
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function classTokens(element: HtmlElement): string[] {
  return `${element.attrs.class ?? ""} ${element.attrs.id ?? ""}`.toLowerCase().split(/\s+/).filter(Boolean);
}

function hasClass(element: HtmlElement, pattern: RegExp): boolean {
  return classTokens(element).some((token) => pattern.test(token));
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The text of an element with its line breaks kept as spaces, cleaned. */
function textIn(node: HtmlNode): string {
  return clean(textOf(node));
}

// ---------------------------------------------------------------------------------------------
// Metadata: <meta>, JSON-LD, <title>

interface PageMeta {
  meta: Map<string, string>;
  ld: Record<string, unknown> | null;
  title: string;
  base: string | null;
}

function readMeta(root: HtmlElement, html: string): PageMeta {
  const meta = new Map<string, string>();
  let base: string | null = null;
  for (const element of descendants(root)) {
    if (element.tag === "meta") {
      const key = (element.attrs.property ?? element.attrs.name ?? element.attrs.itemprop ?? "").toLowerCase();
      const content = element.attrs.content;
      if (key && content !== undefined && !meta.has(key)) meta.set(key, clean(content));
    } else if (element.tag === "link" && /\bcanonical\b/i.test(element.attrs.rel ?? "") && element.attrs.href) {
      if (!meta.has("canonical")) meta.set("canonical", element.attrs.href.trim());
    } else if (element.tag === "base" && element.attrs.href && base === null) {
      base = element.attrs.href.trim();
    }
  }
  // <title> and JSON-LD sit in raw-text elements, which the markup reader skips: read them here.
  const titleMatch = /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(html);
  return { meta, ld: readJsonLd(html), title: titleMatch ? clean(decodeEntities(titleMatch[1]!)) : "", base };
}

const ARTICLE_TYPES = /^(?:newsarticle|article|reportagenewsarticle|analysisnewsarticle|opinionnewsarticle|reviewnewsarticle|backgroundnewsarticle|blogposting|liveblogposting|report|socialmediaposting)$/i;

function typesOf(node: Record<string, unknown>): string[] {
  const type = node["@type"];
  return (Array.isArray(type) ? type : [type]).filter((value): value is string => typeof value === "string");
}

/** The first article-like JSON-LD object on the page, or null. Broken JSON is skipped. */
function readJsonLd(html: string): Record<string, unknown> | null {
  const scripts = html.matchAll(/<script\b[^>]*type\s*=\s*["']?application\/ld\+json["']?[^>]*>([\s\S]*?)<\/script>/gi);
  for (const match of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(match[1]!.trim());
    } catch {
      continue;
    }
    const pending: unknown[] = [data];
    for (let guard = 0; pending.length > 0 && guard < 500; guard += 1) {
      const item = pending.shift();
      if (Array.isArray(item)) pending.push(...item);
      else if (item && typeof item === "object") {
        const node = item as Record<string, unknown>;
        if (typesOf(node).some((type) => ARTICLE_TYPES.test(type))) return node;
        if (node["@graph"]) pending.push(node["@graph"]);
        if (node.mainEntity) pending.push(node.mainEntity);
      }
    }
  }
  return null;
}

function ldString(ld: Record<string, unknown> | null, key: string): string {
  const value = ld?.[key];
  if (typeof value === "string") return clean(decodeEntities(value));
  if (Array.isArray(value) && typeof value[0] === "string") return clean(decodeEntities(value[0]));
  return "";
}

function ldNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .map((item) => (typeof item === "string" ? item : item && typeof item === "object" ? (item as Record<string, unknown>).name : null))
    .filter((name): name is string => typeof name === "string")
    .map((name) => clean(decodeEntities(name)))
    .filter(Boolean);
}

// ---------------------------------------------------------------------------------------------
// Where the article is

/** The parent map of a tree, for walking up. */
function parentsOf(root: HtmlElement): Map<HtmlElement, HtmlElement> {
  const parents = new Map<HtmlElement, HtmlElement>();
  const pending: HtmlElement[] = [root];
  while (pending.length > 0) {
    const element = pending.pop()!;
    for (const child of element.children) {
      if (typeof child === "string") continue;
      parents.set(child, element);
      pending.push(child);
    }
  }
  return parents;
}

function isFurnitureArea(element: HtmlElement): boolean {
  return ["nav", "header", "footer", "aside", "form"].includes(element.tag) || FURNITURE_CLASS.test(classTokens(element).join(" "));
}

function findArticle(root: HtmlElement): { element: HtmlElement; how: string } {
  const articles: HtmlElement[] = [];
  let body: HtmlElement | null = null;
  let main: HtmlElement | null = null;
  for (const element of descendants(root)) {
    if (element.tag === "article" || element.attrs.role === "article") articles.push(element);
    else if (!body && element.attrs.itemprop === "articleBody") body = element;
    else if (!main && (element.tag === "main" || element.attrs.role === "main")) main = element;
  }
  if (articles.length > 0) {
    let best = articles[0]!;
    let bestLength = -1;
    for (const article of articles.slice(0, 50)) {
      const length = textOf(article).length;
      if (length > bestLength) [best, bestLength] = [article, length];
    }
    return { element: best, how: "its <article>" };
  }
  if (main) return { element: main, how: "its <main> part" };
  // No article or main: the element whose own paragraphs hold the most text, with its heading.
  const parents = parentsOf(root);
  const scores = new Map<HtmlElement, number>();
  for (const element of descendants(root)) {
    if (element.tag !== "p") continue;
    const parent = parents.get(element);
    if (!parent) continue;
    let ancestor: HtmlElement | undefined = parent;
    let furniture = false;
    while (ancestor) {
      if (isFurnitureArea(ancestor)) furniture = true;
      ancestor = parents.get(ancestor);
    }
    if (furniture) continue;
    scores.set(parent, (scores.get(parent) ?? 0) + textOf(element).length);
  }
  let best: HtmlElement | null = null;
  let bestScore = 0;
  for (const [element, score] of scores) if (score > bestScore) [best, bestScore] = [element, score];
  if (!best && body) return { element: body, how: "its article body" };
  if (!best) return { element: root, how: "the whole page" };
  // Step up to the container that also holds the headline, if one is near.
  let holder: HtmlElement = body ?? best;
  for (let i = 0, up = parents.get(holder); i < 3 && up && up.tag !== "body" && up.tag !== "#root"; i += 1, up = parents.get(up)) {
    if ([...descendants(up)].some((element) => element.tag === "h1")) {
      holder = up;
      break;
    }
  }
  return { element: holder, how: "the part of the page with the most story text (it has no <article>)" };
}

// ---------------------------------------------------------------------------------------------
// Page furniture inside the article

/** Class or id words of things that are never story: share bars, newsletter boxes, ads, related links. */
const FURNITURE_CLASS =
  /(?:^|[\s_-])(?:share|sharing|social|newsletter|subscribe|subscription|related|promo|advert|advertisement|ad|ads|sponsor|sponsored|cookie|cookies|consent|gdpr|comments?|recommended|recirc|most-read|mostread|popular|trending|paywall|signup|sign-up|breadcrumbs?|toolbar|tags|topics|read-more|readmore|also-read|alsoread|more-stories|outbrain|taboola|byline-social|nav|menu|masthead|skip-link)(?:$|[\s_-])/;
const FURNITURE_LABELS: Array<[RegExp, string]> = [
  [/share|sharing|social|toolbar/, "share buttons"],
  [/newsletter|subscribe|subscription|signup|sign-up|paywall/, "a newsletter or subscription box"],
  [/related|recommended|recirc|most-?read|popular|trending|read-?more|also-?read|more-stories|outbrain|taboola/, "related links"],
  [/advert|(?:^|[\s_-])ads?(?:$|[\s_-])|sponsor/, "an advertisement"],
  [/cookie|consent|gdpr/, "a cookie banner"],
  [/comment/, "the comments"],
  [/breadcrumb|nav|menu|masthead|skip-link/, "navigation"],
  [/tags|topics/, "the topic tags"],
];

function furnitureLabel(element: HtmlElement): string | null {
  const role = element.attrs.role ?? "";
  if (["navigation", "banner", "contentinfo", "complementary", "search"].includes(role)) return "navigation";
  const tokens = classTokens(element).join(" ");
  if (FURNITURE_CLASS.test(tokens)) {
    for (const [pattern, label] of FURNITURE_LABELS) if (pattern.test(tokens)) return label;
    return "page furniture";
  }
  if (element.tag === "nav") return "navigation";
  if (element.tag === "aside") return "a side box";
  if (element.tag === "form") return "a form";
  if (element.tag === "footer") return "the footer";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Bylines, datelines, credits

const ORGANISATION_WORDS =
  /\b(?:news|agency|press|staff|desk|wire|service|bureau|team|reporters|correspondents|media|times|post|herald|journal|gazette|tribune|daily|network|radio|television|agence|reuters|afp)\b/i;

function readBylineNames(raw: string): ImportedByline[] {
  const text = clean(raw)
    .replace(/^(?:(?:written|words|text|story|reporting)\s+)?by[:\s]+/i, "")
    // "Jane Doe, Staff Reporter" or "Jane Doe | Senior Correspondent": the role is no name.
    .replace(/\s*[|·•]\s*.*$/, "")
    .replace(/\s*(?:updated|published|posted)\b.*$/i, "")
    .trim();
  if (text === "" || text.length > 200) return [];
  const parts = text
    .split(/\s*,\s*|\s+and\s+|\s*&\s*/)
    .map((part) => part.trim())
    .filter(Boolean)
    // A role after a comma ("Staff Reporter", "Senior Correspondent") names no one.
    .filter((part) => !/^(?:staff|senior|chief|special|political|foreign|our)?\s*(?:reporter|correspondent|writer|editor|columnist|contributor)s?$/i.test(part));
  return parts
    .filter((part) => part.length <= 80 && /^\p{Lu}/u.test(part))
    .map((name) => ({ name, kind: ORGANISATION_WORDS.test(name) || name.split(" ").length === 1 ? "ORGANISATION" : "PERSON" }));
}

const CREDIT_LINE = /^\(?(?:(?:additional\s+)?reporting|writing|editing|compiled|edited|written)\s+by\b.+$/i;
const BOILERPLATE = /^(?:\(?with inputs? from agencies\.?\)?|our standards:.*|the thomson reuters trust principles\.?.*|related coverage:?|recent comments:?|sign up for .*newsletter.*|this (?:story|article) (?:has been|was) (?:auto-generated|published from a wire agency feed).*)$/i;

// ---------------------------------------------------------------------------------------------
// Figures

const CREDIT_CLASS = /credit|copyright|source|photographer|attribution|byline/;
const CREDIT_TEXT = /\s*(?:\(?(?:photo|photograph|picture|image|credit|foto)s?(?:\s+credit)?\s*(?::|by)\s*|©\s*|\((?=[^()]*(?:reuters|ap|afp|getty|epa|pool|handout))|\/\s*(?=[A-Z][^/]*$))([^()]{2,120}?)\)?\s*$/iu;

function resolveImage(raw: string, base: string | null): { src: string } | { problem: string } {
  const src = raw.trim().split(/\s+/)[0] ?? "";
  if (src === "") return { problem: "empty" };
  if (/^data:/i.test(src)) return { problem: "data" };
  try {
    const url = base ? new URL(src, base) : new URL(src);
    if (url.protocol !== "http:" && url.protocol !== "https:") return { problem: "scheme" };
    return { src: url.href };
  } catch {
    return { problem: "relative" };
  }
}

function imageSource(img: HtmlElement): string {
  const srcset = img.attrs.srcset ?? img.attrs["data-srcset"] ?? "";
  const src = img.attrs.src ?? "";
  if (src && !/^data:image\/(?:gif|svg)/i.test(src)) return src;
  return img.attrs["data-src"] ?? img.attrs["data-original"] ?? (srcset.split(",")[0] ?? "").trim() ?? src;
}

function splitCaption(figcaption: HtmlElement): { caption: string; credit: string } {
  let credit = "";
  const creditElement = [...descendants(figcaption)].find((element) => hasClass(element, CREDIT_CLASS) || element.tag === "small");
  let caption: string;
  if (creditElement) {
    credit = textIn(creditElement);
    const without: HtmlElement = { ...figcaption, children: stripElement(figcaption, creditElement) };
    caption = textIn(without);
  } else {
    caption = textIn(figcaption);
    const match = CREDIT_TEXT.exec(caption);
    if (match && match.index > 0) {
      credit = clean(match[1]!);
      caption = clean(caption.slice(0, match.index));
    }
  }
  credit = credit.replace(/^(?:photo|photograph|picture|image|credit)s?\s*(?::|by)\s*/i, "").replace(/^©\s*/, "").replace(/^\(|\)$/g, "").trim();
  return { caption: cut(caption, 500), credit: cut(credit, 200) };
}

function stripElement(parent: HtmlElement, target: HtmlElement): HtmlNode[] {
  return parent.children
    .filter((child) => child !== target)
    .map((child) => (typeof child === "string" ? child : { ...child, children: stripElement(child, target) }));
}

// ---------------------------------------------------------------------------------------------
// Serialising the article back to markup for the paste mapping

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;");
}

/** Attributes the paste mapping reads; everything else (handlers, classes) is not written back. */
const KEPT_ATTRS = new Set(["href", "src", "alt", "start", "style", "width", "height", "hidden", "aria-hidden"]);
const VOID_TAGS = new Set(["br", "hr", "img", "wbr"]);

function serialise(node: HtmlNode, out: string[], skip: Set<HtmlElement>): void {
  if (typeof node === "string") {
    out.push(escapeText(node));
    return;
  }
  if (skip.has(node)) return;
  const attrs = Object.entries(node.attrs)
    .filter(([name]) => KEPT_ATTRS.has(name))
    .map(([name, value]) => ` ${name}="${escapeAttr(value)}"`)
    .join("");
  const tag = /^[a-z][a-z0-9:-]*$/.test(node.tag) ? node.tag : "div";
  out.push(`<${tag}${attrs}>`);
  if (VOID_TAGS.has(tag)) return;
  for (const child of node.children) serialise(child, out, skip);
  out.push(`</${tag}>`);
}

// ---------------------------------------------------------------------------------------------
// Pull quotes

const QUOTE = /[“"]([^“”"]{20,400})[”"]\s*,?\s*(?:(?:said|says|added|told \w+)\s+(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+){0,2})|(\p{Lu}[\p{L}'’-]+(?:\s\p{Lu}[\p{L}'’-]+){0,2})\s+(?:said|says|added))/gu;

function pullQuotes(blocks: readonly BlockNode[]): PullQuoteCandidate[] {
  const found: PullQuoteCandidate[] = [];
  for (const block of blocks) {
    if (block.type !== "paragraph") continue;
    const text = documentToPlainText({ type: "doc", content: [block] });
    for (const match of text.matchAll(QUOTE)) {
      const words = match[1]!.trim().split(/\s+/).length;
      if (words < 4 || words > 40) continue;
      found.push({ text: match[1]!.trim().replace(/[,.]$/, ""), attribution: (match[2] ?? match[3] ?? "").trim() });
      if (found.length >= 10) return found;
    }
  }
  return found.sort((a, b) => b.text.length - a.text.length);
}

// ---------------------------------------------------------------------------------------------
// Body post-processing

function paragraphText(block: BlockNode): string | null {
  if (block.type !== "paragraph" || !block.content) return null;
  return clean(block.content.map((node) => (node.type === "text" ? node.text : " ")).join(""));
}

/** The paragraph with its first `chars` characters of text removed. */
function dropLeadingChars(block: BlockNode, chars: number): BlockNode {
  if (block.type !== "paragraph" || !block.content) return block;
  let left = chars;
  const content: InlineNode[] = [];
  for (const node of block.content) {
    if (left <= 0 || node.type !== "text") {
      if (left <= 0) content.push(node);
      continue;
    }
    const text = node.text.replace(/^\s+/, "");
    if (text.length <= left) {
      left -= text.length;
      continue;
    }
    content.push({ ...node, text: text.slice(left).replace(/^\s+/, "") });
    left = 0;
  }
  return { ...block, content };
}

function sameText(a: string, b: string): boolean {
  const norm = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  return a !== "" && norm(a) === norm(b);
}

// ---------------------------------------------------------------------------------------------

function isoDate(raw: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

function siteTitleStripped(title: string): string {
  // "Headline | Site" or "Headline - Site": the longest part is the headline.
  const parts = title.split(/\s+[|–—·]\s+|\s+-\s+/);
  return parts.reduce((best, part) => (part.length > best.length ? part : best), "");
}

/** Reads a web page (HTML) into a draft's parts; `baseUrl` resolves relative image addresses. */
export function parseHtmlStory(html: string, options: { baseUrl?: string } = {}): HtmlImportResult {
  if (typeof html !== "string" || html.trim() === "") return { kind: "refused", message: HTML_EMPTY };
  const problem = htmlProblem(html);
  if (problem) return { kind: "refused", message: problem };

  const notes: string[] = [];
  const root = parseHtml(html);
  const { meta, ld, title, base: baseHref } = readMeta(root, html);
  const pageUrl = options.baseUrl ?? meta.get("og:url") ?? meta.get("canonical") ?? ldString(ld, "url") ?? "";
  let base: string | null = null;
  for (const candidate of [baseHref, pageUrl]) {
    if (!candidate) continue;
    try {
      base = new URL(candidate, base ?? undefined).href;
      break;
    } catch {
      // A relative or broken address cannot be a base: the next one is tried.
    }
  }
  const frames = (html.match(/<iframe[\s>]/gi) ?? []).length;
  if (frames > 0) notes.push(`Left out ${plural(frames, "embedded frame (video, map or post)", "embedded frames (videos, maps or posts)")}.`);
  if (ld) notes.push(`Read the page's structured data (JSON-LD ${typesOf(ld)[0] ?? "Article"}).`);

  const { element: article, how } = findArticle(root);
  notes.push(`Kept ${how}; the page around it (navigation, header, footer, scripts) was left out.`);
  const skip = new Set<HtmlElement>();
  const parents = parentsOf(article);
  const inArticle = [...descendants(article)];

  // Page furniture inside the article.
  const furniture = new Map<string, number>();
  for (const element of inArticle) {
    let ancestor = parents.get(element);
    let skipped = false;
    while (ancestor) {
      if (skip.has(ancestor)) skipped = true;
      ancestor = parents.get(ancestor);
    }
    if (skipped) continue;
    const label = element.tag === "header" || element.tag === "figure" ? null : furnitureLabel(element);
    if (label) {
      skip.add(element);
      furniture.set(label, (furniture.get(label) ?? 0) + 1);
    }
  }
  const isSkipped = (element: HtmlElement): boolean => {
    for (let at: HtmlElement | undefined = element; at; at = parents.get(at)) if (skip.has(at)) return true;
    return false;
  };
  for (const [label, count] of furniture) notes.push(count === 1 ? `Left out ${label}.` : `Left out ${label} (${count} places).`);

  // Headline: the article's <h1>, else the page's, else the metadata.
  let headline = "";
  const h1 = inArticle.find((element) => element.tag === "h1" && !isSkipped(element)) ?? [...descendants(root)].find((element) => element.tag === "h1");
  if (h1 && textIn(h1) !== "") {
    headline = textIn(h1);
    skip.add(h1);
    notes.push("Headline from the page's main heading.");
  } else {
    const fromMeta = ldString(ld, "headline") || meta.get("og:title") || meta.get("twitter:title") || siteTitleStripped(title);
    if (fromMeta) {
      headline = fromMeta;
      notes.push("Headline from the page's metadata (it has no main heading).");
    } else {
      notes.push("No headline found: write one.");
    }
  }
  headline = cut(headline, HEADLINE_MAX);
  // A second <h1> or heading repeating the headline is dropped too.
  for (const element of inArticle) {
    if (/^h[1-6]$/.test(element.tag) && element !== h1 && sameText(textIn(element), headline)) skip.add(element);
  }

  // Standfirst: an element named for it, else the page's description.
  let standfirst = "";
  const dek = inArticle.find(
    (element) =>
      !isSkipped(element) &&
      ["p", "h2", "div", "span"].includes(element.tag) &&
      hasClass(element, /^(?:.*[-_])?(?:dek|standfirst|strapline|subtitle|sub-title|subheadline|summary|lede|lead|intro|excerpt|description|deck|kicker-text)(?:[-_].*)?$/) &&
      !hasClass(element, /body|content|text|image|photo|figure/) &&
      textIn(element).length > 20,
  );
  if (dek) {
    standfirst = textIn(dek);
    skip.add(dek);
    notes.push("Standfirst from the page's dek or summary line.");
  }

  // Byline: rel=author, itemprop=author, or an element named for it.
  let bylines: ImportedByline[] = [];
  const bylineElement = inArticle.find(
    (element) =>
      !isSkipped(element) &&
      (element.attrs.rel === "author" || element.attrs.itemprop === "author" || hasClass(element, /^(?:.*[-_])?(?:byline|author|authors|author-name|writer)(?:[-_].*)?$/)) &&
      textIn(element).length > 0 &&
      textIn(element).length < 250,
  );
  if (bylineElement) {
    // The outermost element named for the byline holds all names ("By A and B").
    let outer = bylineElement;
    for (let up = parents.get(outer); up && textIn(up).length < 250 && (hasClass(up, /byline|author/) || up.tag === "address"); up = parents.get(up)) outer = up;
    // Dates and read-time lines beside the names are no names.
    const namesOnly = (node: HtmlNode): string =>
      typeof node === "string" ? node : node.tag === "time" || hasClass(node, /read-?time|reading-time|timestamp|date/) ? " " : node.children.map(namesOnly).join("");
    bylines = readBylineNames(clean(namesOnly(outer)).replace(/\s*\d+\s*min(?:ute)?s?\s+read\b.*$/i, "").replace(/\s*(?:updated|published|posted|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)).*$/i, ""));
    skip.add(outer);
  }
  if (bylines.length === 0 && ld) {
    bylines = ldNames(ld.author).flatMap((name) => readBylineNames(name));
    if (bylines.length > 0) notes.push("Bylines from the page's structured data.");
  }
  if (bylines.length === 0 && meta.get("author")) {
    bylines = readBylineNames(meta.get("author")!);
    if (bylines.length > 0) notes.push("Bylines from the page's author tag.");
  }
  if (bylines.length > 0 && bylineElement) notes.push(`Bylines: ${bylines.map((b) => b.name).join(", ")}.`);

  // Date: structured data, then the meta tag, then the first <time>.
  const timeElement = inArticle.find((element) => element.tag === "time");
  const dateRaw = ldString(ld, "datePublished") || meta.get("article:published_time") || meta.get("date") || timeElement?.attrs.datetime || "";
  const signatureDate = dateRaw ? isoDate(dateRaw) : null;
  if (signatureDate) notes.push(`Published ${signatureDate}, from the page.`);
  for (const element of inArticle) {
    // Dates, read-time lines and kickers in the article's header are page furniture, not story.
    if (element.tag === "time" && !isSkipped(element)) skip.add(element);
    if (hasClass(element, /^(?:.*[-_])?(?:read-?time|reading-time|timestamp|dateline-date|published|updated|meta|kicker|eyebrow|section-label)(?:[-_].*)?$/)) skip.add(element);
  }

  // Desk: the article's section.
  const desk = cut(ldString(ld, "articleSection") || meta.get("article:section") || "", 60);
  if (desk) notes.push(`Desk "${desk}" from the page's section.`);

  // Figures and images.
  const images: ImportedImage[] = [];
  const captions: ImportedCaption[] = [];
  const seen = new Set<string>();
  const imageProblems = { data: 0, relative: 0, scheme: 0 };
  const offer = (raw: string, alt: string, caption: string, credit: string, lead: boolean) => {
    const resolved = resolveImage(raw, base);
    if ("problem" in resolved) {
      if (resolved.problem !== "empty") imageProblems[resolved.problem as keyof typeof imageProblems] += 1;
      return;
    }
    if (seen.has(resolved.src) || images.length >= MAX_IMAGES) return;
    seen.add(resolved.src);
    images.push({ src: resolved.src, alt: cut(clean(alt), 300), caption, credit, lead });
  };
  const ogImage = meta.get("og:image") || meta.get("twitter:image") || "";
  for (const element of inArticle) {
    if (isSkipped(element)) continue;
    if (element.tag === "figure" || (element.tag === "div" && hasClass(element, /^(?:.*[-_])?(?:figure|photo|image|media)(?:[-_].*)?$/) && [...descendants(element)].some((e) => e.tag === "img"))) {
      const img = [...descendants(element)].find((e) => e.tag === "img" || e.tag === "amp-img");
      const figcaption = [...descendants(element)].find((e) => e.tag === "figcaption" || hasClass(e, /caption/));
      const { caption, credit } = figcaption ? splitCaption(figcaption) : { caption: "", credit: "" };
      if (img) offer(imageSource(img), img.attrs.alt ?? caption, caption, credit, images.length === 0);
      if (caption) captions.push({ text: caption, credit });
      skip.add(element);
    } else if ((element.tag === "img" || element.tag === "amp-img") && element.attrs.width !== "1") {
      offer(imageSource(element), element.attrs.alt ?? "", "", "", false);
      skip.add(element);
    }
  }
  if (ogImage) {
    const resolved = resolveImage(ogImage, base);
    if ("src" in resolved && !seen.has(resolved.src)) {
      offer(ogImage, meta.get("og:image:alt") ?? "", "", "", images.length === 0);
    } else if ("src" in resolved) {
      const existing = images.find((image) => image.src === resolved.src);
      if (existing && images[0] !== existing) {
        images.splice(images.indexOf(existing), 1);
        images.unshift(existing);
      }
    }
  }
  images.forEach((image, index) => (image.lead = index === 0));
  if (images.length > 0) notes.push(`${plural(images.length, "image", "images")} offered for the media library, with captions and credits where the page has them.`);
  if (captions.length > 0) notes.push(`${plural(captions.length, "photo caption", "photo captions")} kept apart from the body (offered with the images).`);
  if (imageProblems.data > 0) notes.push(`${plural(imageProblems.data, "image", "images")} embedded in the page (data: address) left out: save and upload them instead.`);
  if (imageProblems.relative > 0) notes.push(`${plural(imageProblems.relative, "image", "images")} with an address relative to a page we do not know left out: upload them instead.`);
  if (imageProblems.scheme > 0) notes.push(`${plural(imageProblems.scheme, "image", "images")} not on the web (not http or https) left out.`);

  // The body: what is left of the article, onto the story's allow-list.
  const out: string[] = [];
  serialise({ ...article, tag: "div" }, out, skip);
  const mapped = mapPastedHtml(out.join(""));
  if (mapped.kind === "refused") return { kind: "refused", message: mapped.message };
  let blocks: BlockNode[] = mapped.kind === "ok" ? mapped.content : [];
  if (mapped.kind === "ok") {
    const changes = mapped.changes.filter((change) => !/image|only the article/.test(change));
    if (changes.length > 0) notes.push(`Body: ${changes.join(", ")}.`);
  }

  // Leading paragraphs repeating the headline, standfirst or byline.
  while (blocks.length > 0) {
    const text = paragraphText(blocks[0]!) ?? (blocks[0]!.type === "heading" ? clean(documentToPlainText({ type: "doc", content: [blocks[0]!] })) : null);
    if (text === null) break;
    if (sameText(text, headline) || sameText(text, standfirst) || (/^[Bb]y:?\s+\p{Lu}/u.test(text) && text.length < 120)) {
      // A "By …" paragraph under the headline names the writers when nothing else on the page did.
      if (bylines.length === 0 && /^by\s/i.test(text)) {
        bylines = readBylineNames(text);
        if (bylines.length > 0) notes.push(`Bylines from the line under the headline: ${bylines.map((b) => b.name).join(", ")}.`);
      }
      blocks = blocks.slice(1);
      continue;
    }
    break;
  }
  if (!standfirst) {
    const description = ldString(ld, "description") || meta.get("og:description") || meta.get("description") || "";
    const first = blocks[0] ? (paragraphText(blocks[0]) ?? "") : "";
    // A description that merely repeats the first paragraph's opening is no standfirst.
    const norm = (value: string) => value.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
    if (description && !sameText(description, headline) && !norm(first).startsWith(norm(description).replace(/…$/, "").slice(0, 60))) {
      standfirst = description;
      notes.push("Standfirst from the page's description.");
    }
  }
  standfirst = cut(standfirst, STANDFIRST_MAX);
  if (bylines.length === 0) notes.push("No byline found: add one.");

  // Wire dateline at the start of the first paragraph.
  let datelinePlace = "";
  const ldDateline = ldString(ld, "dateline");
  const firstIndex = blocks.findIndex((block) => block.type === "paragraph");
  if (firstIndex >= 0) {
    const text = paragraphText(blocks[firstIndex]!) ?? "";
    const dateline = readWireDateline(text);
    if (dateline) {
      datelinePlace = dateline.place;
      blocks[firstIndex] = dropLeadingChars(blocks[firstIndex]!, text.length - dateline.rest.length);
      notes.push(`Dateline ${datelinePlace}${dateline.agency ? ` (${dateline.agency})` : ""} taken from the first paragraph.`);
    }
  }
  if (!datelinePlace && ldDateline) {
    datelinePlace = cut(ldDateline.replace(/\s*\(.*$/, "").toUpperCase(), 60);
    notes.push(`Dateline ${datelinePlace} from the page's structured data.`);
  }

  // Credit lines and agency boilerplate at the end.
  const credits: string[] = [];
  for (let i = blocks.length - 1; i >= 0 && i >= blocks.length - 8; i -= 1) {
    const text = paragraphText(blocks[i]!);
    if (text === null) continue;
    if (CREDIT_LINE.test(text) && text.length < 300) {
      credits.unshift(text.replace(/^\(|\)$/g, ""));
      blocks.splice(i, 1);
    } else if (BOILERPLATE.test(text) && text.length < 400) {
      notes.push(`Left out "${cut(text, 60)}" at the end (agency or site boilerplate).`);
      blocks.splice(i, 1);
    }
  }
  const credit = credits.join("; ");
  if (credit) notes.push(`Credit line "${cut(credit, 80)}" taken out of the body.`);

  // "Also read: …" and "Read more: …" links between paragraphs, wherever they stand.
  const links = blocks.filter((block) => /^(?:also read|read also|read more|see also|related|recommended)\s*:/i.test(paragraphText(block) ?? ""));
  if (links.length > 0) {
    notes.push(`Left out ${plural(links.length, '"Also read"-style link line', '"Also read"-style link lines')} in the body.`);
    blocks = blocks.filter((block) => !links.includes(block));
  }
  blocks = blocks.filter((block) => !(block.type === "paragraph" && (!block.content || block.content.length === 0)));
  if (blocks.length === 0 && headline === "") return { kind: "refused", message: HTML_EMPTY };
  if (blocks.length === 0) notes.push("The page has no story text beyond its headline: write the body.");
  const paragraphs = blocks.filter((block) => block.type === "paragraph").length;
  notes.push(`${plural(paragraphs, "paragraph", "paragraphs")} in the body.`);

  const body: StoryDocument = { type: "doc", content: blocks.length > 0 ? blocks : [{ type: "paragraph" }] };
  return {
    kind: "ok",
    story: {
      headline,
      standfirst,
      body,
      bylines,
      dateline: desk,
      signatureDate,
      pullQuoteCandidates: pullQuotes(blocks),
      notes,
      datelinePlace,
      credit,
      captions,
      error: null,
      images,
    },
  };
}
