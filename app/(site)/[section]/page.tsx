import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { connection } from "next/server";

import { StoryTeaser } from "@/components/story/story-teaser";
import { getSectionBySlug } from "@/lib/sections/queries";
import { listLatestStories } from "@/lib/stories/queries";

interface Props {
  params: Promise<{ section: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const section = await getSectionBySlug((await params).section);
  return section ? { title: section.name, description: section.description || undefined } : {};
}

export default async function SectionPage({ params }: Props) {
  await connection();
  const section = await getSectionBySlug((await params).section);
  if (!section) notFound();
  const stories = await listLatestStories({ sectionSlug: section.slug, limit: 30 });
  return (
    <>
      <h1 className="font-serif text-4xl font-bold">{section.name}</h1>
      {section.description ? <p className="mt-2 text-[var(--muted)]">{section.description}</p> : null}
      <div className="mt-8 grid gap-6 md:grid-cols-2 lg:grid-cols-3">
        {stories.map((story) => (
          <StoryTeaser key={story.id} story={story} />
        ))}
      </div>
      {stories.length === 0 ? <p className="mt-8 text-[var(--muted)]">No stories in this section yet.</p> : null}
    </>
  );
}
