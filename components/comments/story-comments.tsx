import { CommentForm } from "@/components/comments/comment-form";
import type { DateStyle } from "@/lib/format";
import { CommentItem } from "@/components/comments/comment-item";
import { discussionHref, type StoryCommentPreview } from "@/lib/comments/queries";

import { postCommentAction } from "@/lib/actions/comments";

export function commentCountLabel(count: number): string {
  return count === 0 ? "No comments yet" : count === 1 ? "1 comment" : `${count.toLocaleString("en-GB")} comments`;
}

/**
 * The comments area of the cached story page: the same for every reader (it reads no session), so
 * it shows the first published threads' opening comments, links to the discussion page for the
 * replies, replying and reporting, and a plain form whose action decides who is posting (signed
 * out: sent to sign in). No client code.
 */
export function StoryComments({ preview, sectionSlug, slug, dates }: { preview: StoryCommentPreview; sectionSlug: string; slug: string; dates: DateStyle }) {
  const { storyId, policy, count, comments: shown } = preview;
  const href = discussionHref({ sectionSlug, slug });
  return (
    <section id="comments" aria-labelledby="comments-heading" className="mt-12 border-t border-[var(--rule)] pt-6">
      <h2 id="comments-heading" className="text-lg font-bold">
        {count === 0 ? "Comments" : commentCountLabel(count)}
      </h2>
      {policy.reason ? <p className="mt-2 text-sm">{policy.reason}</p> : null}
      {shown.length > 0 ? (
        <ol className="mt-4 space-y-3">
          {shown.map((comment) => (
            <CommentItem key={comment.id} comment={comment} discussionHref={href} dates={dates} />
          ))}
        </ol>
      ) : null}
      <p className="mt-4 font-semibold">
        <a href={href}>{count > 0 ? `All ${commentCountLabel(count)}` : "Join the conversation"}</a>
      </p>
      {policy.policy !== "CLOSED" ? <CommentForm action={postCommentAction} storyId={storyId} idPrefix="comment" /> : null}
    </section>
  );
}
