// The reader's story page written as HTML strings (docs/fast-paths.md, "The story page written as
// HTML"): the same markup the React components give the pages that keep them, which
// components/story/written-html.test.tsx and story-body.test.tsx hold it to, and
// e2e/story-page-html.spec.ts in the browser (the front page's header and footer, the desk
// preview's article). A change to one is a change to the other:
//
//   siteHeaderHtml, siteFooterHtml   components/site/site-header.tsx, site-masthead.tsx, app/(site)/layout.tsx
//   articleHtml                      components/story/story-article.tsx, byline-list.tsx
//   relatedHtml, teaserHtml          components/story/story-teaser.tsx (the related stories had a component of their own)
//   commentsHtml, commentItemHtml    components/comments/comment-item.tsx, comment-body.tsx, comment-form.tsx

import { commentCountLabel } from "@/lib/comments/labels";
import type { StoryCommentPreview, ThreadComment } from "@/lib/comments/queries";
import { COMMENT_LINK_REL, parseCommentBody } from "@/lib/comments/text";
import { pageBodyHtml } from "@/lib/feeds/html";
import { formatDate, formatDateTime, type DateStyle } from "@/lib/format";
import type { MediaSizes } from "@/lib/media/queries";
import type { SectionSummary } from "@/lib/sections/queries";
import type { SiteSettings } from "@/lib/settings/schemas";
import type { BylineRef, PublishedStory, StoryTeaser } from "@/lib/stories/queries";

import { attributes, html, trustedHtml, type Html } from "./html";

const BYLINE_LINK = "underline decoration-1 underline-offset-2 hover:decoration-2";

/** The site's name or logo, linking to the front page (SiteMasthead). */
export function mastheadHtml(site: Pick<SiteSettings, "name" | "logo">, className = ""): Html {
  const inner = site.logo
    ? html`<img src="${site.logo.url}" alt="${site.name}" width="${site.logo.width}" height="${site.logo.height}" class="block h-10 w-auto max-w-[16rem] object-contain" data-testid="site-logo"/>`
    : site.name;
  return html`<a class="${`font-serif text-3xl font-bold tracking-tight no-underline ${className}`}" href="/">${inner}</a>`;
}

/** The skip link and the reader header with the section navigation (the site layout's). */
export function siteHeaderHtml(sections: readonly SectionSummary[], site: Pick<SiteSettings, "name" | "logo">): Html {
  return html`<a href="#main" class="skip-link">Skip to content</a><header class="border-b border-[var(--rule)]"><div class="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-4">${mastheadHtml(site)}<div class="flex items-center gap-4 text-sm"><a href="/search">Search</a><a href="/account">Your account</a></div></div><nav aria-label="Sections" class="mx-auto max-w-6xl px-4 pb-3"><ul class="flex flex-wrap gap-x-5 gap-y-1 text-sm font-semibold">${sections.map(
    (section) => html`<li><a href="/${section.slug}">${section.name}</a></li>`,
  )}</ul></nav></header>`;
}

/** The reader footer (the site layout's). */
export function siteFooterHtml(site: Pick<SiteSettings, "name" | "social">): Html {
  const social =
    site.social.length > 0
      ? html`<nav aria-label="${`${site.name} elsewhere`}"><ul class="flex flex-wrap gap-x-4 gap-y-1">${site.social.map(
          (account) => html`<li><a href="${account.url}" rel="me noopener" class="underline underline-offset-2">${account.label}</a></li>`,
        )}</ul></nav>`
      : null;
  return html`<footer class="mt-16 border-t border-[var(--rule)]"><div class="mx-auto flex max-w-6xl flex-wrap items-baseline justify-between gap-x-6 gap-y-2 px-4 py-6 text-sm text-[var(--muted)]"><p>${site.name} — published with Newsdesk.</p>${social}<a class="underline underline-offset-2" href="/corrections">Corrections and clarifications</a></div></footer>`;
}

/** "Ana Ruiz and Newshub Editorial", each name linking to its page (BylineList). */
export function bylineListHtml(bylines: readonly BylineRef[]): Html | null {
  if (bylines.length === 0) return null;
  return html`<span class="byline">${bylines.map(
    (byline, index) =>
      html`<span>${index > 0 ? (index === bylines.length - 1 ? " and " : ", ") : null}<a rel="author" class="${BYLINE_LINK}" href="/byline/${byline.slug}">${byline.name}</a></span>`,
  )}</span>`;
}

const time = (date: Date, text: string) => html`<time datetime="${date.toISOString()}">${text}</time>`;

