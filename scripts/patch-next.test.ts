import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { nextRoot, PATCHED_FILES, patchText } from "./patch-next.mjs";

describe("the postinstall change to Next.js's IncrementalCache.set (docs/fast-paths.md)", () => {
  it("measures only data-cache entries, in the minified runtimes and the readable source", () => {
    const minified = 'n=oM(e,t),a=i}let i=JSON.stringify(t).length;if(r.fetchCache&&i>2097152&&!this.hasCustomCacheHandler){console.warn("x");return}';
    const once = patchText(minified);
    expect(once.state).toBe("patched");
    expect(once.text).toContain("let i=r.fetchCache?JSON.stringify(t).length:0;if(r.fetchCache&&i>2097152&&");
    expect(patchText(once.text)).toEqual({ text: once.text, state: "already" });

    const source = "        const itemSize = JSON.stringify(data).length;\n        if (ctx.fetchCache && itemSize > 2 * 1024 * 1024 &&";
    expect(patchText(source).text).toContain("const itemSize = ctx.fetchCache ? JSON.stringify(data).length : 0;");
    expect(patchText("nothing of the kind").state).toBe("missing");
  });

  it("is applied to every installed file that holds it (a Next.js upgrade that moved the line fails here)", () => {
    const root = nextRoot();
    for (const file of PATCHED_FILES) {
      const { state } = patchText(readFileSync(path.join(root, file), "utf8"));
      expect({ file, state }).toEqual({ file, state: "already" });
    }
  });
});
