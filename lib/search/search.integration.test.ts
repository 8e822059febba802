import { randomBytes } from "node:crypto";

import { describe, expect, it } from "vitest";

import { db, getPool } from "@/lib/db";
import {
  COUNT_LIMIT,
  MAX_PAGE,
  normaliseSearchQuery,
  parseSearchPage,
  QUERY_MAX,
  QUERY_MAX_WORDS,
  RANK_WINDOW,
  searchStories,
  toSegments,
  type SearchPage,
  type SearchSegment,
} from "@/lib/search/queries";
import { makeByline, makeSection, makeStory } from "@/tests/integration/factories";

// Every test searches for a word of its own, so tests running side by side never see each
// other's stories: letters only, so the parser reads it as a plain word.
function uniqueWord(): string {
  return `zq${Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join("")}`;
}

const HOUR = 60 * 60 * 1000;

async function publishedStory(
  text: { headline?: string; standfirst?: string; bodyText?: string },
  options: { publishedAt?: Date; sectionId?: string; bylineIds?: string[] } = {},
) {
  const story = await makeStory({ status: "PUBLISHED", sectionId: options.sectionId, bylineIds: options.bylineIds });
  await db.story.update({
    where: { id: story.id },
    data: {
      headline: text.headline ?? "Council meets on Tuesday",
      standfirst: text.standfirst ?? "",
      bodyText: text.bodyText ?? "Councillors met to discuss the budget.",
      publishedAt: options.publishedAt ?? new Date(),
    },
  });
  return story;
}

const matched = (segments: SearchSegment[]) => segments.filter((segment) => segment.match).map((segment) => segment.text);
const ids = (page: SearchPage) => page.results.map((result) => result.id);

