import { connection } from "next/server";

import { StoryTeaser } from "@/components/story/story-teaser";
import { listLatestStories } from "@/lib/stories/queries";

export default async function HomePage() {
  await connection();
  const stories = await listLatestStories({ limit: 20 });
  const [lead, ...rest] = stories;
  return (
    <>
      <h1 className="sr-only">Newshub: latest news</h1>
      {lead ? (
        <StoryTeaser story={lead} lead />
      ) : (
        <p className="text-[var(--muted)]">Nothing has been published yet.</p>
      )}
      {rest.length > 0 ? (
        <section aria-labelledby="latest-heading" className="mt-8">
          <h2 id="latest-heading" className="mb-4 text-sm font-bold uppercase tracking-wider">
            Latest
          </h2>
          <div className="grid gap-6 md:grid-cols-2 lg:grid-cols-3">
            {rest.map((story) => (
              <StoryTeaser key={story.id} story={story} />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}
