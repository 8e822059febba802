import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";

import { Pagination } from "@/components/site/pagination";
import { StoryTeaser } from "@/components/story/story-teaser";
import { isAppError } from "@/lib/errors";
import { getTagPage } from "@/lib/stories/listing";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ page?: string | string[] }>;
}

// An unknown tag, one on unpublished stories only, a malformed page number or a page past the last is a 404.
const load = cache(async (slug: string, page: string | string[] | undefined) => {
  try {
    return await getTagPage(slug, page);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ slug }, { page }] = await Promise.all([params, searchParams]);
  const { tag, pagination } = await load(slug, page);
  const base = `/tag/${tag.slug}`;
  return {
    title: pagination.page > 1 ? `${tag.name} (page ${pagination.page})` : tag.name,
    description: `Newshub stories tagged “${tag.name}”, newest first.`,
    alternates: { canonical: pagination.page > 1 ? `${base}?page=${pagination.page}` : base },
  };
}

export default async function TagPage({ params, searchParams }: Props) {
  await connection();
  const [{ slug }, { page }] = await Promise.all([params, searchParams]);
  const { tag, stories, pagination } = await load(slug, page);
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
          <StoryTeaser key={story.id} story={story} level={2} />
        ))}
      </div>
      <Pagination basePath={`/tag/${tag.slug}`} page={pagination.page} pageCount={pagination.pageCount} />
    </>
  );
}
