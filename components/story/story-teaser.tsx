import Link from "next/link";

import { BylineList } from "@/components/story/byline-list";
import { formatDate, type DateStyle } from "@/lib/format";
import type { StoryTeaser as Teaser } from "@/lib/stories/queries";

/**
 * A story in a list: section, headline (the link), standfirst, bylines, date and how many comments
 * readers can see (up to five minutes behind: lists are not refreshed for each comment, and revalidate
 * after 300 s). Related stories at the foot of a story page leave the count out: that page is
 * kept for a day and not refreshed by comments on other stories (docs/caching.md). The lead is set
 * larger. `level` keeps the page's heading outline whole: h2 under the page's h1, h3 under a
 * section heading.
 */
export function StoryTeaser({
  story,
  lead = false,
  level = lead ? 2 : 3,
  showSection = true,
  showComments = true,
  dates,
}: {
  story: Teaser;
  lead?: boolean;
  level?: 2 | 3;
  showSection?: boolean;
  showComments?: boolean;
  /** How the date is written: the site settings' dates and time zone. */
  dates: DateStyle;
}) {
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <article className={`teaser${lead ? " teaser-lead" : ""}`}>
      {showSection ? (
        <p className="kicker">
          <Link href={`/${story.section.slug}`}>{story.section.name}</Link>
        </p>
      ) : null}
      <Heading className="teaser-headline">
        <Link href={story.href}>{story.headline}</Link>
      </Heading>
      {story.standfirst ? <p className="teaser-standfirst">{story.standfirst}</p> : null}
      <p className="teaser-meta">
        <BylineList bylines={story.bylines} />
        {story.bylines.length > 0 ? <span aria-hidden="true"> · </span> : null}
        <time dateTime={story.publishedAt.toISOString()}>{formatDate(story.publishedAt, dates)}</time>
        {showComments && story.commentCount > 0 ? (
          <>
            <span aria-hidden="true"> · </span>
            <Link href={`${story.href}#comments`} className="teaser-comments">
              {story.commentCount === 1 ? "1 comment" : `${story.commentCount.toLocaleString("en-GB")} comments`}
            </Link>
          </>
        ) : null}
      </p>
    </article>
  );
}
