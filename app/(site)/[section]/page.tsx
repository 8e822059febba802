import type { Metadata } from "next";
import { cache } from "react";

import { pageHref, Pagination } from "@/components/site/pagination";
import { StoryTeaser } from "@/components/story/story-teaser";
import { findRenamedSection, getSectionBySlug, getSiteInfo, getSiteSettings, listSectionStories } from "@/lib/cache/reader";
import { sectionMetadata } from "@/lib/feeds/metadata";
import { movedPageHref, orMoved } from "@/lib/http/moved";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { absoluteUrl } from "@/lib/site";

// Served from the reader cache, rendered on first request (docs/caching.md). Page N is rendered by
// ./page/[page]/page.tsx, where next.config.ts rewrites `?page=N`: a page reads no query string,
// or it could not be cached.
export const revalidate = 300; // lists: their teasers' comment counts are not stamped per comment (docs/caching.md)
export const dynamicParams = true;
export function generateStaticParams(): Array<{ section: string }> {
  return [];
}

export interface SectionPageProps {
  params: Promise<{ section: string; page?: string }>;
}

// An unknown section, a malformed page number or a page past the last is a 404; a renamed section's
// old address answers 308 to the new one (its page N too).
const load = cache(async (slug: string, page: string | undefined) => {
  const movedTo = async () => {
    const current = await findRenamedSection(slug);
    return current ? movedPageHref(`/${current}`, page) : null;
  };
  return refusedAsPage(orMoved(listSectionStories(slug, page), movedTo));
});

export async function generateMetadata({ params }: SectionPageProps): Promise<Metadata> {
  const { section: slug, page } = await params;
  const section = await getSectionBySlug(slug);
  if (!section) return {};
  const metadata = sectionMetadata(section, await getSiteInfo());
  if (page === undefined) return metadata;
  const { pagination } = await load(slug, page);
  if (pagination.page === 1) return metadata;
  const url = absoluteUrl(pageHref(`/${section.slug}`, pagination.page));
  const title = `${section.name} (page ${pagination.page})`;
  return { ...metadata, title, alternates: { ...metadata.alternates, canonical: url }, openGraph: { ...metadata.openGraph, title, url } };
}

export default async function SectionPage({ params }: SectionPageProps) {
  const { section: slug, page } = await params;
  const [{ section, stories, pagination }, { dates }] = await Promise.all([load(slug, page), getSiteSettings()]);
  return (
    <>
      <header>
        <h1 className="page-title">{section.name}</h1>
        {section.description ? <p className="page-intro">{section.description}</p> : null}
      </header>
      {stories.length > 0 ? (
        <div className="teaser-grid mt-8">
          {stories.map((story) => (
            <StoryTeaser key={story.id} story={story} level={2} showSection={false} dates={dates} />
          ))}
        </div>
      ) : (
        <p className="mt-8 text-[var(--muted)]">No stories in this section yet.</p>
      )}
      <Pagination basePath={`/${section.slug}`} page={pagination.page} pageCount={pagination.pageCount} />
    </>
  );
}
