// The cross-site scripting corpus (xss-corpus.ts) and the check that a page rendered it as text:
// shared by the specs that post the payloads as comments (comments.spec.ts), display names and
// report texts (xss.spec.ts), and every other input on every surface (xss-surfaces.spec.ts). A
// payload "did not run" only when no dialog opened, window.__xss was never set, nothing logged
// "__xss", no markup it carries is in the document, and the Content-Security-Policy had nothing to
// block: a policy that catches an injection hides a bug, it does not fix one.

import { expect, type Page } from "@playwright/test";

export { ONE_LINE_XSS_PAYLOADS, packPayloads, XSS_PAYLOADS } from "./xss-corpus";

/** What a page did while a spec watched it: dialogs opened (alert, confirm, prompt), CSP violations, and the payloads' markers (window.__xss set, "__xss" logged). */
export interface ScriptWatch {
  dialogs: string[];
  violations: string[];
  markers: string[];
}

/**
 * Starts watching a page; call before its first navigation. Dialogs are dismissed and recorded;
 * `securitypolicyviolation` events are reported from before the first script of every document, and
 * so is any assignment to window.__xss (a trap set before the page's own scripts); console messages
 * that mention "__xss" are recorded.
 */
export async function watchForScripts(page: Page): Promise<ScriptWatch> {
  const watch: ScriptWatch = { dialogs: [], violations: [], markers: [] };
  page.on("dialog", async (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) watch.violations.push(message.text());
    if (message.text().includes("__xss")) watch.markers.push(`console: ${message.text()}`);
  });
  await page.exposeFunction("__reportXssViolation", (text: string) => watch.violations.push(text));
  await page.exposeFunction("__reportXssMarker", (text: string) => watch.markers.push(text));
  await page.addInitScript(() => {
    const report = window as unknown as { __reportXssViolation: (text: string) => void; __reportXssMarker: (text: string) => void };
    document.addEventListener("securitypolicyviolation", (event) => {
      report.__reportXssViolation(`${event.violatedDirective}: ${event.blockedURI} ${event.sample}`);
    });
    let marker: unknown;
    Object.defineProperty(window, "__xss", {
      configurable: false,
      get: () => marker,
      set: (value: unknown) => {
        marker = value;
        report.__reportXssMarker(`window.__xss = ${String(value)}`);
      },
    });
  });
  return watch;
}

/** The text a person would read: the body's textContent without scripts, styles and templates (flight data repeats the names). */
export async function readableText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const element of body.querySelectorAll("script, style, template, noscript")) element.remove();
    return body.textContent ?? "";
  });
}

/**
 * Fails if anything on the page is markup a payload could have made:
 * - an `on*` attribute on any element (template contents and open shadow roots included);
 * - a script that is not Next's: an external one not under /_next/static on this origin, or an
 *   inline one that is neither exactly one `self.__next_f.push(<JSON>)` of flight data (parsed,
 *   so nothing can have broken out of its string) nor free of payload fragments (React's own
 *   streaming scripts are); a JSON-LD or JSON script that is not valid JSON;
 * - an iframe, frame, object, embed, applet, base, `meta http-equiv` or `link rel=import`;
 * - an `<a>`/`<area>` href that is not same-origin, http(s) or mailto; any URL attribute with a
 *   javascript:, vbscript: or non-image data: URL (React's own form placeholder aside); srcdoc;
 * - a dialog opened, window.__xss set, "__xss" logged, or a CSP violation reported since watchForScripts.
 */
export async function expectInert(page: Page, watch: ScriptWatch, label = page.url()): Promise<void> {
  // Event handlers such as onerror fire before load; onfocus, ontoggle and animation events in the
  // frames after it. Wait for load, then for two frames to be painted.
  await page.waitForLoadState("load");
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0)))));
  const problems = await page.evaluate(scanForMarkup);
  const marker = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
  expect(problems, `${label}: markup a payload could have made`).toEqual([]);
  expect(marker, `${label}: window.__xss`).toBeUndefined();
  expect(watch.dialogs, `${label}: dialogs opened`).toEqual([]);
  expect(watch.markers, `${label}: payload markers`).toEqual([]);
  expect(watch.violations, `${label}: Content-Security-Policy violations`).toEqual([]);
}

