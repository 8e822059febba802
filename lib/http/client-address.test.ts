import { afterEach, describe, expect, it, vi } from "vitest";

import { reloadEnv } from "@/lib/env.mjs";

import { clientAddress, UNKNOWN_ADDRESS } from "./client-address";
import { parseTrustedProxies } from "./forwarded.mjs";

const from = (entries: Record<string, string>) => new Headers(entries);

afterEach(() => {
  vi.unstubAllEnvs();
  reloadEnv();
});

describe("clientAddress", () => {
  it("reads the one address scripts/serve.mjs leaves in X-Forwarded-For", () => {
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7" }))).toBe("203.0.113.7");
    expect(clientAddress(from({ "x-forwarded-for": "127.0.0.1" }))).toBe("127.0.0.1");
  });

  it("believes a chain only as far as trusted proxies wrote it, never its first entry for being first", () => {
    expect(clientAddress(from({ "x-forwarded-for": "6.6.6.6, 203.0.113.7, 127.0.0.1" }))).toBe("203.0.113.7");
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }))).toBe("10.0.0.1");
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }), parseTrustedProxies("10.0.0.0/8"))).toBe("203.0.113.7");
  });

  it("takes the trusted proxies from NEWSDESK_TRUSTED_PROXIES", () => {
    vi.stubEnv("NEWSDESK_TRUSTED_PROXIES", "192.0.2.0/24");
    reloadEnv();
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7, 192.0.2.10" }))).toBe("203.0.113.7");
    vi.stubEnv("NEWSDESK_TRUSTED_PROXIES", "none");
    reloadEnv();
    expect(clientAddress(from({ "x-forwarded-for": "203.0.113.7, 192.0.2.10" }))).toBe("192.0.2.10");
  });

  it("reads IPv4 addresses mapped into IPv6 as IPv4, and keys IPv6 by its /64, so one client is one key", () => {
    expect(clientAddress(from({ "x-forwarded-for": "::ffff:198.51.100.4" }))).toBe("198.51.100.4");
    expect(clientAddress(from({ "x-forwarded-for": "2001:DB8:0:7::1" }))).toBe("2001:db8:0:7::/64");
    expect(clientAddress(from({ "x-forwarded-for": "2001:db8:0:7:ffff::2" }))).toBe("2001:db8:0:7::/64");
  });

  it("ignores X-Real-IP, and gives one shared unknown address for anything that is not an address", () => {
    expect(clientAddress(from({ "x-real-ip": "198.51.100.9" }))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(from({ "x-forwarded-for": "<script>", "x-real-ip": "198.51.100.9" }))).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress(from({}))).toBe(UNKNOWN_ADDRESS);
  });
});
