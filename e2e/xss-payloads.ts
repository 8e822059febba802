// Known cross-site scripting payloads, and the check that a page rendered them as text: shared by
// the specs that post them as comments (comments.spec.ts), display names and report texts
// (xss.spec.ts). A payload "did not run" only when no dialog opened, no markup it carries is in the
// document, and the Content-Security-Policy had nothing to block: a policy that catches an injection
// hides a bug, it does not fix one.

import { expect, type Page } from "@playwright/test";

/** Tags, attributes, URL schemes, encodings and parser tricks; each one would call alert() if it became markup. */
export const XSS_PAYLOADS: readonly string[] = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "<svg onload=alert(1)>",
  "<body onload=alert(1)>",
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  "javascript:alert(1)",
  '"><script>alert(1)</script>',
  "'><script>alert(1)</script>",
  "<ScRiPt>alert(1)</sCrIpT>",
  "<script src=//evil.test/x.js></script>",
  '<img src="x" onerror="alert(1)">',
  "<img src=x onerror=alert`1`>",
  "<svg><script>alert(1)</script></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<details open ontoggle=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
  "<select autofocus onfocus=alert(1)>",
  "<textarea autofocus onfocus=alert(1)>",
  "<video><source onerror=alert(1)>",
  "<audio src=x onerror=alert(1)>",
  "<marquee onstart=alert(1)>",
  '<object data="javascript:alert(1)">',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  "<isindex action=javascript:alert(1) type=image>",
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=import href="data:text/html,<script>alert(1)</script>">',
  '<base href="javascript:alert(1)//">',
  "<style>@import 'javascript:alert(1)';</style>",
  '<div style="background:url(javascript:alert(1))">',
  '<div onmouseover="alert(1)">hover</div>',
  '<img src=1 href=1 onerror="javascript:alert(1)"></img>',
  "<svg/onload=alert(1)>",
  "<img/src/onerror=alert(1)>",
  "<script>eval('al'+'ert(1)')</script>",
  "<script>window['alert'](1)</script>",
  "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "%3Cscript%3Ealert(1)%3C/script%3E",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  'https://example.org/"><script>alert(1)</script>',
  "https://example.org/?q=<img src=x onerror=alert(1)>",
  'http://x.test/"onmouseover="alert(1)',
  '<a href="https://example.org" onclick="alert(1)">x</a>',
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
  "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  "<template><script>alert(1)</script></template>",
  "{{constructor.constructor('alert(1)')()}}",
  "</textarea><script>alert(1)</script>",
];

/** What a page did while a spec watched it: dialogs opened (alert, confirm, prompt) and CSP violations. */
export interface ScriptWatch {
  dialogs: string[];
  violations: string[];
}

/**
 * Starts watching a page; call before its first navigation. Dialogs are dismissed and recorded;
 * `securitypolicyviolation` events are reported from before the first script of every document.
 */
export async function watchForScripts(page: Page): Promise<ScriptWatch> {
  const watch: ScriptWatch = { dialogs: [], violations: [] };
  page.on("dialog", async (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) watch.violations.push(message.text());
  });
  await page.exposeFunction("__reportXssViolation", (text: string) => watch.violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportXssViolation: (text: string) => void }).__reportXssViolation(
        `${event.violatedDirective}: ${event.blockedURI} ${event.sample}`,
      );
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
 * - an `on*` attribute on any element (template contents included);
 * - a script that is not Next's: an external one not under /_next/static on this origin, or an
 *   inline one that is neither exactly one `self.__next_f.push(<JSON>)` of flight data (parsed,
 *   so nothing can have broken out of its string) nor free of payload fragments (React's own
 *   streaming scripts are);
 * - an iframe, frame, object, embed, applet, base, `meta http-equiv` or `link rel=import`;
 * - an `<a>`/`<area>` href that is not same-origin, http(s) or mailto; any URL attribute with a
 *   javascript:, vbscript: or non-image data: URL (React's own form placeholder aside); srcdoc;
 * - a dialog opened or a CSP violation reported since watchForScripts.
 */
export async function expectInert(page: Page, watch: ScriptWatch, label = page.url()): Promise<void> {
  // Event handlers such as onerror and onfocus fire after load; give them the chance.
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const show = (element: Element) => element.outerHTML.slice(0, 200);
    const everything = (root: ParentNode): Element[] => {
      const elements = [...root.querySelectorAll("*")];
      for (const template of root.querySelectorAll("template")) elements.push(...everything(template.content));
      return elements;
    };
    const elements = everything(document);
    // Every payload of the list carries one of these; React's own streaming scripts carry none.
    const FRAGMENTS = /alert|evil\.test|eval\(|constructor\.constructor|javascript:|document\.cookie/i;
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
  });
  expect(problems, `${label}: markup a payload could have made`).toEqual([]);
  expect(watch.dialogs, `${label}: dialogs opened`).toEqual([]);
  expect(watch.violations, `${label}: Content-Security-Policy violations`).toEqual([]);
}
