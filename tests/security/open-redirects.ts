// Known open-redirect bypasses for a "return to" parameter such as `?callbackUrl=`, as the value
// arrives in the application (already percent-decoded once by the query string parser). Each one
// tries to make a browser leave the site, run script, or break the Location header. A security
// regression suite imports this list; lib/auth/callback.test.ts and e2e/redirects.spec.ts run it.
//
// Sources: the payload lists of PayloadsAllTheThings ("Open Redirect"), OWASP's Unvalidated
// Redirects cheat sheet, and the WHATWG URL parser's rules (tabs and newlines removed anywhere,
// backslashes read as slashes in http(s) URLs, leading C0 controls and spaces trimmed).

export interface OpenRedirectCase {
  /** The value as the application receives it. */
  value: string;
  /** What the trick relies on. */
  why: string;
}

export const OPEN_REDIRECTS: readonly OpenRedirectCase[] = [
  { value: "//evil.test/phish", why: "protocol-relative URL" },
  { value: "///evil.test/phish", why: "three slashes: still another host" },
  { value: "////evil.test/phish", why: "four slashes" },
  { value: "/\\evil.test/phish", why: "backslash read as a slash" },
  { value: "\\\\evil.test/phish", why: "two backslashes" },
  { value: "\\/evil.test/phish", why: "backslash then slash" },
  { value: "/\\/evil.test/phish", why: "slash, backslash, slash" },
  { value: "\\/\\/evil.test/phish", why: "escaped-looking slashes" },
  { value: "/\t/evil.test/phish", why: "a tab between the slashes (the browser removes it)" },
  { value: "/\t\\evil.test/phish", why: "a tab, then a backslash" },
  { value: "/\n/evil.test/phish", why: "a newline between the slashes" },
  { value: "/\r\n/evil.test/phish", why: "CR LF between the slashes (also header injection)" },
  { value: "/\r/evil.test/phish", why: "a carriage return between the slashes" },
  { value: "/ /evil.test/phish", why: "a space between the slashes" },
  { value: "\t//evil.test/phish", why: "leading tab trimmed by the URL parser" },
  { value: " //evil.test/phish", why: "leading space trimmed by the URL parser" },
  { value: "\u0000//evil.test/phish", why: "leading NUL trimmed by the URL parser" },
  { value: "/\u0000/evil.test/phish", why: "NUL between the slashes" },
  { value: "/%2F/evil.test/phish", why: "encoded slash, decoded again downstream" },
  { value: "/%2f%2fevil.test/phish", why: "double-encoded protocol-relative URL" },
  { value: "/%5C/evil.test/phish", why: "encoded backslash, decoded again downstream" },
  { value: "/%5c%5cevil.test/phish", why: "double-encoded backslashes" },
  { value: "/%09/evil.test/phish", why: "double-encoded tab" },
  { value: "/%252F%252Fevil.test/phish", why: "triple-encoded slashes" },
  { value: "https://evil.test/phish", why: "absolute URL" },
  { value: "http://evil.test/phish", why: "absolute http URL" },
  { value: "HTTPS://evil.test/phish", why: "scheme in capitals" },
  { value: "https:evil.test/phish", why: "scheme without slashes" },
  { value: "https:/evil.test/phish", why: "scheme with one slash" },
  { value: "https:\\\\evil.test/phish", why: "scheme with backslashes" },
  { value: "javascript:alert(document.domain)", why: "script URL" },
  { value: "JaVaScRiPt:alert(1)", why: "script URL in mixed case" },
  { value: "java\tscript:alert(1)", why: "script URL with a tab inside the scheme" },
  { value: "\u0001javascript:alert(1)", why: "script URL behind a leading control character" },
  { value: "/javascript:alert(1)", why: "a path that looks like a script URL (harmless, stays on the site)" },
  { value: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", why: "data URL" },
  { value: "vbscript:msgbox(1)", why: "legacy script URL" },
  { value: "//evil.test@newsdesk.test/phish", why: "userinfo that reads like our host" },
  { value: "/@evil.test/phish", why: "a path starting with @ (harmless, stays on the site)" },
  { value: "https://newsdesk.test@evil.test/phish", why: "our name as userinfo, their host" },
  { value: "//newsdesk.test%40evil.test/phish", why: "encoded @ in the authority" },
  { value: "/\u2215\u2215evil.test/phish", why: "division slashes (U+2215) that look like slashes" },
  { value: "/\u2044evil.test/phish", why: "fraction slash (U+2044)" },
  { value: "/\uFF0F\uFF0Fevil.test/phish", why: "full-width slashes (U+FF0F)" },
  { value: "\uFF0F\uFF0Fevil.test/phish", why: "full-width protocol-relative URL" },
  { value: "/\uFF3Cevil.test/phish", why: "full-width backslash (U+FF3C)" },
  { value: "//evil\u3002test/phish", why: "ideographic full stop as a dot" },
  { value: "//evil%E3%80%82test/phish", why: "encoded ideographic full stop" },
  { value: "/.//evil.test/phish", why: "dot segment before a double slash" },
  { value: "/./\\evil.test/phish", why: "dot segment before a backslash" },
  { value: "/../\\evil.test/phish", why: "parent segment before a backslash" },
  { value: "/..//evil.test/phish", why: "parent segment before a double slash" },
  { value: "/%2e%2e//evil.test/phish", why: "encoded parent segment before a double slash" },
  { value: "/\u3000", why: "not Latin-1 (an ideographic space): raw in a Location header it is a 500" },
  { value: "\u3000", why: "not Latin-1, without a leading slash" },
  { value: "/\u00e9t\u00e9\u{1F600}", why: "not ASCII: must be percent-encoded in the Location header" },
  { value: "/desk\r\nSet-Cookie: a=b", why: "header injection" },
  { value: "/\uD800", why: "a lone surrogate, which no URL can encode" },
  { value: "evil.test/phish", why: "no leading slash" },
  { value: "", why: "empty" },
];

/** Values that are paths on the site and must survive unchanged. */
export const SAFE_RETURN_PATHS: readonly string[] = ["/desk/stories/new", "/search?q=flood", "/world/some-story/comments?reply=1#comment-form", "/account"];
