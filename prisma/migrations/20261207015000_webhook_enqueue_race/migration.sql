-- A webhook deleted while a story is published must not fail the publish. The enqueue read the
-- webhooks from its snapshot and inserted a delivery for each: a webhook deleted and committed in
-- between failed the delivery's foreign key (23503), and with it the editor's whole transaction.
-- Locking the webhook rows it reads (FOR KEY SHARE, the lock the foreign key takes anyway) waits
-- for such a delete and then skips the row it removed.
CREATE OR REPLACE FUNCTION newsdesk_enqueue_webhook(p_event TEXT, p_payload JSONB) RETURNS INTEGER
LANGUAGE plpgsql AS $$
DECLARE
  v_event_id UUID := gen_random_uuid();
  v_count INTEGER;
BEGIN
  INSERT INTO "WebhookDelivery" ("id", "webhookId", "eventId", "event", "payload", "occurredAt", "nextAttemptAt", "createdAt")
  SELECT gen_random_uuid(), w."id", v_event_id, p_event, p_payload, clock_timestamp(), clock_timestamp(), clock_timestamp()
  FROM "Webhook" w
  WHERE w."enabled" AND p_event = ANY(w."events")
  FOR KEY SHARE OF w;
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;
