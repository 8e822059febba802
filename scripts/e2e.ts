// `npm run test:e2e`: the production build on a fresh embedded database in a temporary folder,
// then Playwright against it in a real Chromium. It refuses any database that is not its own.
// Two app instances run against that one database (E2E_BASE_URL and E2E_SECOND_BASE_URL), as in
// production, so the tests can check that a change made through one is served by the other; and
// Debian's nginx runs in front of both with deploy/nginx/newsdesk.conf (E2E_NGINX_URL). Without
// Chromium or nginx it stops and says what to install. Both instances keep their images in a local
// S3 server (s3rver, a process of its own started here) as a newsroom on several machines does;
// E2E_S3=0 keeps them in the data folder instead (the single-machine default). Both read the reader
// site from a streaming standby of that database (DATABASE_REPLICA_URLS; E2E_REPLICA_URL for the
// specs), so the freshness specs hold with reads on a replica.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { findSystemChromium } from "./lib/chromium";
import { isNginxInstalled, NGINX_BINARY, startNginx, type RunningNginx } from "./lib/nginx";
import { startStandby, standbyUrl, type Standby } from "./db/standby";
import { ROOT } from "./lib/paths";
import { freePort, stopGroup, waitForServer } from "./lib/processes";
import { prepareRuntime } from "./lib/runtime";
import { S3RVER_KEY } from "./lib/s3-server";

