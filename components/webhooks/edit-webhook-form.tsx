"use client";

import { useActionState } from "react";

import { WebhookFields } from "@/components/webhooks/webhook-fields";
import { updateWebhookAction, type EditWebhookFormState, type WebhookFormValues } from "@/lib/actions/webhooks";

/** Changing a webhook's receiver, description or events; the signing secret stays as it is. */
export function EditWebhookForm({ webhookId, current }: { webhookId: string; current: WebhookFormValues }) {
  const [state, formAction, pending] = useActionState<EditWebhookFormState, FormData>(updateWebhookAction, { status: "idle", attempt: 0 });
  const refused = state.status === "refused" ? state : null;
  const values = state.status === "idle" ? current : state.values;
  return (
    <form key={state.attempt} action={formAction} aria-label="Edit the webhook" className="mt-4 max-w-2xl space-y-4" noValidate>
      {refused ? (
        <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
          {refused.message}
        </p>
      ) : state.status === "saved" ? (
        <p role="status" className="text-sm font-semibold">
          {state.message}
        </p>
      ) : null}
      <input type="hidden" name="webhookId" value={webhookId} />
      <WebhookFields values={values} errors={refused?.fieldErrors ?? {}} />
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Save changes
      </button>
    </form>
  );
}
