"use client";

import Link from "next/link";
import { useActionState } from "react";

import { FieldError } from "@/components/ui/field-error";
import { createWebhookAction, type CreateWebhookFormState } from "@/lib/actions/webhooks";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";

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
        <div>
          <label htmlFor="webhook-url" className="block font-semibold">
            Receiver URL
          </label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            inputMode="url"
            required
            defaultValue={values.url}
            placeholder="https://hooks.example.org/newsdesk"
            aria-invalid={errors.url ? true : undefined}
            aria-describedby={errors.url ? "webhook-url-error webhook-url-hint" : "webhook-url-hint"}
            className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2"
          />
          <FieldError id="webhook-url-error" errors={errors.url} />
          <p id="webhook-url-hint" className="mt-1 text-sm text-[var(--muted)]">
            Events are posted here as JSON, signed with a secret only you and Newsdesk know.
          </p>
        </div>
        <div>
          <label htmlFor="webhook-description" className="block font-semibold">
            What it is for <span className="font-normal text-[var(--muted)]">(optional)</span>
          </label>
          <input
            id="webhook-description"
            name="description"
            defaultValue={values.description}
            maxLength={200}
            aria-invalid={errors.description ? true : undefined}
            aria-describedby={errors.description ? "webhook-description-error" : undefined}
            className="mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2"
          />
          <FieldError id="webhook-description-error" errors={errors.description} />
        </div>
        <fieldset aria-describedby={errors.events ? "webhook-events-error" : undefined}>
          <legend className="font-semibold">Events</legend>
          <FieldError id="webhook-events-error" errors={errors.events} />
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="flex items-start gap-2 py-1">
                <input type="checkbox" name="events" value={event} defaultChecked={values.events.includes(event)} className="mt-1" />
                <span>
                  {WEBHOOK_EVENT_LABELS[event]} <span className="font-mono text-sm text-[var(--muted)]">{event}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
          Add webhook
        </button>
      </form>
    </>
  );
}