/** The story as readers see it, inside its <article> (StoryArticle without its children). */
export function articleHtml(story: PublishedStory, images: ReadonlyMap<string, MediaSizes>, dates: DateStyle): Html {
  const updated = story.updatedAt.getTime() - story.publishedAt.getTime() > 60_000;
  const corrections =
    story.corrections.length > 0
      ? html`<aside aria-labelledby="corrections-heading" class="mt-10 border-t border-[var(--rule)] pt-4 text-sm"><h2 id="corrections-heading" class="font-bold">Corrections and clarifications</h2><ul class="mt-2 space-y-2">${story.corrections.map(
          (correction) =>
            html`<li id="correction-${correction.id}" class="scroll-mt-4"><span class="font-semibold">${correction.kind === "CORRECTION" ? "Correction" : "Clarification"}</span>, ${time(correction.createdAt, formatDateTime(correction.createdAt, dates))}: ${correction.text}</li>`,
        )}</ul><p class="mt-3 text-[var(--muted)]"><a class="underline" href="/corrections">All corrections and clarifications</a></p></aside>`
      : null;
  return html`<header>${story.section ? html`<p class="kicker story-kicker"><a href="/${story.section.slug}">${story.section.name}</a></p>` : null}<h1 class="story-headline">${story.headline}</h1>${
    story.standfirst ? html`<p class="story-standfirst">${story.standfirst}</p>` : null
  }<p class="story-meta"><span class="font-semibold">${bylineListHtml(story.bylines)}</span>${story.dateline ? html`<span> in ${story.dateline}</span>` : null}<span> – </span>${time(
    story.publishedAt,
    formatDate(story.publishedAt, dates),
  )}${updated ? html`<span class="block text-[var(--muted)]">Updated ${time(story.updatedAt, formatDateTime(story.updatedAt, dates))}</span>` : null}</p></header><div class="mt-8"><div class="story-body">${trustedHtml(
    pageBodyHtml(story.body, images, story.datelinePlace),
  )}</div></div>${story.credit ? html`<p class="story-credit" data-testid="story-credit">${story.credit}</p>` : null}${corrections}`;
}

/** A story in a list (StoryTeaser), as related stories show it: level 3, with its section, no comment count. */
export function teaserHtml(story: StoryTeaser, dates: DateStyle, options: { level?: 2 | 3; lead?: boolean; showSection?: boolean; showComments?: boolean } = {}): Html {
  const { lead = false, level = lead ? 2 : 3, showSection = true, showComments = true } = options;
  const heading = level === 2 ? "h2" : "h3";
  const comments =
    showComments && story.commentCount > 0
      ? html`<span aria-hidden="true"> · </span><a class="teaser-comments" href="${story.href}#comments">${
          story.commentCount === 1 ? "1 comment" : `${story.commentCount.toLocaleString("en-GB")} comments`
        }</a>`
      : null;
  return html`<article class="${`teaser${lead ? " teaser-lead" : ""}`}">${showSection ? html`<p class="kicker"><a href="/${story.section.slug}">${story.section.name}</a></p>` : null}${trustedHtml(
    `<${heading} class="teaser-headline">`,
  )}<a href="${story.href}">${story.headline}</a>${trustedHtml(`</${heading}>`)}${story.standfirst ? html`<p class="teaser-standfirst">${story.standfirst}</p>` : null}<p class="teaser-meta">${bylineListHtml(
    story.bylines,
  )}${story.bylines.length > 0 ? html`<span aria-hidden="true"> · </span>` : null}${time(story.publishedAt, formatDate(story.publishedAt, dates))}${comments}</p></article>`;
}

/** The story's topics and up to four related stories (RelatedStories); nothing when there are none. */
export function relatedHtml(tags: ReadonlyArray<{ name: string; slug: string }>, stories: readonly StoryTeaser[], dates: DateStyle): Html | null {
  if (tags.length === 0 && stories.length === 0) return null;
  return html`${
    tags.length > 0
      ? html`<nav aria-label="Topics" class="mt-10 flex flex-wrap items-baseline gap-x-3 gap-y-2 text-sm"><p class="font-semibold text-[var(--muted)]">Topics</p><ul class="flex flex-wrap gap-2">${tags.map(
          (tag) =>
            html`<li><a class="inline-block rounded-full border border-[var(--rule)] px-3 py-1 font-semibold no-underline hover:border-[var(--ink)]" href="/tag/${tag.slug}">${tag.name}</a></li>`,
        )}</ul></nav>`
      : null
  }${
    stories.length > 0
      ? html`<section aria-labelledby="related-heading" class="mt-12"><h2 id="related-heading" class="rail-heading">Related stories</h2><div class="related-grid">${stories.map((story) =>
          teaserHtml(story, dates, { level: 3, showComments: false }),
        )}</div></section>`
      : null
  }`;
}

