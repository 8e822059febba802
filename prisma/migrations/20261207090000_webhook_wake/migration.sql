-- Webhook deliveries are sent as soon as they are queued, not at the next sweep (every 2 s): every
-- statement that adds deliveries (the enqueue function, the comment and story triggers that call
-- it, a test event, a redelivery) says so on the channel newsdesk_webhooks, which PostgreSQL
-- delivers when the transaction commits, once per transaction, to every app process LISTENing
-- (lib/webhooks/delivery.ts), and each wakes its delivery worker. The sweep stays, for retries
-- that come due and for a process that was not listening.
CREATE FUNCTION newsdesk_webhooks_queued() RETURNS TRIGGER
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM inserted) THEN
    PERFORM pg_notify('newsdesk_webhooks', '');
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "WebhookDelivery_wake" AFTER INSERT ON "WebhookDelivery"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION newsdesk_webhooks_queued();
