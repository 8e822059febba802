// The events webhooks can ask for, in the desk's words. No imports: the desk's forms use them too.

export const WEBHOOK_EVENTS = [
  "story.published",
  "story.updated",
  "story.unpublished",
  "story.corrected",
  "story.deleted",
  "comment.posted",
  "comment.moderated",
] as const;

export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The event a "Send test" delivers: never enqueued by a change, and not one to subscribe to. */
export const TEST_EVENT = "webhook.test";

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  "story.published": "Story published",
  "story.updated": "Published story updated",
  "story.unpublished": "Story unpublished",
  "story.corrected": "Correction added",
  "story.deleted": "Story deleted",
  "comment.posted": "Comment posted",
  "comment.moderated": "Comment moderated",
};

export function isWebhookEvent(value: unknown): value is WebhookEvent {
  return typeof value === "string" && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

/** A delivery's state in the desk's words. */
export function deliveryStateLabel(status: "PENDING" | "SUCCEEDED" | "FAILED", attempts: number): string {
  if (status === "SUCCEEDED") return "Delivered";
  if (status === "FAILED") return "Failed";
  return attempts === 0 ? "Queued" : "Retrying";
}
