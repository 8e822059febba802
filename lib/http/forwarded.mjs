// @ts-check
// Which address a request came from, for the per-address limits (sign-up, sign-in, comments,
// reports). The socket's peer is the only address nobody can forge. X-Forwarded-For is believed
// only as far as the proxies that wrote it are trusted: read from the right (each proxy appends the
// address it saw), skipping hops that are trusted proxies, and stopping at the first that is not:
// that is the client. A client's own X-Forwarded-For is just more entries on the left, which the
// walk never reaches unless every hop to their right is a trusted proxy that vouches for them.
//
// Trusted proxies come from NEWSDESK_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges,
// IPv4 or IPv6; "none" trusts no proxy; unset, loopback only (127.0.0.0/8 and ::1), which covers
// an nginx on the same machine (deploy/nginx). IPv4-mapped IPv6 addresses (::ffff:192.0.2.1, what
// a dual-stack socket reports for an IPv4 peer) are read as the IPv4 address.
//
// Plain JavaScript: scripts/serve.mjs, which sees every request before Next, uses it too.

import { isIP } from "node:net";

export const UNKNOWN_ADDRESS = "unknown";
export const DEFAULT_TRUSTED_PROXIES = "127.0.0.0/8, ::1";

/**
 * @typedef {object} TrustedProxies
 * @property {string} description the ranges as read, for the start-up message ("127.0.0.0/8, ::1", or "none")
 * @property {(address: string) => boolean} has whether this address (any form normaliseAddress reads) is a trusted proxy
 */

/** @typedef {{ bytes: number[], prefix: number, text: string }} Range */

/**
 * IPv4 as 4 bytes, IPv6 as 16; null for anything else.
 * @param {string} address
 * @returns {number[] | null}
 */
function toBytes(address) {
  const family = isIP(address);
  if (family === 4) return address.split(".").map(Number);
  if (family !== 6) return null;
  let text = address;
  const tail = [];
  const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = (dotted[1] ?? "").split(".").map(Number);
    tail.push(((a << 8) | b).toString(16), ((c << 8) | d).toString(16));
    text = `${text.slice(0, dotted.index)}:${tail.join(":")}`;
  }
  const [head, rest] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = rest === undefined ? [] : rest ? rest.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = rest === undefined ? left : [...left, ...Array(missing).fill("0"), ...right];
  if (groups.length !== 8) return null;
  const bytes = [];
  for (const group of groups) {
    const value = parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return bytes;
}

/** @param {number[]} bytes */
function isMappedIPv4(bytes) {
  return bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
}

/**
 * RFC 5952 text of 16 bytes: lower case, no leading zeros, the longest run of zero groups as "::".
 * @param {number[]} bytes
 */
