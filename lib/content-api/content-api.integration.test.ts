// The Content API against the real database: keys, filters, fields and include, cursors, ETags,
// rate limits, and never anything readers may not see. Every answer is checked against the OpenAPI
// document (tests/integration/api-client.ts).

import { beforeEach, describe, expect, it } from "vitest";

import { flushApiKeyUsage } from "@/lib/api-keys/authenticate";
import { revokeApiKey } from "@/lib/api-keys/mutations";
import { clearContentAnswerCache } from "@/lib/content-api/http";
import { db } from "@/lib/db";
import { changeStoryStatus } from "@/lib/stories/mutations";
import { callApi, expectContract, makeKey } from "@/tests/integration/api-client";
import { doc, makeActor, makeByline, makeSection, makeStory, unique } from "@/tests/integration/factories";

beforeEach(() => {
  // Stories made straight in the database stamp no reader-cache tag: start each test from nothing kept.
  clearContentAnswerCache();
});

async function published(sectionId: string, publishedAt: Date, extra: { bylineIds?: string[] } = {}) {
  const story = await makeStory({ status: "PUBLISHED", sectionId, ...extra });
  await db.story.update({ where: { id: story.id }, data: { publishedAt, firstPublishedAt: publishedAt } });
  return story;
}

async function tagStory(storyId: string, name: string) {
  const tag = await db.tag.upsert({ where: { slug: name }, create: { name, slug: name }, update: {}, select: { id: true, slug: true } });
  await db.storyTag.create({ data: { storyId, tagId: tag.id } });
  return tag;
}

const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12));

