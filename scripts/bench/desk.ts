// The desk benchmark, at the server, with 10,000 stories in the database (medians): opening a story
// in the editor under 100 ms (issue 3); saving it at most 50 ms and the story board at most 100 ms
// (issue 13). What the browser adds on top is measured by scripts/bench/editor.ts.
//
// All go over HTTP exactly as a browser sends them, signed in as the demo editor:
//   open      GET /desk/stories/<id>, the whole HTML page read to its last byte;
//   save      the real saveStoryAction server action: POST /desk/stories/<id> with its action id
//             from the build's server reference manifest, the React-encoded arguments the editor
//             sends and the router state header a browser adds;
//   autosave  the same action as the editor's autosave calls it (no target; for comparison);
//   board     GET /desk in each saved view, deep pages and a search, the whole HTML page.
// Time is the round trip on loopback from this Node client, one request at a time on a kept-alive
// connection, after a warm-up. Stories are spread across the whole table; every save is checked:
// the action must answer ok with the next version, and the database must hold that version, the
// edit and its revision.

import http from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";

import pg from "pg";

import { cpuPerRequest, type CpuSample } from "./cpu";
import type { BenchContext, BenchModule, Measurement } from "./run";

const EDITOR = { email: "editor@demo.newsdesk", password: "demo-password" };
const OPEN_TARGET_MS = 100;
const SAVE_TARGET_MS = 50;
const BOARD_TARGET_MS = 100;

// ── HTTP on one kept-alive connection ───────────────────────────────────────

interface Timed {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Request written → last byte of the response read. */
  ms: number;
  /** Request written → response headers in. */
  firstByteMs: number;
  bytes: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function timedRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const body = init.body === undefined ? undefined : Buffer.from(init.body, "utf8");
    const request = http.request(url, {
      method: init.method ?? "GET",
      agent,
      headers: { ...(body ? { "Content-Length": String(body.length) } : {}), ...init.headers },
    });
    let started = 0;
    let firstByteMs = 0;
    request.on("response", (response) => {
      firstByteMs = performance.now() - started;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const ms = performance.now() - started;
        const buffer = Buffer.concat(chunks);
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: buffer.toString("utf8"), ms, firstByteMs, bytes: buffer.length });
      });
    });
    request.on("error", reject);
    started = performance.now();
    request.end(body);
  });
}

// ── Signing in through next-auth ────────────────────────────────────────────

class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(headers: http.IncomingHttpHeaders): void {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const at = pair?.indexOf("=") ?? -1;
      if (!pair || at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === "" || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.cookies.has(name);
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Signs in with next-auth's credentials flow, as the login form does; returns the Cookie header to send. */
export async function signIn(baseUrl: string, account: { email: string; password: string }): Promise<string> {
  const jar = new CookieJar();
  const csrf = await timedRequest(`${baseUrl}/api/auth/csrf`);
  if (csrf.status !== 200) throw new Error(`GET /api/auth/csrf answered ${csrf.status}`);
  jar.take(csrf.headers);
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken?: string };
  if (!csrfToken) throw new Error("GET /api/auth/csrf gave no csrfToken");

  const form = new URLSearchParams({ email: account.email, password: account.password, csrfToken, callbackUrl: `${baseUrl}/desk` });
  const callback = await timedRequest(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: jar.header(), Origin: baseUrl },
    body: form.toString(),
  });
  jar.take(callback.headers);
  const location = String(callback.headers.location ?? "");
  if (callback.status >= 400 || location.includes("error") || !jar.has("authjs.session-token")) {
    throw new Error(`Signing in as ${account.email} failed: ${callback.status} ${location || callback.body.slice(0, 200)}`);
  }
  return jar.header();
}

// ── The server action ───────────────────────────────────────────────────────

interface ReferenceManifest {
  node?: Record<string, { filename?: string; exportedName?: string; workers?: Record<string, unknown> }>;
}