describe("searchStories", () => {
  it("ranks a headline match above a standfirst match above a body match, and newer first among equals", async () => {
    const word = uniqueWord();
    const now = Date.now();
    // The body match is the newest, so only ranking can put it last.
    const inBody = await publishedStory({ bodyText: `Officials said ${word} would be reviewed next year.` }, { publishedAt: new Date(now) });
    const inStandfirst = await publishedStory({ standfirst: `A report on ${word} and the harbour.` }, { publishedAt: new Date(now - HOUR) });
    const inHeadline = await publishedStory({ headline: `Harbour ${word} plan approved` }, { publishedAt: new Date(now - 2 * HOUR) });
    const olderInHeadline = await publishedStory({ headline: `Earlier ${word} plan shelved` }, { publishedAt: new Date(now - 3 * HOUR) });

    const result = await searchStories({ query: word, page: 1 });
    expect(ids(result)).toEqual([inHeadline.id, olderInHeadline.id, inStandfirst.id, inBody.id]);
    expect(result).toMatchObject({ query: word, total: 4, totalIsCapped: false, page: 1, hasMore: false });
  });

  it("finds old stories as well as this month's", async () => {
    const word = uniqueWord();
    const old = await publishedStory({ headline: `Archive ${word} report` }, { publishedAt: new Date("2019-03-14T09:00:00Z") });
    const recent = await publishedStory({ bodyText: `Today's ${word} report.` });
    const result = await searchStories({ query: word });
    expect(ids(result)).toEqual([old.id, recent.id]);
    expect(result.totalIsCapped).toBe(false);
  });

  it("finds other forms of a word (floods finds flooding) and highlights the word as written", async () => {
    const word = uniqueWord();
    const story = await publishedStory({
      headline: `Flooding closes ${word} bridge`,
      bodyText: `The river burst its banks overnight. Flooding reached the ${word} market by dawn, and residents were moved.`,
    });

    const result = await searchStories({ query: `floods ${word}`, page: 1 });
    expect(ids(result)).toEqual([story.id]);
    const [hit] = result.results;
    expect(matched(hit!.headlineSegments)).toEqual(["Flooding", word]);
    expect(hit!.headlineSegments.map((segment) => segment.text).join("")).toBe(`Flooding closes ${word} bridge`);
    expect(matched(hit!.snippet)).toEqual(expect.arrayContaining(["Flooding", word]));
    expect(hit!.snippet.map((segment) => segment.text).join("")).toContain(`reached the ${word} market`);
  });

  it("shows the whole standfirst when the match is there, else a fragment of the body", async () => {
    const word = uniqueWord();
    const inStandfirst = await publishedStory({ standfirst: `Ships return to ${word} after the storm.`, bodyText: `The ${word} quay reopened.` });
    const filler = "The council met again on Tuesday to discuss the budget for the coming year. ".repeat(30);
    const inBody = await publishedStory({ standfirst: "Ships return after the storm.", bodyText: `${filler}Late in the day the ${word} quay reopened to traffic. ${filler}` });

    const results = new Map((await searchStories({ query: word })).results.map((hit) => [hit.id, hit]));
    const standfirstHit = results.get(inStandfirst.id)!;
    expect(standfirstHit.snippet.map((segment) => segment.text).join("")).toBe(`Ships return to ${word} after the storm.`);
    expect(matched(standfirstHit.snippet)).toEqual([word]);
    const bodyHit = results.get(inBody.id)!;
    const snippet = bodyHit.snippet.map((segment) => segment.text).join("");
    expect(snippet).toContain(`the ${word} quay reopened`);
    expect(snippet.length).toBeLessThan(600);
    expect(matched(bodyHit.snippet)).toEqual([word]);
  });

  it("returns the story as a reader sees it: link, section, bylines in order, publication time", async () => {
    const word = uniqueWord();
    const section = await makeSection();
    const [first, second] = [await makeByline("PERSON"), await makeByline()];
    const publishedAt = new Date(Date.now() - 5 * HOUR);
    const story = await publishedStory(
      { headline: `Port ${word} reopens`, standfirst: "Ships return after the storm." },
      { sectionId: section.id, bylineIds: [first!.id, second!.id], publishedAt },
    );

    const [hit] = (await searchStories({ query: word })).results;
    expect(hit).toMatchObject({
      id: story.id,
      headline: `Port ${word} reopens`,
      standfirst: "Ships return after the storm.",
      href: `/${section.slug}/${story.slug}`,
      section: { name: section.name, slug: section.slug },
      publishedAt,
    });
    expect(hit!.bylines.map((byline) => byline.id)).toEqual([first!.id, second!.id]);
    // The match is in the headline alone: no snippet, the page shows the standfirst.
    expect(hit!.snippet).toEqual([]);
  });

  it("finds published stories only, and follows a story as it is edited, unpublished and deleted", async () => {
    const word = uniqueWord();
    for (const status of ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"] as const) {
      const story = await makeStory({ status });
      await db.story.update({ where: { id: story.id }, data: { headline: `Unseen ${word} story`, bodyText: `About ${word}.` } });
    }
    expect((await searchStories({ query: word })).total).toBe(0);

    const story = await publishedStory({ headline: `Seen ${word} story` });
    expect(ids(await searchStories({ query: word }))).toEqual([story.id]);

    const other = uniqueWord();
    await db.story.update({ where: { id: story.id }, data: { headline: `Seen ${other} story` } });
    expect((await searchStories({ query: word })).total).toBe(0);
    expect(ids(await searchStories({ query: other }))).toEqual([story.id]);

    await db.story.update({ where: { id: story.id }, data: { status: "UNPUBLISHED" } });
    expect((await searchStories({ query: other })).total).toBe(0);
    await db.story.update({ where: { id: story.id }, data: { status: "PUBLISHED" } });
    expect(ids(await searchStories({ query: other }))).toEqual([story.id]);

    await db.story.delete({ where: { id: story.id } });
    expect((await searchStories({ query: other })).total).toBe(0);
  });

  it("understands quotes, OR and minus the way a search box does", async () => {
    const word = uniqueWord();
    const phrase = await publishedStory({ bodyText: `The ${word} harbour wall was repaired.` });
    const apart = await publishedStory({ bodyText: `The harbour was quiet; ${word} traders stayed home.` });

    expect(ids(await searchStories({ query: `"${word} harbour"` }))).toEqual([phrase.id]);
    expect(new Set(ids(await searchStories({ query: `${word} harbour` })))).toEqual(new Set([phrase.id, apart.id]));
    expect(ids(await searchStories({ query: `${word} -wall` }))).toEqual([apart.id]);
    const either = await searchStories({ query: `${word} wall or ${word} traders` });
    expect(either.total).toBe(2);
  });

  it("answers odd and hostile input with a page of results, never an error other than a validation message", async () => {
    const word = uniqueWord();
    const story = await publishedStory({ headline: `Storm ${word} update 🌊` });
    const odd = [
      `"`,
      `""`,
      `"${word}`,
      `AND OR NOT -`,
      `${word} AND OR NOT - ( ) | & ! <-> :* :A`,
      `:*`,
      `${word}:*`,
      `\\`,
      `\\\\${word}\\`,
      `'; DROP TABLE "Story"; --`,
      `${word}'; DROP TABLE "Story"; --`,
      `<script>alert(1)</script>`,
      `🌊🌀🙂`,
      `${word} 🌊`,
      // Control characters and lone surrogates are refused with a message ("refuses a query with a NUL byte").
      `${"x".repeat(10 * 1024)}`,
      `${word} `.repeat(2_000),
      `${"(".repeat(150)}${word}`,
      `-${word}`,
      `-a -b -c`,
      `the of and`,
      `   `,
      `!!!???...`,
    ];
    for (const query of odd) {
      const result = await searchStories({ query, page: 1 });
      expect(result.query.length).toBeLessThanOrEqual(QUERY_MAX);
      expect(Array.isArray(result.results)).toBe(true);
      for (const hit of result.results) {
        for (const segment of [...hit.headlineSegments, ...hit.snippet]) expect(segment.text).not.toMatch(/[\u0001-\u0003]/);
      }
    }
    // Punctuation and operators around it are ignored: the word itself is still found. SQL is just words.
    expect(ids(await searchStories({ query: `${word}'; -- ")` }))).toEqual([story.id]);
    expect((await searchStories({ query: `${word}'; DROP TABLE "Story"; --` })).total).toBe(0);
    await expect(searchStories({ query: `\u0000${word}\u0003` })).rejects.toMatchObject({ code: "INVALID_INPUT" });
    // Emoji are words to PostgreSQL's parser: searchable like any other.
    expect(ids(await searchStories({ query: `${word} 🌊` }))).toEqual([story.id]);
    expect((await searchStories({ query: `${word} 🌀` })).total).toBe(0);
    expect((await searchStories({ query: `-${word}` })).total).toBe(0);
    expect(await db.story.count({ where: { id: story.id } })).toBe(1);
  });

  it("pages through results without repeats, and an empty page past the end", async () => {
    const word = uniqueWord();
    const start = Date.now();
    const stories = [];
    for (let i = 0; i < 12; i += 1) {
      stories.push(await publishedStory({ bodyText: `Item ${i} about ${word}.` }, { publishedAt: new Date(start - i * HOUR) }));
    }
    const pages = [1, 2, 3].map((page) => searchStories({ query: word, page, pageSize: 5 }));
    const [first, second, third] = await Promise.all(pages);
    expect([first!.results.length, second!.results.length, third!.results.length]).toEqual([5, 5, 2]);
    expect([first!.hasMore, second!.hasMore, third!.hasMore]).toEqual([true, true, false]);
    // Equal ranks: newest first, so the pages follow publication order exactly.
    expect([...ids(first!), ...ids(second!), ...ids(third!)]).toEqual(stories.map((story) => story.id));

    const past = await searchStories({ query: word, page: 99, pageSize: 5 });
    expect(past).toMatchObject({ total: 12, results: [], page: 99, hasMore: false });
    expect((await searchStories({ query: word, page: "abc", pageSize: 5 })).page).toBe(1);
    expect((await searchStories({ query: word, page: "2", pageSize: 5 })).results.map((r) => r.id)).toEqual(ids(second!));
  });

  it("counts up to COUNT_LIMIT, says when there are more, and pages through the newest RANK_WINDOW", async () => {
    const word = uniqueWord();
    const section = await makeSection();
    const now = Date.now();
    await db.story.createMany({
      data: Array.from({ length: COUNT_LIMIT + 5 }, (_, i) => ({
        slug: `${word}-${i}`,
        headline: `Bulletin ${i}`,
        bodyText: `Update on ${word}.`,
        body: { type: "doc", content: [] },
        status: "PUBLISHED" as const,
        sectionId: section.id,
        publishedAt: new Date(now - i * 1000),
      })),
    });
    const first = await searchStories({ query: word, pageSize: 50 });
    expect(first).toMatchObject({ total: COUNT_LIMIT, totalIsCapped: true, hasMore: true });
    // The newest come first among equal ranks.
    expect(first.results[0]?.headline).toBe("Bulletin 0");
    const lastPage = RANK_WINDOW / 50;
    const last = await searchStories({ query: word, page: lastPage, pageSize: 50 });
    expect(last.results).toHaveLength(50);
    expect(last.results.at(-1)?.headline).toBe(`Bulletin ${RANK_WINDOW - 1}`);
    expect(last.hasMore).toBe(false);
    expect(await searchStories({ query: word, page: lastPage + 1, pageSize: 50 })).toMatchObject({ total: COUNT_LIMIT, results: [], hasMore: false });
  });

  it("searches nothing for an empty query and refuses what is not a query at all", async () => {
    expect(await searchStories({ query: " \n\t " })).toMatchObject({ query: "", total: 0, results: [], page: 1, hasMore: false });
    await expect(searchStories({ query: 42 } as never)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    await expect(searchStories({ query: "x", pageSize: 500 })).rejects.toMatchObject({ code: "INVALID_INPUT" });
  });

  it("refuses a query with a NUL byte or another control character, saying why, and searches nothing", async () => {
    await expect(searchStories({ query: "flood\u0000warning" })).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: "Your search contains a NUL character (U+0000): remove it and try again.",
    });
    await expect(searchStories({ query: "flood\u0085" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/\(U\+0085\)/) });
    await expect(searchStories({ query: "flood \uDC00" })).rejects.toMatchObject({ code: "INVALID_INPUT", message: expect.stringMatching(/broken character/) });
    // Tabs and line breaks are only spacing.
    expect((await searchStories({ query: "flood\t\nwarning" })).query).toBe("flood warning");
  });
});