/** A comment's text: paragraphs, line breaks and http(s) links (CommentBody). */
function commentBodyHtml(body: string): Html {
  return html`<div class="comment-body space-y-2 break-words">${parseCommentBody(body).map(
    (paragraph) =>
      html`<p>${paragraph.map(
        (line, l) =>
          html`<span>${l > 0 ? html`<br/>` : null}${line.map((segment) =>
            segment.kind === "link" ? html`<a href="${segment.href}" rel="${COMMENT_LINK_REL}">${segment.text}</a>` : html`<span>${segment.text}</span>`,
          )}</span>`,
      )}</p>`,
  )}</div>`;
}

/** A thread's opening comment as the cached story page shows it: links only (CommentItem without a discussion). */
export function commentItemHtml(comment: ThreadComment, discussionHref: string, dates: DateStyle): Html {
  const shown = comment.state === "published";
  const placeholder = (text: string) => html`<p class="italic text-[var(--muted)]">${text}</p>`;
  const content =
    comment.state === "deleted"
      ? placeholder("This comment was deleted.")
      : comment.state === "hidden"
        ? placeholder("This comment is not shown.")
        : html`<p class="text-sm"><span class="font-semibold">${comment.authorName}</span>${
            comment.inReplyTo ? html`<span class="text-[var(--muted)]"> in reply to ${comment.inReplyTo}</span>` : null
          }<span class="text-[var(--muted)]"> · ${time(comment.createdAt, formatDateTime(comment.createdAt, dates))}${
            comment.editedAt ? html` · <span title="${`Edited ${formatDateTime(comment.editedAt, dates)}`}">edited</span>` : null
          }</span></p><div class="mt-1">${commentBodyHtml(comment.body)}</div><ul class="mt-1 flex flex-wrap gap-x-4 text-sm" aria-label="Comment actions">${
            comment.replyCount > 0 && comment.replies.length === 0
              ? html`<li><a href="${discussionHref}#comment-${comment.id}">${comment.replyCount === 1 ? "1 reply" : `${comment.replyCount.toLocaleString("en-GB")} replies`}</a></li>`
              : null
          }${shown ? html`<li><a href="${discussionHref}?reply=${comment.id}#reply-${comment.id}">Reply</a></li>` : null}${
            shown && !comment.isOwn ? html`<li><a href="${discussionHref}?report=${comment.id}#report-${comment.id}">Report</a></li>` : null
          }</ul>`;
  return html`<li id="comment-${comment.id}" class="comment scroll-mt-4"><article${attributes({ "aria-label": comment.authorName ? `Comment by ${comment.authorName}` : "Comment" })} class="border-l-2 border-[var(--rule)] py-2 pl-3">${content}</article></li>`;
}

/**
 * The comments area (StoryComments): the count, the policy's sentence, the first threads' opening
 * comments and the form, which posts to the discussion page's server action (`postActionId`: its
 * id in this build, lib/reader-html/build.ts; without it, under `next dev` before that page is
 * compiled, the link to the discussion page is the way to comment).
 */
export function commentsHtml(preview: StoryCommentPreview, discussionHref: string, dates: DateStyle, postActionId: string | null): Html {
  const { storyId, policy, count, comments } = preview;
  const form =
    policy.policy === "CLOSED" || postActionId === null
      ? null
      : html`<form class="mt-4 space-y-3" id="comment-form" action="${discussionHref}" enctype="multipart/form-data" method="POST"><input type="hidden" name="$ACTION_ID_${postActionId}"/><input type="hidden" name="storyId" value="${storyId}"/><div><label for="comment-body" class="block font-semibold">Comment</label><textarea id="comment-body" name="body" required="" rows="5" class="mt-1 block w-full rounded border border-[var(--rule)] bg-transparent p-2"></textarea></div><div aria-hidden="true" class="absolute -left-[10000px] top-auto h-px w-px overflow-hidden"><label for="comment-website">Leave this field empty</label><input id="comment-website" type="text" tabindex="-1" autocomplete="off" name="website" value=""/></div><button type="submit" class="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">Post comment</button></form>`;
  return html`<section id="comments" aria-labelledby="comments-heading" class="mt-12 border-t border-[var(--rule)] pt-6"><h2 id="comments-heading" class="text-lg font-bold">${
    count === 0 ? "Comments" : commentCountLabel(count)
  }</h2>${policy.reason ? html`<p class="mt-2 text-sm">${policy.reason}</p>` : null}${
    comments.length > 0 ? html`<ol class="mt-4 space-y-3">${comments.map((comment) => commentItemHtml(comment, discussionHref, dates))}</ol>` : null
  }<p class="mt-4 font-semibold"><a href="${discussionHref}">${count > 0 ? `All ${commentCountLabel(count)}` : "Join the conversation"}</a></p>${form}</section>`;
}