/** The id Next gave an exported server action in this build (<distDir>/server/server-reference-manifest.json). */
export function findActionId(distDir: string, filename: string, exportedName: string): string {
  const file = path.join(distDir, "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as ReferenceManifest;
  const found = Object.entries(manifest.node ?? {}).filter(([, entry]) => entry.filename === filename && entry.exportedName === exportedName);
  if (found.length !== 1) {
    throw new Error(`Expected one server action ${exportedName} from ${filename} in ${file}, found ${found.length}`);
  }
  return found[0]![0];
}

/**
 * The Next-Router-State-Tree header a browser sends from the editor page: its current route tree
 * (root → (desk) → desk → stories → [id] → page). With it the server renders only what differs
 * for the browser; without it, it would render the whole page into the action's response.
 */
export function editorRouterState(storyId: string): string {
  const tree = ["", { children: ["(desk)", { children: ["desk", { children: ["stories", { children: [["id", storyId, "d", null], { children: ["__PAGE__", {}] }] }] }] }] }];
  return encodeURIComponent(JSON.stringify(tree));
}

/** Finds the action's return value ({ ok, … }) in a React Server Components (Flight) response. */
export function findActionResult(flight: string): { ok: boolean; data?: { version?: number }; code?: string; message?: string } | null {
  const visit = (value: unknown): ReturnType<typeof findActionResult> => {
    if (!value || typeof value !== "object") return null;
    if ("ok" in value && typeof value.ok === "boolean") return value as ReturnType<typeof findActionResult>;
    for (const child of Object.values(value)) {
      const found = visit(child);
      if (found) return found;
    }
    return null;
  };
  for (const line of flight.split("\n")) {
    const match = /^[0-9a-f]+:(.*)$/.exec(line);
    if (!match?.[1]) continue;
    try {
      const found = visit(JSON.parse(match[1]));
      if (found) return found;
    } catch {
      // a text or binary row: not the result
    }
  }
  return null;
}

// ── The stories ─────────────────────────────────────────────────────────────

export interface EditableStory {
  id: string;
  version: number;
  headline: string;
  standfirst: string;
  sectionId: string;
  dateline: string;
  slug: string;
  commentPolicy: string;
  bylineIds: string[];
  /** As the editor holds them: names joined with ", ". */
  tags: string;
  body: { type: "doc"; content: unknown[] };
}

/** `count` story ids spread evenly over the whole table (in creation order), starting at `phase` of a step. */
async function spreadStoryIds(db: pg.Client, count: number, phase: number): Promise<string[]> {
  const rows = (await db.query<{ id: string }>(`SELECT id FROM "Story" ORDER BY "createdAt", id`)).rows;
  if (rows.length === 0) throw new Error("The database holds no stories");
  const step = rows.length / count;
  return Array.from({ length: count }, (_, i) => rows[Math.floor((i + phase) * step) % rows.length]!.id);
}

export async function loadForEditor(db: pg.Client, ids: string[]): Promise<Map<string, EditableStory>> {
  const result = await db.query<EditableStory>(
    `SELECT s.id, s.version, s.headline, s.standfirst, s."sectionId", s.dateline, s.slug, s."commentPolicy"::text AS "commentPolicy", s.body,
            COALESCE((SELECT array_agg(sb."bylineId"::text ORDER BY sb.position) FROM "StoryByline" sb WHERE sb."storyId" = s.id), '{}') AS "bylineIds",
            COALESCE((SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM "StoryTag" st JOIN "Tag" t ON t.id = st."tagId" WHERE st."storyId" = s.id), '') AS tags
     FROM "Story" s WHERE s.id = ANY($1::uuid[])`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.id, row]));
}

// ── The measurements ────────────────────────────────────────────────────────

