import { CommentForm } from "@/components/comments/comment-form";
import { CommentItem } from "@/components/comments/comment-item";
import { getStoryComments } from "@/lib/cache/reader";
import { discussionHref } from "@/lib/comments/queries";

import { postCommentAction } from "@/app/(site)/[section]/[slug]/comments/actions";

/** Top-level threads shown under the story; the rest are on the discussion page. */
export const STORY_PAGE_THREADS = 20;

export function commentCountLabel(count: number): string {
  return count === 0 ? "No comments yet" : count === 1 ? "1 comment" : `${count.toLocaleString("en-GB")} comments`;
}

/**
 * The comments area of the cached story page: the same for every reader (it reads no session), so
 * it shows published comments, links to the discussion page for replying and reporting, and a plain
 * form whose action decides who is posting (signed out: sent to sign in). No client code.
 */
export async function StoryComments({ storyId, sectionSlug, slug }: { storyId: string; sectionSlug: string; slug: string }) {
  const loaded = await getStoryComments(storyId);
  if (!loaded) return null;
  const { policy, thread } = loaded;
  const href = discussionHref({ sectionSlug, slug });
  const shown = thread.comments.slice(0, STORY_PAGE_THREADS);
  return (
    <section id="comments" aria-labelledby="comments-heading" className="mt-12 border-t border-[var(--rule)] pt-6">
      <h2 id="comments-heading" className="text-lg font-bold">
        {thread.count === 0 ? "Comments" : commentCountLabel(thread.count)}
      </h2>
      {policy.reason ? <p className="mt-2 text-sm">{policy.reason}</p> : null}
      {shown.length > 0 ? (
        <ol className="mt-4 space-y-3">
          {shown.map((comment) => (
            <CommentItem key={comment.id} comment={comment} discussionHref={href} />
          ))}
        </ol>
      ) : null}
      <p className="mt-4 font-semibold">
        <a href={href}>{thread.count > 0 ? `All ${commentCountLabel(thread.count)}` : "Join the conversation"}</a>
      </p>
      {policy.policy !== "CLOSED" ? <CommentForm action={postCommentAction} storyId={storyId} idPrefix="comment" /> : null}
    </section>
  );
}