describe("keys", () => {
  it("refuses a request without a key, with an unknown key and with a revoked key, and accepts both headers", async () => {
    const key = await makeKey();
    const missing = await callApi("/api/content/v1/sections");
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("UNAUTHENTICATED");
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    const unknown = await callApi("/api/content/v1/sections", { key: "nd_not-a-real-key" });
    expect(unknown.status).toBe(401);
    expect((await callApi("/api/content/v1/sections", { key: key.secret })).status).toBe(200);
    expect((await callApi("/api/content/v1/sections", { key: key.secret, keyHeader: "x-api-key" })).status).toBe(200);

    await revokeApiKey(key.admin, key.id);
    const revoked = await callApi("/api/content/v1/sections", { key: key.secret });
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe("KEY_REVOKED");
    expect(revoked.body.error.message).toMatch(/revoked/);
  });

  it("is stored as a hash only, and records when it was last used", async () => {
    const key = await makeKey();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.secret);
    expect(key.secret.startsWith(row.prefix)).toBe(true);
    expect(row.lastUsedAt).toBeNull();
    await callApi("/api/content/v1/sections", { key: key.secret });
    await flushApiKeyUsage();
    const used = await db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
    expect(used.lastUsedAt).not.toBeNull();
    expect(Math.abs(used.lastUsedAt!.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it("is rate limited per key: past its limit a key gets 429 with Retry-After, another key is not", async () => {
    const key = await makeKey("READER", { rateLimit: 2 });
    const other = await makeKey();
    const first = await callApi("/api/content/v1/sections", { key: key.secret });
    expect(first.headers.get("ratelimit-limit")).toBe("2");
    expect(first.headers.get("ratelimit-remaining")).toBe("1");
    expect((await callApi("/api/content/v1/sections", { key: key.secret })).status).toBe(200);
    const refused = await callApi("/api/content/v1/sections", { key: key.secret });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await callApi("/api/content/v1/sections", { key: other.secret })).status).toBe(200);
  });
});

describe("stories", () => {
  it("lists only what readers may see: never drafts, stories in review, scheduled (embargoed) or unpublished ones", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    const visible = await published(section.id, day(3));
    const hidden = await Promise.all(["DRAFT", "IN_REVIEW", "UNPUBLISHED"].map((status) => makeStory({ status: status as "DRAFT", sectionId: section.id })));
    const scheduled = await makeStory({ status: "DRAFT", sectionId: section.id });
    await db.story.update({ where: { id: scheduled.id }, data: { status: "SCHEDULED", scheduledFor: new Date(Date.now() + 86_400_000) } });
    const list = await callApi(`/api/content/v1/stories?section=${section.slug}`, { key: secret });
    expect(list.status).toBe(200);
    expect(list.body.data.map((story: { id: string }) => story.id)).toEqual([visible.id]);
    for (const story of [...hidden, scheduled]) {
      const one = await callApi(`/api/content/v1/stories/${story.id}`, { key: secret });
      expect(one.status).toBe(404);
      const bySlug = await callApi(`/api/content/v1/stories/${story.slug}`, { key: secret });
      expect(bySlug.status).toBe(404);
    }
    const shown = await callApi(`/api/content/v1/stories/${visible.slug}`, { key: secret });
    expect(shown.body.data.id).toBe(visible.id);
  });

  it("filters by section, tag, byline, date range and updated since", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    const otherSection = await makeSection();
    const byline = await db.byline.create({ data: { kind: "PERSON", name: unique("Writer"), slug: unique("writer") }, select: { id: true, slug: true } });
    const a = await published(section.id, day(1), { bylineIds: [byline.id] });
    const b = await published(section.id, day(5));
    const c = await published(otherSection.id, day(9), { bylineIds: [byline.id] });
    const tagName = unique("tag");
    await tagStory(b.id, tagName);
    await tagStory(c.id, tagName);
    const ids = async (query: string) => {
      const answer = await callApi(`/api/content/v1/stories?${query}&fields=id`, { key: secret });
      expect(answer.status, query).toBe(200);
      return answer.body.data.map((story: { id: string }) => story.id);
    };
    expect(await ids(`section=${section.slug}`)).toEqual([b.id, a.id]);
    expect(await ids(`tag=${tagName}`)).toEqual([c.id, b.id]);
    expect(await ids(`byline=${byline.slug}`)).toEqual([c.id, a.id]);
    expect(await ids(`byline=${byline.slug}&section=${otherSection.slug}`)).toEqual([c.id]);
    expect(await ids(`tag=${tagName}&from=2026-01-01&to=2026-01-05`)).toEqual([b.id]);
    expect(await ids(`byline=${byline.slug}&from=2026-01-02T00:00:00Z`)).toEqual([c.id]);
    await db.story.update({ where: { id: a.id }, data: { updatedAt: new Date(Date.now() + 60_000) } });
    expect(await ids(`byline=${byline.slug}&updatedSince=${new Date(Date.now() + 30_000).toISOString()}`)).toEqual([a.id]);
  });

  it("refuses an unknown parameter, field or include, and a filter or cursor that does not parse, with 400 and the parameter named", async () => {
    const { secret } = await makeKey();
    const cases: Array<[string, string]> = [
      ["colour=red", "colour"],
      ["fields=id,password", "fields"],
      ["include=comments", "include"],
      ["from=yesterday", "from"],
      ["from=2026-02-30", "from"],
      ["updatedSince=2026-01-01T10:00:00", "updatedSince"],
      ["from=2026-02-01&to=2026-01-01", "to"],
      ["section=Not%20A%20Slug", "section"],
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["cursor=%%%", "cursor"],
      [`cursor=${Buffer.from('["x"]').toString("base64url")}`, "cursor"],
      ["tag=a&tag=b", "tag"],
    ];
    for (const [query, parameter] of cases) {
      const answer = await callApi(`/api/content/v1/stories?${query}`, { key: secret });
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe("INVALID_PARAMETER");
      expect(answer.body.error.details.parameter, query).toBe(parameter);
    }
    expect((await callApi("/api/content/v1/sections?limit=2", { key: secret })).status).toBe(400);
  });

  it("gives the fields asked for, embeds what include names, and the body as the document and as escaped HTML", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    const story = await published(section.id, day(2));
    const body = doc("Plain <script>alert(1)</script> & text");
    await db.story.update({ where: { id: story.id }, data: { body: body as object } });
    const tagName = unique("topic");
    await tagStory(story.id, tagName);
    await db.correction.create({ data: { storyId: story.id, text: "An earlier version misspelt the name." } });

    const plain = await callApi(`/api/content/v1/stories/${story.id}`, { key: secret });
    expect(Object.keys(plain.body.data)).not.toContain("body");
    expect(plain.body.data.sectionId).toBe(section.id);
    expect(plain.body.data.url).toMatch(new RegExp(`/${section.slug}/${story.slug}$`));

    const some = await callApi(`/api/content/v1/stories/${story.id}?fields=headline,body,bodyHtml&include=section,bylines,tags,corrections`, { key: secret });
    expect(Object.keys(some.body.data).sort()).toEqual(["body", "bodyHtml", "bylines", "corrections", "headline", "section", "tags"]);
    expect(some.body.data.body).toEqual(body);
    expect(some.body.data.bodyHtml).toBe("<p>Plain &lt;script&gt;alert(1)&lt;/script&gt; &amp; text</p>");
    expect(some.body.data.section.slug).toBe(section.slug);
    expect(some.body.data.tags.map((tag: { slug: string }) => tag.slug)).toEqual([tagName]);
    expect(some.body.data.corrections.map((c: { text: string }) => c.text)).toEqual(["An earlier version misspelt the name."]);
    expect(some.body.data.bylines).toHaveLength(1);
  });

  it("pages with an opaque cursor that stays stable when stories are published meanwhile", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    const made = [];
    for (let n = 1; n <= 5; n += 1) made.push(await published(section.id, day(n)));
    const newestFirst = made.map((story) => story.id).reverse();
    const first = await callApi(`/api/content/v1/stories?section=${section.slug}&limit=2&fields=id`, { key: secret });
    expect(first.body.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // Published between two pages, newer than everything: the next page is not shifted by it.
    await published(section.id, day(20));
    clearContentAnswerCache();
    const second = await callApi(`/api/content/v1/stories?section=${section.slug}&limit=2&fields=id&cursor=${first.body.nextCursor}`, { key: secret });
    expect(second.body.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(2, 4));
    const third = await callApi(`/api/content/v1/stories?section=${section.slug}&limit=2&fields=id&cursor=${second.body.nextCursor}`, { key: secret });
    expect(third.body.data.map((s: { id: string }) => s.id)).toEqual(newestFirst.slice(4));
    expect(third.body.nextCursor).toBeNull();
  });

  it("answers with an ETag and Cache-Control, 304 to If-None-Match, and a new ETag once a publish changes the list", async () => {
    const { secret } = await makeKey();
    const editor = await makeActor("EDITOR", { withByline: true });
    const section = await makeSection();
    await published(section.id, day(1));
    const path = `/api/content/v1/stories?section=${section.slug}&fields=id,headline`;
    const first = await callApi(path, { key: secret });
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("cache-control")).toContain("max-age=");
    const again = await callApi(path, { key: secret, headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);

    // Published through the desk's own function: the change stamps the reader cache, so the API answers it at once.
    const draft = await makeStory({ sectionId: section.id, createdById: editor.id });
    await db.story.update({ where: { id: draft.id }, data: { body: doc("A full paragraph of news.") as object } });
    await changeStoryStatus(editor, { storyId: draft.id, version: draft.version, action: "publish", acknowledgeWarnings: true });
    const after = await callApi(path, { key: secret, headers: { "if-none-match": etag! } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(after.body.data.map((s: { id: string }) => s.id)).toContain(draft.id);
  });
});