function formatIPv6(bytes) {
  /** @type {number[]} */
  const groups = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/**
 * Bytes of an address, IPv4-mapped IPv6 as the 4 bytes of its IPv4 address.
 * @param {string} address
 */
function canonicalBytes(address) {
  const bytes = toBytes(address);
  if (bytes && isMappedIPv4(bytes)) return bytes.slice(12);
  return bytes;
}

/** @param {number[]} bytes */
function formatBytes(bytes) {
  return bytes.length === 4 ? bytes.join(".") : formatIPv6(bytes);
}

/**
 * One address as a socket or a proxy may write it ("203.0.113.7", "203.0.113.7:51234",
 * "2001:DB8::1", "[2001:db8::1]:443", "fe80::1%eth0", "::ffff:203.0.113.7") in one canonical
 * text ("203.0.113.7", "2001:db8::1", "fe80::1"), or null when it is no IP address.
 * @param {unknown} raw
 * @returns {string | null}
 */
export function normaliseAddress(raw) {
  if (typeof raw !== "string") return null;
  let text = raw.trim();
  if (text.length === 0 || text.length > 100) return null;
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? "";
  else if (/^\d+\.\d+\.\d+\.\d+:\d{1,5}$/.test(text)) text = text.slice(0, text.lastIndexOf(":"));
  const zone = text.indexOf("%");
  if (zone > 0 && text.includes(":")) text = text.slice(0, zone);
  const bytes = canonicalBytes(text);
  return bytes ? formatBytes(bytes) : null;
}

/**
 * Reads NEWSDESK_TRUSTED_PROXIES (unset or empty: DEFAULT_TRUSTED_PROXIES; "none": no proxy), or
 * throws naming the entry it cannot read.
 * @param {string | null | undefined} spec
 * @returns {TrustedProxies}
 */
export function parseTrustedProxies(spec) {
  const text = spec === undefined || spec === null || spec.trim() === "" ? DEFAULT_TRUSTED_PROXIES : spec.trim();
  /** @type {Range[]} */
  const ranges = [];
  if (text.toLowerCase() !== "none") {
    for (const entry of text.split(",").map((part) => part.trim()).filter(Boolean)) {
      const [address = "", bits, extra] = entry.split("/");
      const bytes = extra === undefined ? canonicalBytes(address) : null;
      const width = bytes ? bytes.length * 8 : 0;
      // A CIDR on an IPv4-mapped address counts from the IPv4 part: ::ffff:10.0.0.0/104 is 10.0.0.0/8.
      const mappedOffset = bytes && bytes.length === 4 && isIP(address) === 6 ? 96 : 0;
      const prefix = bits === undefined ? width : /^\d{1,3}$/.test(bits) ? Number(bits) - mappedOffset : NaN;
      if (!bytes || !Number.isInteger(prefix) || prefix < 0 || prefix > width) {
        throw new Error(`NEWSDESK_TRUSTED_PROXIES: "${entry}" is not an IP address or a CIDR range (like 10.0.0.0/8 or 2001:db8::/32)`);
      }
      ranges.push({ bytes, prefix, text: `${formatBytes(bytes)}${bits === undefined ? "" : `/${prefix}`}` });
    }
  }
  return {
    /** The ranges as read, for the start-up message. */
    description: ranges.length > 0 ? ranges.map((range) => range.text).join(", ") : "none",
    /**
     * Whether this address (any form normaliseAddress reads) is a trusted proxy.
     * @param {string} address
     */
    has(address) {
      const bytes = canonicalBytes(normaliseAddress(address) ?? "");
      if (!bytes) return false;
      return ranges.some((range) => range.bytes.length === bytes.length && inPrefix(bytes, range.bytes, range.prefix));
    },
  };
}

/**
 * @param {number[]} bytes
 * @param {number[]} network
 * @param {number} prefix
 */
function inPrefix(bytes, network, prefix) {
  const whole = Math.floor(prefix / 8);
  for (let i = 0; i < whole; i += 1) if (bytes[i] !== network[i]) return false;
  const rest = prefix % 8;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((bytes[whole] ?? 0) & mask) === ((network[whole] ?? 0) & mask);
}

/**
 * @param {string | readonly string[] | null | undefined} forwardedFor
 * @returns {string[]}
 */
function forwardedHops(forwardedFor) {
  const value = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  if (typeof value !== "string") return [];
  return value.split(",").map((hop) => hop.trim()).filter((hop) => hop.length > 0);
}

/**
 * The client's address, given the socket's peer and the request's X-Forwarded-For (a string, the
 * values of several headers, or undefined): the peer itself unless it is a trusted proxy; then
 * the header from the right, up to the first hop that is not a trusted proxy. When every hop is
 * trusted, the leftmost. A hop that is no address where one is needed gives UNKNOWN_ADDRESS (one
 * shared key), never a guess.
 * @param {string | null | undefined} peer
 * @param {string | readonly string[] | null | undefined} forwardedFor
 * @param {TrustedProxies} trusted
 * @returns {string}
 */
export function resolveClientAddress(peer, forwardedFor, trusted) {
  const socket = normaliseAddress(peer);
  if (socket === null) return UNKNOWN_ADDRESS;
  const hops = forwardedHops(forwardedFor);
  let client = socket;
  while (trusted.has(client) && hops.length > 0) {
    const next = normaliseAddress(hops.pop());
    if (next === null) return UNKNOWN_ADDRESS;
    client = next;
  }
  return client;
}

/**
 * The same walk over X-Forwarded-For alone, its last entry taken as the peer: for hosts that do not
 * hand over the socket (`next start` puts the socket's address there only when the request has no
 * header of its own, so there a client that reaches the port directly chooses its address).
 * @param {string | readonly string[] | null | undefined} forwardedFor
 * @param {TrustedProxies} trusted
 */
export function clientAddressFromForwardedFor(forwardedFor, trusted) {
  const hops = forwardedHops(forwardedFor);
  const peer = hops.pop();
  return peer === undefined ? UNKNOWN_ADDRESS : resolveClientAddress(peer, hops, trusted);
}

/**
 * The key a per-address limit counts under: an IPv4 address as it is, an IPv6 address as its /64
 * network ("2001:db8:1:2::/64"), since one subscriber is given a whole /64 and can use any address
 * in it, which would otherwise be 2^64 fresh allowances. The loopback address ::1 (a person on the
 * machine itself) stays ::1: its /64 would read "::/64", which names no network anyone knows.
 * @param {string} address
 * @returns {string}
 */
export function addressLimitKey(address) {
  const bytes = canonicalBytes(address);
  if (!bytes) return UNKNOWN_ADDRESS;
  if (bytes.length === 4) return formatBytes(bytes);
  if (bytes.every((byte, index) => byte === (index === 15 ? 1 : 0))) return "::1";
  return `${formatIPv6([...bytes.slice(0, 8), 0, 0, 0, 0, 0, 0, 0, 0])}/64`;
}
