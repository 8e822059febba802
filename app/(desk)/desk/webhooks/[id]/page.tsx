import type { Metadata } from "next";
import Link from "next/link";

import { LiveRefresh } from "@/components/desk/live-refresh";
import { EditWebhookForm } from "@/components/webhooks/edit-webhook-form";
import { RotateSecretForm } from "@/components/webhooks/rotate-secret-form";
import { WebhookButton } from "@/components/webhooks/webhook-button";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { refusedAsPage } from "@/lib/http/page-refusals";
import { deliveryStateLabel } from "@/lib/webhooks/event-names";
import { DELIVERY_LOG_LENGTH } from "@/lib/webhooks/limits";
import { getWebhook } from "@/lib/webhooks/queries";

export const metadata: Metadata = { title: "Webhook" };

const STATE_STYLE = { SUCCEEDED: "", PENDING: "", FAILED: "text-[var(--accent)]" } as const;

export default async function WebhookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const admin = await requirePagePermission("settings.manage", `/desk/webhooks/${id}`);
  const dates = await newsroomDateStyle();
  const webhook = await refusedAsPage(getWebhook(admin, id));
  const waiting = webhook.deliveries.some((delivery) => delivery.status === "PENDING");
  return (
    <>
      <p className="text-sm">
        <Link href="/desk/webhooks" className="underline">
          All webhooks
        </Link>
      </p>
      <h1 className="mt-2 font-serif text-3xl font-bold">Webhook</h1>
      <p className="mt-2 font-mono break-all">{webhook.url}</p>
      {webhook.description ? <p className="mt-1">{webhook.description}</p> : null}
      <dl className="mt-3 grid max-w-2xl grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="font-semibold">State</dt>
        <dd>{webhook.enabled ? "On: events are sent" : "Off: nothing is sent until it is turned on"}</dd>
        <dt className="font-semibold">Events</dt>
        <dd className="break-words">{webhook.events.join(", ")}</dd>
        <dt className="font-semibold">Added</dt>
        <dd>{formatDateTime(webhook.createdAt, dates)}</dd>
      </dl>
      <div className="mt-4 flex flex-col items-start gap-3">
        {webhook.enabled ? <WebhookButton webhookId={webhook.id} intent="test" label="Send test" /> : null}
        <WebhookButton webhookId={webhook.id} intent={webhook.enabled ? "disable" : "enable"} label={webhook.enabled ? "Turn off" : "Turn on"} />
        <details className="w-full">
          <summary className="cursor-pointer text-sm font-semibold">Edit the address, description or events…</summary>
          <EditWebhookForm webhookId={webhook.id} current={{ url: webhook.url, description: webhook.description, events: webhook.events }} />
        </details>
        <details className="w-full">
          <summary className="cursor-pointer text-sm font-semibold">Rotate the signing secret…</summary>
          <RotateSecretForm webhookId={webhook.id} />
        </details>
        <details>
          <summary className="cursor-pointer text-sm font-semibold">Delete this webhook…</summary>
          <p className="mt-2 max-w-xl text-sm">Its delivery log goes with it, and nothing more is sent to this URL.</p>
          <div className="mt-2">
            <WebhookButton webhookId={webhook.id} intent="delete" label="Delete webhook" danger />
          </div>
        </details>
      </div>
      <h2 className="mt-10 text-xl font-semibold">Delivery log</h2>
      <p className="mt-1 max-w-2xl text-sm text-[var(--muted)]">
        The newest {DELIVERY_LOG_LENGTH} deliveries. A redelivery sends the same event again, with the same event id.
      </p>
      {webhook.deliveries.length === 0 ? (
        <p className="mt-3">Nothing sent yet.</p>
      ) : (
        <ol className="mt-3 max-w-4xl divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="Deliveries" data-testid="delivery-log">
          {webhook.deliveries.map((delivery) => (
            <li key={delivery.id} className="py-3">
              <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                <span className="font-mono text-sm font-semibold">{delivery.event}</span>
                <span className={`font-semibold ${STATE_STYLE[delivery.status]}`}>
                  {deliveryStateLabel(delivery.status, delivery.attempts)}
                  {delivery.responseCode !== null ? ` · ${delivery.responseCode}` : ""}
                </span>
                <span className="text-sm">
                  <time dateTime={delivery.createdAt.toISOString()}>{formatDateTime(delivery.createdAt, dates)}</time>
                </span>
                <span className="text-sm text-[var(--muted)]">
                  {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                  {delivery.durationMs !== null ? `, last took ${delivery.durationMs} ms` : ""}
                  {delivery.status === "PENDING" && delivery.attempts > 0 ? `, next ${formatDateTime(delivery.nextAttemptAt, dates)}` : ""}
                  {delivery.redeliveryOf ? ", a redelivery" : ""}
                </span>
              </p>
              {delivery.lastError ? <p className="mt-1 text-sm break-words">{delivery.lastError}</p> : null}
              <p className="mt-1 font-mono text-xs break-all text-[var(--muted)]">Event {delivery.eventId}</p>
              {webhook.enabled && delivery.status !== "PENDING" ? (
                <div className="mt-2">
                  <WebhookButton
                    webhookId={webhook.id}
                    intent="redeliver"
                    deliveryId={delivery.id}
                    label="Redeliver"
                    accessibleLabel={`Redeliver ${delivery.event} of ${formatDateTime(delivery.createdAt, dates)}`}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {waiting ? <LiveRefresh intervalMs={3000} /> : null}
    </>
  );
}
