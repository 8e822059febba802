import type { Metadata } from "next";
import Form from "next/form";
import Link from "next/link";
import { connection } from "next/server";
import { Fragment } from "react";

import { BylineList } from "@/components/story/byline-list";
import { isAppError } from "@/lib/errors";
import { getSiteSettings } from "@/lib/cache/reader";
import { formatDate } from "@/lib/format";
import { textValue } from "@/lib/http/values";
import { normaliseSearchQuery, QUERY_MAX, searchStories, type SearchPage, type SearchSegment } from "@/lib/search/queries";

const NO_SEARCH: SearchPage = { query: "", total: 0, totalIsCapped: false, results: [], page: 1, pageSize: 0, hasMore: false };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = normaliseSearchQuery(textValue((await searchParams).q) ?? "");
  if (!query) return { title: "Search", alternates: { canonical: "/search" } };
  // Result pages are endless and say nothing a story page does not: kept out of search engines.
  return { title: `Search: ${query}`, robots: { index: false, follow: true } };
}

function searchHref(query: string, page: number): string {
  const params = new URLSearchParams({ q: query });
  if (page > 1) params.set("page", String(page));
  return `/search?${params.toString()}`;
}

function Marked({ segments }: { segments: SearchSegment[] }) {
  return segments.map((segment, index) =>
    segment.match ? (
      <mark key={index} className="rounded-sm bg-amber-200 px-0.5 text-[var(--color-ink)]">
        {segment.text}
      </mark>
    ) : (
      <Fragment key={index}>{segment.text}</Fragment>
    ),
  );
}

/** One line of plain text (one text node), so the page reads the same to people and to machines. */
function summarise(result: SearchPage): string {
  const quoted = `“${result.query}”`;
  if (result.results.length > 0) {
    const count = `${result.total.toLocaleString("en-GB")}${result.totalIsCapped ? "+" : ""}`;
    return `${count} ${result.total === 1 && !result.totalIsCapped ? "result" : "results"} for ${quoted}`;
  }
  if (result.total > 0) return `There are no more results for ${quoted}.`;
  // A phrase is checked among the newest stories holding all its words (lib/search/queries.ts).
  if (result.totalIsCapped) return `No recent stories match ${quoted}. Try fewer words, or leave out the quotation marks.`;
  return `No stories match ${quoted}.`;
}

export default async function SearchPage({ searchParams }: Props) {
  await connection();
  const params = await searchParams;
  const typed = textValue(params.q) ?? "";
  // A query with a control character in it is refused with the reason, and nothing is searched.
  const { result, problem } = await searchStories({ query: typed, page: textValue(params.page) }).then(
    (found) => ({ result: found, problem: null }),
    (error: unknown) => {
      if (isAppError(error) && error.code === "INVALID_INPUT") return { result: NO_SEARCH, problem: error.message };
      throw error;
    },
  );
  const { query, page } = result;
  const { dates } = await getSiteSettings();
  const firstPosition = (page - 1) * result.pageSize + 1;

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="font-serif text-4xl font-bold">Search</h1>
      <Form action="/search" role="search" className="mt-6 flex flex-wrap gap-2">
        <label htmlFor="search-query" className="sr-only">
          Search
        </label>
        <input
          id="search-query"
          type="search"
          name="q"
          defaultValue={problem ? normaliseSearchQuery(typed) : query}
          aria-describedby={problem ? "search-problem" : undefined}
          aria-invalid={problem ? true : undefined}
          maxLength={QUERY_MAX}
          placeholder="Words, a name, or a “phrase in quotes”"
          className="min-w-0 flex-1 rounded border border-[var(--rule)] bg-transparent px-3 py-2 text-base"
        />
        <button type="submit" className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
          Search
        </button>
      </Form>
      {problem ? (
        <p id="search-problem" role="alert" className="mt-4 font-semibold text-[var(--accent)]">
          {problem}
        </p>
      ) : null}

      {query ? (
        <>
          <p role="status" className="mt-6 text-[var(--muted)]">
            {summarise(result)}
          </p>
          {result.results.length === 0 && page > 1 && result.total > 0 ? (
            <p className="mt-4">
              <Link href={searchHref(query, 1)} className="underline">
                Back to the first page of results
              </Link>
            </p>
          ) : null}
          {result.results.length > 0 ? (
            <ol start={firstPosition} className="mt-6 divide-y divide-[var(--rule)] border-y border-[var(--rule)]">
              {result.results.map((story) => (
                <li key={story.id} className="py-5">
                  <article>
                    <p className="text-xs font-bold uppercase tracking-wider text-[var(--accent)]">{story.section.name}</p>
                    <h2 className="mt-1 font-serif text-2xl font-bold leading-tight">
                      <Link href={story.href} className="no-underline hover:underline">
                        <Marked segments={story.headlineSegments} />
                      </Link>
                    </h2>
                    {story.snippet.length > 0 ? (
                      <p className="mt-2">
                        <Marked segments={story.snippet} />
                      </p>
                    ) : story.standfirst ? (
                      <p className="mt-2 text-[var(--muted)]">{story.standfirst}</p>
                    ) : null}
                    <p className="mt-2 text-sm text-[var(--muted)]">
                      <BylineList bylines={story.bylines} />
                      {story.bylines.length > 0 ? " · " : null}
                      <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt, dates)}</time>
                    </p>
                  </article>
                </li>
              ))}
            </ol>
          ) : null}
          {result.results.length > 0 && (page > 1 || result.hasMore) ? (
            <nav aria-label="Search result pages" className="mt-8 flex flex-wrap items-center justify-between gap-4 text-sm">
              <div className="min-w-24">
                {page > 1 ? (
                  <Link href={searchHref(query, page - 1)} rel="prev" className="font-semibold underline">
                    <span aria-hidden="true">← </span>Previous
                  </Link>
                ) : null}
              </div>
              <p className="text-[var(--muted)]">Page {page.toLocaleString("en-GB")}</p>
              <div className="min-w-24 text-right">
                {result.hasMore ? (
                  <Link href={searchHref(query, page + 1)} rel="next" className="font-semibold underline">
                    Next<span aria-hidden="true"> →</span>
                  </Link>
                ) : null}
              </div>
            </nav>
          ) : null}
        </>
      ) : (
        <p className="mt-6 text-[var(--muted)]">
          Search every published story by its headline, standfirst and text. Put a phrase in quotation marks, use{" "}
          <kbd>or</kbd> between alternatives and a minus sign before a word to leave it out.
        </p>
      )}
    </div>
  );
}
