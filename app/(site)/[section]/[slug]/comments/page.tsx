import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";

import { CommentForm } from "@/components/comments/comment-form";
import { CommentItem, type DiscussionContext } from "@/components/comments/comment-item";
import { commentCountLabel } from "@/lib/comments/labels";
import { Pagination } from "@/components/site/pagination";
import { getActor } from "@/lib/auth/session";
import { getPublishedStory, getSiteSettings } from "@/lib/cache/reader";
import { heldMessage } from "@/lib/comments/holds";
import { DONE_MESSAGES, ERROR_MESSAGES, isDoneKey, isErrorKey } from "@/lib/comments/messages";
import { discussionPage, parsePageParam } from "@/lib/comments/pages";
import { getCommentThread, getStoryCommentPolicy, type ThreadComment } from "@/lib/comments/queries";
import { parseSort, SORT_LABELS, SORTS } from "@/lib/comments/schemas";
import { CONFIRM_TO_COMMENT, suspensionNotice } from "@/lib/comments/sentences";
import { mustConfirmEmail } from "@/lib/accounts/confirm-email";
import { textValue } from "@/lib/http/values";
import { storyHref } from "@/lib/stories/queries";

import { deleteCommentAction, editCommentAction, postCommentAction, reportCommentAction } from "@/lib/actions/comments";
import { isUuid } from "@/lib/validation/uuid";

// The whole discussion of a story, rendered for each request, 50 threads a page: it reads the
// session (the reader's own held comments, Edit and Delete) and the query (?sort=, ?page=, ?reply=,
// ?report=, ?edit=, and the outcome keys ?done= / ?error= the actions redirect with; a comment named
// there brings its thread's page). proxy.ts gives it a nonce CSP.