async function measureOpen(context: BenchContext, cookie: string, ids: string[]): Promise<Measurement> {
  const samples: number[] = [];
  const firstByte: number[] = [];
  let bytes = 0;
  let cpuBefore: CpuSample | null = null;
  for (const [i, id] of ids.entries()) {
    if (i === context.warmup) cpuBefore = context.cpu();
    const response = await timedRequest(`${context.baseUrl}/desk/stories/${id}`, { headers: { Cookie: cookie, Accept: "text/html" } });
    // The editor, for this story: not a sign-in redirect, an error page or somebody else's story.
    if (response.status !== 200 || !response.body.includes(id) || !response.body.includes('id="headline"')) {
      throw new Error(`Opening story ${id} in the editor failed: ${response.status} ${response.body.slice(0, 300)}`);
    }
    if (i < context.warmup) continue;
    samples.push(response.ms);
    firstByte.push(response.firstByteMs);
    bytes += response.bytes;
  }
  const cpu = cpuPerRequest(cpuBefore, context.cpu(), samples.length);
  return {
    key: "open",
    label: "Open a story in the editor: GET /desk/stories/:id, full HTML page",
    samplesMs: samples,
    targetMedianMs: OPEN_TARGET_MS,
    ...(cpu ? { cpuMsPerRequest: cpu } : {}),
    extra: { meanBytes: Math.round(bytes / samples.length), firstByteMedianMs: median(firstByte) },
  };
}

async function measureSave(context: BenchContext, db: pg.Client, cookie: string, ids: string[], autosave: boolean): Promise<Measurement> {
  const actionId = findActionId(context.distDir, "lib/actions/stories.ts", "saveStoryAction");
  const stories = await loadForEditor(db, [...new Set(ids)]);
  const samples: number[] = [];
  let bytes = 0;
  const expected = new Map<string, { version: number; marker: string }>();
  const run = Date.now().toString(36);
  // A browser refetches the page after an action that revalidated anything (or set a cookie):
  // count those answers, since that refetch is more work the save costs.
  let revalidated = 0;
  let cpuBefore: CpuSample | null = null;
  let cpuAfter: CpuSample | null = null;

  for (const [i, id] of ids.entries()) {
    if (i === context.warmup) cpuBefore = context.cpu();
    const story = stories.get(id);
    if (!story) throw new Error(`Story ${id} vanished`);
    // A small edit, as a save in the editor sends it: every field, the whole body as a JSON string.
    const marker = `Benchmark edit ${run}-${i}.`;
    const body = { ...story.body, content: [...story.body.content, { type: "paragraph", content: [{ type: "text", text: marker }] }] };
    const input = {
      headline: story.headline,
      standfirst: story.standfirst,
      sectionId: story.sectionId,
      dateline: story.dateline,
      slug: story.slug,
      commentPolicy: story.commentPolicy,
      tags: story.tags,
      bylineIds: story.bylineIds,
      body: JSON.stringify(body),
    };
    const response = await timedRequest(`${context.baseUrl}/desk/stories/${id}`, {
      method: "POST",
      headers: {
        Accept: "text/x-component",
        "Content-Type": "text/plain;charset=UTF-8",
        "Next-Action": actionId,
        "Next-Router-State-Tree": editorRouterState(id),
        Origin: context.baseUrl,
        Cookie: cookie,
      },
      // React's encodeReply gives plain JSON for arguments like these (no files, no "$" strings).
      body: JSON.stringify([id, story.version, input, { autosave }]),
    });
    const result = response.status === 200 ? findActionResult(response.body) : null;
    if (!result?.ok || result.data?.version !== story.version + 1) {
      throw new Error(
        `Saving story ${id} (version ${story.version}) failed: HTTP ${response.status}, ` +
          `${result ? JSON.stringify(result).slice(0, 300) : `no action result in: ${response.body.slice(0, 300)}`}`,
      );
    }
    story.version = result.data.version;
    story.body = body;
    expected.set(id, { version: story.version, marker });
    if (i < context.warmup) continue;
    samples.push(response.ms);
    bytes += response.bytes;
    if (response.headers["x-action-revalidated"] && response.headers["x-action-revalidated"] !== "0") revalidated += 1;
  }
  cpuAfter = context.cpu();

  // The database must agree with every answer: the new version, the edit, and (for a save; an
  // autosave writes one only now and then) its revision.
  const check = await db.query<{ id: string; version: number; edited: boolean; revision: boolean }>(
    `SELECT s.id, s.version, position($2 IN s."bodyText") > 0 AS edited,
            EXISTS (SELECT 1 FROM "StoryRevision" r WHERE r."storyId" = s.id AND r.version = s.version AND r.kind = 'SAVE') AS revision
     FROM "Story" s WHERE s.id = ANY($1::uuid[])`,
    [[...expected.keys()], `Benchmark edit ${run}-`],
  );
  for (const row of check.rows) {
    const want = expected.get(row.id);
    if (!want || row.version !== want.version || !row.edited || (!autosave && !row.revision)) {
      throw new Error(`Story ${row.id} in the database does not match its save: ${JSON.stringify({ row, want })}`);
    }
  }
  if (check.rowCount !== expected.size) throw new Error(`Only ${check.rowCount} of ${expected.size} saved stories were found again`);
  const cpu = cpuPerRequest(cpuBefore, cpuAfter, samples.length);

  return {
    key: autosave ? "autosave" : "save",
    label: autosave
      ? "Autosave a story: the same action with { autosave: true } (no target; for comparison)"
      : "Save a story: saveStoryAction server action, POST /desk/stories/:id (version checked in the database)",
    samplesMs: samples,
    ...(autosave ? {} : { targetMedianMs: SAVE_TARGET_MS }),
    ...(cpu ? { cpuMsPerRequest: cpu } : {}),
    extra: { meanBytes: Math.round(bytes / samples.length), actionId, distinctStories: expected.size, revalidatedResponses: revalidated },
  };
}

