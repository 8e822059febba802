// Reading agency copy: IPTC ninjs 2.x (JSON, with the 1.x field names agencies still send) and
// NewsML-G2 (XML, a newsItem whose contentSet carries NITF or XHTML inline). Pure: it takes the
// item's text and answers the copy or a clear reason, so the ingest endpoint and the watched folder
// share it and unit tests can feed it anything.
//
// XML hardening (docs/security.md): any DOCTYPE is refused before the parser sees the text, so no
// entity can be defined (billion laughs) and no external entity can name a file or a URL; the
// parser (fast-xml-parser, pure JavaScript, no network or file access of its own) runs with entity
// processing off and a nesting limit, after its validator has checked the text is well formed.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import { z } from "zod";

import { EMPTY_DOCUMENT, safeParseStoryDocument, type BlockNode, type StoryDocument } from "@/lib/stories/document";
import { mapPastedHtml } from "@/lib/stories/paste";
import {
  WIRE_BAD_JSON,
  WIRE_BAD_XML,
  WIRE_BINARY,
  WIRE_BODY_UNREADABLE,
  WIRE_DOCTYPE_REFUSED,
  WIRE_EMPTY,
  WIRE_NO_GUID,
  WIRE_NO_HEADLINE,
  WIRE_NOT_NEWSITEM,
  WIRE_NOT_TEXT,
  wireInvalid,
} from "@/lib/wire/sentences";

export type WireFormatName = "NINJS" | "NEWSML";

export interface WireCopy {
  format: WireFormatName;
  guid: string;
  version: number;
  headline: string;
  standfirst: string;
  slugline: string;
  priority: number | null;
  urgency: number | null;
  embargoUntil: Date | null;
  bylines: string[];
  datelinePlace: string;
  body: StoryDocument;
}

export type WireParse = { ok: true; copy: WireCopy } | { ok: false; message: string };

const MAX_GUID = 500;
const MAX_LINE = 1_000;
const MAX_STANDFIRST = 2_000;
const MAX_BYLINES = 20;
/** Deepest element nesting read; a real item nests a dozen deep. */
const MAX_XML_DEPTH = 64;

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

function clean(value: string | undefined | null, max: number): string {
  return (value ?? "").replace(CONTROL, "").replace(/\s+/g, " ").trim().slice(0, max);
}

/** Whether the text looks like binary data rather than JSON or XML. */
export function looksBinary(text: string): boolean {
  // NUL or the replacement character (bytes that were not UTF-8) anywhere in the first 64 kB.
  const head = text.slice(0, 65_536);
  return head.includes("\u0000") || head.includes("\ufffd");
}

/** A version as sent ("3", 3, "1.0"): a positive whole number, or null when it is not one. */
function parseVersion(value: unknown): number | null {
  if (value === undefined || value === null || value === "") return 1;
  const text = String(value).trim();
  if (!/^\d{1,9}(\.0+)?$/.test(text)) return null;
  const version = Number.parseInt(text, 10);
  return version >= 1 ? version : null;
}

function parseTime(value: string | undefined): Date | null | "invalid" {
  if (!value || value.trim() === "") return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? "invalid" : new Date(time);
}

function textParagraphs(text: string): BlockNode[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n|\n(?=[ \t]+)/)
    .map((part) => clean(part, 100_000))
    .filter((part) => part !== "")
    .map((part) => ({ type: "paragraph", content: [{ type: "text", text: part }] }) as BlockNode);
}

/** A body (HTML or plain text) as a validated story document. */
function bodyDocument(html: string | null, text: string | null): StoryDocument | null {
  let content: BlockNode[] = [];
  if (html && html.trim() !== "") {
    const mapped = mapPastedHtml(html);
    if (mapped.kind === "refused") return null;
    if (mapped.kind === "ok") content = mapped.content;
  } else if (text && text.trim() !== "") {
    content = textParagraphs(text);
  }
  if (content.length === 0) return EMPTY_DOCUMENT;
  const checked = safeParseStoryDocument({ type: "doc", content });
  return checked.ok ? checked.document : null;
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join(".") : "top level";
  return wireInvalid(field, issue.message);
}

