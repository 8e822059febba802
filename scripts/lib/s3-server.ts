// A real S3 server on loopback (the `s3rver` package, files in a folder of its own) for the
// integration tests and the end-to-end run with S3 media. It can be told to refuse requests, as a
// bucket that is full, down or misconfigured would, to test that a refused upload leaves nothing.

import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import S3rver from "s3rver";

/** s3rver's own credentials: it checks every request's signature against them. */
export const S3RVER_KEY = "S3RVER";

export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** The variables that point the app at this server. */
  env: Record<string, string>;
  /** Answer matching requests with 403 AccessDenied (null: serve everything). */
  refuse(rule: ((request: IncomingMessage) => boolean) | null): void;
  close(): Promise<void>;
}

export async function startS3Server(options: { bucket?: string; port?: number; directory?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? "newsdesk-media";
  const directory = options.directory ?? mkdtempSync(path.join(os.tmpdir(), "newsdesk-s3-"));
  const s3 = new S3rver({ silent: true, directory, configureBuckets: [{ name: bucket }], vhostBuckets: false });
  await s3.configureBuckets();
  const handle = s3.getMiddleware();
  let refusing: ((request: IncomingMessage) => boolean) | null = null;
  const server = createServer((request, response) => {
    if (refusing?.(request)) {
      request.resume();
      response.writeHead(403, { "Content-Type": "application/xml" });
      response.end('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>');
      return;
    }
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    env: {
      MEDIA_S3_BUCKET: bucket,
      MEDIA_S3_ENDPOINT: endpoint,
      MEDIA_S3_REGION: "us-east-1",
      MEDIA_S3_ACCESS_KEY_ID: S3RVER_KEY,
      MEDIA_S3_SECRET_ACCESS_KEY: S3RVER_KEY,
      MEDIA_S3_FORCE_PATH_STYLE: "1",
    },
    refuse(rule) {
      refusing = rule;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (!options.directory) rmSync(directory, { recursive: true, force: true });
    },
  };
}
