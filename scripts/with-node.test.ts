import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const LAUNCHER = path.join(ROOT, "scripts", "with-node.mjs");
// The launcher's table of registry packages by platform, read from its source (it is a script, not a module).
const NODE_PACKAGES = Object.fromEntries(
  [...readFileSync(LAUNCHER, "utf8").matchAll(/^ {2}"([a-z0-9]+-[a-z0-9]+)": "(node-[a-z0-9-]+)",$/gm)].map((m) => [m[1]!, m[2]!]),
);
const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  optionalDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

// A stand-in for an old system Node: it answers the launcher's version question and nothing else.
const dir = mkdtempSync(path.join(os.tmpdir(), "with-node-test-"));
const oldNode = path.join(dir, "node");
writeFileSync(oldNode, "#!/bin/sh\necho 20.20.2\n");
chmodSync(oldNode, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function launch(args: string[], env: Record<string, string | undefined>) {
  const clean = { ...process.env };
  delete clean.NEWSDESK_NODE;
  delete clean.NEWSDESK_NODE_CHOSEN;
  return spawnSync(process.execPath, [LAUNCHER, ...args], { cwd: ROOT, encoding: "utf8", env: { ...clean, ...env } });
}

describe("scripts/with-node.mjs", () => {
  it("knows a package for each optional Node dependency, and no other", () => {
    expect(Object.values(NODE_PACKAGES).sort()).toEqual(Object.keys(pkg.optionalDependencies).sort());
  });

  it("runs every npm script through the launcher", () => {
    for (const [name, command] of Object.entries(pkg.scripts)) expect(command, name).toMatch(/^node scripts\/with-node\.mjs /);
  });

  it("runs the registry's Node when the system's is older, and says so once", () => {
    const name = NODE_PACKAGES[`${process.platform}-${process.arch}`]!;
    const version = pkg.optionalDependencies[name];
    const run = launch(["node", "-p", "process.versions.node + ' ' + process.execPath"], { npm_node_execpath: oldNode });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`Node ${version} (${name}, from the npm registry; the system's Node 20.20.2 is older)\n`);
    expect(run.stdout.trim()).toBe(`${version} ${path.join(ROOT, "node_modules", name, "bin", "node")}`);
  });

  it("puts the chosen Node first on PATH for what the command starts", () => {
    const run = launch(["node", "-e", "console.log(require('node:child_process').execSync('node -p process.execPath').toString().trim())"], {
      npm_node_execpath: oldNode,
    });
    expect(run.stdout.trim()).toBe(process.execPath);
  });

  it("uses the system's Node when it is new enough", () => {
    const run = launch(["node", "-p", "process.execPath"], { npm_node_execpath: process.execPath });
    expect(run.stderr).toBe(`Node ${process.versions.node} (the system's)\n`);
    expect(run.stdout.trim()).toBe(process.execPath);
  });

  it("refuses a NEWSDESK_NODE older than engines allows, naming it", () => {
    const run = launch(["node", "-p", "1"], { NEWSDESK_NODE: oldNode });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("NEWSDESK_NODE is Node 20.20.2; Newsdesk needs 22.12 or newer.\n");
    expect(pkg.engines.node).toBe(">=22.12");
  });

  it("runs npm scripts joined by + at once, then the next step, and fails when one of them fails", () => {
    // A stand-in for npm's CLI: script "first" waits until "second" has started (it would wait
    // forever were they run in turn), each logs when it ran, "broken" fails.
    const log = path.join(dir, "npm-log");
    const fakeNpm = path.join(dir, "fake-npm.cjs");
    writeFileSync(
      fakeNpm,
      `const fs = require("node:fs"), path = require("node:path");
const [, , , script] = process.argv;
const mark = (name) => fs.appendFileSync(${JSON.stringify(log)}, name + "\\n");
if (script === "broken") { mark("broken"); process.exit(4); }
if (script === "second") { fs.writeFileSync(path.join(${JSON.stringify(dir)}, "second-started"), ""); mark("second"); }
if (script === "first") { const wait = () => fs.existsSync(path.join(${JSON.stringify(dir)}, "second-started")) ? mark("first") : setTimeout(wait, 10); wait(); }
if (script === "last") mark("last");
`,
    );
    const env = { npm_execpath: fakeNpm, NEWSDESK_NODE_CHOSEN: process.execPath };
    const together = launch(["--npm", "first+second", "last"], env);
    expect(together.stderr).toBe("");
    expect(together.status).toBe(0);
    expect(readFileSync(log, "utf8")).toBe("second\nfirst\nlast\n");

    rmSync(log);
    const failing = launch(["--npm", "broken+last", "first"], env);
    expect(failing.status).toBe(4);
    // The other script of the step ran to its end; the next step did not start.
    expect(readFileSync(log, "utf8").split("\n").filter(Boolean).sort()).toEqual(["broken", "last"]);
  });

  it("passes the command's exit code on, and stays quiet under another launcher", () => {
    const run = launch(["node", "-e", "process.exit(3)"], { NEWSDESK_NODE_CHOSEN: process.execPath });
    expect(run.status).toBe(3);
    expect(run.stderr).toBe("");
  });
});
