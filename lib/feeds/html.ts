// A story body as an HTML string, for feed readers (RSS content:encoded, Atom content). It is the
// same allow-list, and the same markup, the reader page renders (components/story/story-body.tsx,
// whose test compares the two for every node and mark; the page alone makes images lazy and
// responsive, and links and images here are absolute): only the node types
// a story document may hold become tags, every text and attribute is escaped, and a URL that is
// not safe is dropped, so nothing stored can inject markup into somebody's feed reader.

import { mediaUrl } from "@/lib/media/urls";
import { isSafeImageSrc, isSafeUrl, type BlockNode, type InlineNode, type ListItemNode, type Mark, type StoryDocument } from "@/lib/stories/document";

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text or an attribute value made inert in HTML: no tag, entity or quote survives. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

export interface HtmlOptions {
  /** Turns a site path ("/world/x", "/media/…") into an absolute URL: feed readers have no base. */
  absolute: (path: string) => string;
  /** A library image's version (its URL changes with its crop); 1 when not given. */
  mediaVersion?: (mediaId: string) => number;
}

function resolveHref(href: string, options: HtmlOptions): string | null {
  if (!isSafeUrl(href)) return null;
  return href.startsWith("/") ? options.absolute(href) : href;
}

function applyMark(mark: Mark, inner: string, options: HtmlOptions): string {
  switch (mark.type) {
    case "bold":
      return `<strong>${inner}</strong>`;
    case "italic":
      return `<em>${inner}</em>`;
    case "strike":
      return `<s>${inner}</s>`;
    case "link": {
      const href = resolveHref(mark.attrs.href, options);
      if (!href) return inner;
      const rel = /^https?:/i.test(mark.attrs.href) ? ' rel="noopener noreferrer nofollow"' : "";
      return `<a href="${escapeHtml(href)}"${rel}>${inner}</a>`;
    }
    default:
      // A mark the allow-list does not know keeps its text and loses the formatting.
      return inner;
  }
}

function inlineHtml(content: InlineNode[] | undefined, options: HtmlOptions): string {
  return (content ?? [])
    .map((node) => {
      if (node.type === "hardBreak") return "<br>";
      if (node.type !== "text" || typeof node.text !== "string") return "";
      // The first mark wraps the outside, as the reader page nests them.
      return (node.marks ?? []).reduceRight((inner, mark) => applyMark(mark, inner, options), escapeHtml(node.text));
    })
    .join("");
}

function listItemHtml(item: ListItemNode, options: HtmlOptions): string {
  return `<li>${item.content.map((block) => blockHtml(block, options)).join("")}</li>`;
}

function imageHtml(attrs: Extract<BlockNode, { type: "image" }>["attrs"], options: HtmlOptions): string {
  const src = attrs.mediaId ? mediaUrl(attrs.mediaId, 960, options.mediaVersion?.(attrs.mediaId) ?? 1) : isSafeImageSrc(attrs.src) ? attrs.src : null;
  if (!src) return "";
  const caption = [attrs.caption ? escapeHtml(attrs.caption) : "", attrs.credit ? `<span class="credit">${escapeHtml(attrs.credit)}</span>` : ""]
    .filter(Boolean)
    .join(" ");
  const img = `<img src="${escapeHtml(src.startsWith("/") ? options.absolute(src) : src)}" alt="${escapeHtml(attrs.alt)}">`;
  return `<figure class="story-image">${img}${caption ? `<figcaption>${caption}</figcaption>` : ""}</figure>`;
}

function blockHtml(block: BlockNode, options: HtmlOptions): string {
  switch (block.type) {
    case "paragraph":
      return block.content ? `<p>${inlineHtml(block.content, options)}</p>` : "";
    case "heading": {
      const tag = block.attrs.level === 2 ? "h2" : "h3";
      return `<${tag}>${inlineHtml(block.content, options)}</${tag}>`;
    }
    case "blockquote":
      return `<blockquote>${block.content.map((paragraph) => blockHtml(paragraph, options)).join("")}</blockquote>`;
    case "pullQuote": {
      const attribution = block.attrs.attribution ? `<figcaption>${escapeHtml(block.attrs.attribution)}</figcaption>` : "";
      return `<figure class="pull-quote"><blockquote><p>${inlineHtml(block.content, options)}</p></blockquote>${attribution}</figure>`;
    }
    case "bulletList":
      return `<ul>${block.content.map((item) => listItemHtml(item, options)).join("")}</ul>`;
    case "orderedList": {
      const start = Number.isInteger(block.attrs.start) && block.attrs.start > 1 ? ` start="${block.attrs.start}"` : "";
      return `<ol${start}>${block.content.map((item) => listItemHtml(item, options)).join("")}</ol>`;
    }
    case "horizontalRule":
      return "<hr>";
    case "image":
      return imageHtml(block.attrs, options);
    default:
      // A node the allow-list does not know (a document that skipped parseStoryDocument) renders as nothing.
      return "";
  }
}

/** The story body as HTML built only from allow-listed tags, every text escaped. */
export function documentToHtml(document: StoryDocument, options: HtmlOptions): string {
  return document.content
    .map((block) => blockHtml(block, options))
    .filter(Boolean)
    .join("\n");
}
