import type { Metadata } from "next";
import Link from "next/link";

import { StoryTeaser } from "@/components/story/story-teaser";
import { homeMetadata } from "@/lib/feeds/metadata";
import { currentSite } from "@/lib/site";
import { getFrontPage } from "@/lib/cache/reader";

// Served from the reader cache; a publish or a new lead refreshes it at once (docs/caching.md).
export const revalidate = 300; // lists: their teasers' comment counts are not stamped per comment (docs/caching.md)

export function generateMetadata(): Metadata {
  return homeMetadata(currentSite());
}

export default async function HomePage() {
  const { lead, sections } = await getFrontPage();
  return (
    <>
      <h1 className="sr-only">Newshub: latest news</h1>
      {lead ? (
        <section aria-label="Lead story" className="border-b border-[var(--rule)] pb-10">
          <StoryTeaser story={lead} lead />
        </section>
      ) : (
        <p className="text-[var(--muted)]">Nothing has been published yet.</p>
      )}
      {sections.length > 0 ? (
        <div className="front-sections">
          {sections.map(({ section, stories }) => (
            <section key={section.id} aria-labelledby={`front-${section.slug}`}>
              <h2 id={`front-${section.slug}`} className="rail-heading">
                <Link href={`/${section.slug}`}>{section.name}</Link>
              </h2>
              <div className="teaser-stack">
                {stories.map((story) => (
                  <StoryTeaser key={story.id} story={story} level={3} showSection={false} />
                ))}
              </div>
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
}
