// Where to send someone after signing in (or signing up). Only paths on this site: an open redirect
// after sign-in is a phishing tool. The value is parsed the way a browser will read the Location
// header, against the site's own origin, and only a same-origin result is kept, written back out as
// its encoded path, query and fragment (so a tab, a backslash or an encoded slash cannot turn it into
// another host, and a character outside Latin-1 cannot break the header). With nowhere (or nowhere
// safe) to go, the account page says they are signed in. Every return path taken from a request goes
// through safeCallbackUrl (docs/security.md, "Open redirects").

import { siteUrl } from "@/lib/site";

export const DEFAULT_AFTER_SIGN_IN = "/account";

/** The path to send the visitor to: `raw` when it is a path on this site, else the account page. */
export function safeCallbackUrl(raw: unknown): string {
  return explicitCallbackUrl(raw) ?? DEFAULT_AFTER_SIGN_IN;
}

/**
 * `raw` as a path on this site, or null when it is missing or could leave the site. Sign-in uses it
 * to tell "go back there" from "nowhere in particular", which sends each role to its own work
 * (lib/auth/landing.ts).
 */
export function explicitCallbackUrl(raw: unknown): string | null {
  const value = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof value !== "string" || !value.startsWith("/") || !value.isWellFormed()) return null;
  const origin = new URL(siteUrl()).origin;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || url.username !== "" || url.password !== "") return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // The parsed path is what the browser gets. It must still be a path that a browser cannot read as
  // another host, after any decoding a proxy or framework might do on the way.
  if (!path.startsWith("/") || isHostLike(path) || isHostLike(decodeRepeatedly(path))) return null;
  return path;
}

/**
 * The page a visitor came to the sign-in form from, from the request's Referer: a path on this site
 * (never the sign-in or sign-up pages themselves), or null.
 */
export function refererPath(referer: string | null | undefined): string | null {
  if (!referer) return null;
  let url: URL;
  try {
    url = new URL(referer);
  } catch {
    return null;
  }
  if (url.origin !== new URL(siteUrl()).origin) return null;
  if (["/login", "/signup", "/signed-in"].includes(url.pathname)) return null;
  return explicitCallbackUrl(`${url.pathname}${url.search}`);
}

/** "//host", "/\\host" and the like, once tabs, newlines, other C0 controls and spaces are gone. */
function isHostLike(path: string): boolean {
  return /^[/\\]{2}/.test(path.replace(/[\u0000-\u0020\u007f]/g, ""));
}

/** Decodes percent-escapes until nothing changes (at most a few rounds), or gives up on bad input. */
function decodeRepeatedly(path: string): string {
  let current = path;
  for (let round = 0; round < 4; round += 1) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (decoded === current) return current;
    current = decoded;
  }
  return current;
}
