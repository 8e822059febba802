// The authorization matrix (docs/security.md): every server action and route handler, called as
// every role and as nobody, against the real database. First it finds them itself (every export of
// a module whose first statement is "use server", every HTTP method of an app/**/route.ts) and
// fails, naming it, on any that authz-table.ts does not list: a new action without an entry (and so
// without a proven check) cannot slip in. Then each entry's call is made once per caller.
//
// What is replaced, and why: next/headers (a server action reads its cookies and headers from
// Next's request scope, which does not exist here: request-context.ts hands it the caller's real
// session cookie, so getActor() decrypts it and loads the account as in production), revalidatePath
// and revalidateTag (they need Next's static generation store; nothing here renders), and
// next/server's connection() (the sitemap handlers call it to opt out of prerendering; outside a
// request it throws). runAction is wrapped, not replaced, to record the code of each refusal that
// a form state or a redirect does not carry. Everything else is real: lib/auth, next-auth's own
// signIn and signOut (vitest.config.ts inlines next-auth so that it sees these same mocks), the
// lib functions, PostgreSQL.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  // Read when next-auth is configured (lib/auth/auth.ts), so before anything is imported.
  process.env.AUTH_SECRET ??= "authz-matrix-secret-0123456789abcdef0123456789";
});

vi.mock("next/headers", async () => (await import("./request-context")).nextHeadersMock);
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/server")>()), connection: async () => undefined }));
vi.mock("@/lib/actions/safe-action", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/actions/safe-action")>();
  const { requestContext } = await import("./request-context");
  return {
    ...real,
    runAction: async <T,>(operation: Parameters<typeof real.runAction<T>>[0]) => {
      const result = await real.runAction(operation);
      requestContext.actionResults.push(result.ok ? { ok: true } : { ok: false, code: result.code });
      return result;
    },
  };
});

import { reloadEnv } from "@/lib/env.mjs";
import type { Role } from "@/lib/generated/prisma/enums";

import { actAs, callerName, CALLERS, describeAccess, isAllowed, makePerson, readOutcome } from "./authz-support";
import { AUTHZ_TABLE, type AuthzCase } from "./authz-table";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Source files under these folders (repository-relative, forward slashes), tests and generated code left out. */
function sourceFiles(...folders: string[]): string[] {
  return folders.flatMap((folder) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(ts|tsx|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name))
      .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
      .filter((file) => !file.startsWith("lib/generated/")),
  );
}

/** A "use server" directive: the whole statement on its own line. */
const DIRECTIVE = /^\s*(["'])use server\1;?\s*$/m;

/** Whether the module's first statement (after comments) is "use server". */
function isServerActionModule(text: string): boolean {
  const code = text.replace(/^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/, "");
  return /^(["'])use server\1/.test(code);
}

interface Discovered {
  actions: Map<string, string[]>;
  routes: Map<string, string[]>;
  /** Files with a "use server" inside a function: actions no import can list. */
  inline: string[];
}

async function discover(): Promise<Discovered> {
  const actions = new Map<string, string[]>();
  const inline: string[] = [];
  for (const file of sourceFiles("app", "lib", "components")) {
    const text = readFileSync(path.join(ROOT, file), "utf8");
    if (isServerActionModule(text)) {
      const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
      actions.set(file, Object.keys(exported).filter((name) => typeof exported[name] === "function").sort());
    } else if (DIRECTIVE.test(text)) {
      inline.push(file);
    }
  }
  const routes = new Map<string, string[]>();
  for (const file of sourceFiles("app").filter((name) => /(^|\/)route\.(ts|tsx|js|mjs)$/.test(name))) {
    const exported = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    routes.set(file, HTTP_METHODS.filter((method) => typeof exported[method] === "function"));
  }
  return { actions, routes, inline };
}

function listed(found: Map<string, string[]>): string[] {
  return [...found].flatMap(([file, names]) => names.map((name) => `${file} ${name}`));
}

let dataDir = "";

beforeAll(() => {
  // Uploads in the media cases land in a folder of this file's own.
  dataDir = mkdtempSync(path.join(os.tmpdir(), "newsdesk-authz-"));
  process.env.NEWSDESK_DATA_DIR = dataDir;
  reloadEnv();
});

afterAll(() => {
  delete process.env.NEWSDESK_DATA_DIR;
  reloadEnv();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the authorization table", () => {
  it("lists every server action and every route handler, and nothing else", async () => {
    const { actions, routes, inline } = await discover();
    // Sanity: the search finds what is known to exist, so an empty search cannot pass.
    expect(actions.get("app/(desk)/desk/actions.ts")).toContain("createStoryAction");
    expect(routes.get("app/api/media/route.ts")).toEqual(["GET", "POST"]);

    expect(inline, 'server actions declared inside a function ("use server" in its body): move them to an actions module so this table can list them').toEqual([]);
    const found = [...listed(actions), ...listed(routes)];
    const inTable = Object.entries(AUTHZ_TABLE).flatMap(([file, entries]) => Object.keys(entries).map((name) => `${file} ${name}`));
    expect(found.filter((name) => !inTable.includes(name)), "server actions and route handlers with no entry in tests/security/authz-table.ts").toEqual([]);
    expect(inTable.filter((name) => !found.includes(name)), "entries in tests/security/authz-table.ts for nothing that exists").toEqual([]);
  });
});

const rows = Object.entries(AUTHZ_TABLE).flatMap(([file, entries]) =>
  Object.entries(entries).flatMap(([name, entry]) => (Array.isArray(entry) ? entry : [entry]).map((matrixCase) => ({ file, name, matrixCase }))),
);

async function runCase(matrixCase: AuthzCase, role: Role | null): Promise<void> {
  const person = role ? await makePerson(role) : null;
  const arranged = await matrixCase.arrange(person);
  actAs(person);
  const probe = matrixCase.probe === "read-only" ? null : matrixCase.probe;
  const before = probe ? await probe(arranged, person) : null;
  let returned: unknown;
  let thrown: unknown;
  let didThrow = false;
  try {
    returned = await matrixCase.call(arranged, person);
  } catch (error) {
    thrown = error;
    didThrow = true;
  }
  const outcome = readOutcome(returned, thrown, didThrow);
  const after = probe ? await probe(arranged, person) : null;

  if (isAllowed(matrixCase.access, role)) {
    expect(outcome, `${callerName(role)} may (${describeAccess(matrixCase.access)}): the call succeeds`).toMatchObject({ ok: true });
    if (probe) expect(after, "the allowed call changed what the probe reads").not.toEqual(before);
  } else {
    expect(outcome, `${callerName(role)} may not (${describeAccess(matrixCase.access)}): refused`).toMatchObject({ ok: false, code: role ? "FORBIDDEN" : "UNAUTHENTICATED" });
    if (probe) expect(after, "a refused call changes nothing").toEqual(before);
  }
}

for (const { file, name, matrixCase } of rows) {
  describe(`${file} ${name}${matrixCase.name ? `: ${matrixCase.name}` : ""}`, () => {
    for (const role of CALLERS) {
      it(`${callerName(role)} is ${isAllowed(matrixCase.access, role) ? "allowed" : "refused"}`, async () => {
        await runCase(matrixCase, role);
      });
    }
  });
}
