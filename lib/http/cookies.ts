// Reading a Cookie request header outside Next, whose cookies() needs its request scope, by the
// rules of Next's own RequestCookies (its parseCookie in @edge-runtime/cookies), so a cookie reads
// the same on both paths: pairs split on ";" and the spaces after it, the first "=" ends the name,
// values percent-decoded (a pair whose value does not decode is left out), a name without "=" reads
// "true", and of two cookies with one name the later wins.

/** A lookup over this Cookie header's pairs. */
export function cookieReader(header: string | null | undefined): (name: string) => string | undefined {
  const pairs = new Map<string, string>();
  for (const pair of (header ?? "").split(/; */)) {
    if (!pair) continue;
    const at = pair.indexOf("=");
    if (at === -1) {
      pairs.set(pair, "true");
      continue;
    }
    try {
      pairs.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
    } catch {
      // Left out, as Next leaves it out.
    }
  }
  return (name) => pairs.get(name);
}
