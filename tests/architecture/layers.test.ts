// The layering the linter enforces (eslint.config.mjs, "newsdesk/layers/…"; docs/architecture.md,
// "Layers"): each rule is run through ESLint's own Node API on a deliberate violation, in memory,
// so a rule that stops matching (a renamed folder, a changed pattern) fails here, not silently.

import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

import { dynamicImportsOf, importsOf, importsServerOnly, isDatabaseImport, parse, ROOT, sourceFiles } from "./sources";

const RULE = "@typescript-eslint/no-restricted-imports";

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The messages of the layering rule for this code at this path (the file need not exist). */
async function layeringMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === RULE).map((message) => message.message);
}

describe("the database is reached only from lib/ (and tests, seeds and scripts)", () => {
  const violations: Array<[string, string]> = [
    ["components/story/example.tsx", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    ["app/(site)/example/page.tsx", 'import { getPool } from "@/lib/db";\nexport const x = getPool;\n'],
    ["app/(desk)/desk/example/page.tsx", 'import { db } from "../../../../lib/db";\nexport const x = db;\n'],
    ["app/api/example/route.ts", 'import pg from "pg";\nexport const x = pg;\n'],
    ["components/example.tsx", 'import { PrismaPg } from "@prisma/adapter-pg";\nexport const x = PrismaPg;\n'],
    ["app/example/page.tsx", 'import { PrismaClient } from "@/lib/generated/prisma/client";\nexport const x = PrismaClient;\n'],
    ["components/example.tsx", 'import { Role } from "@/lib/generated/prisma/enums";\nexport const x = Role;\n'],
    ["proxy.ts", 'import type { Tx } from "@/lib/db";\nexport type X = Tx;\n'],
    ["instrumentation.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    // Posting's copy of the comment settings checks no one: pages read them through getCommentSettings(actor).
    ["app/(desk)/desk/settings/page.tsx", 'import { cachedCommentSettings } from "@/lib/comments/settings";\nexport const x = cachedCommentSettings;\n'],
  ];

  it.each(violations)("reports the import in %s", { timeout: 60_000 }, async (filePath, code) => {
    expect(await layeringMessages(filePath, code)).toEqual([expect.stringContaining("Only lib/")]);
  });

  const allowed: Array<[string, string]> = [
    ["lib/stories/example.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    ["tests/integration/example.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    ["e2e/example.spec.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    ["scripts/example.ts", 'import pg from "pg";\nexport const x = pg;\n'],
    ["prisma/example.ts", 'import type { PrismaClient } from "@/lib/generated/prisma/client";\nexport type X = PrismaClient;\n'],
    ["app/(site)/example/page.test.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n'],
    // The enums are string unions: their types may be named anywhere.
    ["components/example.tsx", 'import type { Role } from "@/lib/generated/prisma/enums";\nexport type X = Role;\n'],
    ["app/example/page.tsx", 'import { type StoryStatus } from "@/lib/generated/prisma/enums";\nexport type X = StoryStatus;\n'],
    ["app/(desk)/desk/settings/page.tsx", 'import { getCommentSettings } from "@/lib/comments/settings";\nexport const x = getCommentSettings;\n'],
  ];

  it.each(allowed)("allows the import in %s", { timeout: 60_000 }, async (filePath, code) => {
    expect(await layeringMessages(filePath, code)).toEqual([]);
  });
});

describe("what the lint rule cannot see", () => {
  it("finds no import(\"…\") of the database in app/, components/ or the files at the root", () => {
    const files = [...sourceFiles("app"), ...sourceFiles("components"), "proxy.ts", "instrumentation.ts", "instrumentation-client.ts", "next.config.ts"];
    const found = files.flatMap((file) => dynamicImportsOf(parse(file)).filter(isDatabaseImport).map((specifier) => `${file}: ${specifier}`));
    expect(found).toEqual([]);
    // The scan sees dynamic imports at all: instrumentation.ts loads the scheduler with one.
    expect(dynamicImportsOf(parse("instrumentation.ts"))).toContain("@/lib/stories/scheduler");
  });
});

describe("lib/, scripts/ and prisma/ never import from app/ or components/", () => {
  const violations: Array<[string, string]> = [
    ["lib/stories/example.ts", 'import { saveStoryAction } from "@/app/(desk)/desk/actions";\nexport const x = saveStoryAction;\n'],
    ["lib/example.ts", 'import { StoryBody } from "@/components/story/story-body";\nexport const x = StoryBody;\n'],
    ["lib/feeds/example.ts", 'import { StoryBody } from "../../components/story/story-body";\nexport const x = StoryBody;\n'],
    ["lib/feeds/example.ts", 'import type { Props } from "../../app/layout";\nexport type X = Props;\n'],
    ["scripts/example.ts", 'import { x } from "../components/site/pagination";\nexport const y = x;\n'],
    ["prisma/example.ts", 'import { x } from "@/app/(site)/page";\nexport const y = x;\n'],
  ];

  it.each(violations)("reports the import in %s", { timeout: 60_000 }, async (filePath, code) => {
    expect(await layeringMessages(filePath, code)).toEqual([expect.stringContaining("never import from app/ or components/")]);
  });

  it("allows lib/ to import lib/", { timeout: 60_000 }, async () => {
    expect(await layeringMessages("lib/feeds/example.ts", 'import { AppError } from "@/lib/errors";\nexport const x = AppError;\n')).toEqual([]);
    // "apps" and "components-kit" are other names, not the folders.
    expect(await layeringMessages("lib/feeds/example.ts", 'import { x } from "@/lib/apps";\nexport const y = x;\n')).toEqual([]);
  });
});

/**
 * lib/ modules that reach the database without `import "server-only"`, and why. Next loads the
 * cache handler (and what it imports) with Node's own import, outside its bundles, where the
 * marker would throw.
 */
const NOT_SERVER_ONLY: Readonly<Record<string, string>> = {
  "lib/cache/tag-stamps.mjs": "the cache handler's listener and poller: Next imports the handler with plain Node, outside any bundle (next.config.ts cacheHandler)",
  "lib/cache/shared-store.mjs": "the shared page store, read by the cache handler (plain Node, as above) and by scripts/serve.mjs before Next",
  "lib/cache/warm-up.mjs": "each app process's warm-up, run by scripts/serve.mjs (plain Node) before it listens",
};

describe('import "server-only"', () => {
  const databaseModules = sourceFiles("lib").filter((file) => importsOf(parse(file)).some((entry) => isDatabaseImport(entry.specifier)));

  it("finds the database layer", () => {
    expect(databaseModules).toEqual(expect.arrayContaining(["lib/db.ts", "lib/stories/queries.ts", "lib/comments/post.ts", "lib/auth/actor.ts"]));
  });

  it("marks every lib/ module that reaches the database, so a client component importing one fails the build", () => {
    const unmarked = databaseModules.filter((file) => !Object.hasOwn(NOT_SERVER_ONLY, file) && !importsServerOnly(parse(file)));
    expect(unmarked).toEqual([]);
  });

  it("marks the modules that hold secrets and sessions", () => {
    for (const file of ["lib/auth/session.ts", "lib/auth/session-token.ts", "lib/auth/secret-box.ts", "lib/auth/auth.ts", "lib/auth/sessions.ts"]) {
      expect(importsServerOnly(parse(file)), file).toBe(true);
    }
  });

  it("keeps its list of exceptions true", () => {
    for (const file of Object.keys(NOT_SERVER_ONLY)) expect(databaseModules, file).toContain(file);
  });
});
