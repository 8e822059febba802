// Made-up client addresses for tests, so no per-address limit is shared between tests or calls.

import { randomUUID } from "node:crypto";

/**
 * A fresh address in the documentation range 2001:db8::/32, in its own /64, ending in `host`, and
 * written as servers write it back (no leading zeros in a group), so it can be compared as text.
 */
export function freshAddress(host = "1"): string {
  const hex = randomUUID().replaceAll("-", "");
  const group = (from: number) => parseInt(hex.slice(from, from + 4), 16).toString(16);
  return `2001:db8:${group(0)}:${group(4)}::${host}`;
}

/** The /64 network an address from freshAddress falls in, as the per-address limits key it. */
export function networkOf(address: string): string {
  return `${address.split("::")[0]}::/64`;
}
