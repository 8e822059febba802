// What pasted HTML becomes in a story body. Web pages, Word and Google Docs put their own markup on
// the clipboard; this maps it onto the story's allow-list (lib/stories/document.ts) and reports
// every change, so the editor can say what it did instead of dropping things silently:
//   H1 → subheading (H2), H4–H6 → minor subheading (H3), a table → a bulleted list with a row an
//   item ("Col A — Col B"), images → listed for upload to the media library (never hotlinked),
//   empty and &nbsp;-only paragraphs → removed, styles, classes and scripts → dropped,
//   a whole web page → only its article (or main part), without navigation, header and footer.
// Pure and DOM-free (lib/stories/html.ts reads the markup), so it runs in the editor and in tests.

import {
  isSafeUrl,
  safeParseStoryDocument,
  type BlockNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type ParagraphNode,
} from "@/lib/stories/document";
import { descendants, parseHtml, textOf, type HtmlElement, type HtmlNode } from "@/lib/stories/html";

/** Largest HTML paste read at all: past it the paste is refused with a message, not parsed. */
export const PASTE_MAX_HTML_CHARS = 3_000_000;
/** Most text a paste brings (the body's own limit): the rest is cut and the notice says so. */
export const PASTE_MAX_TEXT_CHARS = 200_000;
/** Most blocks a paste brings. */
const PASTE_MAX_BLOCKS = 5_000;
/** Lists nested deeper than this are flattened into their parent item. */
const MAX_LIST_DEPTH = 3;
/** Images listed for upload, at most. */
const MAX_IMAGES = 50;

export interface PastedImage {
  src: string;
  alt: string;
}

export interface PasteReport {
  tablesToLists: number;
  headingsChanged: number;
  emptyParagraphsRemoved: number;
  /** Images on the web (http/https): offered for upload to the media library. */
  images: PastedImage[];
  /** Images only on the author's computer (file:, data:, blob:): they cannot be brought over. */
  imagesNotCopied: number;
  linksRemoved: number;
  /** Only the page's article (or main part) was kept. */
  keptArticleOnly: boolean;
  /** Navigation, headers, footers, forms and scripts left out. */
  pagePartsRemoved: number;
  /** Videos, audio, frames and other embeds left out. */
  embedsRemoved: number;
  truncated: boolean;
}

export type PasteResult =
  | { kind: "empty" }
  | { kind: "refused"; message: string }
  | { kind: "ok"; content: BlockNode[]; report: PasteReport; changes: string[] };

const HEADINGS: Record<string, 2 | 3> = { h1: 2, h2: 2, h3: 3, h4: 3, h5: 3, h6: 3 };
/** Never part of an article. */
const PAGE_PARTS = new Set(["nav", "aside", "form", "button", "input", "select", "label", "dialog", "menu", "head", "svg", "map", "footer"]);
const EMBEDS = new Set(["video", "audio", "object", "embed", "canvas"]);
const BLOCK_CONTAINERS = new Set([
  "div", "section", "article", "main", "header", "figure", "figcaption", "center", "address", "dl", "dt", "dd", "body", "html",
  "details", "summary", "hgroup", "caption", "li", "fieldset", "legend",
]);
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

function emptyReport(): PasteReport {
  return {
    tablesToLists: 0,
    headingsChanged: 0,
    emptyParagraphsRemoved: 0,
    images: [],
    imagesNotCopied: 0,
    linksRemoved: 0,
    keptArticleOnly: false,
    pagePartsRemoved: 0,
    embedsRemoved: 0,
    truncated: false,
  };
}

function megabytes(chars: number): string {
  return `${(chars / 1_000_000).toFixed(1)} MB`;
}