// ── ninjs ────────────────────────────────────────────────────────────

const textValue = z.string().max(5_000_000);
const rolled = z.looseObject({ value: textValue, role: z.string().max(200).optional(), contenttype: z.string().max(200).optional(), contentType: z.string().max(200).optional() });
const ninjsSchema = z.looseObject({
  uri: z.string().max(MAX_GUID).optional(),
  guid: z.string().max(MAX_GUID).optional(),
  version: z.union([z.string().max(20), z.number()]).optional(),
  type: z.string().max(50).optional(),
  headline: z.string().max(MAX_LINE * 10).optional(),
  headlines: z.array(rolled).max(50).optional(),
  subheadline: z.string().max(MAX_STANDFIRST * 10).optional(),
  description_text: z.string().max(MAX_STANDFIRST * 10).optional(),
  descriptions: z.array(rolled).max(50).optional(),
  body_html: textValue.optional(),
  body_text: textValue.optional(),
  bodies: z.array(rolled).max(20).optional(),
  byline: z.string().max(MAX_LINE).optional(),
  by: z.string().max(MAX_LINE).optional(),
  located: z.string().max(MAX_LINE).optional(),
  urgency: z.number().int().min(0).max(9).optional(),
  priority: z.number().int().min(0).max(9).optional(),
  embargoed: z.string().max(100).optional(),
  slugline: z.string().max(MAX_LINE).optional(),
  versioncreated: z.string().max(100).optional(),
});

function pick(list: Array<z.infer<typeof rolled>> | undefined, preferredRoles: string[]): string | undefined {
  if (!list || list.length === 0) return undefined;
  for (const role of preferredRoles) {
    const found = list.find((entry) => (entry.role ?? "").toLowerCase() === role);
    if (found) return found.value;
  }
  return list.find((entry) => !entry.role)?.value ?? list[0]!.value;
}

function splitBylines(line: string): string[] {
  return clean(line.replace(/^by\s+/i, ""), MAX_LINE)
    .split(/\s*(?:,|;|\band\b|&)\s*/i)
    .map((name) => name.trim())
    .filter((name) => name !== "")
    .slice(0, MAX_BYLINES);
}

export function parseNinjs(text: string): WireParse {
  if (text.trim() === "") return { ok: false, message: WIRE_EMPTY };
  if (looksBinary(text)) return { ok: false, message: WIRE_BINARY };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: WIRE_BAD_JSON };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) return { ok: false, message: wireInvalid("top level", "a ninjs item is one JSON object.") };
  const parsed = ninjsSchema.safeParse(json);
  if (!parsed.success) return { ok: false, message: firstIssue(parsed.error) };
  const item = parsed.data;
  if (item.type !== undefined && item.type !== "text") return { ok: false, message: WIRE_NOT_TEXT };
  const guid = clean(item.guid ?? item.uri, MAX_GUID);
  if (guid === "") return { ok: false, message: WIRE_NO_GUID };
  const version = parseVersion(item.version);
  if (version === null) return { ok: false, message: wireInvalid("version", "a positive whole number, e.g. \"2\".") };
  const headline = clean(pick(item.headlines, ["main", ""]) ?? item.headline, MAX_LINE);
  if (headline === "") return { ok: false, message: WIRE_NO_HEADLINE };
  const embargo = parseTime(item.embargoed);
  if (embargo === "invalid") return { ok: false, message: wireInvalid("embargoed", "a date and time, e.g. 2026-12-07T06:00:00Z.") };

  const bodies = item.bodies ?? [];
  const typeOf = (entry: z.infer<typeof rolled>) => (entry.contentType ?? entry.contenttype ?? entry.role ?? "").toLowerCase();
  const html = item.body_html ?? bodies.find((entry) => typeOf(entry).includes("html"))?.value ?? null;
  const plain = item.body_text ?? bodies.find((entry) => !typeOf(entry).includes("html"))?.value ?? null;
  const body = bodyDocument(html, plain);
  if (!body) return { ok: false, message: WIRE_BODY_UNREADABLE };

  return {
    ok: true,
    copy: {
      format: "NINJS",
      guid,
      version,
      headline,
      standfirst: clean(pick(item.descriptions, ["summary", "abstract", ""]) ?? item.subheadline ?? item.description_text, MAX_STANDFIRST),
      slugline: clean(item.slugline, MAX_LINE),
      priority: item.priority ?? null,
      urgency: item.urgency ?? null,
      embargoUntil: embargo,
      bylines: splitBylines(item.by ?? item.byline ?? ""),
      datelinePlace: clean(item.located, MAX_LINE).toUpperCase(),
      body,
    },
  };
}

