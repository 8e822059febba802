// Runs Debian's nginx (/usr/sbin/nginx) with the repository's production configuration
// (deploy/nginx/newsdesk.conf) in front of app instances, as the current user, everything in a
// temporary folder: what the end-to-end tests use to check freshness and bypasses through the
// reverse proxy.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

import { ROOT } from "./paths";

export const NGINX_BINARY = process.env.NGINX_PATH ?? "/usr/sbin/nginx";
export const NGINX_CONF = path.join(ROOT, "deploy", "nginx", "newsdesk.conf");

export interface NginxOptions {
  /** Ports of the app instances on 127.0.0.1. */
  upstreamPorts: readonly number[];
  /** Where nginx listens, on 127.0.0.1. */
  listenPort: number;
  /** A folder of the caller's: configuration, caches, logs and temp files go here. */
  tmpDir: string;
  /** The production build's folder (absolute): nginx serves its precompressed static files (`<distDir>/nginx-root`). */
  distDir: string;
}

export interface RunningNginx {
  url: string;
  /** nginx's error log, for a failing test's report. */
  errorLog: string;
  stop(): Promise<void>;
}

export function isNginxInstalled(): boolean {
  return existsSync(NGINX_BINARY);
}

function replaceMarked(conf: string, marker: string, lines: readonly string[]): string {
  const pattern = new RegExp(`^([ \\t]*).*# newsdesk:${marker}[ \\t]*$`, "m");
  const match = pattern.exec(conf);
  if (!match) throw new Error(`${NGINX_CONF} has no line marked "# newsdesk:${marker}"`);
  const indent = match[1] ?? "";
  return conf.replace(pattern, lines.map((line) => `${indent}${line}`).join("\n"));
}

/** The production server block with this run's upstreams, port and cache folders, inside a complete nginx.conf. */
export function renderNginxConf({ upstreamPorts, listenPort, tmpDir, distDir }: NginxOptions): string {
  if (upstreamPorts.length === 0) throw new Error("nginx needs at least one app instance to proxy to");
  let site = readFileSync(NGINX_CONF, "utf8");
  site = replaceMarked(site, "upstream", upstreamPorts.map((port) => `server 127.0.0.1:${port};`));
  site = replaceMarked(site, "listen", [`listen 127.0.0.1:${listenPort};`]);
  site = replaceMarked(site, "static-root", [`root ${path.join(distDir, "nginx-root")};`]);
  site = replaceMarked(site, "back-soon-root", [`root ${path.dirname(NGINX_CONF)};`]);
  site = site.replaceAll("/var/cache/nginx/", `${path.join(tmpDir, "cache")}/`);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  return [
    "# Rendered by scripts/lib/nginx.ts from deploy/nginx/newsdesk.conf.",
    // As root, nginx would switch its workers to `nobody`, who cannot enter this private folder.
    ...(isRoot ? ["user root;"] : []),
    "worker_processes 1;",
    `pid ${path.join(tmpDir, "nginx.pid")};`,
    `error_log ${path.join(tmpDir, "error.log")} warn;`,
    "events { worker_connections 1024; }",
    "http {",
    "  include /etc/nginx/mime.types;",
    "  default_type application/octet-stream;",
    "  access_log off;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${path.join(tmpDir, "temp", kind)};`),
    site,
    "}",
    "",
  ].join("\n");
}

async function waitForPort(port: number, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("nginx exited before it was listening");
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nginx did not listen on ${port} within ${timeoutMs / 1000} s`);
}

/** Starts nginx in the foreground (daemon off) and resolves once it accepts connections. */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const { tmpDir, listenPort } = options;
  for (const dir of ["cache", "temp"]) mkdirSync(path.join(tmpDir, dir), { recursive: true });
  const confPath = path.join(tmpDir, "nginx.conf");
  writeFileSync(confPath, renderNginxConf(options));
  const errorLog = path.join(tmpDir, "error.log");
  const child = spawn(NGINX_BINARY, ["-p", tmpDir, "-c", confPath, "-g", "daemon off;"], { stdio: ["ignore", "inherit", "inherit"] });
  let exited = false;
  const done = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  try {
    await waitForPort(listenPort, () => exited, 15_000);
  } catch (error) {
    child.kill("SIGTERM");
    const log = existsSync(errorLog) ? readFileSync(errorLog, "utf8") : "";
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
  return {
    url: `http://127.0.0.1:${listenPort}`,
    errorLog,
    async stop() {
      if (exited) return;
      child.kill("SIGQUIT"); // graceful: finish the requests in flight
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (!exited) child.kill("SIGKILL");
    },
  };
}
