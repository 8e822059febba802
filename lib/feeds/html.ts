// A story body as an HTML string, for feed readers (RSS content:encoded, Atom content). It is the
// same allow-list, and the same markup, the reader page renders (components/story/story-body.tsx,
// whose test compares the two for every node and mark; the page alone makes images lazy and
// responsive, and links and images here are absolute): only the node types
// a story document may hold become tags, every text and attribute is escaped, and a URL that is
// not safe is dropped, so nothing stored can inject markup into somebody's feed reader.

import type { MediaSizes } from "@/lib/media/queries";
import { mediaSrcSet, mediaUrl } from "@/lib/media/urls";
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
  /**
   * For the reader page (lib/reader-html/story.ts): the library images' sizes, which make every
   * image lazy and responsive (srcset, sizes, width and height), as the page's React body did.
   */
  page?: { images: ReadonlyMap<string, MediaSizes> };
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
  const sizes = options.page && attrs.mediaId ? options.page.images.get(attrs.mediaId) : undefined;
  const img =
    sizes && attrs.mediaId
      ? `<img src="${escapeHtml(mediaUrl(attrs.mediaId, 960, sizes.version))}" srcset="${escapeHtml(mediaSrcSet(attrs.mediaId, sizes.variants, sizes.version))}" sizes="(min-width: 42rem) 42rem, 100vw" width="${sizes.width}" height="${sizes.height}" alt="${escapeHtml(attrs.alt)}" loading="lazy" decoding="async">`
      : `<img src="${escapeHtml(src.startsWith("/") ? options.absolute(src) : src)}" alt="${escapeHtml(attrs.alt)}"${options.page ? ' loading="lazy" decoding="async"' : ""}>`;
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
    .join(options.page ? "" : "\n");
}

/**
 * The reader page's body: `documentToHtml` for a page, with the dateline place in wire style
 * opening the first paragraph ("SEOUL — …"), or on a line of its own above a body that opens with
 * anything else.
 */
export function pageBodyHtml(document: StoryDocument, images: ReadonlyMap<string, MediaSizes>, datelinePlace: string): string {
  const options: HtmlOptions = { absolute: (path) => path, page: { images } };
  if (!datelinePlace) return documentToHtml(document, options);
  const place = `<span class="story-dateline-place" data-testid="dateline-place">${escapeHtml(datelinePlace)}</span> — `;
  const [first, ...rest] = document.content;
  const others = documentToHtml({ ...document, content: rest }, options);
  if (first?.type === "paragraph" && first.content) return `<p>${place}${inlineHtml(first.content, options)}</p>${others}`;
  return `<p>${place}</p>${documentToHtml(document, options)}`;
}