// ── NewsML-G2 ────────────────────────────────────────────────────────

/** Whether XML text declares a DOCTYPE (or an entity): refused outright. */
export function declaresDoctype(text: string): boolean {
  return /<!\s*(DOCTYPE|ENTITY)/i.test(text);
}

type XmlNode = Record<string, unknown>;

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The element child named (any namespace prefix), first of them. */
function child(node: unknown, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

function children(node: unknown, name: string): XmlNode[] {
  if (typeof node !== "object" || node === null) return [];
  const out: XmlNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_")) continue;
    const local = key.includes(":") ? key.slice(key.indexOf(":") + 1) : key;
    if (local !== name) continue;
    for (const entry of asArray(value)) out.push(typeof entry === "object" && entry !== null ? (entry as XmlNode) : { "#text": entry });
  }
  return out;
}

function attr(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

/** All text under a node, entity references left as written (entity processing is off). */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return "";
  if (typeof node !== "object") return String(node);
  let out = "";
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith("@_")) continue;
    for (const entry of asArray(value)) out += (out ? " " : "") + textOf(entry);
  }
  return out;
}

const XML_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'" };

/** The five predefined entities and character references, decoded; anything else is left as written. */
function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return XML_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function xmlText(node: unknown, max: number): string {
  return clean(decodeXmlText(textOf(node)), max);
}

/** The markup inside the first inlineXML element, as written (NITF or XHTML), mapped onto HTML names. */
function inlineMarkup(text: string): string | null {
  const match = /<(?:[\w-]+:)?inlineXML\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?inlineXML>/i.exec(text);
  if (!match) return null;
  let inner = match[1]!;
  // NITF: only the body's content; hl1/hl2 are headings; namespace prefixes dropped.
  const content = /<(?:[\w-]+:)?body\.content\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?body\.content>/i.exec(inner);
  if (content) inner = content[1]!;
  else {
    const body = /<(?:[\w-]+:)?body\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?body>/i.exec(inner);
    if (body) inner = body[1]!;
  }
  return inner
    .replace(/<(\/?)[\w-]+:/g, "<$1")
    .replace(/<(\/?)hl[12]\b/gi, "<$1h2")
    .replace(/<(\/?)hedline\b[^>]*>/gi, "")
    .replace(/<(\/?)block\b/gi, "<$1div");
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: MAX_XML_DEPTH,
});

function qcodeNumber(node: XmlNode | undefined): number | null {
  if (!node) return null;
  const raw = xmlText(node, 10);
  if (!/^\d$/.test(raw)) return null;
  return Number.parseInt(raw, 10);
}

