// The address a request came from, as the key of the per-address limits (sign-in, sign-up, posting
// and reporting comments). Next does not hand the socket's address to route handlers or server
// actions, so scripts/serve.mjs (what `npm start` runs) works it out from the socket before Next
// sees the request, believing X-Forwarded-For only from trusted proxies (NEWSDESK_TRUSTED_PROXIES;
// lib/http/forwarded.mjs), and leaves exactly that address in X-Forwarded-For, any copy the client
// sent dropped. Here the same walk runs over the header alone: behind serve.mjs it is that one
// address. Under `next start` (or `next dev`) the header is the client's own whenever it sent one,
// so there a client that reaches the port directly can choose its address: unsupported for
// per-address limits unless only a proxy that overwrites the header can reach it (docs/security.md).
// Anything that is not an IP address counts as one shared "unknown" address; an IPv6 client counts
// as its /64.

import { env } from "@/lib/env.mjs";
import { addressLimitKey, clientAddressFromForwardedFor, parseTrustedProxies, UNKNOWN_ADDRESS, type TrustedProxies } from "./forwarded.mjs";

export type HeaderSource = Pick<Headers, "get">;

export { UNKNOWN_ADDRESS };

let trustedFromEnv: { spec: string | undefined; trusted: TrustedProxies } | undefined;

/** NEWSDESK_TRUSTED_PROXIES, read once per value (scripts/serve.mjs refuses a bad one at start). */
export function trustedProxies(): TrustedProxies {
  const spec = env.NEWSDESK_TRUSTED_PROXIES;
  if (!trustedFromEnv || trustedFromEnv.spec !== spec) trustedFromEnv = { spec, trusted: parseTrustedProxies(spec) };
  return trustedFromEnv.trusted;
}

export function clientAddress(headers: HeaderSource, trusted: TrustedProxies = trustedProxies()): string {
  const address = clientAddressFromForwardedFor(headers.get("x-forwarded-for"), trusted);
  return address === UNKNOWN_ADDRESS ? UNKNOWN_ADDRESS : addressLimitKey(address);
}
