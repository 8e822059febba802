// A small, forgiving HTML reader for pasted text: it turns the markup a browser puts on the
// clipboard (from web pages, Word, Google Docs) into a tree of elements and text. It needs no DOM,
// so the paste mapping (lib/stories/paste.ts) runs the same in the editor and in unit tests. It is
// not a full HTML5 parser: it closes what browsers close by themselves (paragraphs, list items,
// table cells and rows), skips comments, declarations and the content of script and style, and
// never recurses, so a deeply nested or huge paste cannot overflow the stack.

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}

export type HtmlNode = HtmlElement | string;

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose content is not markup: skipped whole. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noscript", "template", "iframe", "noembed", "noframes"]);
/** Elements that end an open <p> when they start. */
const CLOSES_P = new Set([
  "address", "article", "aside", "blockquote", "div", "dl", "fieldset", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
  "h6", "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul", "figcaption", "details", "menu",
]);
/** Elements a closing tag may not reach through when it looks for what it closes. */
const SCOPE = new Set(["table", "td", "th", "ul", "ol", "blockquote", "html", "body"]);
/** A table's end closes its open cells and rows too. */
const TABLE_SCOPE = new Set(["html", "body"]);
/** Nesting past this depth adds children to the deepest element instead. */
const MAX_DEPTH = 200;

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003", thinsp: "\u2009",
  mdash: "—", ndash: "–", hellip: "…", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", sbquo: "‚", bdquo: "„",
  laquo: "«", raquo: "»", bull: "•", middot: "·", copy: "©", reg: "®", trade: "™", deg: "°", euro: "€", pound: "£",
  yen: "¥", cent: "¢", sect: "§", para: "¶", times: "×", divide: "÷", plusmn: "±", frac12: "½", frac14: "¼", frac34: "¾",
  shy: "\u00ad", zwj: "\u200d", zwnj: "\u200c", eacute: "é", egrave: "è", ecirc: "ê", euml: "ë", aacute: "á", agrave: "à",
  acirc: "â", auml: "ä", aring: "å", oacute: "ó", ograve: "ò", ocirc: "ô", ouml: "ö", oslash: "ø", uacute: "ú", ugrave: "ù",
  ucirc: "û", uuml: "ü", iacute: "í", igrave: "ì", icirc: "î", iuml: "ï", ccedil: "ç", ntilde: "ñ", szlig: "ß", aelig: "æ",
  Eacute: "É", Aacute: "Á", Oacute: "Ó", Uacute: "Ú", Auml: "Ä", Ouml: "Ö", Uuml: "Ü", Ccedil: "Ç", Ntilde: "Ñ",
};

