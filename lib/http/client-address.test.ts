import { describe, expect, it } from "vitest";

import { clientAddress, UNKNOWN_ADDRESS } from "./client-address";

const from = (entries: Record<string, string>) => new Headers(entries);

describe("clientAddress", () => {
  it("takes the first X-Forwarded-For entry, the one the proxy in front wrote", () => {
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("203.0.113.7");
    expect(clientAddress(from({ "x-forwarded-for": "2001:DB8::1" }))).toBe("2001:db8::1");
  });

  it("reads IPv4 addresses mapped into IPv6 as IPv4, so one client is one key", () => {
    expect(clientAddress(from({ "x-forwarded-for": "::ffff:198.51.100.4" }))).toBe("198.51.100.4");
  });

  it("falls back to X-Real-IP, then to one shared unknown address for anything that is not an address", () => {
    expect(clientAddress(from({ "x-real-ip": "198.51.100.9" }))).toBe("198.51.100.9");
    expect(clientAddress(from({ "x-forwarded-for": "<script>", "x-real-ip": "nonsense" }))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(from({}))).toBe(UNKNOWN_ADDRESS);
  });
});
