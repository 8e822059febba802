import { CommentForm } from "@/components/comments/comment-form";
import { CommentItem } from "@/components/comments/comment-item";
import { getStoryCommentPreview } from "@/lib/cache/reader";
import { discussionHref } from "@/lib/comments/queries";

import { postCommentAction } from "@/lib/actions/comments";

/**
 * Threads shown under the story, by their opening comment (with how many replies it has); the whole
 * discussion is on its own page. Few enough that a story with thousands of comments stays a light
 * page: every comment here is in the HTML twice (markup and the framework's payload).
 */
export const STORY_PAGE_THREADS = 10;

export function commentCountLabel(count: number): string {
  return count === 0 ? "No comments yet" : count === 1 ? "1 comment" : `${count.toLocaleString("en-GB")} comments`;
}

/**
 * The comments area of the cached story page: the same for every reader (it reads no session), so
 * it shows the first published threads' opening comments, links to the discussion page for the
 * replies, replying and reporting, and a plain form whose action decides who is posting (signed
 * out: sent to sign in). No client code.
 */
export async function StoryComments({ storyId, sectionSlug, slug }: { storyId: string; sectionSlug: string; slug: string }) {
  const loaded = await getStoryCommentPreview(storyId, STORY_PAGE_THREADS);
  if (!loaded) return null;
  const { policy, count, comments: shown } = loaded;
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
            <CommentItem key={comment.id} comment={comment} discussionHref={href} />
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
