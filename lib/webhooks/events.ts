// The events webhooks can ask for, and the one-line hooks that enqueue them. Each hook runs inside
// the transaction of the change it reports (the caller's `tx`), so an event exists exactly when
// its change committed. The payload is built in SQL (prisma/migrations/20261206212000_webhooks):
// what readers may see of the story, never a draft's content. Two events have no hook here:
// comment.posted and story.deleted are enqueued by triggers in that migration, because a comment
// is posted by one SQL statement ("post_comment") and a story can be deleted by any statement.
// docs/webhooks.md describes each payload.

import "server-only";

import type { Tx } from "@/lib/db";


type StoryEvent = "story.published" | "story.updated" | "story.unpublished";

/** story.published, story.updated or story.unpublished for a story, as it stands in `tx`. */
export async function enqueueStoryEvent(tx: Tx, event: StoryEvent, storyId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT newsdesk_enqueue_webhook(${event}, jsonb_build_object('story', newsdesk_webhook_story(${storyId}::uuid)))
    WHERE newsdesk_webhook_wanted(${event})`;
}

/** The story event a status change makes, if any: going public, or leaving it. */
export async function enqueueStatusChange(tx: Tx, storyId: string, wasPublic: boolean, isPublic: boolean): Promise<void> {
  if (wasPublic === isPublic) return;
  await enqueueStoryEvent(tx, isPublic ? "story.published" : "story.unpublished", storyId);
}

/** story.corrected: the story and the correction readers now see on it. */
export async function enqueueStoryCorrected(tx: Tx, storyId: string, correctionId: string): Promise<void> {
  await tx.$queryRaw`
    SELECT newsdesk_enqueue_webhook('story.corrected', jsonb_build_object(
      'story', newsdesk_webhook_story(${storyId}::uuid),
      'correction', (SELECT jsonb_build_object('id', c."id", 'kind', c."kind"::text, 'text', c."text", 'createdAt', newsdesk_webhook_time(c."createdAt"))
                     FROM "Correction" c WHERE c."id" = ${correctionId}::uuid)))
    WHERE newsdesk_webhook_wanted('story.corrected')`;
}

/** comment.moderated, one event per comment decided. */
export async function enqueueCommentsModerated(tx: Tx, commentIds: readonly string[]): Promise<void> {
  await tx.$queryRaw`
    SELECT newsdesk_enqueue_webhook('comment.moderated', newsdesk_webhook_comment(c.id))
    FROM unnest(${[...commentIds]}::uuid[]) AS c(id)
    WHERE newsdesk_webhook_wanted('comment.moderated')`;
}
