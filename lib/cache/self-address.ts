// Where this app process requests its own reader pages: the write-through after a change
// (lib/cache/write-through.ts) and the background fill (lib/cache/fill.ts) render and store a page
// by asking the app for it, like a reader would, so they never depend on how the cache stores it.
// instrumentation.ts registers the address when a server starts; anywhere else (scripts, tests,
// the end-to-end specs' own process) nothing is registered and nothing is requested.

import "server-only";

import http from "node:http";

import { env } from "@/lib/env.mjs";

const SELF_ADDRESS = Symbol.for("newsdesk.selfAddress");

type WithSelf = { [SELF_ADDRESS]?: string };

/** The address this server listens on, from NEWSDESK_SELF_URL, or HOST (when it names one address) and PORT. */
export function selfAddressFromEnv(): string {
  if (env.NEWSDESK_SELF_URL) return env.NEWSDESK_SELF_URL;
  const host = env.HOST && !["0.0.0.0", "::", "[::]"].includes(env.HOST) ? env.HOST : "127.0.0.1";
  return `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${env.PORT}`;
}

/** Called once by instrumentation.ts in a server (or by a test that runs one): pages may now be requested. */
export function registerSelfAddress(address: string | null): void {
  const holder = globalThis as WithSelf;
  if (address === null) delete holder[SELF_ADDRESS];
  else holder[SELF_ADDRESS] = address.replace(/\/+$/, "");
}

/** The registered address, or null outside a server. */
export function selfAddress(): string | null {
  return (globalThis as WithSelf)[SELF_ADDRESS] ?? null;
}

export interface PageAnswer {
  status: number;
  /** x-nextjs-cache: HIT, MISS, STALE, or null (a page rendered per request, a redirect). */
  cache: string | null;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/**
 * GETs one page of this app and reads it to the end (so its render finishes and is stored).
 * Plain node:http, not fetch: Next patches fetch inside the server. Rejects on a network error or
 * after 60 s.
 */
export function requestPage(base: string, path: string, signal?: AbortSignal): Promise<PageAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(path, `${base}/`),
      { agent, headers: { "accept-encoding": "gzip", "user-agent": "newsdesk-reader-fill", accept: "text/html,*/*" }, signal, timeout: 60_000 },
      (response) => {
        response.on("data", () => {});
        response.on("error", reject);
        response.on("end", () => {
          const cache = response.headers["x-nextjs-cache"];
          resolve({ status: response.statusCode ?? 0, cache: typeof cache === "string" ? cache : null, ms: performance.now() - started });
        });
      },
    );
    request.on("timeout", () => request.destroy(new Error(`No answer for ${path} within 60 s`)));
    request.on("error", reject);
  });
}
