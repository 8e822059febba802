"use client";

import Link from "next/link";
import { useActionState } from "react";

import { WebhookFields } from "@/components/webhooks/webhook-fields";
import { createWebhookAction, type CreateWebhookFormState } from "@/lib/actions/webhooks";

const INITIAL: CreateWebhookFormState = { status: "idle", attempt: 0 };

/** Adding a webhook: its URL, what it is for, and its events; the secret is shown once, here. */
export function CreateWebhookForm() {
  const [state, formAction, pending] = useActionState(createWebhookAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const errors = refused?.fieldErrors ?? {};
  const values = refused?.values ?? { url: "", description: "", events: [] };
  return (
    <>
      {state.status === "created" ? (
        <div role="status" className="mt-4 max-w-2xl rounded border-2 border-[var(--ink)] p-4" data-testid="webhook-secret">
          <p className="font-semibold">{state.message}</p>
          <p className="mt-2 text-sm break-all">
            Receiver: <span className="font-mono">{state.url}</span>
          </p>
          <p className="mt-2 text-sm">Signing secret:</p>
          <p className="mt-1 rounded bg-[var(--ink)] px-3 py-2 font-mono text-sm break-all text-[var(--paper)]">{state.secret}</p>
          <p className="mt-2 text-sm">
            <Link href={`/desk/webhooks/${state.id}`} className="underline">
              Open its delivery log
            </Link>{" "}
            to send a test event.
          </p>
        </div>
      ) : null}
      <form key={state.attempt} action={formAction} aria-label="Add a webhook" className="mt-4 max-w-2xl space-y-4" noValidate>
        {refused ? (
          <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
            {refused.message}
          </p>
        ) : null}
        <WebhookFields values={values} errors={errors} />
        <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
          Add webhook
        </button>
      </form>
    </>
  );
}
