import type { IncomingMessage, ServerResponse } from "node:http";

import { describe, expect, it, vi } from "vitest";

import { commentPostTarget } from "../lib/comments/post-endpoint";
import type { PageResponses } from "../lib/cache/page-responses.mjs";
import { parseTrustedProxies } from "../lib/http/forwarded.mjs";
import type { NodeRoutes } from "../lib/http/node-routes";

import { parseEnv } from "../lib/env.mjs";

import { ServerResponse as NodeServerResponse, IncomingMessage as NodeIncomingMessage } from "node:http";
import { Socket } from "node:net";

import { createRequestHandler, createUpgradeHandler, withoutRepeatedHeaders, describeListening, listenHosts, listeningEnv, poolSizePerWorker, setClientAddress, workerCount, workerExecArgv } from "./serve.mjs";

describe("workerCount", () => {
  it("runs one process per core, at most 4, unless NEWSDESK_WORKERS says", () => {
    expect(workerCount(undefined, 2)).toBe(2);
    expect(workerCount(undefined, 16)).toBe(4);
    expect(workerCount(1, 16)).toBe(1);
  });
});

describe("workerExecArgv", () => {
  it("adds the heap limit and the semi-space to the primary's options unless set already, or the limit is 0", () => {
    expect(workerExecArgv(["--enable-source-maps"], undefined, 256)).toEqual(["--enable-source-maps", "--max-old-space-size=256", "--max-semi-space-size=8"]);
    expect(workerExecArgv(["--max-old-space-size=2048"], undefined, 256)).toEqual(["--max-old-space-size=2048", "--max-semi-space-size=8"]);
    expect(workerExecArgv([], "--trace-gc --max-old-space-size=1024 --max-semi-space-size=16", 256)).toEqual([]);
    expect(workerExecArgv(["--cpu-prof"], "", 0)).toEqual(["--cpu-prof"]);
  });
});

