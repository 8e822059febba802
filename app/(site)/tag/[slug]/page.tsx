import type { Metadata } from "next";
import { cache } from "react";

import { pageHref, Pagination } from "@/components/site/pagination";
import { StoryTeaser } from "@/components/story/story-teaser";
import { findRenamedTag, getSiteInfo, getSiteSettings, getTagPage } from "@/lib/cache/reader";
import { movedPageHref, orMoved } from "@/lib/http/moved";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { absoluteUrl } from "@/lib/site";

// Served from the reader cache, rendered on first request (docs/caching.md). Page N is rendered by
// ./page/[page]/page.tsx, where next.config.ts rewrites `?page=N`: a page reads no query string,
// or it could not be cached.
export const revalidate = 300; // lists: their teasers' comment counts are not stamped per comment (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ slug: string }> {
  return [];
}

interface Props {
  params: Promise<{ slug: string; page?: string }>;
}

// An unknown tag, one on unpublished stories only, a malformed page number or a page past the last is a 404.
// A renamed or merged tag's old address answers 308 to the tag it is now.
const load = cache(async (slug: string, page: string | undefined) => {
  const movedTo = async () => {
    const current = await findRenamedTag(slug);
    return current ? movedPageHref(`/tag/${current}`, page) : null;
  };
  return refusedAsPage(orMoved(getTagPage(slug, page), movedTo));
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, page } = await params;
  const [{ tag, pagination }, site] = await Promise.all([load(slug, page), getSiteInfo()]);
  const base = `/tag/${tag.slug}`;
  return {
    title: pagination.page > 1 ? `${tag.name} (page ${pagination.page})` : tag.name,
    description: `${site.name} stories tagged “${tag.name}”, newest first.`,
    alternates: { canonical: absoluteUrl(pageHref(base, pagination.page)) },
  };
}

export default async function TagPage({ params }: Props) {
  const { slug, page } = await params;
  const [{ tag, stories, pagination }, { dates }] = await Promise.all([load(slug, page), getSiteSettings()]);
  return (
    <>
      <header>
        <p className="kicker">Tag</p>
        <h1 className="page-title mt-2">{tag.name}</h1>
        <p className="page-intro">
          {pagination.total === 1 ? "One story" : `${pagination.total} stories`}, newest first.
        </p>
      </header>
      <div className="teaser-grid mt-8">
        {stories.map((story) => (
          <StoryTeaser key={story.id} story={story} level={2} dates={dates} />
        ))}
      </div>
      <Pagination basePath={`/tag/${tag.slug}`} page={pagination.page} pageCount={pagination.pageCount} />
    </>
  );
}
