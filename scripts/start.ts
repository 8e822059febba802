// `npm start`: a database, the production build (made if missing or stale), and `next start` in
// one process per core (scripts/serve.mjs; NEWSDESK_WORKERS sets how many), listening on loopback
// unless HOST names another address (0.0.0.0 or :: for every interface).
// `npm run dev` does the same with the development server.

import "dotenv/config";

import { spawn } from "node:child_process";
import path from "node:path";

import { parseEnv } from "../lib/env.mjs";
import { parseTrustedProxies } from "../lib/http/forwarded.mjs";
import { buildProduction, isBuildCurrent } from "./lib/build";
import { ROOT } from "./lib/paths";
import { prepareRuntime } from "./lib/runtime";

const dev = process.argv.includes("--dev");
const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
const serveScript = path.join(ROOT, "scripts", "serve.mjs");

async function main(): Promise<void> {
  // Every variable is checked before anything starts, as the app will read it (in production mode
  // unless --dev): a bad one stops here, named, before a build or a database.
  const env = parseEnv({ ...process.env, NODE_ENV: dev ? "development" : "production" });
  parseTrustedProxies(env.NEWSDESK_TRUSTED_PROXIES);
  const port = env.PORT;
  // Where the production server listens; unset, loopback only (scripts/serve.mjs).
  const host = env.HOST;

  if (!dev && !isBuildCurrent(env.NEWSDESK_DIST_DIR)) {
    console.log("Building the newsroom (production build)…");
    try {
      buildProduction(env.NEWSDESK_DIST_DIR);
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    }
  }

  const runtime = await prepareRuntime();
  const command = dev ? [nextBin, "dev", "-p", String(port)] : [serveScript, "-p", String(port), ...(host ? ["-H", host] : [])];
  const child = spawn(process.execPath, command, {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: runtime.databaseUrl,
      AUTH_SECRET: runtime.authSecret,
      NEWSDESK_DEMO: runtime.demo ? "1" : "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    child.kill("SIGTERM");
    await runtime.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));
  child.on("exit", (code) => void stop(code ?? 0));

  const address = dev || !host ? `http://localhost:${port}` : `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  console.log(`\nNewsdesk is starting at ${address}${runtime.demo ? " (demo newsroom: see README for the accounts)" : ""}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
