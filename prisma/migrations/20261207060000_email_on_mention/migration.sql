-- Issue 15: staff get an email when an editorial note mentions them (lib/email/mention-notification.ts),
-- and may turn it off on /account or with the mail's one-click unsubscribe. On by default, like the
-- reply and decision notifications.
ALTER TABLE "User" ADD COLUMN "emailOnMention" BOOLEAN NOT NULL DEFAULT true;