/** The story board at /desk (issue 13): its views and pages, each a full HTML page; 100 ms at the median. */
async function measureBoard(context: BenchContext, cookie: string): Promise<Measurement> {
  const addresses = ["/desk", "/desk?view=review", "/desk?view=mine", "/desk?view=scheduled", "/desk?view=today", "/desk?page=2", "/desk?page=40", "/desk?page=150", "/desk?q=council"];
  const samples: number[] = [];
  let cpuBefore: CpuSample | null = null;
  const total = context.warmup + context.requests;
  for (let i = 0; i < total; i += 1) {
    if (i === context.warmup) cpuBefore = context.cpu();
    const address = addresses[i % addresses.length]!;
    const response = await timedRequest(`${context.baseUrl}${address}`, { headers: { Cookie: cookie, Accept: "text/html" } });
    if (response.status !== 200 || !response.body.includes('aria-label="Saved views"')) {
      throw new Error(`Opening the story board at ${address} failed: ${response.status} ${response.body.slice(0, 300)}`);
    }
    if (i >= context.warmup) samples.push(response.ms);
  }
  const cpu = cpuPerRequest(cpuBefore, context.cpu(), samples.length);
  return {
    key: "board",
    label: "The story board: GET /desk in each saved view, deep pages and a search, full HTML page",
    samplesMs: samples,
    targetMedianMs: BOARD_TARGET_MS,
    ...(cpu ? { cpuMsPerRequest: cpu } : {}),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const value = sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Math.round(value * 10) / 10;
}

export const benchmark: BenchModule = {
  name: "desk",
  description: `open a story in the editor, save it and open the story board, as ${EDITOR.email}`,
  async run(context) {
    const db = new pg.Client({ connectionString: context.databaseUrl });
    await db.connect();
    try {
      const cookie = await signIn(context.baseUrl, EDITOR);
      const total = context.warmup + context.requests;
      // Opens, saves and autosaves use different stories, each set spread across the whole table.
      const openIds = await spreadStoryIds(db, total, 0);
      const saveIds = await spreadStoryIds(db, total, 0.5);
      const autosaveIds = await spreadStoryIds(db, total, 0.25);
      const describe = (what: string, ids: string[]) =>
        context.log(`  ${what}: ${context.warmup} warm-up + ${context.requests} measured requests over ${new Set(ids).size} stories`);
      describe("open", openIds);
      const open = await measureOpen(context, cookie, openIds);
      describe("save", saveIds);
      const save = await measureSave(context, db, cookie, saveIds, false);
      describe("autosave", autosaveIds);
      const autosave = await measureSave(context, db, cookie, autosaveIds, true);
      context.log(`  board: ${context.warmup} warm-up + ${context.requests} measured requests over its views and pages`);
      const board = await measureBoard(context, cookie);
      return [open, save, autosave, board];
    } finally {
      await db.end();
      agent.destroy();
    }
  },
};
