import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";

import { Pagination } from "@/components/site/pagination";
import { StoryTeaser } from "@/components/story/story-teaser";
import { isAppError } from "@/lib/errors";
import { sectionMetadata } from "@/lib/feeds/metadata";
import { getSectionBySlug } from "@/lib/sections/queries";
import { currentSite } from "@/lib/site";
import { listSectionStories } from "@/lib/stories/listing";

interface Props {
  params: Promise<{ section: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = await getSectionBySlug((await params).section);
  return section ? sectionMetadata(section, currentSite()) : {};
}

export default async function SectionPage({ params, searchParams }: Props) {
  await connection();
  const [{ section: slug }, { page }] = await Promise.all([params, searchParams]);
  const { section, stories, pagination } = await load(slug, page);
  return (
    <>
      <header>
        <h1 className="page-title">{section.name}</h1>
        {section.description ? <p className="page-intro">{section.description}</p> : null}
      </header>
      {stories.length > 0 ? (
        <div className="teaser-grid mt-8">
          {stories.map((story) => (
            <StoryTeaser key={story.id} story={story} level={2} showSection={false} />
          ))}
        </div>
      ) : (
        <p className="mt-8 text-[var(--muted)]">No stories in this section yet.</p>
      )}
      <Pagination basePath={`/${section.slug}`} page={pagination.page} pageCount={pagination.pageCount} />
    </>
  );
}

// An unknown section, a malformed page number or a page past the last is a 404.
async function load(slug: string, page: unknown) {
  try {
    return await listSectionStories(slug, page);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