/** A helper server as a process of its own (this one's event loop is blocked while Playwright runs), once it prints "listening". */
async function startHelper(script: string, args: string[], name: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "scripts", "lib", script), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    detached: true,
  });
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} for the end-to-end tests stopped (exit ${code}).`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("listening")) resolve();
    });
  });
  return child;
}

async function main(): Promise<number> {
  if (process.env.DATABASE_URL) {
    // The suite writes freely; it must never be pointed at a real newsroom's database.
    console.log("Ignoring DATABASE_URL: the end-to-end tests always use their own throw-away embedded database.");
  }
  delete process.env.DATABASE_URL;
  if (!findSystemChromium()) {
    const probe = spawnSync(process.execPath, ["-e", "require('playwright-core').chromium.executablePath()"], { cwd: ROOT });
    if (probe.status !== 0) {
      console.error(
        "No Chromium found for the end-to-end tests. Install one: `apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH.",
      );
      return 1;
    }
  }
  if (!isNginxInstalled()) {
    // The freshness promise is checked through the reverse proxy the repository ships, as in production.
    console.error(`No nginx at ${NGINX_BINARY} for the end-to-end tests. Install it: \`apt-get install nginx\` (Debian/Ubuntu), or set NGINX_PATH.`);
    return 1;
  }

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-e2e-"));
  process.env.NEWSDESK_DATA_DIR = dataDir;
  const [port, secondPort] = [await freePort(), await freePort()];
  const baseURL = `http://localhost:${port}`;
  const secondBaseURL = `http://localhost:${secondPort}`;
  const children: ChildProcess[] = [];
  let nginx: RunningNginx | null = null;
  let standbyStart: Promise<Standby> | null = null;
  // This run's embedded database, migrated and seeded with the demo newsroom; both instances use it.
  const runtime = await prepareRuntime((line) => console.log(`[db] ${line}`));
  try {
    // Its read replica: a streaming standby, started from a copy of the seeded database (seconds),
    // while the first instance starts; until it answers, the app reads from the primary.
    const standbyStarted = Date.now();
    const standbyPort = await freePort();
    const replicaUrl = standbyUrl(runtime.databaseUrl, standbyPort);
    standbyStart = startStandby({ primaryUrl: runtime.databaseUrl, dataDir: path.join(dataDir, "standby"), port: standbyPort });
    standbyStart.then(
      () => console.log(`[db] Read replica (a streaming standby) on port ${standbyPort}, ready in ${Date.now() - standbyStarted} ms`),
      () => undefined,
    );
    // A real SMTP server on loopback that both instances send through; it writes each message it
    // receives to E2E_MAIL_DIR, where the specs read them (e2e/mail.ts). A process of its own:
    // this one's event loop is blocked while Playwright runs (spawnSync).
    const mailDir = path.join(dataDir, "mail");
    const smtpPort = await freePort();
    children.push(await startHelper("smtp-sink-cli.ts", [String(smtpPort), mailDir], "The SMTP server"));
    // The images go to a local S3 server (s3rver), through the same settings as a real bucket;
    // E2E_S3=0 leaves them on the data folder's disk.
    const s3Port = process.env.E2E_S3 === "0" ? null : await freePort();
    if (s3Port) children.push(await startHelper("s3-server-cli.ts", [String(s3Port), path.join(dataDir, "s3")], "The S3 server"));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NEWSDESK_DATA_DIR: dataDir,
      DATABASE_URL: runtime.databaseUrl,
      DATABASE_REPLICA_URLS: replicaUrl,
      E2E_REPLICA_URL: replicaUrl,
      AUTH_SECRET: runtime.authSecret,
      E2E_BASE_URL: baseURL,
      E2E_SECOND_BASE_URL: secondBaseURL,
      E2E_STATE_DIR: path.join(dataDir, "browser-state"),
      // Scheduled stories are swept every 2 s here so the test of "goes live on time" stays short.
      NEWSDESK_SCHEDULER_INTERVAL_MS: "2000",
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      E2E_MAIL_DIR: mailDir,
      // The webhooks spec's receiver listens on loopback, which a production server refuses unless told.
      NEWSDESK_WEBHOOKS_ALLOW_PRIVATE: "1",
      // The HTML import spec serves its page's image from loopback too.
      NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE: "1",
      NEXT_TELEMETRY_DISABLED: "1",
      ...(s3Port
        ? {
            MEDIA_S3_BUCKET: "newsdesk-media",
            MEDIA_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
            MEDIA_S3_ACCESS_KEY_ID: S3RVER_KEY,
            MEDIA_S3_SECRET_ACCESS_KEY: S3RVER_KEY,
            MEDIA_S3_FORCE_PATH_STYLE: "1",
          }
        : {}),
    };

    // The first instance through `npm start`'s script, which builds when the build is out of date.
    const first = spawn(process.execPath, [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), path.join(ROOT, "scripts", "start.ts")], {
      cwd: ROOT,
      env: { ...env, PORT: String(port) },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true, // its own process group, so Next stops with it
    });
    children.push(first);
    first.stdout?.on("data", (chunk: Buffer) => process.stdout.write(`[app] ${chunk.toString()}`));
    await waitForServer(`${baseURL}/login`, first, { timeoutMs: 300_000, intervalMs: 500 });

    // The second instance: the same build, the same database, another port, under plain `next
    // start`, so the route handlers scripts/serve.mjs answers before Next are run by Next here.
    // `next start` keeps a client's own X-Forwarded-For, so it listens on loopback only, reached
    // by this machine's tests and nginx (which overwrites the header): docs/security.md.
    const second = spawn(process.execPath, [path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), "start", "-p", String(secondPort), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...env, PORT: String(secondPort), NODE_ENV: "production", NEWSDESK_DEMO: "1" },
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    children.push(second);
    second.stdout?.on("data", (chunk: Buffer) => process.stdout.write(`[app 2] ${chunk.toString()}`));
    await waitForServer(`${secondBaseURL}/login`, second, { timeoutMs: 120_000, name: "The second app instance", intervalMs: 500 });

    await standbyStart;

    const nginxDir = path.join(dataDir, "nginx");
    mkdirSync(nginxDir, { recursive: true });
    nginx = await startNginx({
      upstreamPorts: [port, secondPort],
      listenPort: await freePort(),
      tmpDir: nginxDir,
      distDir: path.join(ROOT, process.env.NEWSDESK_DIST_DIR ?? ".next"),
    });
    env.E2E_NGINX_URL = nginx.url;
    console.log(`nginx (${NGINX_BINARY}) in front of both instances at ${nginx.url}`);

    // The specs read and write the database through lib/, whose modules say `import "server-only"`:
    // the hook lets Playwright and its workers (which inherit NODE_OPTIONS) import them.
    const serverOnlyHook = pathToFileURL(path.join(ROOT, "scripts", "lib", "server-only-hook.mjs")).href;
    // Two runs: every spec but the ones that must run alone (playwright.config.ts, project "alone"),
    // then those, with nothing beside them, reusing the first run's sign-ins. Either run may find
    // no test among the files asked for.
    const playwright = (projectArgs: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "node_modules", "@playwright", "test", "cli.js"), "test", ...projectArgs, "--pass-with-no-tests", ...process.argv.slice(2)], {
        cwd: ROOT,
        env: { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--import=${serverOnlyHook}`].filter(Boolean).join(" ") },
        stdio: "inherit",
      }).status ?? 1;
    const together = playwright(["--project=setup", "--project=chromium"]);
    if (together !== 0) return together;
    console.log("Specs that run alone (playwright.config.ts, project \"alone\"):");
    // The first run signed everyone in unless none of its specs were asked for.
    const signedIn = existsSync(path.join(env.E2E_STATE_DIR ?? "", "editor.json"));
    return playwright(signedIn ? ["--project=alone", "--no-deps"] : ["--project=alone"]);
  } finally {
    await nginx?.stop();
    await Promise.all(children.map(stopGroup));
    await standbyStart?.then((standby) => standby.stop(), () => undefined);
    await runtime.stop();
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
