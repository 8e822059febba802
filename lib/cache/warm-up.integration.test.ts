import type { IncomingMessage, ServerResponse } from "node:http";

import { describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { unique } from "@/tests/integration/factories";

import { warmUp } from "./warm-up.mjs";

async function storePage(buildId: string, path: string | null, renderedSecondsAgo: number) {
  const key = unique("warm-key");
  await db.$executeRaw`
    INSERT INTO "ReaderPage" ("key", "buildId", "kind", "tags", "freshAsOf", "renderedAt", "payload", "checksum", "path", "bytes")
    VALUES (${key}, ${buildId}, 'APP_PAGE', ARRAY[]::text[], '1:1:', now() - make_interval(secs => ${renderedSecondsAgo}), '\\x00'::bytea, 'x', ${path}, 1)`;
}

/** A handler that answers every request and notes what was asked, as the process's own would be. */
function recordingHandler() {
  const asked: Array<{ path: string; encoding: string | undefined }> = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    asked.push({ path: req.url ?? "", encoding: req.headers["accept-encoding"] });
    res.end("page");
  };
  return { asked, handler };
}

describe("the warm-up before a process takes readers", () => {
  it("asks its own handler for this build's most recently stored pages, each twice, and nothing else", async () => {
    const build = unique("warm-build");
    await storePage(build, "/world/older", 60);
    await storePage(build, "/world/newest", 1);
    await storePage(build, "/world/newer", 10);
    await storePage(build, null, 0);
    await storePage(unique("other-build"), "/world/other-build", 0);
    const { asked, handler } = recordingHandler();

    const result = await warmUp({ handler, databaseUrl: process.env.DATABASE_URL, buildId: build, pages: 2, concurrency: 1 });

    expect(result).toMatchObject({ pages: 2, requests: 4 });
    expect(asked.map((request) => request.path)).toEqual(["/world/newest", "/world/newer", "/world/newest", "/world/newer"]);
    expect(asked[0]!.encoding).toContain("br");
  });

  it("asks for nothing when the build has no stored pages, and gives up quietly when the store cannot be reached", async () => {
    const { asked, handler } = recordingHandler();
    expect(await warmUp({ handler, databaseUrl: process.env.DATABASE_URL, buildId: unique("empty-build") })).toMatchObject({ pages: 0, requests: 0 });

    const unreachable = await warmUp({ handler, databaseUrl: "postgresql://nobody:nothing@127.0.0.1:1/none", buildId: "any", timeLimitMs: 2000 });
    expect(unreachable).toMatchObject({ pages: 0, requests: 0 });
    expect(unreachable.error).toBeTruthy();
    expect(asked).toEqual([]);
  });
});
