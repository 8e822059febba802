// The comment endpoint as scripts/serve.mjs serves it: answerCommentPostNode behind a real Node
// HTTP server, against PostgreSQL. The route handler under `next start` runs the same
// answerCommentPost, and e2e/comments.spec.ts posts through the running app.

import http from "node:http";
import type { AddressInfo } from "node:net";

import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { revokeSession, startSession } from "@/lib/auth/sessions";
import { answerCommentPostNode, commentPostTarget } from "@/lib/comments/post-endpoint";
import { db } from "@/lib/db";
import { reloadEnv } from "@/lib/env.mjs";
import { makeStory, makeUser, unique } from "@/tests/integration/factories";

const COOKIE = "authjs.session-token";
const SECRET = "post-endpoint-integration-secret-0123456789";

let server: http.Server;
let base = "";
let storyId = "";
let readerId = "";
let readerCookie = "";

/** The cookie signing in would set: a session row, and a token naming it. */
async function cookieFor(userId: string): Promise<string> {
  const sid = await startSession(userId, { userAgent: "integration test" });
  return `${COOKIE}=${await encode({ token: { sub: userId, sid }, secret: SECRET, salt: COOKIE })}`;
}

beforeAll(async () => {
  process.env.AUTH_SECRET = SECRET;
  reloadEnv();
  server = http.createServer((request, response) => {
    const target = commentPostTarget(request.method, request.url);
    if (target === null) {
      response.writeHead(418).end();
      return;
    }
    void answerCommentPostNode(target, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  storyId = (await makeStory({ status: "PUBLISHED" })).id;
  readerId = (await makeUser("READER")).id;
  readerCookie = await cookieFor(readerId);
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function post(path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) {
  return fetch(`${base}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base, Cookie: readerCookie, ...init.headers },
    body: init.body,
    duplex: "half",
  } as RequestInit);
}

async function commentsBy(authorId: string) {
  return db.comment.findMany({ where: { authorId }, select: { body: true, status: true, storyId: true } });
}

describe("commentPostTarget", () => {
  it("takes POSTs to a story's comments and nothing else", () => {
    expect(commentPostTarget("POST", "/api/stories/abc/comments")).toBe("abc");
    expect(commentPostTarget("POST", "/api/stories/abc/comments?x=1")).toBe("abc");
    expect(commentPostTarget("GET", "/api/stories/abc/comments")).toBeNull();
    expect(commentPostTarget("POST", "/api/stories/abc/comments/")).toBeNull();
    expect(commentPostTarget("POST", "/api/stories/a/b/comments")).toBeNull();
    expect(commentPostTarget("POST", "/api/stories/%E0%A4%A/comments")).toBeNull();
  });
});

describe("POST /api/stories/<id>/comments, served from Node's request", () => {
  it("posts the comment for the reader the session cookie names, with the site's security headers", async () => {
    const text = unique("A posted comment");
    const response = await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: text }) });
    expect(response.status).toBe(201);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    const answer = (await response.json()) as { id: string; status: string; heldBecause: string | null };
    expect(answer).toMatchObject({ status: "APPROVED", heldBecause: null });
    const stored = await db.comment.findUniqueOrThrow({ where: { id: answer.id }, select: { body: true, authorId: true, storyId: true } });
    expect(stored).toEqual({ body: text, authorId: readerId, storyId });
  });

  it("refuses what it must refuse, with a message, and writes nothing", async () => {
    const author = await makeUser("READER");
    const cookie = await cookieFor(author.id);
    const path = `/api/stories/${storyId}/comments`;
    const cases: Array<{ init: Parameters<typeof post>[1]; status: number; error: RegExp }> = [
      { init: { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: cookie, Origin: "https://elsewhere.example" } }, status: 403, error: /this site's own pages/ },
      { init: { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: cookie, "Sec-Fetch-Site": "cross-site" } }, status: 403, error: /this site's own pages/ },
      { init: { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: cookie, "Content-Type": "text/plain" } }, status: 415, error: /Content-Type: application\/json/ },
      { init: { body: "{not json", headers: { Cookie: cookie } }, status: 400, error: /not valid JSON/ },
      { init: { body: JSON.stringify(["Hi"]), headers: { Cookie: cookie } }, status: 400, error: /Send an object/ },
      { init: { body: JSON.stringify({ body: "   " }), headers: { Cookie: cookie } }, status: 400, error: /the comment is empty/ },
      { init: { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: "" } }, status: 401, error: /Sign in/ },
      { init: { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: `${COOKIE}=not-a-token` } }, status: 401, error: /Sign in/ },
    ];
    for (const { init, status, error } of cases) {
      const response = await post(path, init);
      expect(response.status, JSON.stringify(init)).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }
    const unknown = await post(`/api/stories/${crypto.randomUUID()}/comments`, { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: cookie } });
    expect(unknown.status).toBe(404);
    const notAnId = await post(`/api/stories/not-a-story/comments`, { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: cookie } });
    expect(notAnId.status).toBe(404);
    expect(await commentsBy(author.id)).toEqual([]);
  });

  it("refuses a body over 64 KB, declared or streamed without a length, and writes nothing", async () => {
    const author = await makeUser("READER");
    const cookie = await cookieFor(author.id);
    const big = JSON.stringify({ body: "x".repeat(70 * 1024) });
    const declared = await post(`/api/stories/${storyId}/comments`, { body: big, headers: { Cookie: cookie } });
    expect(declared.status).toBe(413);
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 70; i++) controller.enqueue(new TextEncoder().encode("x".repeat(1024)));
        controller.close();
      },
    });
    const chunked = await post(`/api/stories/${storyId}/comments`, { body: streamed, headers: { Cookie: cookie } });
    expect(chunked.status).toBe(413);
    expect(((await chunked.json()) as { error: string }).error).toBe("That request is too large for a comment.");
    expect(await commentsBy(author.id)).toEqual([]);
  });

  it("refuses a cookie whose session has ended (a copy kept after signing out) and one without a session, writing nothing", async () => {
    const author = await makeUser("READER");
    const sid = await startSession(author.id, { userAgent: "integration test" });
    const cookie = `${COOKIE}=${await encode({ token: { sub: author.id, sid }, secret: SECRET, salt: COOKIE })}`;
    const first = await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: unique("Before signing out") }), headers: { Cookie: cookie } });
    expect(first.status).toBe(201);
    await revokeSession(sid, "sign-out");
    const replayed = await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: "After signing out" }), headers: { Cookie: cookie } });
    expect(replayed.status).toBe(401);
    expect(((await replayed.json()) as { error: string }).error).toMatch(/Sign in/);
    // A token from before sessions were kept names no session: refused too.
    const noSid = `${COOKIE}=${await encode({ token: { sub: author.id }, secret: SECRET, salt: COOKIE })}`;
    expect((await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: "Old token" }), headers: { Cookie: noSid } })).status).toBe(401);
    expect((await commentsBy(author.id)).map((comment) => comment.body)).toHaveLength(1);
  });

  it("refuses a banned account as signed out, and tells a suspended one why", async () => {
    const banned = await makeUser("READER");
    await db.user.update({ where: { id: banned.id }, data: { status: "BANNED" } });
    const bannedAnswer = await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: await cookieFor(banned.id) } });
    expect(bannedAnswer.status).toBe(401);
    const suspended = await makeUser("READER");
    await db.user.update({ where: { id: suspended.id }, data: { status: "SUSPENDED", suspendedUntil: new Date(Date.now() + 86_400_000), statusReason: "Insults." } });
    const suspendedAnswer = await post(`/api/stories/${storyId}/comments`, { body: JSON.stringify({ body: "Hi" }), headers: { Cookie: await cookieFor(suspended.id) } });
    expect(suspendedAnswer.status).toBe(403);
    expect(((await suspendedAnswer.json()) as { error: string }).error).toMatch(/suspended until .*The reason given: Insults\./);
    expect([...(await commentsBy(banned.id)), ...(await commentsBy(suspended.id))]).toEqual([]);
  });
});
