import { describe, expect, it } from "vitest";

import {
  addressLimitKey,
  clientAddressFromForwardedFor,
  DEFAULT_TRUSTED_PROXIES,
  normaliseAddress,
  parseTrustedProxies,
  resolveClientAddress,
  UNKNOWN_ADDRESS,
} from "./forwarded.mjs";

const loopbackOnly = parseTrustedProxies(undefined);

describe("normaliseAddress", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
    ["::", "::"],
    ["::ffff:198.51.100.4", "198.51.100.4"],
    ["::FFFF:c633:6404", "198.51.100.4"],
    ["[::ffff:198.51.100.4]:80", "198.51.100.4"],
    ["64:ff9b::198.51.100.4", "64:ff9b::c633:6404"],
  ])("reads %s as %s", (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });

  it.each(["", "unknown", "<script>", "203.0.113", "203.0.113.256", "2001:db8::1::2", "example.org", "203.0.113.7:port", "_hidden", undefined, 42])(
    "refuses %s",
    (raw) => {
      expect(normaliseAddress(raw)).toBeNull();
    },
  );
});

describe("parseTrustedProxies", () => {
  it("trusts loopback only by default, in IPv4, IPv6 and IPv4-mapped form", () => {
    expect(DEFAULT_TRUSTED_PROXIES).toBe("127.0.0.0/8, ::1");
    expect(loopbackOnly.description).toBe("127.0.0.0/8, ::1");
    for (const address of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) expect(loopbackOnly.has(address), address).toBe(true);
    for (const address of ["10.0.0.1", "::2", "128.0.0.1", "2001:db8::1", "garbage"]) expect(loopbackOnly.has(address), address).toBe(false);
    expect(parseTrustedProxies("  ").description).toBe("127.0.0.0/8, ::1");
  });

  it("reads addresses and CIDR ranges, IPv4 and IPv6, on any bit boundary", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 192.0.2.128/25,2001:db8:abcd::/48 ,198.51.100.7, ::ffff:172.16.0.0/108");
    expect(trusted.description).toBe("10.0.0.0/8, 192.0.2.128/25, 2001:db8:abcd::/48, 198.51.100.7, 172.16.0.0/12");
    const cases: Array<[string, boolean]> = [
      ["10.255.1.2", true],
      ["11.0.0.1", false],
      ["192.0.2.129", true],
      ["192.0.2.127", false],
      ["2001:db8:abcd:1::5", true],
      ["2001:db8:abce::5", false],
      ["198.51.100.7", true],
      ["198.51.100.8", false],
      ["::ffff:10.1.2.3", true],
      ["172.31.255.255", true],
      ["172.32.0.0", false],
      // An IPv4 range says nothing of IPv6 addresses, and the reverse.
      ["::a01:203", false],
      ["127.0.0.1", false],
    ];
    for (const [address, expected] of cases) expect(trusted.has(address), address).toBe(expected);
  });

  it("trusts nobody with 'none', and refuses anything it cannot read, naming it", () => {
    expect(parseTrustedProxies("none").has("127.0.0.1")).toBe(false);
    expect(parseTrustedProxies("NONE").description).toBe("none");
    for (const spec of ["10.0.0.0/33", "2001:db8::/129", "localhost", "10.0.0.0/8/1", "10.0.0/8", "/8", "10.0.0.0/-1", "10.0.0.0/x"]) {
      expect(() => parseTrustedProxies(spec), spec).toThrow(`NEWSDESK_TRUSTED_PROXIES: "${spec}" is not an IP address or a CIDR range`);
    }
  });
});

describe("resolveClientAddress", () => {
  it("takes the socket's address when it is not a trusted proxy, whatever the header says", () => {
    expect(resolveClientAddress("203.0.113.7", "198.51.100.1", loopbackOnly)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:203.0.113.7", "127.0.0.1", loopbackOnly)).toBe("203.0.113.7");
    expect(resolveClientAddress("2001:db8::7", ["198.51.100.1", "198.51.100.2"], loopbackOnly)).toBe("2001:db8::7");
  });

  it("believes the entry a trusted proxy appended, and no further", () => {
    // nginx on loopback, overwriting the header: one entry.
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7", loopbackOnly)).toBe("203.0.113.7");
    // A proxy that appends: the client's own entries are on the left, and are never reached.
    expect(resolveClientAddress("127.0.0.1", "6.6.6.6, 7.7.7.7, 203.0.113.7", loopbackOnly)).toBe("203.0.113.7");
    expect(resolveClientAddress("::1", "2001:DB8::9", loopbackOnly)).toBe("2001:db8::9");
  });

  it("walks through a chain of trusted proxies to the first address that is not one", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.5, 10.0.0.6", trusted)).toBe("203.0.113.7");
    // A client that writes a trusted address into its header gains nothing: the walk stops at it first.
    expect(resolveClientAddress("127.0.0.1", "10.9.9.9, 203.0.113.7, 10.0.0.6", trusted)).toBe("203.0.113.7");
  });

  it("gives the leftmost address when every hop is trusted, and the socket's when there is no header", () => {
    expect(resolveClientAddress("127.0.0.1", undefined, loopbackOnly)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "", loopbackOnly)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "::1, 127.0.0.2", loopbackOnly)).toBe("::1");
  });

  it("gives one shared unknown address when a hop it has to believe is no address", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7, <script>", loopbackOnly)).toBe(UNKNOWN_ADDRESS);
    expect(resolveClientAddress("127.0.0.1", "unknown", loopbackOnly)).toBe(UNKNOWN_ADDRESS);
    expect(resolveClientAddress(undefined, "203.0.113.7", loopbackOnly)).toBe(UNKNOWN_ADDRESS);
    // Behind an untrusted peer, the header's garbage is never read.
    expect(resolveClientAddress("203.0.113.7", "<script>", loopbackOnly)).toBe("203.0.113.7");
  });

  it("trusts no header at all with 'none'", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7", parseTrustedProxies("none"))).toBe("127.0.0.1");
  });
});

describe("clientAddressFromForwardedFor", () => {
  it("walks the header alone, its last entry as the peer", () => {
    // What serve.mjs leaves: one address.
    expect(clientAddressFromForwardedFor("203.0.113.7", loopbackOnly)).toBe("203.0.113.7");
    expect(clientAddressFromForwardedFor("127.0.0.1", loopbackOnly)).toBe("127.0.0.1");
    expect(clientAddressFromForwardedFor("203.0.113.7, 127.0.0.1", loopbackOnly)).toBe("203.0.113.7");
    expect(clientAddressFromForwardedFor(null, loopbackOnly)).toBe(UNKNOWN_ADDRESS);
  });
});

describe("addressLimitKey", () => {
  it("keys IPv4 by the address and IPv6 by its /64, so one subscriber's network is one key", () => {
    expect(addressLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressLimitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(addressLimitKey("::1")).toBe("::1");
    expect(addressLimitKey("0:0:0:0:0:0:0:1")).toBe("::1");
    expect(addressLimitKey("::2")).toBe("::/64");
    expect(addressLimitKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(addressLimitKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressLimitKey("nonsense")).toBe(UNKNOWN_ADDRESS);
  });
});
