// Fetching an image from another site into the media library (lib/media/remote.ts). A local HTTP
// server plays the other site: the test injects the connection to it, and only that; the checks
// of the address run as in production, and the default guard is shown refusing local addresses.

import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { isAppError } from "@/lib/errors";
import { MAX_UPLOAD_BYTES } from "@/lib/media/images";
import { SYSTEM_DEPS, importRemoteImage, isPublicAddress, type RemoteImageDeps } from "@/lib/media/remote";
import { makeActor } from "@/tests/integration/factories";

let dataDir = "";
let server: http.Server;
let port = 0;
let png: Buffer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-remote-it-"));
  process.env.NEWSDESK_DATA_DIR = dataDir;
  reloadEnv();
  png = await sharp({ create: { width: 300, height: 200, channels: 3, background: "#2a5" } }).png().toBuffer();
  server = http.createServer((request, response) => {
    switch (request.url) {
      case "/pic.png":
        response.writeHead(200, { "content-type": "image/png", "content-length": png.length });
        response.end(png);
        return;
      case "/moved":
        response.writeHead(302, { location: "/pic.png" });
        response.end();
        return;
      case "/to-internal":
        response.writeHead(302, { location: "http://internal.test/secret.png" });
        response.end();
        return;
      case "/loop":
        response.writeHead(302, { location: "/loop" });
        response.end();
        return;
      case "/page.html":
        response.writeHead(200, { "content-type": "image/png" });
        response.end("<html>not an image</html>");
        return;
      case "/huge.png":
        response.writeHead(200, { "content-type": "image/png", "content-length": MAX_UPLOAD_BYTES + 1 });
        response.end();
        return;
      case "/endless.png":
        // No length given: the reader must stop at the limit by itself.
        response.writeHead(200, { "content-type": "image/png" });
        for (let i = 0; i < 12; i += 1) response.write(Buffer.alloc(1024 * 1024));
        response.end();
        return;
      default:
        response.writeHead(404);
        response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  delete process.env.NEWSDESK_DATA_DIR;
  reloadEnv();
  rmSync(dataDir, { recursive: true, force: true });
});

/** images.test is the local server; internal.test a private address; the guard is the real one. */
function localSite(): RemoteImageDeps & { get: ReturnType<typeof vi.fn> } {
  const get = vi.fn((url: URL, _address: string, signal: AbortSignal) =>
    // Only the port changes: the host name stays, so the connection can only reach the server
    // through the production connection's pinned lookup (images.test resolves nowhere else).
    SYSTEM_DEPS.get(new URL(`http://${url.hostname}:${port}${url.pathname}${url.search}`), "127.0.0.1", signal),
  );
  return {
    resolve: async (hostname) => (hostname === "images.test" ? ["93.184.216.34"] : hostname === "internal.test" ? ["10.0.0.5"] : []),
    isAllowedAddress: isPublicAddress,
    get,
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw new Error(`expected a refusal, got ${String(error)}`);
  return error.message;
}

describe("importRemoteImage", () => {
  it("fetches an image into the media library, through a redirect, typed from its bytes", async () => {
    const editor = await makeActor("EDITOR");
    const item = await importRemoteImage(editor, { url: "https://images.test/moved", alt: "A green square" }, localSite());
    expect(item).toMatchObject({ alt: "A green square", width: 300, height: 200 });
    const row = await db.media.findUniqueOrThrow({ where: { id: item.id } });
    expect(row).toMatchObject({ mimeType: "image/png", uploadedById: editor.id });
  });

  it("refuses what is not an image, too large, or redirects without end", async () => {
    const editor = await makeActor("EDITOR");
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/page.html" }, localSite()))).toMatch(/not a JPEG, PNG or WebP image/);
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/huge.png" }, localSite()))).toMatch(/too big/);
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/endless.png" }, localSite()))).toMatch(/too big/);
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/loop" }, localSite()))).toBe("The image address redirects too many times.");
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/missing.png" }, localSite()))).toMatch(/answered 404/);
    expect(await db.media.count({ where: { uploadedById: editor.id } })).toBe(0);
  });

  it("refuses a redirect into a private network before connecting there", async () => {
    const editor = await makeActor("EDITOR");
    const site = localSite();
    expect(await refusal(importRemoteImage(editor, { url: "https://images.test/to-internal" }, site))).toMatch(/private network/);
    expect(site.get).toHaveBeenCalledTimes(1);
  });

  it("with the production guard, refuses loopback, private, link-local and non-web addresses without fetching", async () => {
    const editor = await makeActor("EDITOR");
    for (const url of [
      `http://127.0.0.1/pic.png`,
      "http://localhost/pic.png",
      "http://[::1]/pic.png",
      "http://169.254.169.254/latest/meta-data",
      "http://10.1.2.3/x.png",
      "http://[::ffff:192.168.1.1]/x.png",
    ]) {
      expect(await refusal(importRemoteImage(editor, { url }))).toMatch(/private network/);
    }
    for (const url of ["file:///etc/passwd", "ftp://example.org/x.png", `http://example.org:${port}/x.png`, "https://user:pw@example.org/x.png", "not a url"]) {
      expect(await refusal(importRemoteImage(editor, { url }))).toBe("The image address must be an http or https address on the web.");
    }
  });

  it("fetches from the operator's own network only when NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE=1", async () => {
    const editor = await makeActor("EDITOR");
    const url = `http://127.0.0.1:${port}/pic.png`;
    process.env.NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE = "1";
    reloadEnv();
    try {
      const item = await importRemoteImage(editor, { url, alt: "From the image server inside" });
      // The same picture as an earlier test's: the library offers the copy it holds.
      expect(await db.media.count({ where: { id: item.id } })).toBe(1);
    } finally {
      delete process.env.NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE;
      reloadEnv();
    }
    expect(await refusal(importRemoteImage(editor, { url }))).toBe("The image address must be an http or https address on the web.");
  });

  it("checks who is asking before fetching anything", async () => {
    const reader = await makeActor("READER");
    const site = localSite();
    expect(await refusal(importRemoteImage(reader, { url: "https://images.test/pic.png" }, site))).toBe("Only newsroom staff can upload images.");
    expect(await refusal(importRemoteImage(null, { url: "https://images.test/pic.png" }, site))).toBe("Sign in to do that.");
    expect(site.get).not.toHaveBeenCalled();
  });
});

describe("isPublicAddress", () => {
  it.each([
    ["93.184.216.34", true],
    ["2606:2800:220:1:248:1893:25c8:1946", true],
    ["127.0.0.1", false],
    ["0.0.0.0", false],
    ["10.0.0.1", false],
    ["100.64.0.1", false],
    ["169.254.169.254", false],
    ["172.16.0.1", false],
    ["172.31.255.255", false],
    ["172.32.0.1", true],
    ["192.168.0.1", false],
    ["224.0.0.1", false],
    ["255.255.255.255", false],
    ["::", false],
    ["::1", false],
    ["fc00::1", false],
    ["fd12:3456::1", false],
    ["fe80::1", false],
    ["ff02::1", false],
    ["::ffff:127.0.0.1", false],
    ["::ffff:7f00:1", false],
    ["::ffff:93.184.216.34", true],
    ["64:ff9b::a00:1", false],
    ["2001:db8::1", false],
    ["2002:0a00:0001::1", false],
    ["localhost", false],
  ])("%s → %s", (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
