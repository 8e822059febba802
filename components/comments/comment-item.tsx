import { CommentBody } from "@/components/comments/comment-body";
import { CommentForm } from "@/components/comments/comment-form";
import { ReportForm } from "@/components/comments/report-form";
import { holdExplanation } from "@/lib/comments/holds";
import type { ThreadComment } from "@/lib/comments/queries";
import { isWithinEditWindow } from "@/lib/comments/schemas";
import { formatDateTime, type DateStyle } from "@/lib/format";

export interface CommentActions {
  post: (formData: FormData) => Promise<void>;
  edit: (formData: FormData) => Promise<void>;
  remove: (formData: FormData) => Promise<void>;
  report: (formData: FormData) => Promise<void>;
}

/** What the per-request discussion page adds: who is reading, which form is open, and the actions. */
export interface DiscussionContext {
  actions: CommentActions;
  storyId: string;
  canPost: boolean;
  /** Signed in and not suspended: may report. */
  canReport: boolean;
  replyId: string | null;
  reportId: string | null;
  editId: string | null;
  /** A refusal to show beside the open form. */
  formError: string | null;
  now: Date;
}

interface Props {
  comment: ThreadComment;
  discussionHref: string;
  /** Absent on the cached story page: links only. */
  discussion?: DiscussionContext;
  /** How dates are written: the site settings' dates and time zone. */
  dates: DateStyle;
}

function Placeholder({ children }: { children: React.ReactNode }) {
  return <p className="italic text-[var(--muted)]">{children}</p>;
}

export function CommentItem({ comment, discussionHref, discussion, dates }: Props) {
  const shown = comment.state === "published";
  const own = comment.isOwn;
  const canEdit = Boolean(discussion) && own && (comment.state === "published" || comment.state === "held") && isWithinEditWindow(comment.createdAt, discussion?.now);
  const editing = canEdit && discussion?.editId === comment.id;
  const replying = shown && discussion?.canPost && discussion.replyId === comment.id;
  const reporting = shown && !own && discussion?.canReport && discussion.reportId === comment.id;
  const error = discussion && [discussion.replyId, discussion.reportId, discussion.editId].includes(comment.id) ? discussion.formError : null;

  return (
    <li id={`comment-${comment.id}`} className="comment scroll-mt-4">
      <article aria-label={comment.authorName ? `Comment by ${comment.authorName}` : "Comment"} className="border-l-2 border-[var(--rule)] py-2 pl-3">
        {comment.state === "deleted" ? (
          <Placeholder>This comment was deleted.</Placeholder>
        ) : comment.state === "hidden" ? (
          <Placeholder>This comment is not shown.</Placeholder>
        ) : (
          <>
            <p className="text-sm">
              <span className="font-semibold">{comment.authorName}</span>
              {comment.inReplyTo ? <span className="text-[var(--muted)]"> in reply to {comment.inReplyTo}</span> : null}
              <span className="text-[var(--muted)]">
                {" · "}
                <time dateTime={comment.createdAt.toISOString()}>{formatDateTime(comment.createdAt, dates)}</time>
                {comment.editedAt ? (
                  <>
                    {" · "}
                    <span title={`Edited ${formatDateTime(comment.editedAt, dates)}`}>edited</span>
                  </>
                ) : null}
              </span>
            </p>
            {comment.state === "held" ? (
              <p className="mt-1 rounded bg-[var(--rule)] px-2 py-1 text-sm">Only you can see this: it is waiting for a moderator because {holdExplanation(comment.holdReasons)}.</p>
            ) : null}
            {comment.state === "rejected" ? (
              <p className="mt-1 rounded bg-[var(--rule)] px-2 py-1 text-sm">
                Only you can see this: a moderator removed it{comment.status === "SPAM" ? " as spam" : ""}.
                {comment.rejectReason ? ` Their reason: ${comment.rejectReason}` : ""}
              </p>
            ) : null}
            {editing && discussion ? (
              <form action={discussion.actions.edit} className="mt-2 space-y-2" id={`edit-${comment.id}`}>
                <input type="hidden" name="commentId" value={comment.id} />
                <label htmlFor={`edit-${comment.id}-body`} className="block font-semibold">
                  Edit your comment
                </label>
                <textarea
                  id={`edit-${comment.id}-body`}
                  name="body"
                  required
                  rows={4}
                  defaultValue={comment.body}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `edit-${comment.id}-error` : undefined}
                  className="block w-full rounded border border-[var(--rule)] bg-transparent p-2"
                />
                {error ? (
                  <p id={`edit-${comment.id}-error`} role="alert" className="text-sm font-semibold text-[var(--accent)]">
                    {error}
                  </p>
                ) : null}
                <button type="submit" className="rounded bg-[var(--ink)] px-3 py-1 font-semibold text-[var(--paper)]">
                  Save changes
                </button>{" "}
                <a href={`${discussionHref}#comment-${comment.id}`}>Cancel</a>
              </form>
            ) : (
              <div className="mt-1">
                <CommentBody body={comment.body} />
              </div>
            )}
            <ul className="mt-1 flex flex-wrap gap-x-4 text-sm" aria-label="Comment actions">
              {!discussion && comment.replyCount > 0 && comment.replies.length === 0 ? (
                <li>
                  {/* The story page shows threads by their opening comment: the replies are on the discussion page. */}
                  <a href={`${discussionHref}#comment-${comment.id}`}>{comment.replyCount === 1 ? "1 reply" : `${comment.replyCount.toLocaleString("en-GB")} replies`}</a>
                </li>
              ) : null}
              {shown ? (
                <li>
                  <a href={`${discussionHref}?reply=${comment.id}#reply-${comment.id}`}>Reply</a>
                </li>
              ) : null}
              {shown && !own ? (
                <li>
                  <a href={`${discussionHref}?report=${comment.id}#report-${comment.id}`}>Report</a>
                </li>
              ) : null}
              {canEdit && !editing ? (
                <li>
                  <a href={`${discussionHref}?edit=${comment.id}#edit-${comment.id}`}>Edit</a>
                </li>
              ) : null}
              {own && discussion ? (
                <li>
                  <form action={discussion.actions.remove}>
                    <input type="hidden" name="commentId" value={comment.id} />
                    <button type="submit" className="underline">
                      Delete
                    </button>
                  </form>
                </li>
              ) : null}
            </ul>
          </>
        )}
        {replying && discussion ? (
          <div id={`reply-${comment.id}`} className="scroll-mt-4">
            <CommentForm action={discussion.actions.post} storyId={discussion.storyId} parentId={comment.id} idPrefix={`reply-${comment.id}`} label={`Reply to ${comment.authorName}`} submitLabel="Post reply" error={error} />
          </div>
        ) : null}
        {reporting && discussion ? <ReportForm action={discussion.actions.report} commentId={comment.id} authorName={comment.authorName} error={error} /> : null}
      </article>
      {comment.replies.length > 0 ? (
        <ol className="ml-4 mt-2 space-y-2 sm:ml-6">
          {comment.replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} discussionHref={discussionHref} dates={dates} {...(discussion ? { discussion } : {})} />
          ))}
        </ol>
      ) : null}
    </li>
  );
}
