import type { Metadata } from "next";
import Link from "next/link";

import { StoryTeaser } from "@/components/story/story-teaser";
import { buildSiteJsonLd, serializeJsonLd } from "@/lib/feeds/json-ld";
import { homeMetadata } from "@/lib/feeds/metadata";
import { getFrontPage, getSiteInfo, getSiteSettings } from "@/lib/cache/reader";
import { siteInfo } from "@/lib/site";

// Served from the reader cache; a publish or a new lead refreshes it at once (docs/caching.md).
export const revalidate = 300; // lists: their teasers' comment counts are not stamped per comment (docs/caching.md)

export async function generateMetadata(): Promise<Metadata> {
  return homeMetadata(await getSiteInfo());
}

export default async function HomePage() {
  const [{ lead, sections }, settings] = await Promise.all([getFrontPage(), getSiteSettings()]);
  const site = siteInfo(settings);
  const { dates } = settings;
  return (
    <>
      {/* serializeJsonLd escapes "<", so a site name holding "</script>" cannot end the element early. */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: serializeJsonLd(buildSiteJsonLd(site)) }} />
      <h1 className="sr-only">{site.name}: latest news</h1>
      {lead ? (
        <section aria-label="Lead story" className="border-b border-[var(--rule)] pb-10">
          <StoryTeaser story={lead} lead dates={dates} />
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
                  <StoryTeaser key={story.id} story={story} level={3} showSection={false} dates={dates} />
                ))}
              </div>
            </section>
          ))}
        </div>
      ) : null}
    </>
  );
}
