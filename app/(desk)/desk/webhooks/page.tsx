import type { Metadata } from "next";
import Link from "next/link";

import { CreateWebhookForm } from "@/components/webhooks/create-webhook-form";
import { requirePagePermission } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { newsroomDateStyle } from "@/lib/settings/dates";
import { deliveryStateLabel } from "@/lib/webhooks/event-names";
import { WEBHOOK_DELETED } from "@/lib/webhooks/sentences";
import { listWebhooks } from "@/lib/webhooks/queries";
import { AdminTabs } from "@/components/desk/admin-tabs";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const admin = await requirePagePermission("settings.manage", "/desk/webhooks");
  const dates = await newsroomDateStyle();
  const [webhooks, params] = await Promise.all([listWebhooks(admin), searchParams]);
  return (
    <>
      <AdminTabs current="Webhooks" />
      <h1 className="font-serif text-3xl font-bold">Webhooks</h1>
      <p className="mt-2 max-w-2xl">
        Newsdesk tells other systems when stories go out, change or come down, and when comments are posted or moderated, by posting a
        signed JSON event to each webhook that asked for it. Deliveries that fail are retried for a day.
      </p>
      {params.deleted === "1" ? (
        <p role="status" className="mt-3 font-semibold">
          {WEBHOOK_DELETED}
        </p>
      ) : null}
      <h2 className="mt-8 text-xl font-semibold">Your webhooks</h2>
      {webhooks.length === 0 ? (
        <p className="mt-2 text-[var(--muted)]">No webhooks yet.</p>
      ) : (
        <ul className="mt-3 max-w-3xl divide-y divide-[var(--rule)] border-y border-[var(--rule)]" aria-label="Webhooks">
          {webhooks.map((webhook) => (
            <li key={webhook.id} className="py-3">
              <p className="font-mono text-sm break-all">
                <Link href={`/desk/webhooks/${webhook.id}`} className="font-semibold underline">
                  {webhook.url}
                </Link>
              </p>
              {webhook.description ? <p className="mt-1">{webhook.description}</p> : null}
              <p className="mt-1 text-sm">
                <span className={webhook.enabled ? "font-semibold" : "font-semibold text-[var(--accent)]"}>{webhook.enabled ? "On" : "Off"}</span>
                {" · "}
                {webhook.events.join(", ")}
              </p>
              <p className="mt-1 text-sm text-[var(--muted)]">
                {webhook.lastDelivery
                  ? `Last delivery: ${webhook.lastDelivery.event}, ${deliveryStateLabel(webhook.lastDelivery.status, webhook.lastDelivery.attempts).toLowerCase()}${webhook.lastDelivery.responseCode ? ` (${webhook.lastDelivery.responseCode})` : ""}, ${formatDateTime(webhook.lastDelivery.createdAt, dates)}`
                  : "Nothing sent yet."}
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 className="mt-10 text-xl font-semibold">Add a webhook</h2>
      <CreateWebhookForm />
    </>
  );
}
