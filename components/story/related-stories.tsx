import Link from "next/link";

import type { DateStyle } from "@/lib/format";
import { StoryTeaser } from "@/components/story/story-teaser";
import type { StoryTeaser as Teaser } from "@/lib/stories/queries";

/**
 * The foot of a story page: the story's tags as links to their pages, and up to four related
 * stories (sharing a tag first, then from the same section), as the page read them
 * (lib/stories/story-page.ts). Nothing when there is nothing to show.
 */
export function RelatedStories({ tags, stories, dates }: { tags: Array<{ name: string; slug: string }>; stories: Teaser[]; dates: DateStyle }) {
  if (tags.length === 0 && stories.length === 0) return null;
  return (
    <>
      {tags.length > 0 ? (
        <nav aria-label="Topics" className="mt-10 flex flex-wrap items-baseline gap-x-3 gap-y-2 text-sm">
          <p className="font-semibold text-[var(--muted)]">Topics</p>
          <ul className="flex flex-wrap gap-2">
            {tags.map((tag) => (
              <li key={tag.slug}>
                <Link
                  href={`/tag/${tag.slug}`}
                  className="inline-block rounded-full border border-[var(--rule)] px-3 py-1 font-semibold no-underline hover:border-[var(--ink)]"
                >
                  {tag.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      {stories.length > 0 ? (
        <section aria-labelledby="related-heading" className="mt-12">
          <h2 id="related-heading" className="rail-heading">
            Related stories
          </h2>
          <div className="related-grid">
            {stories.map((story) => (
              <StoryTeaser key={story.id} story={story} level={3} showComments={false} dates={dates} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
