// The address a request came from, for per-address rate limits (sign-in, sign-up, posting and
// reporting comments). Next does not hand the socket's address to route handlers or server
// actions; `next start` puts it in X-Forwarded-For when the request has none, and the nginx
// configuration in deploy/nginx overwrites that header with the address nginx saw. So behind that
// nginx (or any proxy that overwrites the header) the first entry is the client's. Exposed directly,
// a client can choose its own: per-account limits still hold, per-address ones are only as good as
// the proxy in front. Anything that is not an IP address counts as one shared "unknown" address.

import { isIP } from "node:net";

export type HeaderSource = Pick<Headers, "get">;

export const UNKNOWN_ADDRESS = "unknown";

export function clientAddress(headers: HeaderSource): string {
  const candidates = [headers.get("x-forwarded-for")?.split(",")[0], headers.get("x-real-ip")];
  for (const raw of candidates) {
    const value = raw?.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
    if (value && isIP(value)) return value.toLowerCase();
  }
  return UNKNOWN_ADDRESS;
}
