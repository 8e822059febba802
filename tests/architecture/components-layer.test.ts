// The layering rule of eslint.config.mjs, run on deliberate violations through ESLint's own API:
// components/ and lib/ never import from app/ (server actions and their form-state types live in
// lib/actions/), so a page can be moved or deleted without breaking the parts beneath it.

import path from "node:path";

import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const RULE = "no-restricted-syntax";

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The layering messages ESLint reports for this code as the file at this path. */
async function layeringMessages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === RULE).map((message) => message.message);
}

describe("components and lib do not import from app/", () => {
  it.each([
    ['import { personAction } from "@/app/(desk)/desk/people/actions";\nexport const a = personAction;\n', "components/people/violation.tsx"],
    ['import type { Thing } from "../../app/(site)/account/actions";\nexport type A = Thing;\n', "components/auth/violation.tsx"],
    ['export { signOutAction } from "@/app/actions";\n', "lib/actions/violation.ts"],
    ['export async function load() {\n  return import("@/app/(desk)/desk/page");\n}\n', "components/desk/violation.tsx"],
  ])("reports %j in %s", async (code, file) => {
    const messages = await layeringMessages(code, file);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/do not import from app\//);
  }, 60_000);

  it("allows lib/actions/, and app/ importing its own files", async () => {
    expect(await layeringMessages('import { personAction } from "@/lib/actions/people";\nexport const a = personAction;\n', "components/people/fine.tsx")).toEqual([]);
    expect(await layeringMessages('import Page from "@/app/(desk)/desk/page";\nexport const a = Page;\n', "app/(desk)/desk/fine.tsx")).toEqual([]);
  }, 60_000);
});