/** Decodes character references (&amp; &#233; &#xE9;); unknown names stay as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});?/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[name] ?? whole;
  });
}

const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const match of source.matchAll(ATTRIBUTE)) {
    const name = match[1]!.toLowerCase();
    if (name in attrs) continue;
    attrs[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attrs;
}

/** Reads HTML into a root element ("#root") holding the top-level nodes. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const current = () => stack[stack.length - 1]!;

  const closeTo = (tag: string, stopAt: Set<string> = SCOPE): boolean => {
    for (let i = stack.length - 1; i > 0; i -= 1) {
      const open = stack[i]!.tag;
      if (open === tag) {
        stack.length = i;
        return true;
      }
      if (stopAt.has(open)) return false;
    }
    return false;
  };

  const open = (tag: string, attrs: Record<string, string>, isVoid: boolean) => {
    if (CLOSES_P.has(tag)) closeTo("p");
    if (tag === "li") closeTo("li", new Set(["ul", "ol", "table", "blockquote"]));
    if (tag === "dt" || tag === "dd") {
      closeTo("dt", new Set(["dl"]));
      closeTo("dd", new Set(["dl"]));
    }
    if (tag === "td" || tag === "th" || tag === "tr") {
      closeTo("td", new Set(["tr", "table"]));
      closeTo("th", new Set(["tr", "table"]));
    }
    if (tag === "tr") closeTo("tr", new Set(["table"]));
    if (tag === "thead" || tag === "tbody" || tag === "tfoot") {
      closeTo("tr", new Set(["table"]));
      closeTo("thead", new Set(["table"]));
      closeTo("tbody", new Set(["table"]));
      closeTo("tfoot", new Set(["table"]));
    }
    const element: HtmlElement = { tag, attrs, children: [] };
    current().children.push(element);
    if (!isVoid && stack.length < MAX_DEPTH) stack.push(element);
  };

  const text = (value: string) => {
    if (value === "") return;
    const siblings = current().children;
    const last = siblings[siblings.length - 1];
    if (typeof last === "string") siblings[siblings.length - 1] = last + decodeEntities(value);
    else siblings.push(decodeEntities(value));
  };

  let at = 0;
  const length = html.length;
  while (at < length) {
    const lt = html.indexOf("<", at);
    if (lt === -1) {
      text(html.slice(at));
      break;
    }
    if (lt > at) text(html.slice(at, lt));
    at = lt;
    if (html.startsWith("<!--", at)) {
      const end = html.indexOf("-->", at + 4);
      at = end === -1 ? length : end + 3;
      continue;
    }
    if (html[at + 1] === "!" || html[at + 1] === "?") {
      const end = html.indexOf(">", at + 2);
      at = end === -1 ? length : end + 1;
      continue;
    }
    const closing = html[at + 1] === "/";
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(at + (closing ? 2 : 1), at + (closing ? 2 : 1) + 64));
    if (!nameMatch) {
      text("<");
      at += 1;
      continue;
    }
    const tag = nameMatch[0].toLowerCase();
    const end = findTagEnd(html, at + nameMatch[0].length + 1);
    const inside = html.slice(at + (closing ? 2 : 1) + nameMatch[0].length, end);
    at = end + 1;
    if (closing) {
      if (tag === "br") open("br", {}, true);
      else closeTo(tag, tag === "table" ? TABLE_SCOPE : SCOPE);
      continue;
    }
    const selfClosing = inside.trimEnd().endsWith("/");
    if (RAW_TEXT.has(tag)) {
      if (selfClosing) continue;
      const closer = new RegExp(`</${tag}`, "gi");
      closer.lastIndex = at;
      const close = closer.exec(html)?.index ?? -1;
      const gt = close === -1 ? -1 : html.indexOf(">", close);
      at = gt === -1 ? length : gt + 1;
      continue;
    }
    open(tag, parseAttributes(selfClosing ? inside.trimEnd().slice(0, -1) : inside), VOID.has(tag) || selfClosing);
  }
  return root;
}

/** The end of a tag that starts before `from`: the next ">" outside a quoted attribute value. */
function findTagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i += 1) {
    const char = html[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ">") {
      return i;
    }
  }
  return html.length;
}

/** Every element under `node`, depth first, without recursion. */
export function* descendants(node: HtmlElement): Generator<HtmlElement> {
  const pending: HtmlElement[] = [...node.children].reverse().filter((child): child is HtmlElement => typeof child !== "string");
  while (pending.length > 0) {
    const element = pending.pop()!;
    yield element;
    for (let i = element.children.length - 1; i >= 0; i -= 1) {
      const child = element.children[i]!;
      if (typeof child !== "string") pending.push(child);
    }
  }
}

/** The text under `node`, without recursion. */
export function textOf(node: HtmlNode): string {
  if (typeof node === "string") return node;
  const parts: string[] = [];
  const pending: HtmlNode[] = [node];
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (typeof item === "string") parts.push(item);
    else if (item.tag === "br") parts.push("\n");
    else for (let i = item.children.length - 1; i >= 0; i -= 1) pending.push(item.children[i]!);
  }
  return parts.join("");
}
