import Link from "next/link";

import { BylineList } from "@/components/story/byline-list";
import { StoryBody, type ImageSizes } from "@/components/story/story-body";
import { formatDate, formatDateTime, type DateStyle } from "@/lib/format";
import type { BylineRef } from "@/lib/stories/queries";
import type { StoryDocument } from "@/lib/stories/document";

export interface ArticleStory {
  headline: string;
  standfirst: string;
  dateline: string;
  /** Where the story was filed ("SEOUL"): opens the first paragraph; "" when none. */
  datelinePlace: string;
  /** The credit line: in small type at the foot of the story; "" when none. */
  credit: string;
  section: { name: string; slug: string } | null;
  bylines: BylineRef[];
  publishedAt: Date;
  updatedAt: Date;
  body: StoryDocument;
  corrections: Array<{ id: string; kind: "CORRECTION" | "CLARIFICATION"; text: string; createdAt: Date }>;
}

/**
 * A story exactly as readers see it: the reader page and the desk's preview both render this.
 * `images`: the sizes of the body's images when the page has read them already (StoryBody).
 */
export function StoryArticle({ story, images, dates, children }: { story: ArticleStory; images?: ImageSizes; dates: DateStyle; children?: React.ReactNode }) {
  const updated = story.updatedAt.getTime() - story.publishedAt.getTime() > 60_000;
  return (
    <article className="mx-auto max-w-2xl">
      <header>
        {story.section ? (
          <p className="kicker story-kicker">
            <Link href={`/${story.section.slug}`}>{story.section.name}</Link>
          </p>
        ) : null}
        <h1 className="story-headline">{story.headline}</h1>
        {story.standfirst ? <p className="story-standfirst">{story.standfirst}</p> : null}
        <p className="story-meta">
          <span className="font-semibold">
            <BylineList bylines={story.bylines} />
          </span>
          {story.dateline ? <span> in {story.dateline}</span> : null}
          <span> – </span>
          <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt, dates)}</time>
          {updated ? (
            <span className="block text-[var(--muted)]">
              Updated <time dateTime={story.updatedAt.toISOString()}>{formatDateTime(story.updatedAt, dates)}</time>
            </span>
          ) : null}
        </p>
      </header>
      <div className="mt-8">
        <StoryBody document={story.body} images={images} datelinePlace={story.datelinePlace} />
      </div>
      {story.credit ? (
        <p className="story-credit" data-testid="story-credit">
          {story.credit}
        </p>
      ) : null}
      {story.corrections.length > 0 ? (
        <aside aria-labelledby="corrections-heading" className="mt-10 border-t border-[var(--rule)] pt-4 text-sm">
          <h2 id="corrections-heading" className="font-bold">
            Corrections and clarifications
          </h2>
          <ul className="mt-2 space-y-2">
            {story.corrections.map((correction) => (
              <li key={correction.id} id={`correction-${correction.id}`} className="scroll-mt-4">
                <span className="font-semibold">{correction.kind === "CORRECTION" ? "Correction" : "Clarification"}</span>,{" "}
                <time dateTime={correction.createdAt.toISOString()}>{formatDateTime(correction.createdAt, dates)}</time>: {correction.text}
              </li>
            ))}
          </ul>
          <p className="mt-3 text-[var(--muted)]">
            <Link href="/corrections" className="underline">
              All corrections and clarifications
            </Link>
          </p>
        </aside>
      ) : null}
      {children}
    </article>
  );
}
