import type { IncomingMessage } from "node:http";

import { describe, expect, it } from "vitest";

import { parseTrustedProxies } from "../lib/http/forwarded.mjs";

import { describeListening, listenHosts, poolSizePerWorker, setClientAddress, workerCount } from "./serve.mjs";

describe("workerCount", () => {
  it("runs one process per core, at most 4, unless NEWSDESK_WORKERS says", () => {
    expect(workerCount(undefined, 2)).toBe(2);
    expect(workerCount(undefined, 16)).toBe(4);
    expect(workerCount(1, 16)).toBe(1);
  });
});

describe("poolSizePerWorker", () => {
  it("gives about two connections per core in all, and at least 3 to each process", () => {
    expect(poolSizePerWorker(2, 2)).toBe(3);
    expect(poolSizePerWorker(1, 2)).toBe(4);
    expect(poolSizePerWorker(4, 4)).toBe(3);
    expect(poolSizePerWorker(4, 16)).toBe(8);
  });
});

describe("listenHosts", () => {
  it("listens on loopback only unless -H says otherwise", () => {
    expect(listenHosts(undefined)).toEqual(["127.0.0.1", "::1"]);
    expect(listenHosts("0.0.0.0")).toEqual(["0.0.0.0"]);
    expect(describeListening(listenHosts(undefined), 3000)).toBe("http://127.0.0.1:3000 and http://[::1]:3000");
    expect(describeListening(["::"], 8080)).toBe("http://[::]:8080");
  });
});

describe("setClientAddress", () => {
  const request = (remoteAddress: string | undefined, headers: Record<string, string>) =>
    ({ socket: { remoteAddress }, headers: { ...headers } }) as unknown as IncomingMessage;

  it("replaces the client's X-Forwarded-For with the address it works out, and drops X-Real-IP", () => {
    const loopback = parseTrustedProxies(undefined);
    const direct = request("203.0.113.7", { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" });
    setClientAddress(direct, loopback);
    expect(direct.headers).toEqual({ "x-forwarded-for": "203.0.113.7" });
    const proxied = request("::ffff:127.0.0.1", { "x-forwarded-for": "198.51.100.1, 203.0.113.9" });
    setClientAddress(proxied, loopback);
    expect(proxied.headers["x-forwarded-for"]).toBe("203.0.113.9");
    const gone = request(undefined, { "x-forwarded-for": "198.51.100.1" });
    setClientAddress(gone, loopback);
    expect(gone.headers["x-forwarded-for"]).toBe("unknown");
  });
});
