// The story body as the editor itself draws it, as an HTML string, made without a DOM (on the
// server too). The body editor shows it in an editable box from the first paint, before the
// editor's script has loaded, so a person can start typing at once (issue 13); when the editor
// mounts it takes over the box's content (see BodyEditor).
//
// It walks the editor's own schema and each node's and mark's `toDOM`, so what it draws is exactly
// what the editor's parse rules read back: an unchanged box gives back the same document.

import { getSchema, type JSONContent } from "@tiptap/core";
import type { DOMOutputSpec, Mark, Node as ProseMirrorNode, Schema } from "@tiptap/pm/model";

import { storyExtensions } from "@/components/editor/extensions";

let schema: Schema | null = null;
function storySchema(): Schema {
  schema ??= getSchema(storyExtensions);
  return schema;
}

const VOID_ELEMENTS = new Set(["br", "hr", "img"]);

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;");
}

/** A DOMOutputSpec as HTML; `hole` is what goes where the spec has its content hole (0). */
function specToHtml(spec: DOMOutputSpec, hole: string): string {
  if (typeof spec === "string") return escapeText(spec);
  if (!Array.isArray(spec)) throw new Error("A DOM node in an output spec cannot be drawn without a DOM");
  const [rawTag, ...rest] = spec as readonly [string, ...unknown[]];
  const tag = rawTag.includes(" ") ? rawTag.slice(rawTag.indexOf(" ") + 1) : rawTag;
  if (!/^[a-z][a-z0-9-]*$/i.test(tag)) throw new Error(`Unexpected tag "${rawTag}" in an output spec`);
  let attributes = "";
  let children = rest;
  const first = rest[0];
  if (first && typeof first === "object" && !Array.isArray(first)) {
    for (const [name, value] of Object.entries(first as Record<string, unknown>)) {
      if (value === null || value === undefined || value === false) continue;
      if (!/^[a-z][a-z0-9-:]*$/i.test(name)) continue;
      attributes += ` ${name}="${escapeAttribute(String(value))}"`;
    }
    children = rest.slice(1);
  }
  if (VOID_ELEMENTS.has(tag.toLowerCase())) return `<${tag}${attributes}>`;
  const inner = children.map((child) => (child === 0 ? hole : specToHtml(child as DOMOutputSpec, hole))).join("");
  return `<${tag}${attributes}>${inner}</${tag}>`;
}

function markSpec(mark: Mark): DOMOutputSpec {
  const toDOM = mark.type.spec.toDOM;
  return toDOM ? toDOM(mark, true) : ["span", 0];
}

function nodeToHtml(node: ProseMirrorNode): string {
  if (node.isText) {
    return node.marks.reduceRight((html, mark) => specToHtml(markSpec(mark), html), escapeText(node.text ?? ""));
  }
  const toDOM = node.type.spec.toDOM;
  const content = fragmentToHtml(node);
  if (!toDOM) return content;
  return specToHtml(toDOM(node), content);
}

function fragmentToHtml(node: ProseMirrorNode): string {
  let html = "";
  node.forEach((child) => {
    html += nodeToHtml(child);
  });
  return html;
}

/** The body's HTML as the editor draws it, or null if the document does not fit the editor's schema. */
export function staticBodyHtml(content: JSONContent): string | null {
  try {
    return fragmentToHtml(storySchema().nodeFromJSON(content));
  } catch {
    return null;
  }
}
