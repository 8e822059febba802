import Link from "next/link";

import { BylineList } from "@/components/story/byline-list";
import { formatDate } from "@/lib/format";
import type { StoryTeaser as Teaser } from "@/lib/stories/queries";

export function StoryTeaser({ story, lead = false }: { story: Teaser; lead?: boolean }) {
  const Heading = lead ? "h2" : "h3";
  return (
    <article className={lead ? "border-b border-[var(--rule)] pb-8" : "border-t border-[var(--rule)] pt-4"}>
      <p className="text-xs font-bold uppercase tracking-wider text-[var(--accent)]">{story.section.name}</p>
      <Heading className={`mt-1 font-serif font-bold leading-tight ${lead ? "text-4xl" : "text-xl"}`}>
        <Link href={story.href} className="no-underline hover:underline">
          {story.headline}
        </Link>
      </Heading>
      {story.standfirst ? (
        <p className={`mt-2 text-[var(--muted)] ${lead ? "text-lg" : "text-base"}`}>{story.standfirst}</p>
      ) : null}
      <p className="mt-2 text-sm text-[var(--muted)]">
        <BylineList bylines={story.bylines} />
        {story.bylines.length > 0 ? " · " : null}
        <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt)}</time>
      </p>
    </article>
  );
}