describe("search input", () => {
  it("tidies a query: trimmed, one space between words, no control characters or repeats, limited in length", () => {
    expect(normaliseSearchQuery("  flood\t\n  warning  ")).toBe("flood warning");
    expect(normaliseSearchQuery("a\u0000b\u0007c\u2028d")).toBe("a b c d");
    expect(normaliseSearchQuery("x".repeat(10_000))).toHaveLength(QUERY_MAX);
    // A cut falls between words where it can.
    const long = Array.from({ length: 10 }, (_, i) => String.fromCharCode(97 + i).repeat(25));
    expect(normaliseSearchQuery(long.join(" "))).toBe(long.slice(0, 7).join(" "));
    expect(normaliseSearchQuery(`${"a".repeat(QUERY_MAX - 1)} bc`)).toBe("a".repeat(QUERY_MAX - 1));
    // A word said twice is searched once, except inside a phrase; at most QUERY_MAX_WORDS words.
    expect(normaliseSearchQuery("flood ".repeat(2_000))).toBe("flood");
    expect(normaliseSearchQuery("Flood warning flood FLOOD warning")).toBe("Flood warning");
    expect(normaliseSearchQuery('"bora bora" bora island bora')).toBe('"bora bora" bora island');
    const many = Array.from({ length: 30 }, (_, i) => `word${i}`);
    expect(normaliseSearchQuery(many.join(" "))).toBe(many.slice(0, QUERY_MAX_WORDS).join(" "));
    // Cut by character, never through an emoji.
    const cut = normaliseSearchQuery("🌊".repeat(300));
    expect(Array.from(cut)).toHaveLength(QUERY_MAX);
    expect(cut).toBe("🌊".repeat(QUERY_MAX));
    expect(normaliseSearchQuery("\uD800x")).toBe("x");
  });

  it("reads a page number from a URL, and anything odd as page 1", () => {
    expect(parseSearchPage("3")).toBe(3);
    expect(parseSearchPage(["4", "5"])).toBe(4);
    expect(parseSearchPage(String(MAX_PAGE))).toBe(MAX_PAGE);
    for (const odd of [undefined, "", "abc", "-1", "0", "02", "1.5", "1e3", " 2", "99999999", String(MAX_PAGE + 1), 2.5, -3, Number.NaN]) {
      expect(parseSearchPage(odd)).toBe(1);
    }
  });

  it("splits marked text into plain and matched runs", () => {
    expect(toSegments("a \u0002b\u0003 c\u0001d \u0002e\u0003")).toEqual([
      { text: "a ", match: false },
      { text: "b", match: true },
      { text: " c … d ", match: false },
      { text: "e", match: true },
    ]);
    expect(toSegments("")).toEqual([]);
  });
});

// The search turns sequential scans off and sets a statement timeout for its own statement only
// (docs/fast-paths.md, "Search with sequential scans off"): none of it may stay on a pooled
// connection that the next request's statements run on.
describe("the search's planner settings", () => {
  it("end with the search's transaction: every connection of the pool plans and times out as before", async () => {
    const pool = getPool();
    const SETTINGS = `SELECT current_setting('enable_seqscan') AS seqscan, current_setting('statement_timeout') AS timeout`;
    const before = (await pool.query<{ seqscan: string; timeout: string }>(SETTINGS)).rows[0];
    expect(before?.seqscan).toBe("on");
    const word = uniqueWord();
    await publishedStory({ headline: `Settings ${word}` });
    await Promise.all(Array.from({ length: 4 }, () => searchStories({ query: word })));
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      expect(clients.length).toBeGreaterThan(0);
      for (const client of clients) expect((await client.query<{ seqscan: string; timeout: string }>(SETTINGS)).rows[0]).toEqual(before);
    } finally {
      for (const client of clients) client.release();
    }
  });
});
