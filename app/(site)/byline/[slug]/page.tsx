import type { Metadata } from "next";
import { cache } from "react";

import { pageHref, Pagination } from "@/components/site/pagination";
import { bylineHref } from "@/components/story/byline-list";
import { StoryTeaser } from "@/components/story/story-teaser";
import { findMergedByline, getBylinePage, getSiteInfo, getSiteSettings } from "@/lib/cache/reader";
import { movedPageHref, orMoved } from "@/lib/http/moved";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { mediaUrl } from "@/lib/media/urls";
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

// An unknown byline, one with nothing published, a malformed page number or a page past the last is a 404.
// A byline merged into another answers 308 to that one's page.
const load = cache(async (slug: string, page: string | undefined) => {
  const movedTo = async () => {
    const current = await findMergedByline(slug);
    return current ? movedPageHref(bylineHref(current), page) : null;
  };
  return refusedAsPage(orMoved(getBylinePage(slug, page), movedTo));
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, page } = await params;
  const [{ byline, pagination }, site] = await Promise.all([load(slug, page), getSiteInfo()]);
  const canonical = absoluteUrl(pageHref(bylineHref(byline.slug), pagination.page));
  return {
    title: pagination.page > 1 ? `${byline.name} (page ${pagination.page})` : byline.name,
    description: byline.bio || `Stories by ${byline.name} on ${site.name}.`,
    alternates: { canonical },
  };
}

export default async function BylinePage({ params }: Props) {
  const { slug, page } = await params;
  const [{ byline, stories, pagination }, { dates }] = await Promise.all([load(slug, page), getSiteSettings()]);
  return (
    <>
      <header className="flex flex-wrap items-start gap-5">
        {byline.photo ? (
          // eslint-disable-next-line @next/next/no-img-element -- a library image at a size the media route serves; no client code
          <img src={mediaUrl(byline.photo.id, 480, byline.photo.version)} alt={byline.photo.alt} width={120} height={120} className="h-28 w-28 shrink-0 rounded-full object-cover" />
        ) : null}
        <div className="min-w-0 flex-1">
          <h1 className="page-title">{byline.name}</h1>
          {byline.bio ? <p className="page-intro">{byline.bio}</p> : null}
          {byline.url || byline.links.length > 0 ? (
            <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {byline.url ? (
                <li>
                  <a href={byline.url} rel="me noopener noreferrer" className="font-semibold underline underline-offset-2">
                    {byline.kind === "PERSON" ? `${byline.name}’s website` : "Website"}
                  </a>
                </li>
              ) : null}
              {byline.links.map((link) => (
                <li key={link.url}>
                  <a href={link.url} rel="me noopener noreferrer" className="font-semibold underline underline-offset-2">
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </header>
      <section aria-labelledby="byline-stories" className="mt-8">
        <h2 id="byline-stories" className="rail-heading">
          Stories by {byline.name}
        </h2>
        <div className="teaser-grid">
          {stories.map((story) => (
            <StoryTeaser key={story.id} story={story} level={3} dates={dates} />
          ))}
        </div>
      </section>
      <Pagination basePath={bylineHref(byline.slug)} page={pagination.page} pageCount={pagination.pageCount} />
    </>
  );
}
