// What the desk says about webhooks. No imports: client components use these too.

export const WEBHOOKS_ADMINS_ONLY = "Only admins can manage webhooks.";
export const WEBHOOK_NOT_FOUND = "That webhook does not exist any more.";
export const DELIVERY_NOT_FOUND = "That delivery does not exist any more.";
export const WEBHOOK_URL_INVALID = "Give the full address of the receiver, starting with https:// (or http://).";
export const WEBHOOK_URL_CREDENTIALS = "Leave the user name and password out of the address: every delivery is signed instead.";
export const WEBHOOK_URL_TOO_LONG = "Keep the address under 2,000 characters.";
export const WEBHOOK_URL_PRIVATE =
  "That address is in a private, loopback or link-local network, which this server does not send to. Use a public address (see docs/security.md).";
export const WEBHOOK_URL_UNRESOLVED = "That address's host name could not be found. Check it and try again.";
export const WEBHOOK_EVENTS_REQUIRED = "Choose at least one event.";
export const WEBHOOK_EVENT_UNKNOWN = "Choose events from the list.";
export const WEBHOOK_DESCRIPTION_TOO_LONG = "Keep the description under 200 characters.";
export const WEBHOOK_TOO_MANY = "A newsroom can have at most 50 webhooks. Delete one you no longer use.";
export const WEBHOOK_DISABLED_NO_SEND = "This webhook is turned off. Turn it on to send to it.";
export const WEBHOOK_CREATED = "Webhook added. Copy its signing secret now: it is not shown again.";
export const WEBHOOK_ENABLED = "Webhook turned on: events are sent to it again.";
export const WEBHOOK_DISABLED = "Webhook turned off: no events are sent to it until it is turned on.";
export const WEBHOOK_DELETED = "Webhook deleted, with its delivery log.";
export const WEBHOOK_TEST_QUEUED = "Test event queued: it appears in the log below within a few seconds.";
export const WEBHOOK_REDELIVERY_QUEUED = "Redelivery queued: it appears at the top of the log within a few seconds.";
export const CHOOSE_WEBHOOK_ACTION = "Choose what to do with the webhook.";
export const WEBHOOK_SECRET_ROTATED =
  "New signing secret made. Copy it now: it is not shown again. Every delivery from now on is signed with it, and the old secret no longer signs anything.";
export const WEBHOOK_SAVED = "Webhook saved: the next events go to it as it is now. Its signing secret is unchanged.";
