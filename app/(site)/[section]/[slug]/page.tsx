import type { Metadata } from "next";
import Link from "next/link";
import { notFound, permanentRedirect } from "next/navigation";
import { connection } from "next/server";
import { cache } from "react";

import { BylineList } from "@/components/story/byline-list";
import { StoryBody } from "@/components/story/story-body";
import { formatDate, formatDateTime } from "@/lib/format";
import { getPublishedStory } from "@/lib/stories/queries";

interface Props {
  params: Promise<{ section: string; slug: string }>;
}

const loadStory = cache(getPublishedStory);

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section, slug } = await params;
  const lookup = await loadStory(section, slug);
  if (lookup.kind !== "found") return {};
  return { title: lookup.story.headline, description: lookup.story.standfirst || undefined, alternates: { canonical: lookup.story.href } };
}

export default async function StoryPage({ params }: Props) {
  await connection();
  const { section, slug } = await params;
  const lookup = await loadStory(section, slug);
  if (lookup.kind === "redirect") permanentRedirect(lookup.href);
  if (lookup.kind === "missing") notFound();
  const { story } = lookup;
  const updated = story.updatedAt.getTime() - story.publishedAt.getTime() > 60_000;

  return (
    <article className="mx-auto max-w-2xl">
      <header>
        <p className="text-sm font-bold uppercase tracking-wider text-[var(--accent)]">
          <Link href={`/${story.section.slug}`}>{story.section.name}</Link>
        </p>
        <h1 className="mt-2 font-serif text-4xl font-bold leading-tight md:text-5xl">{story.headline}</h1>
        {story.standfirst ? <p className="mt-4 text-xl leading-snug text-[var(--muted)]">{story.standfirst}</p> : null}
        <p className="mt-6 border-t border-[var(--rule)] pt-3 text-sm">
          <span className="font-semibold">
            <BylineList bylines={story.bylines} />
          </span>
          {story.dateline ? <span> in {story.dateline}</span> : null}
          <span> – </span>
          <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt)}</time>
          {updated ? (
            <span className="block text-[var(--muted)]">
              Updated <time dateTime={story.updatedAt.toISOString()}>{formatDateTime(story.updatedAt)}</time>
            </span>
          ) : null}
        </p>
      </header>
      <div className="mt-8">
        <StoryBody document={story.body} />
      </div>
      {story.corrections.length > 0 ? (
        <aside aria-labelledby="corrections-heading" className="mt-10 border-t border-[var(--rule)] pt-4 text-sm">
          <h2 id="corrections-heading" className="font-bold">
            Corrections and clarifications
          </h2>
          <ul className="mt-2 space-y-2">
            {story.corrections.map((correction) => (
              <li key={correction.id}>
                <time dateTime={correction.createdAt.toISOString()}>{formatDateTime(correction.createdAt)}</time>:{" "}
                {correction.text}
              </li>
            ))}
          </ul>
        </aside>
      ) : null}
      <section aria-labelledby="comments-heading" className="mt-12 border-t border-[var(--rule)] pt-6">
        <h2 id="comments-heading" className="text-lg font-bold">
          Comments
        </h2>
        <p className="mt-2 text-sm text-[var(--muted)]">
          {story.commentPolicy === "CLOSED" ? "Comments are closed on this story." : "Comments will open here soon."}
        </p>
      </section>
    </article>
  );
}