/** The document scan of expectInert; runs in the page (self-contained: Playwright sends its source). */
function scanForMarkup(): string[] {
  const found: string[] = [];
  const show = (element: Element) => element.outerHTML.slice(0, 200);
  const everything = (root: ParentNode): Element[] => {
    const elements: Element[] = [];
    for (const element of root.querySelectorAll("*")) {
      elements.push(element);
      if (element.shadowRoot) elements.push(...everything(element.shadowRoot));
      if (element instanceof HTMLTemplateElement) elements.push(...everything(element.content));
    }
    return elements;
  };
  const elements = everything(document);
  // Every payload of the corpus carries one of these; React's own streaming scripts carry none.
  const FRAGMENTS = /alert|evil\.test|eval\(|constructor\.constructor|javascript:|vbscript:|msgbox|__xss|document\.cookie/i;
  const FLIGHT_INIT = /^\(self\.__next_f=self\.__next_f\|\|\[\]\)\.push\((\[0\])\)(?:;self\.__next_f\.push\(([\s\S]*)\))?$/;
  const FLIGHT_DATA = /^self\.__next_f\.push\(([\s\S]*)\)$/;
  // React's own placeholder for a form whose action is a function (server and client renderers).
  // Its "blocked a javascript: URL" placeholder is not allowed: it means a script URL reached a prop.
  const REACT_PLACEHOLDERS = new Set([
    "javascript:throw new Error('React form unexpectedly submitted.')",
    "javascript:throw new Error('A React form was unexpectedly submitted. If you called form.submit() manually, consider using form.requestSubmit() instead. If you\\'re trying to use event.stopPropagation() in a submit event handler, consider also calling event.preventDefault().')",
  ]);
  const URL_ATTRIBUTES = new Set(["href", "xlink:href", "src", "action", "formaction", "data", "poster", "background", "codebase", "cite", "ping", "srcset"]);
  const isJson = (text: string | undefined) => {
    if (text === undefined) return true;
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const isFlight = (text: string) => {
    const init = FLIGHT_INIT.exec(text);
    if (init) return isJson(init[2]);
    const data = FLIGHT_DATA.exec(text);
    return data !== null && isJson(data[1]);
  };

  for (const element of elements) {
    const name = element.localName;
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`event handler attribute ${attribute.name}: ${show(element)}`);
      if (attribute.name === "srcdoc") found.push(`srcdoc: ${show(element)}`);
      const value = attribute.value.trim();
      if (URL_ATTRIBUTES.has(attribute.name) && /^(javascript|vbscript|data):/i.test(value) && !REACT_PLACEHOLDERS.has(value) && !/^data:image\//i.test(value)) {
        found.push(`${attribute.name} with a script URL: ${show(element)}`);
      }
    }
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"].includes(name)) found.push(`<${name}>: ${show(element)}`);
    if (name === "meta" && element.hasAttribute("http-equiv")) found.push(`meta http-equiv: ${show(element)}`);
    if (name === "link" && /import/i.test(element.getAttribute("rel") ?? "")) found.push(`link rel=import: ${show(element)}`);
    if (name === "a" || name === "area") {
      const href = element.getAttribute("href") ?? element.getAttribute("xlink:href");
      if (href !== null) {
        const url = new URL(href, document.baseURI);
        if (url.origin !== location.origin && !["http:", "https:", "mailto:"].includes(url.protocol)) found.push(`link to ${url.protocol}: ${show(element)}`);
      }
    }
    if (name === "script") {
      const src = element.getAttribute("src") ?? element.getAttribute("href") ?? element.getAttribute("xlink:href");
      const type = (element.getAttribute("type") ?? "").trim().toLowerCase();
      const text = element.textContent ?? "";
      if (src !== null) {
        const url = new URL(src, document.baseURI);
        if (url.origin !== location.origin || !url.pathname.startsWith("/_next/static/")) found.push(`script from ${url.href}: ${show(element)}`);
      } else if (type === "application/ld+json" || type === "application/json") {
        if (!isJson(text)) found.push(`data script that is not JSON: ${show(element)}`);
      } else if (!isFlight(text.trim()) && FRAGMENTS.test(text)) {
        found.push(`inline script that is not Next's: ${show(element)}`);
      }
    }
    if (name === "style" && /javascript:|expression\(/i.test(element.textContent ?? "")) found.push(`style with a script URL: ${show(element)}`);
  }
  return found;
}

/** The elements and attributes a story body may become in a feed (lib/feeds/html.ts). */
const FEED_HTML = {
  p: [], h2: [], h3: [], strong: [], em: [], s: [], br: [], hr: [], ul: [], ol: ["start"], li: [], blockquote: [], figure: ["class"], figcaption: [],
  a: ["href", "rel"], img: ["src", "alt"], span: ["class"],
} as const satisfies Record<string, readonly string[]>;

/**
 * Fails unless `html` (a feed's item content, as a feed reader gets it) parses into nothing but the
 * story body's allow-listed elements and attributes, with links to http(s), mailto or this site and
 * images from https or this site. Parsed with the page's DOMParser, which runs nothing.
 */
export async function expectInertHtml(page: Page, html: string, label: string): Promise<void> {
  const problems = await page.evaluate(
    ({ source, allowed }) => {
      const found: string[] = [];
      const parsed = new DOMParser().parseFromString(`<!doctype html><body>${source}`, "text/html");
      for (const element of parsed.body.querySelectorAll("*")) {
        const attributes = (allowed as Record<string, readonly string[]>)[element.localName];
        const show = element.outerHTML.slice(0, 200);
        if (!attributes) {
          found.push(`<${element.localName}>: ${show}`);
          continue;
        }
        for (const attribute of element.attributes) {
          if (!attributes.includes(attribute.name)) found.push(`${attribute.name} on <${element.localName}>: ${show}`);
        }
        const href = element.getAttribute("href");
        if (href !== null && !["http:", "https:", "mailto:"].includes(new URL(href, "https://feed-reader.example/").protocol)) found.push(`link to ${href}: ${show}`);
        const src = element.getAttribute("src");
        if (src !== null && !["http:", "https:"].includes(new URL(src, "https://feed-reader.example/").protocol)) found.push(`image from ${src}: ${show}`);
      }
      return found;
    },
    { source: html, allowed: FEED_HTML },
  );
  expect(problems, `${label}: markup a feed reader would render`).toEqual([]);
}
