// `npm run test:e2e`: the production build on a fresh embedded database in a temporary folder,
// then Playwright against it in a real Chromium. It refuses any database that is not its own.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

import { findSystemChromium } from "./lib/chromium";
import { ROOT } from "./lib/paths";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited with code ${child.exitCode} before it was ready.`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`The app did not answer at ${url} within ${timeoutMs / 1000} s.`);
}

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) {
    // The suite writes freely; it must never be pointed at a real newsroom's database.
    console.log("Ignoring DATABASE_URL: the end-to-end tests always use their own throw-away embedded database.");
  }
  if (!findSystemChromium()) {
    const probe = spawnSync(process.execPath, ["-e", "require('playwright-core').chromium.executablePath()"], { cwd: ROOT });
    if (probe.status !== 0) {
      console.error(
        "No Chromium found for the end-to-end tests. Install one: `apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH.",
      );
      return 1;
    }
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-e2e-"));
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NEWSDESK_DATA_DIR: dataDir,
    PORT: String(port),
    E2E_BASE_URL: baseURL,
    E2E_STATE_DIR: path.join(dataDir, "browser-state"),
    // Scheduled stories are swept every 2 s here so the test of "goes live on time" stays short.
    NEWSDESK_SCHEDULER_INTERVAL_MS: "2000",
  };
  delete env.DATABASE_URL;

  const app = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "scripts", "start.ts")], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true, // its own process group, so Next and PostgreSQL stop with it
  });
  app.stdout?.on("data", (chunk: Buffer) => process.stdout.write(`[app] ${chunk.toString()}`));
  try {
    await waitForServer(`${baseURL}/login`, app, 300_000);
    const run = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)], {
      cwd: ROOT,
      env,
      stdio: "inherit",
    });
    return run.status ?? 1;
  } finally {
    if (app.exitCode === null && app.pid) {
      const exited = new Promise((resolve) => app.once("exit", resolve));
      process.kill(-app.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
