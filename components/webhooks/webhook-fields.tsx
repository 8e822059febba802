import { FieldError } from "@/components/ui/field-error";
import type { WebhookFormValues } from "@/lib/actions/webhooks";
import type { FieldErrors } from "@/lib/errors";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/webhooks/event-names";

/** A webhook's receiver URL, description and events: the same fields to add one and to edit one. */
export function WebhookFields({ values, errors }: { values: WebhookFormValues; errors: FieldErrors }) {
  return (
    <>
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
    </>
  );
}