interface Props {
  params: Promise<{ section: string; slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

function idParam(value: string | string[] | undefined): string | null {
  const text = textValue(value);
  return isUuid(text) ? text : null;
}

function findComment(comments: readonly ThreadComment[], id: string): ThreadComment | null {
  for (const comment of comments) {
    if (comment.id === id) return comment;
    const found = findComment(comment.replies, id);
    if (found) return found;
  }
  return null;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section, slug } = await params;
  const lookup = await getPublishedStory(section, slug);
  return lookup.kind === "found" ? { title: `Comments: ${lookup.story.headline}`, robots: { index: false } } : {};
}

export default async function DiscussionPage({ params, searchParams }: Props) {
  const { section, slug } = await params;
  const lookup = await getPublishedStory(section, slug);
  if (lookup.kind === "redirect") redirect(`${lookup.href}/comments`);
  if (lookup.kind === "missing") notFound();
  const { story } = lookup;
  const query = await searchParams;
  const actor = await getActor();
  const sort = parseSort(textValue(query.sort));
  const requestedPage = parsePageParam(textValue(query.page));
  if (requestedPage === undefined) notFound();
  const [policy, thread, { dates }, mustConfirm] = await Promise.all([
    getStoryCommentPolicy(story.id),
    getCommentThread(story.id, { sort, viewerId: actor?.id ?? null }),
    getSiteSettings(),
    mustConfirmEmail(actor),
  ]);
  if (!policy) notFound();

  const href = `${storyHref(story.section.slug, story.slug)}/comments`;
  const signInHref = `/login?callbackUrl=${encodeURIComponent(href)}`;
  const suspended = actor?.status === "SUSPENDED";
  // A reader who must confirm their email first sees why where the form would be (lib/accounts/confirm-email.ts).
  const canPost = Boolean(actor) && !suspended && !mustConfirm && policy.policy !== "CLOSED";
  const replyId = idParam(query.reply);
  const reportId = idParam(query.report);
  const editId = idParam(query.edit);

  const doneKey = textValue(query.done);
  const errorKey = textValue(query.error);
  let done: string | null = null;
  if (isDoneKey(doneKey)) {
    const commentId = idParam(query.comment);
    const own = commentId ? findComment(thread.comments, commentId) : null;
    done = doneKey === "held" ? (own?.state === "held" ? heldMessage(own.holdReasons) : "Your comment is waiting for a moderator.") : DONE_MESSAGES[doneKey];
  }
  let error: string | null = null;
  if (isErrorKey(errorKey)) {
    error = errorKey === "suspended" && actor?.status === "SUSPENDED" ? suspensionNotice(actor, dates) : errorKey === "closed" && policy.reason ? policy.reason : ERROR_MESSAGES[errorKey];
  }
  const formOpen = replyId ?? reportId ?? editId;
  const shown = discussionPage(thread.comments, requestedPage, formOpen ?? idParam(query.comment));
  if (!shown) notFound();
  const pageHref = (page: number) => {
    const search = new URLSearchParams({ ...(sort !== "oldest" ? { sort } : {}), ...(page > 1 ? { page: String(page) } : {}) }).toString();
    return search ? `${href}?${search}` : href;
  };
  // An error about an open reply, edit or report form is shown beside it; the rest at the top or by the main form.
  const topError = error && !formOpen && (errorKey === "rate" || errorKey === "not-found" || errorKey === "not-own" || errorKey === "report-twice" || errorKey === "report-own" || errorKey === "suspended" || errorKey === "unconfirmed" || errorKey === "failed" || errorKey === "internal") ? error : null;
  const mainFormError = error && !formOpen && !topError ? error : null;

  const context: DiscussionContext = {
    actions: { post: postCommentAction, edit: editCommentAction, remove: deleteCommentAction, report: reportCommentAction },
    storyId: story.id,
    canPost,
    canReport: Boolean(actor) && !suspended,
    replyId,
    reportId,
    editId,
    formError: formOpen ? error : null,
    now: new Date(),
  };

  return (
    <div className="mx-auto max-w-2xl">
      <p className="kicker">
        <Link href={storyHref(story.section.slug, story.slug)}>{story.headline}</Link>
      </p>
      <h1 className="font-serif text-3xl font-bold">Comments</h1>
      <p className="mt-1 text-[var(--muted)]">{commentCountLabel(thread.count)}</p>

      <div id="comments-status" className="scroll-mt-4">
        {done ? (
          <p role="status" className="mt-4 rounded border border-[var(--rule)] p-3 font-semibold">
            {done}
          </p>
        ) : null}
        {topError ? (
          <p role="alert" className="mt-4 rounded border border-[var(--accent)] p-3 font-semibold">
            {topError}
          </p>
        ) : null}
      </div>

      {policy.reason ? <p className="mt-4">{policy.reason}</p> : null}
      {suspended && actor && !topError ? <p className="mt-4">{suspensionNotice(actor, dates)}</p> : null}
      {mustConfirm && !suspended && !topError && policy.policy !== "CLOSED" ? (
        <p className="mt-4 rounded border border-[var(--rule)] p-3" data-testid="confirm-to-comment">
          {CONFIRM_TO_COMMENT} <Link href="/account#email">Your account</Link>
        </p>
      ) : null}
      {canPost ? (
        <CommentForm action={postCommentAction} storyId={story.id} idPrefix="comment" error={mainFormError} />
      ) : !actor && policy.policy !== "CLOSED" ? (
        <p className="mt-4">
          <a href={signInHref} className="font-semibold">
            Sign in to join the conversation
          </a>
        </p>
      ) : null}

      <nav aria-label="Sort comments" className="mt-8 flex gap-4 text-sm">
        <span className="text-[var(--muted)]">Sort by</span>
        {SORTS.map((option) => (
          <a key={option} href={option === "oldest" ? href : `${href}?sort=${option}`} aria-current={option === sort ? "true" : undefined} className={option === sort ? "font-bold no-underline" : ""}>
            {SORT_LABELS[option]}
          </a>
        ))}
      </nav>

      {!actor && (replyId || reportId) ? (
        <p className="mt-4">
          <a href={`/login?callbackUrl=${encodeURIComponent(`${href}?${replyId ? `reply=${replyId}` : `report=${reportId}`}`)}`} className="font-semibold">
            Sign in to {replyId ? "reply" : "report a comment"}
          </a>
        </p>
      ) : null}

      {shown.threads.length > 0 ? (
        <ol className="mt-4 space-y-3">
          {shown.threads.map((comment) => (
            <CommentItem key={comment.id} comment={comment} discussionHref={href} discussion={context} dates={dates} />
          ))}
        </ol>
      ) : (
        <p className="mt-4 text-[var(--muted)]">No comments yet.</p>
      )}

      <Pagination page={shown.page} pageCount={shown.pages} href={pageHref} previousLabel="Previous comments" nextLabel="More comments" label="Comment pages" />
    </div>
  );
}
