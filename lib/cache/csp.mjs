// @ts-check
// The Content-Security-Policy of every page. Scripts are the part that differs: a page rendered per
// request (desk, sign-in, preview, search) gets a fresh nonce from proxy.ts; a page served from the
// reader cache cannot (one rendering serves many readers), so the cache handler lists the SHA-256
// of each inline script the stored HTML carries, and nothing else inline may run.
// Plain JavaScript: the cache handler (lib/cache/cache-handler.mjs) runs unbundled in the server.

import { createHash } from "node:crypto";

/** Everything but script-src, the same on every page. Styles stay 'unsafe-inline': React and the editor set style attributes. */
const BASE_DIRECTIVES = [
  "default-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

/**
 * The whole policy, given the script sources allowed besides same-origin files.
 * @param {readonly string[]} scriptSources e.g. ["'nonce-…'", "'strict-dynamic'"] or ["'sha256-…'", …]
 * @returns {string}
 */
export function buildContentSecurityPolicy(scriptSources) {
  return [...BASE_DIRECTIVES, ["script-src", "'self'", ...scriptSources].join(" ")].join("; ");
}

/**
 * The policy for a page rendered for this request alone. Next reads the nonce from the request's
 * Content-Security-Policy header and puts it on every script it writes.
 * @param {string} nonce
 */
export function noncePolicy(nonce) {
  return buildContentSecurityPolicy([`'nonce-${nonce}'`, "'strict-dynamic'"]);
}

/**
 * The policy for a stored page: exactly its inline scripts, by hash.
 * @param {readonly string[]} hashes base64 SHA-256 digests
 */
export function hashPolicy(hashes) {
  return buildContentSecurityPolicy(hashes.map((hash) => `'sha256-${hash}'`));
}

/** The policy for a stored page that carries no script at all (lib/cache/plain-html.mjs): none may run. */
export function scriptFreePolicy() {
  return [...BASE_DIRECTIVES, "script-src 'none'"].join("; ");
}

/** A <script> element: its attribute text, then its content. React never writes "</script" inside one. */
export const SCRIPT_ELEMENT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
const SRC_ATTRIBUTE = /(?:^|\s)src\s*=/i;
const EXECUTABLE_TYPES = new Set(["", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"]);

/**
 * The base64 SHA-256 of every inline script in an HTML document that a browser would run, in order,
 * without repeats. Data blocks (application/json, application/ld+json) are not scripts to CSP.
 * The HTML parser turns CR and CRLF into LF before the browser hashes, so we do too.
 * @param {string} html
 * @returns {string[]}
 */
export function inlineScriptHashes(html) {
  const hashes = new Set();
  for (const match of html.matchAll(SCRIPT_ELEMENT)) {
    const attributes = match[1] ?? "";
    if (SRC_ATTRIBUTE.test(attributes) || !isExecutableScript(attributes)) continue;
    const body = (match[2] ?? "").replace(/\r\n?/g, "\n");
    hashes.add(createHash("sha256").update(body, "utf8").digest("base64"));
  }
  return [...hashes];
}

/**
 * Whether a <script> with these attributes is one a browser runs (inline or from src), rather than
 * a data block such as application/ld+json.
 * @param {string} attributes the text between "<script" and ">"
 * @returns {boolean}
 */
export function isExecutableScript(attributes) {
  return EXECUTABLE_TYPES.has(attributeValue(attributes, "type") ?? "");
}

const ATTRIBUTE_PATTERNS = new Map();

/**
 * An attribute's value in a tag's text (quoted either way or bare), trimmed and lower-cased; null
 * when the tag does not have it.
 * @param {string} tag the tag, or the text between its name and ">"
 * @param {string} name a plain attribute name (letters and "-")
 * @returns {string | null}
 */
export function attributeValue(tag, name) {
  let pattern = ATTRIBUTE_PATTERNS.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i");
    ATTRIBUTE_PATTERNS.set(name, pattern);
  }
  const match = pattern.exec(tag);
  return match ? (match[1] ?? match[2] ?? match[3] ?? "").trim().toLowerCase() : null;
}

const NONCE_SOURCE = /'nonce-([A-Za-z0-9+/_=-]+)'/;

/**
 * The nonce in a Content-Security-Policy header value, if any.
 * @param {string | string[] | undefined | null} policy
 * @returns {string | undefined}
 */
export function nonceFromPolicy(policy) {
  const value = Array.isArray(policy) ? policy.join(", ") : policy;
  if (typeof value !== "string") return undefined;
  return NONCE_SOURCE.exec(value)?.[1];
}

const NONCE_ATTRIBUTE = /\snonce="([^"]+)"/;

/**
 * The nonce a stored page was rendered with (Next puts the request's nonce on its scripts), if any.
 * @param {string} html
 * @returns {string | undefined}
 */
export function renderedNonce(html) {
  return NONCE_ATTRIBUTE.exec(html)?.[1];
}