export function parseNewsml(text: string): WireParse {
  if (text.trim() === "") return { ok: false, message: WIRE_EMPTY };
  if (looksBinary(text)) return { ok: false, message: WIRE_BINARY };
  if (declaresDoctype(text)) return { ok: false, message: WIRE_DOCTYPE_REFUSED };
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) return { ok: false, message: `${WIRE_BAD_XML} ${valid.err.msg} (line ${valid.err.line}).` };
  let tree: XmlNode;
  try {
    tree = xmlParser.parse(text) as XmlNode;
  } catch (error) {
    return { ok: false, message: `${WIRE_BAD_XML} ${error instanceof Error ? error.message : ""}`.trim() };
  }
  let newsItem = child(tree, "newsItem");
  if (!newsItem) newsItem = children(child(tree, "newsMessage"), "itemSet").flatMap((set) => children(set, "newsItem"))[0];
  if (!newsItem) return { ok: false, message: WIRE_NOT_NEWSITEM };

  const guid = clean(attr(newsItem, "guid"), MAX_GUID);
  if (guid === "") return { ok: false, message: WIRE_NO_GUID };
  const version = parseVersion(attr(newsItem, "version"));
  if (version === null) return { ok: false, message: wireInvalid("version", "a positive whole number, e.g. version=\"2\".") };

  const itemMeta = child(newsItem, "itemMeta");
  const itemClass = attr(child(itemMeta, "itemClass"), "qcode") ?? "";
  if (itemClass !== "" && !/(^|:)text$/.test(itemClass)) return { ok: false, message: WIRE_NOT_TEXT };
  const contentMeta = child(newsItem, "contentMeta");
  const headlines = children(contentMeta, "headline");
  const mainHeadline = headlines.find((h) => !attr(h, "role") || /main/.test(attr(h, "role") ?? "")) ?? headlines[0];
  const headline = xmlText(mainHeadline, MAX_LINE);
  if (headline === "") return { ok: false, message: WIRE_NO_HEADLINE };
  const subHeadline = headlines.find((h) => h !== mainHeadline);
  const description = children(contentMeta, "description")[0];

  const embargoNode = child(itemMeta, "embargoed") ?? child(child(newsItem, "rightsInfo"), "embargoed");
  const embargo = parseTime(embargoNode ? xmlText(embargoNode, 100) : undefined);
  if (embargo === "invalid") return { ok: false, message: wireInvalid("embargoed", "a date and time, e.g. 2026-12-07T06:00:00Z.") };

  const located = child(contentMeta, "located");
  const place = located ? xmlText(child(located, "name") ?? located, MAX_LINE) : "";
  const dateline = xmlText(child(contentMeta, "dateline"), MAX_LINE);
  const datelinePlace = place !== "" ? place : dateline.split(/[,(]/)[0]!.trim();

  const bylines = children(contentMeta, "by").flatMap((node) => splitBylines(xmlText(node, MAX_LINE)));
  const creators = children(contentMeta, "creator").map((node) => xmlText(child(node, "name") ?? node, MAX_LINE)).filter((name) => name !== "");

  const markup = inlineMarkup(text);
  const plain = markup === null ? xmlText(child(child(newsItem, "contentSet"), "inlineData"), 5_000_000) : null;
  const body = bodyDocument(markup, plain);
  if (!body) return { ok: false, message: WIRE_BODY_UNREADABLE };

  const priority = child(itemMeta, "priority") ?? child(contentMeta, "priority");
  return {
    ok: true,
    copy: {
      format: "NEWSML",
      guid,
      version,
      headline,
      standfirst: clean(decodeXmlText(textOf(description ?? subHeadline)), MAX_STANDFIRST),
      slugline: xmlText(child(contentMeta, "slugline"), MAX_LINE),
      priority: qcodeNumber(priority),
      urgency: qcodeNumber(child(contentMeta, "urgency")),
      embargoUntil: embargo,
      bylines: (bylines.length > 0 ? bylines : creators).slice(0, MAX_BYLINES),
      datelinePlace: datelinePlace.toUpperCase().slice(0, MAX_LINE),
      body,
    },
  };
}

/** The format a Content-Type names, or null for any other type. */
export function wireFormatOf(contentType: string | null): WireFormatName | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/json" || type === "application/ninjs+json" || type.endsWith("+json")) return "NINJS";
  if (type === "application/xml" || type === "text/xml" || type.endsWith("+xml")) return "NEWSML";
  return null;
}

export function parseWireItem(format: WireFormatName, text: string): WireParse {
  return format === "NINJS" ? parseNinjs(text) : parseNewsml(text);
}
