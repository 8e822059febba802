import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";

import { expect, test } from "@playwright/test";

import { storageStateFor } from "./fixtures";

// An app worker killed (issue 17, "faults survived"): the first instance is scripts/serve.mjs, a
// primary and one worker per core. One worker is killed outright; the others keep answering every
// new connection, the primary starts a replacement, and the desk and reader pages work throughout.
// Alone (the "alone" project, after every other spec): nothing else is using the instance while a
// worker is gone.
const FIRST = process.env.E2E_BASE_URL ?? "http://localhost:3100";

test.use({ storageState: storageStateFor("editor") });

interface Proc {
  pid: number;
  ppid: number;
}

/** The serve.mjs processes listening on this port: [primary, ...workers] (workers are its children). */
function serveProcesses(port: string): { primary: number; workers: number[] } {
  const procs: Proc[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (!args.some((arg) => arg.endsWith("scripts/serve.mjs")) || args[args.indexOf("-p") + 1] !== port) continue;
      // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z") continue; // killed, not yet reaped
      procs.push({ pid: Number(entry), ppid: Number(ppid) });
    } catch {
      // gone meanwhile
    }
  }
  const pids = new Set(procs.map((proc) => proc.pid));
  const primary = procs.find((proc) => !pids.has(proc.ppid));
  if (!primary) throw new Error(`No scripts/serve.mjs listening on port ${port}`);
  return { primary: primary.pid, workers: procs.filter((proc) => proc.ppid === primary.pid).map((proc) => proc.pid) };
}

function exists(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").length > 0;
  } catch {
    return false;
  }
}

/** The status of a GET over a new connection: each one goes to the next worker in turn. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      })
      .on("error", reject);
  });
}

test("a killed app worker is replaced while the others keep serving", async ({ page }) => {
  const port = new URL(FIRST).port;
  const before = serveProcesses(port);
  expect(before.workers.length, "the first instance runs at least two workers (NEWSDESK_WORKERS)").toBeGreaterThanOrEqual(2);
  const victim = before.workers[0]!;

  process.kill(victim, "SIGKILL");
  // Once the primary has reaped it, it hands no connection to it: every new one is answered.
  await expect.poll(() => exists(victim), { timeout: 10_000 }).toBe(false);
  for (let i = 0; i < 2 * before.workers.length; i += 1) expect(await statusOf(`${FIRST}/`)).toBe(200);
  const desk = await page.goto(`${FIRST}/desk`);
  expect(desk?.status()).toBe(200);
  await expect(page).toHaveURL(/\/desk$/);

  // The primary forks a replacement; the instance is whole again.
  await expect
    .poll(() => serveProcesses(port).workers.filter((pid) => !before.workers.includes(pid)).length, { timeout: 60_000 })
    .toBe(1);
  expect(serveProcesses(port)).toMatchObject({ primary: before.primary });
  expect(serveProcesses(port).workers).toHaveLength(before.workers.length);
  await page.goto(`${FIRST}/`);
  await expect(page.getByRole("main")).toBeVisible();
});
