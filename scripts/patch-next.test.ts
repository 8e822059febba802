import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { nextRoot, PATCHES, patchText, SEGMENT_DATA_PATCH, STRINGIFY_PATCH } from "./patch-next.mjs";

describe("the postinstall changes to Next.js (docs/fast-paths.md)", () => {
  it("IncrementalCache.set measures only data-cache entries, in the minified runtimes and the readable source", () => {
    const minified = 'n=oM(e,t),a=i}let i=JSON.stringify(t).length;if(r.fetchCache&&i>2097152&&!this.hasCustomCacheHandler){console.warn("x");return}';
    const once = patchText(minified, STRINGIFY_PATCH);
    expect(once.state).toBe("patched");
    expect(once.text).toContain("let i=r.fetchCache?JSON.stringify(t).length:0;if(r.fetchCache&&i>2097152&&");
    expect(patchText(once.text, STRINGIFY_PATCH)).toEqual({ text: once.text, state: "already" });

    const source = "        const itemSize = JSON.stringify(data).length;\n        if (ctx.fetchCache && itemSize > 2 * 1024 * 1024 &&";
    expect(patchText(source, STRINGIFY_PATCH).text).toContain("const itemSize = ctx.fetchCache ? JSON.stringify(data).length : 0;");
    expect(patchText("nothing of the kind", STRINGIFY_PATCH).state).toBe("missing");
  });

  it("derives per-segment prefetch data only in next build, in the minified runtimes and the readable source", () => {
    const minified =
      "let p=\"fallbackRouteParams\"in t?t.fallbackRouteParams:null,m=null!=p&&p.size>0&&!0===n.isFallbackUpgradeable;i.segmentData=await r.collectSegmentData(n.cacheComponents,e,d,o,c,!!n.experimental.prefetchInlining,s,m)}require(\"x\")";
    const once = patchText(minified, SEGMENT_DATA_PATCH);
    expect(once.state).toBe("patched");
    expect(once.text).toContain(
      "i.segmentData=n.isBuildTimePrerendering?await r.collectSegmentData(n.cacheComponents,e,d,o,c,!!n.experimental.prefetchInlining,s,m):void 0}require(",
    );
    expect(patchText(once.text, SEGMENT_DATA_PATCH)).toEqual({ text: once.text, state: "already" });

    const source =
      "    metadata.segmentData = await ComponentMod.collectSegmentData(renderOpts.cacheComponents, fullPageDataBuffer, staleTime, clientModules, serverConsumerManifest, Boolean(renderOpts.experimental.prefetchInlining), hints, isUpgradeableISRFallback);\n}";
    const readable = patchText(source, SEGMENT_DATA_PATCH);
    expect(readable.text).toContain("metadata.segmentData = renderOpts.isBuildTimePrerendering ? await ComponentMod.collectSegmentData(");
    expect(readable.text).toContain("hints, isUpgradeableISRFallback) : undefined;");
    expect(patchText(readable.text, SEGMENT_DATA_PATCH).state).toBe("already");
    expect(patchText("nothing of the kind", SEGMENT_DATA_PATCH).state).toBe("missing");
  });

  it("is applied to every installed file that holds a patched line (a Next.js upgrade that moved one fails here)", () => {
    const root = nextRoot();
    for (const patch of PATCHES) {
      for (const file of patch.files) {
        const { state } = patchText(readFileSync(path.join(root, file), "utf8"), patch);
        expect({ patch: patch.name, file, state }).toEqual({ patch: patch.name, file, state: "already" });
      }
    }
  });
});