describe("listeningEnv", () => {
  it("gives the processes the port and host they listen on, which they request their own pages at", () => {
    const environment: Record<string, string | undefined> = { PORT: "3000", HOST: undefined };
    listeningEnv({ port: 4123, hostname: undefined }, environment);
    expect(parseEnv(environment).PORT).toBe(4123);
    expect(environment.HOST).toBeUndefined();
    listeningEnv({ port: 4124, hostname: "10.0.0.5" }, environment);
    expect(parseEnv(environment)).toMatchObject({ PORT: 4124, HOST: "10.0.0.5" });
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

// What each request meets first in scripts/serve.mjs (docs/fast-paths.md, "Comment posts answered
// before Next" and "Cached pages sent again before Next"): its address is set, then a comment post
// goes to the build's own handler, a fresh reader page is sent again, and the rest goes to Next.
describe("createRequestHandler", () => {
  const STORY = "7d4c2f1e-9a8b-4c3d-8e2f-1a2b3c4d5e6f";
  const request = (method: string, url: string) =>
    ({ method, url, socket: { remoteAddress: "203.0.113.7" }, headers: { "x-forwarded-for": "198.51.100.1" } }) as unknown as IncomingMessage;
  const response = () => ({ statusCode: 200, headersSent: false, end: vi.fn() }) as unknown as ServerResponse;

  function front(options: { replays?: boolean; routes?: boolean; answer?: () => Promise<void> } = {}) {
    const seen: string[] = [];
    const handle = vi.fn(async (req: IncomingMessage) => {
      seen.push(`next ${req.method} ${req.url} from ${String(req.headers["x-forwarded-for"])}`);
    });
    const responses = {
      serve: vi.fn((req: IncomingMessage) => {
        if (!options.replays) return false;
        seen.push(`replayed ${req.url}`);
        return true;
      }),
      record: vi.fn((req: IncomingMessage) => seen.push(`recording ${req.url}`)),
      mayServeShared: vi.fn(() => false),
    } as unknown as PageResponses;
    const routes: NodeRoutes = {
      commentPost: {
        target: commentPostTarget,
        answer:
          options.answer ??
          (async (storyId, req) => {
            seen.push(`comment on ${storyId} from ${String(req.headers["x-forwarded-for"])}`);
          }),
      },
      contentApi: {
        target: (method, url) => (method === "GET" && url?.startsWith("/api/content/v1/stories") ? { url } : null),
        answer: async (target) => {
          seen.push(`content api ${(target as { url: string }).url}`);
        },
      },
    };
    const onRequest = createRequestHandler({ handle, trusted: parseTrustedProxies(undefined), responses, nodeRoutes: () => (options.routes === false ? undefined : routes) });
    return { onRequest, seen, handle };
  }

  it("answers a comment post with the build's handler, with the client's address already set, and nothing of it reaches Next", async () => {
    const { onRequest, seen, handle } = front({ replays: true });
    onRequest(request("POST", `/api/stories/${STORY}/comments`), response());
    await vi.waitFor(() => expect(seen).toEqual([`comment on ${STORY} from 203.0.113.7`]));
    expect(handle).not.toHaveBeenCalled();
  });

  it("answers a Content API GET with the build's handler, and nothing of it reaches Next", async () => {
    const { onRequest, seen, handle } = front({ replays: true });
    onRequest(request("GET", "/api/content/v1/stories?limit=2"), response());
    await vi.waitFor(() => expect(seen).toEqual(["content api /api/content/v1/stories?limit=2"]));
    expect(handle).not.toHaveBeenCalled();
  });

  it("sends a page the replay holds without Next, and records what Next answers otherwise", async () => {
    const replaying = front({ replays: true });
    replaying.onRequest(request("GET", "/world"), response());
    expect(replaying.seen).toEqual(["replayed /world"]);
    expect(replaying.handle).not.toHaveBeenCalled();

    const fresh = front();
    fresh.onRequest(request("GET", "/world"), response());
    fresh.onRequest(request("GET", `/api/stories/${STORY}/comments`), response());
    await vi.waitFor(() =>
      expect(fresh.seen).toEqual([
        "recording /world",
        "next GET /world from 203.0.113.7",
        `recording /api/stories/${STORY}/comments`,
        `next GET /api/stories/${STORY}/comments from 203.0.113.7`,
      ]),
    );
  });

  it("leaves comment posts to Next until the build has registered its handler", async () => {
    const { onRequest, seen } = front({ routes: false });
    onRequest(request("POST", `/api/stories/${STORY}/comments`), response());
    await vi.waitFor(() => expect(seen).toEqual([`recording /api/stories/${STORY}/comments`, `next POST /api/stories/${STORY}/comments from 203.0.113.7`]));
  });

  it("answers 500 when the comment handler fails, rather than leaving the request hanging", async () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const { onRequest } = front({ answer: () => Promise.reject(new Error("database gone")) });
    const res = response();
    onRequest(request("POST", `/api/stories/${STORY}/comments`), res);
    await vi.waitFor(() => expect(res.end).toHaveBeenCalled());
    expect(res.statusCode).toBe(500);
    expect(error).toHaveBeenCalledWith("Request failed", expect.any(Error));
    error.mockRestore();
  });
});

describe("withoutRepeatedHeaders", () => {
  it("sends a redirect's Location once when Next appends the value it already set (vercel/next.js#82117), and other headers as asked", () => {
    const res = withoutRepeatedHeaders(new NodeServerResponse(new NodeIncomingMessage(new Socket())));
    res.setHeader("Location", "/port");
    res.appendHeader("location", "/port");
    res.appendHeader("x-nextjs-stale-time", "300");
    res.appendHeader("x-nextjs-stale-time", "300");
    res.appendHeader("set-cookie", "a=1");
    res.appendHeader("set-cookie", "a=1");
    expect(res.getHeader("location")).toBe("/port");
    expect(res.getHeader("x-nextjs-stale-time")).toBe("300");
    expect(res.getHeader("set-cookie")).toEqual(["a=1", "a=1"]);
    // A different value is still appended: nothing is hidden.
    res.appendHeader("location", "/elsewhere");
    expect(res.getHeader("location")).toEqual(["/port", "/elsewhere"]);
  });
});

describe("createUpgradeHandler", () => {
  const trusted = parseTrustedProxies(undefined);
  const request = (url: string) => Object.assign(new NodeIncomingMessage(new Socket()), { url, headers: {} as Record<string, string> });

  it("hands the co-editing path to the co-editing server and every other upgrade to Next", () => {
    const next = vi.fn();
    const collab = { upgrade: vi.fn((req: IncomingMessage) => req.url?.startsWith("/collab") === true), close: vi.fn() };
    const onUpgrade = createUpgradeHandler({ handle: next, trusted, nodeRoutes: () => ({ collab }) as unknown as NodeRoutes });
    const head = Buffer.alloc(0);
    onUpgrade(request("/collab"), new Socket(), head);
    expect(collab.upgrade).toHaveBeenCalledTimes(1);
    expect(next).not.toHaveBeenCalled();
    onUpgrade(request("/_next/webpack-hmr"), new Socket(), head);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("hands everything to Next when there is no co-editing server", () => {
    const next = vi.fn();
    const onUpgrade = createUpgradeHandler({ handle: next, trusted, nodeRoutes: () => undefined });
    onUpgrade(request("/collab"), new Socket(), Buffer.alloc(0));
    expect(next).toHaveBeenCalledTimes(1);
  });
});