/** Why a paste of this many characters is refused, or null when it may be read. */
export function pasteSizeProblem(chars: number, kind: "html" | "text"): string | null {
  if (kind === "html" && chars > PASTE_MAX_HTML_CHARS) {
    return `That paste is too large (${megabytes(chars)}): paste at most ${megabytes(PASTE_MAX_HTML_CHARS)} at a time, a part of the story after another. Nothing was pasted.`;
  }
  if (kind === "text" && chars > PASTE_MAX_TEXT_CHARS) {
    return `That paste is too long (${chars.toLocaleString("en")} characters): a story body holds at most ${PASTE_MAX_TEXT_CHARS.toLocaleString("en")}. Nothing was pasted.`;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading styles and marks

function styleOf(element: HtmlElement): string {
  return (element.attrs.style ?? "").toLowerCase().replace(/\s+/g, "");
}

function isHidden(element: HtmlElement): boolean {
  const style = styleOf(element);
  return (
    "hidden" in element.attrs ||
    element.attrs["aria-hidden"] === "true" ||
    /(^|;)display:none/.test(style) ||
    /(^|;)visibility:hidden/.test(style) ||
    // Word's list bullets and numbers, written out as text beside the real list marker.
    /mso-list:ignore/.test(style)
  );
}

function hasMark(marks: readonly Mark[], type: Mark["type"]): boolean {
  return marks.some((mark) => mark.type === type);
}

interface State {
  report: PasteReport;
  textChars: number;
  blocks: number;
  imageSources: Set<string>;
}

function marksFor(element: HtmlElement, marks: readonly Mark[], state: State): Mark[] {
  let bold = hasMark(marks, "bold");
  let italic = hasMark(marks, "italic");
  let strike = hasMark(marks, "strike");
  let link = marks.find((mark): mark is Extract<Mark, { type: "link" }> => mark.type === "link") ?? null;
  const tag = element.tag;
  if (tag === "b" || tag === "strong") bold = true;
  if (tag === "i" || tag === "em" || tag === "cite" || tag === "dfn") italic = true;
  if (tag === "s" || tag === "strike" || tag === "del") strike = true;
  const style = styleOf(element);
  const weight = /(?:^|;)font-weight:([a-z0-9]+)/.exec(style)?.[1];
  if (weight) bold = weight === "bold" || weight === "bolder" || (/^\d+$/.test(weight) && Number(weight) >= 600);
  const fontStyle = /(?:^|;)font-style:([a-z]+)/.exec(style)?.[1];
  if (fontStyle) italic = fontStyle === "italic" || fontStyle === "oblique";
  if (/(?:^|;)text-decoration(?:-line)?:[^;]*line-through/.test(style)) strike = true;
  if (tag === "a" && element.attrs.href !== undefined) {
    const href = element.attrs.href.trim();
    if (/^(https?:|mailto:)/i.test(href) && isSafeUrl(href)) link = { type: "link", attrs: { href } };
    else if (href !== "" && !href.startsWith("#")) state.report.linksRemoved += 1;
  }
  return [
    ...(bold ? [{ type: "bold" as const }] : []),
    ...(italic ? [{ type: "italic" as const }] : []),
    ...(strike ? [{ type: "strike" as const }] : []),
    ...(link ? [link] : []),
  ];
}

// ---------------------------------------------------------------------------------------------
// Collecting blocks

/** Gathers text into paragraphs and finished blocks into a list, as the markup is walked. */
class Sink {
  readonly blocks: BlockNode[] = [];
  private inline: InlineNode[] = [];

  constructor(private readonly state: State) {}

  addText(raw: string, marks: readonly Mark[], pre: boolean): void {
    if (this.state.report.truncated) return;
    let text = raw.replace(CONTROL, "").replace(/\r\n?/g, "\n").toWellFormed();
    if (pre) {
      const lines = text.replace(/\u00a0/g, " ").split("\n");
      lines.forEach((line, index) => {
        if (index > 0) this.addBreak();
        if (line !== "") this.push(line, marks);
      });
      return;
    }
    // HTML's own whitespace rules, with &nbsp; read as a space: Word and web pages pad with it.
    text = text.replace(/[\s\u00a0]+/g, " ");
    const last = this.inline[this.inline.length - 1];
    const atStart = !last || last.type === "hardBreak" || (last.type === "text" && last.text.endsWith(" "));
    if (atStart) text = text.replace(/^ /, "");
    if (text !== "") this.push(text, marks);
  }

  private push(text: string, marks: readonly Mark[]): void {
    const room = PASTE_MAX_TEXT_CHARS - this.state.textChars;
    if (text.length > room) {
      text = text.slice(0, Math.max(0, room)).replace(/[\uD800-\uDBFF]$/u, "");
      this.state.report.truncated = true;
    }
    if (text === "") return;
    this.state.textChars += text.length;
    const last = this.inline[this.inline.length - 1];
    const key = JSON.stringify(marks);
    if (last && last.type === "text" && JSON.stringify(last.marks ?? []) === key) {
      last.text += text;
    } else {
      this.inline.push(marks.length > 0 ? { type: "text", text, marks: marks.map((mark) => ({ ...mark })) } : { type: "text", text });
    }
  }

  addBreak(): void {
    this.inline.push({ type: "hardBreak" });
  }

  /** The text gathered so far, trimmed, with no leading or trailing line breaks; undefined when there is none. */
  takeInline(): InlineNode[] | undefined {
    const nodes = this.inline;
    this.inline = [];
    while (nodes.length > 0 && nodes[0]!.type === "hardBreak") nodes.shift();
    while (nodes.length > 0 && nodes[nodes.length - 1]!.type === "hardBreak") nodes.pop();
    const first = nodes[0];
    if (first?.type === "text") first.text = first.text.replace(/^ +/, "");
    const last = nodes[nodes.length - 1];
    if (last?.type === "text") last.text = last.text.replace(/ +$/, "");
    const kept = nodes.filter((node) => node.type === "hardBreak" || node.text !== "");
    return kept.some((node) => node.type === "text") ? kept : undefined;
  }

  /** Ends the paragraph being gathered; true when it had text. */
  flush(): boolean {
    const content = this.takeInline();
    if (!content) return false;
    this.add({ type: "paragraph", content });
    return true;
  }

  add(block: BlockNode): void {
    if (this.state.blocks >= PASTE_MAX_BLOCKS) {
      this.state.report.truncated = true;
      return;
    }
    this.state.blocks += 1;
    this.blocks.push(block);
  }
}

interface Context {
  marks: Mark[];
  pre: boolean;
  listDepth: number;
  /** Word's list paragraphs gathered into one list, until something else comes. */
  wordList: { sink: Sink; list: BlockNode } | null;
  /** Reading a whole page with no article in it: its header is page furniture too. */
  dropHeaders: boolean;
}

function walkChildren(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  for (const child of element.children) walk(child, sink, context, state);
}

function walk(node: HtmlNode, sink: Sink, context: Context, state: State): void {
  if (state.report.truncated) return;
  if (typeof node === "string") {
    sink.addText(node, context.marks, context.pre);
    return;
  }
  const tag = node.tag;
  if (PAGE_PARTS.has(tag)) {
    // An icon (svg) or a label is no page part worth a word in the notice.
    if (tag !== "svg" && tag !== "label" && tag !== "head") state.report.pagePartsRemoved += 1;
    return;
  }
  if (EMBEDS.has(tag)) {
    state.report.embedsRemoved += 1;
    return;
  }
  if (tag === "header" && context.dropHeaders) {
    state.report.pagePartsRemoved += 1;
    return;
  }
  // Word's drawing markup (v:shape, v:imagedata) holds no text.
  if (tag.startsWith("v:") || tag === "style" || isHidden(node)) return;

  if (tag === "br") return sink.addBreak();
  if (tag === "img") return recordImage(node, state);
  if (tag === "hr") {
    sink.flush();
    sink.add({ type: "horizontalRule" });
    return;
  }
  if (tag in HEADINGS) return heading(node, sink, context, state);
  if (tag === "p") return paragraph(node, sink, context, state);
  if (tag === "ul" || tag === "ol") return list(node, sink, context, state);
  if (tag === "blockquote") return quote(node, sink, context, state);
  if (tag === "table") return table(node, sink, context, state);
  if (tag === "pre") {
    sink.flush();
    walkChildren(node, sink, { ...context, pre: true }, state);
    sink.flush();
    return;
  }
  if (BLOCK_CONTAINERS.has(tag)) {
    sink.flush();
    walkChildren(node, sink, context, state);
    sink.flush();
    return;
  }
  // Everything else is inline (span, font, a, b, sup, o:p …); a wrapper holding blocks, as Google
  // Docs' <b id="docs-internal-guid-…"> does, passes its formatting down and its blocks through.
  walkChildren(node, sink, { ...context, marks: marksFor(node, context.marks, state) }, state);
}

function recordImage(element: HtmlElement, state: State): void {
  const src = (element.attrs.src ?? element.attrs["data-src"] ?? "").trim();
  // Tracking pixels and spacers are no picture.
  if (element.attrs.width === "1" || element.attrs.height === "1") return;
  if (/^https?:\/\//i.test(src)) {
    if (state.imageSources.has(src)) return;
    state.imageSources.add(src);
    if (state.report.images.length < MAX_IMAGES && isSafeUrl(src)) {
      state.report.images.push({ src, alt: (element.attrs.alt ?? "").replace(/\s+/g, " ").trim().slice(0, 500) });
    }
    return;
  }
  if (src !== "") state.report.imagesNotCopied += 1;
}

/** Inline content gathered from `element`'s children alone, as for a heading. */
function inlineOf(element: HtmlElement, context: Context, state: State): InlineNode[] | undefined {
  const inner = new Sink(state);
  walkChildren(element, inner, { ...context, wordList: null }, state);
  const rest = inner.takeInline();
  // Blocks inside a heading (rare) are read as its text.
  const parts = [...inner.blocks.flatMap((block) => (block.type === "paragraph" || block.type === "heading" ? [block.content ?? []] : [])), rest ?? []];
  const joined: InlineNode[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (joined.length > 0) joined.push({ type: "text", text: " " });
    joined.push(...part);
  }
  return joined.length > 0 ? joined : undefined;
}

function heading(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  sink.flush();
  const level = HEADINGS[element.tag]!;
  // A subheading is bold already: its bold is dropped.
  const content = inlineOf(element, { ...context, marks: context.marks.filter((mark) => mark.type !== "bold") }, state)?.map((node) =>
    node.type === "text" && node.marks ? withoutBold(node) : node,
  );
  if (!content) return;
  if (element.tag !== `h${level}`) state.report.headingsChanged += 1;
  sink.add({ type: "heading", attrs: { level }, content });
}

function withoutBold(node: Extract<InlineNode, { type: "text" }>): InlineNode {
  const marks = (node.marks ?? []).filter((mark) => mark.type !== "bold");
  return marks.length > 0 ? { type: "text", text: node.text, marks } : { type: "text", text: node.text };
}

/** A Word list paragraph (class MsoListParagraph…, style mso-list:l0 level1 lfo1): its marker says which kind. */
function wordListKind(element: HtmlElement): "bullet" | "ordered" | null {
  const style = styleOf(element);
  if (!/mso-list:l\d/.test(style)) return null;
  for (const inner of descendants(element)) {
    if (/mso-list:ignore/.test(styleOf(inner))) return /^\s*[0-9a-z]{1,4}[.)]/i.test(textOf(inner)) ? "ordered" : "bullet";
  }
  return "bullet";
}

function paragraph(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  sink.flush();
  const kind = wordListKind(element);
  if (kind) {
    const content = inlineOf(element, context, state);
    if (!content) return;
    const item: ListItemNode = { type: "listItem", content: [{ type: "paragraph", content }] };
    const last = sink.blocks[sink.blocks.length - 1];
    const type = kind === "ordered" ? "orderedList" : "bulletList";
    if (context.wordList && context.wordList.sink === sink && last === context.wordList.list && last.type === type) {
      last.content.push(item);
    } else {
      const list: BlockNode = kind === "ordered" ? { type: "orderedList", attrs: { start: 1 }, content: [item] } : { type: "bulletList", content: [item] };
      sink.add(list);
      context.wordList = { sink, list };
    }
    return;
  }
  const before = sink.blocks.length;
  walkChildren(element, sink, context, state);
  const hadText = sink.flush();
  if (!hadText && sink.blocks.length === before && !hasImage(element)) {
    state.report.emptyParagraphsRemoved += 1;
  }
}

function hasImage(element: HtmlElement): boolean {
  for (const inner of descendants(element)) if (inner.tag === "img") return true;
  return false;
}

/** Paragraphs, for containers (quotes) that hold nothing else. */
function asParagraphs(blocks: readonly BlockNode[]): ParagraphNode[] {
  return blocks.flatMap((block): ParagraphNode[] => {
    switch (block.type) {
      case "paragraph":
        return [block];
      case "heading":
      case "pullQuote":
        return block.content ? [{ type: "paragraph", content: block.content }] : [];
      case "blockquote":
        return block.content;
      case "bulletList":
      case "orderedList":
        return block.content.flatMap((item) => asParagraphs(item.content));
      default:
        return [];
    }
  });
}

function list(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  sink.flush();
  const inner: Context = { ...context, listDepth: context.listDepth + 1, wordList: null };
  const items: ListItemNode[] = [];
  const loose = new Sink(state);
  const flushLoose = () => {
    loose.flush();
    const content = asParagraphs(loose.blocks.splice(0));
    if (content.length > 0) items.push({ type: "listItem", content });
  };
  for (const child of element.children) {
    if (typeof child !== "string" && child.tag === "li") {
      flushLoose();
      const itemSink = new Sink(state);
      walkChildren(child, itemSink, inner, state);
      itemSink.flush();
      const content = itemSink.blocks.flatMap((block): ListItemNode["content"] =>
        block.type === "bulletList" || block.type === "orderedList" ? [block] : asParagraphs([block]),
      );
      if (content.length > 0) items.push({ type: "listItem", content });
    } else {
      walk(child, loose, inner, state);
    }
  }
  flushLoose();
  if (items.length === 0) return;
  if (context.listDepth >= MAX_LIST_DEPTH) {
    // Too deep for a story: the items become paragraphs of the item around them.
    for (const paragraphNode of items.flatMap((item) => asParagraphs(item.content))) sink.add(paragraphNode);
    return;
  }
  if (element.tag === "ol") {
    const start = Number.parseInt(element.attrs.start ?? "1", 10);
    sink.add({ type: "orderedList", attrs: { start: Number.isInteger(start) && start > 0 ? start : 1 }, content: items });
  } else {
    sink.add({ type: "bulletList", content: items });
  }
}

function quote(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  sink.flush();
  const inner = new Sink(state);
  walkChildren(element, inner, { ...context, wordList: null }, state);
  inner.flush();
  const content = asParagraphs(inner.blocks);
  if (content.length > 0) sink.add({ type: "blockquote", content });
}

/** The rows of a table (not of the tables inside it), each a list of its cells. */
function tableRows(table: HtmlElement): { rows: HtmlElement[][]; caption: HtmlElement | null } {
  const rows: HtmlElement[][] = [];
  let caption: HtmlElement | null = null;
  const visit = (parent: HtmlElement) => {
    for (const child of parent.children) {
      if (typeof child === "string") continue;
      if (child.tag === "caption") caption = child;
      else if (child.tag === "thead" || child.tag === "tbody" || child.tag === "tfoot") visit(child);
      else if (child.tag === "tr") rows.push(child.children.filter((cell): cell is HtmlElement => typeof cell !== "string" && (cell.tag === "td" || cell.tag === "th")));
    }
  };
  visit(table);
  return { rows, caption };
}

function cellText(cell: HtmlElement): string {
  return textOf(cell).replace(CONTROL, "").replace(/[\s\u00a0]+/g, " ").trim().toWellFormed();
}

function table(element: HtmlElement, sink: Sink, context: Context, state: State): void {
  sink.flush();
  const { rows, caption } = tableRows(element);
  // A table of one column is a page's layout, not data: its cells are read as they are.
  if (rows.every((cells) => cells.length <= 1)) {
    for (const cells of rows) for (const cell of cells) walk({ ...cell, tag: "div" }, sink, context, state);
    return;
  }
  if (caption) walk({ ...(caption as HtmlElement), tag: "p" }, sink, context, state);
  const items: ListItemNode[] = [];
  for (const cells of rows) {
    const text = cells.map(cellText).filter((value) => value !== "").join(" — ");
    if (text === "") continue;
    const room = PASTE_MAX_TEXT_CHARS - state.textChars;
    if (text.length > room) {
      state.report.truncated = true;
      break;
    }
    state.textChars += text.length;
    items.push({ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
  }
  if (items.length === 0) return;
  state.report.tablesToLists += 1;
  sink.add({ type: "bulletList", content: items });
}

// ---------------------------------------------------------------------------------------------
// The page around an article

/** The part of a whole web page that is the story: its article, else its main part, else all of it. */
function contentRoot(root: HtmlElement): HtmlElement {
  const articles: HtmlElement[] = [];
  let main: HtmlElement | null = null;
  for (const element of descendants(root)) {
    if (element.tag === "article" || element.attrs.role === "article") articles.push(element);
    else if (!main && (element.tag === "main" || element.attrs.role === "main")) main = element;
  }
  if (articles.length > 0) {
    // The longest article: a page may list teasers of others beside its own.
    let best = articles[0]!;
    let bestLength = -1;
    for (const article of articles.slice(0, 50)) {
      const length = textOf(article).trim().length;
      if (length > bestLength) {
        best = article;
        bestLength = length;
      }
    }
    return best;
  }
  return main ?? root;
}

function isWholePage(html: string, root: HtmlElement): boolean {
  if (/<(html|body)[\s>]/i.test(html.slice(0, 5_000)) && /<(nav|footer|header)[\s>]/i.test(html)) return true;
  for (const element of descendants(root)) if (element.tag === "nav") return true;
  return false;
}

// ---------------------------------------------------------------------------------------------

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The changes a paste made, each a short phrase for the notice ("2 tables turned into lists"). */
export function describePasteChanges(report: PasteReport): string[] {
  const changes: string[] = [];
  if (report.keptArticleOnly) changes.push("only the article kept (page navigation, header and footer left out)");
  else if (report.pagePartsRemoved > 0) changes.push(`${plural(report.pagePartsRemoved, "page part", "page parts")} left out (navigation, footers, forms)`);
  if (report.tablesToLists > 0) changes.push(report.tablesToLists === 1 ? "1 table turned into a list" : `${report.tablesToLists} tables turned into lists`);
  if (report.images.length > 0) changes.push(`${plural(report.images.length, "image", "images")} to upload`);
  if (report.imagesNotCopied > 0) {
    changes.push(`${plural(report.imagesNotCopied, "image", "images")} left out (saved only on the author's computer)`);
  }
  if (report.headingsChanged > 0) changes.push(`${plural(report.headingsChanged, "heading level", "heading levels")} changed`);
  if (report.emptyParagraphsRemoved > 0) changes.push(`${plural(report.emptyParagraphsRemoved, "empty paragraph", "empty paragraphs")} removed`);
  if (report.linksRemoved > 0) changes.push(`${plural(report.linksRemoved, "link", "links")} removed (not a web or email address)`);
  if (report.embedsRemoved > 0) changes.push(`${plural(report.embedsRemoved, "video or embed", "videos or embeds")} left out`);
  if (report.truncated) changes.push(`cut at ${PASTE_MAX_TEXT_CHARS.toLocaleString("en")} characters, the most a story body holds`);
  return changes;
}

/** Maps pasted HTML onto the story's allow-list and says what changed. */
export function mapPastedHtml(html: string): PasteResult {
  if (typeof html !== "string" || html.trim() === "") return { kind: "empty" };
  const tooLarge = pasteSizeProblem(html.length, "html");
  if (tooLarge) return { kind: "refused", message: tooLarge };

  const root = parseHtml(html);
  const state: State = { report: emptyReport(), textChars: 0, blocks: 0, imageSources: new Set() };
  const scope = contentRoot(root);
  const wholePage = isWholePage(html, root);
  if (wholePage) {
    if (scope !== root) state.report.keptArticleOnly = true;
    // Scripts are skipped while reading; a page's are counted among what it left out.
    if (scope === root) state.report.pagePartsRemoved += (html.match(/<script[\s>]/gi) ?? []).length;
  }
  state.report.embedsRemoved += (html.match(/<iframe[\s>]/gi) ?? []).length;

  const sink = new Sink(state);
  walk(scope === root ? scope : { ...scope, tag: "div" }, sink, { marks: [], pre: false, listDepth: 0, wordList: null, dropHeaders: wholePage && scope === root }, state);
  sink.flush();

  const checked = safeParseStoryDocument({ type: "doc", content: sink.blocks });
  if (!checked.ok) return { kind: "refused", message: `That paste could not be turned into a story body: ${checked.message} Nothing was pasted.` };
  const content = sink.blocks.length > 0 ? checked.document.content : [];
  const changes = describePasteChanges(state.report);
  if (content.length === 0 && changes.length === 0) return { kind: "empty" };
  return { kind: "ok", content, report: state.report, changes };
}

/** The notice after a paste: "Pasted with changes: 2 tables turned into lists, 1 image to upload." */
export function pasteNotice(changes: readonly string[], keptSomething: boolean): string {
  if (!keptSomething) return `Nothing in that paste could be kept: ${changes.join(", ")}.`;
  return `Pasted with changes: ${changes.join(", ")}.`;
}
