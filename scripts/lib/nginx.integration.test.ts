// Every app instance down behind nginx (issue 17, "faults survived"): nginx, run with the
// repository's own configuration (deploy/nginx/newsdesk.conf, rendered as the end-to-end run
// renders it), keeps sending the reader pages it has a copy of, however stale, and answers the desk
// (and anything it has no copy of) with the back-soon page, 503 and Retry-After. A stand-in app
// answers as the real one does for these paths; it is nginx's behaviour under test, and stopping a
// real instance here would take it from the other tests.

import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { isNginxInstalled, NGINX_BINARY, startNginx, type RunningNginx } from "./nginx";
import { freePort } from "./processes";

const READER_PAGE = "<!doctype html><title>Harbour reopens</title><h1>Harbour reopens</h1>";

function standInApp(): http.Server {
  return http.createServer((request, response) => {
    if (request.url?.startsWith("/desk")) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "private, no-store" }).end("<h1>Your stories</h1>");
      return;
    }
    response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "s-maxage=300, stale-while-revalidate" }).end(READER_PAGE);
  });
}

let nginx: RunningNginx | null = null;
const dir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-nginx-it-"));

afterAll(async () => {
  await nginx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("nginx in front of app instances that all stop", () => {
  it("serves the last cached reader pages and a back-soon page for the desk", { timeout: 60_000 }, async () => {
    expect(isNginxInstalled(), `nginx is needed at ${NGINX_BINARY} (apt-get install nginx, or set NGINX_PATH)`).toBe(true);
    const app = standInApp();
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const appPort = (app.address() as AddressInfo).port;
    nginx = await startNginx({ upstreamPorts: [appPort], listenPort: await freePort(), tmpDir: dir, distDir: path.join(dir, "build") });

    const first = await fetch(`${nginx.url}/stories/harbour-reopens`);
    expect(first.status).toBe(200);
    expect(await first.text()).toBe(READER_PAGE);
    expect((await fetch(`${nginx.url}/desk`)).status).toBe(200);

    // Every instance goes away: connections refused from now on.
    app.closeAllConnections();
    await new Promise<void>((resolve) => app.close(() => resolve()));

    // The copy stays fresh to the end of its second (HIT); after that nginx tries the app, finds
    // nothing there, and sends the copy it has (STALE).
    let page: Response;
    do {
      page = await fetch(`${nginx.url}/stories/harbour-reopens`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(READER_PAGE);
    } while (page.headers.get("x-cache-status") === "HIT");
    expect(page.headers.get("x-cache-status")).toBe("STALE");

    for (const url of ["/desk", "/desk/stories/new", "/stories/never-read"]) {
      const down = await fetch(`${nginx.url}${url}`);
      expect(down.status, url).toBe(503);
      expect(down.headers.get("content-type")).toMatch(/^text\/html/);
      expect(down.headers.get("retry-after")).toBe("30");
      expect(down.headers.get("cache-control")).toBe("no-store");
      const body = await down.text();
      expect(body).toContain("<h1>Newsdesk is back soon</h1>");
      expect(body).toContain('<html lang="en">');
    }
  });
});
