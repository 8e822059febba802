// @ts-check
// Reader pages go out as plain HTML, without the framework's JavaScript.
//
// Everything on a cached reader page works without JavaScript (the end-to-end suite reads, pages,
// searches and comments with it off), and none of it is a client component of ours. What Next adds
// is its runtime: React, the router and the page's flight data inline, about 120 KB compressed
// and a few hundred milliseconds of a phone's main thread to start, for nothing a reader uses (it
// would only turn link clicks into client-side navigations). So when the cache handler stores a
// rendered page (lib/cache/cache-handler.mjs), it drops every script a browser would run and every
// preload of one; data blocks (the JSON-LD) stay. The page then also carries its text once instead
// of twice (markup and flight data). Requests for the flight data itself (Next's client navigations
// from the desk) are still answered from the stored rscData.
//
// React writes the document, so its shape is known: a script's text never holds "</script"
// (React escapes it), and every element is well formed. Plain JavaScript: the cache handler runs
// unbundled in the server.

import { attributeValue, isExecutableScript, SCRIPT_ELEMENT } from "./csp.mjs";

const LINK_ELEMENT = /<link\b[^>]*>/gi;

/**
 * A `<link>` that makes the browser fetch a script: a module preload, or a preload as a script.
 * @param {string} tag
 */
function preloadsScript(tag) {
  const rel = (attributeValue(tag, "rel") ?? "").split(/\s+/);
  if (rel.includes("modulepreload")) return true;
  return rel.includes("preload") && attributeValue(tag, "as") === "script";
}

/**
 * The document without anything that runs or fetches a script; data blocks and everything else are kept.
 * @param {string} html
 * @returns {string}
 */
export function withoutScripts(html) {
  return html
    .replace(SCRIPT_ELEMENT, (element, attributes) => (isExecutableScript(attributes) ? "" : element))
    .replace(LINK_ELEMENT, (tag) => (preloadsScript(tag) ? "" : tag));
}