describe("compression", () => {
  it("gzips a large answer once for clients that accept it, and sends it plain to those that do not", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    for (let n = 1; n <= 3; n += 1) await published(section.id, day(n));
    const path = `/api/content/v1/stories?section=${section.slug}&fields=id,headline,body,bodyHtml&include=section,bylines`;
    const plain = await callApi(path, { key: secret });
    expect(plain.headers.get("content-encoding")).toBeNull();
    const gzipped = await callApi(path, { key: secret, headers: { "accept-encoding": "br, gzip" } });
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    expect(gzipped.headers.get("vary")).toContain("Accept-Encoding");
    expect(gzipped.body).toEqual(plain.body);
    expect(gzipped.headers.get("etag")).toBe(plain.headers.get("etag"));
    const refused = await callApi(path, { key: secret, headers: { "accept-encoding": "gzip;q=0" } });
    expect(refused.headers.get("content-encoding")).toBeNull();
  });
});

describe("sections, bylines, tags and corrections", () => {
  it("lists sections, bylines and tags of published stories with counts, and corrections of published stories only", async () => {
    const { secret } = await makeKey();
    const section = await makeSection();
    const byline = await makeByline("PERSON");
    const unusedByline = await makeByline("PERSON");
    const story = await published(section.id, day(4), { bylineIds: [byline.id] });
    const draft = await makeStory({ sectionId: section.id });
    const tagName = unique("counted");
    await tagStory(story.id, tagName);
    await tagStory(draft.id, tagName);
    await db.correction.create({ data: { storyId: story.id, text: unique("Shown correction") } });
    const hiddenText = unique("Draft correction");
    await db.correction.create({ data: { storyId: draft.id, text: hiddenText } });

    const sections = await callApi("/api/content/v1/sections", { key: secret });
    expect(sections.body.data.map((s: { slug: string }) => s.slug)).toContain(section.slug);

    const all = async (path: string) => {
      const items: Array<Record<string, unknown>> = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: Array<Record<string, unknown>>; nextCursor: string | null } } = await callApi(`${path}?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { key: secret });
        items.push(...page.body.data);
        cursor = page.body.nextCursor;
      } while (cursor);
      return items;
    };
    const bylines = await all("/api/content/v1/bylines");
    expect(bylines.map((b) => b.id)).toContain(byline.id);
    expect(bylines.map((b) => b.id)).not.toContain(unusedByline.id);
    const tags = await all("/api/content/v1/tags");
    expect(tags.find((t) => t.slug === tagName)?.storyCount).toBe(1);
    const corrections = await callApi("/api/content/v1/corrections?limit=100", { key: secret });
    const texts = corrections.body.data.map((c: { text: string }) => c.text);
    expect(texts).not.toContain(hiddenText);
  });
});

describe("the contract check", () => {
  it("would catch an answer the OpenAPI document does not describe", async () => {
    const answer = new Response("{}", { status: 200 });
    await expect(expectContract("get", "/api/content/v1/stories", answer, { data: [{ id: "x", secret: 1 }], nextCursor: null })).rejects.toThrow();
    await expect(expectContract("get", "/api/content/v1/stories", new Response(null, { status: 418 }), null)).rejects.toThrow();
    await expect(expectContract("get", "/api/content/v1/sections", answer, { data: [] })).resolves.toBeUndefined();
  });
});
