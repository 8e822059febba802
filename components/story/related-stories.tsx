import Link from "next/link";

import { StoryTeaser } from "@/components/story/story-teaser";
import { tagThisRender } from "@/lib/cache/cached";
import { listStoryTags } from "@/lib/cache/reader";
import { storyTag } from "@/lib/cache/tags";
import { listRelatedStories } from "@/lib/stories/listing";

/**
 * The foot of a story page: the story's tags as links to their pages, and up to four related
 * stories (sharing a tag first, then from the same section). A server component; nothing when
 * there is nothing to show.
 */
export async function RelatedStories({ storyId }: { storyId: string }) {
  const [tags, stories] = await Promise.all([listStoryTags(storyId), listRelatedStories(storyId)]);
  // The page is cached under its own story's tags; a related story changing or going must refresh it too.
  await tagThisRender(stories.map((story) => storyTag(story.id)));
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
              <StoryTeaser key={story.id} story={story} level={3} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
