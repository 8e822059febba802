// The headers every response carries (next.config.ts gives them to whatever Next answers; the
// comment endpoint served outside Next, lib/comments/post-endpoint.ts, sends the same). The
// Content-Security-Policy is per page and is not among them (next.config.ts says why).
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "X-Frame-Options": "DENY",
};
