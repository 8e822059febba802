"use client";

import { useActionState } from "react";

import { webhookAction, type WebhookActionState } from "@/lib/actions/webhooks";

const INITIAL: WebhookActionState = { status: "idle", attempt: 0 };

/** One of a webhook's buttons (send a test, turn on or off, delete, redeliver), with its answer beside it. */
export function WebhookButton({
  webhookId,
  intent,
  deliveryId,
  label,
  accessibleLabel,
  danger = false,
}: {
  webhookId: string;
  intent: "test" | "enable" | "disable" | "delete" | "redeliver";
  deliveryId?: string;
  label: string;
  accessibleLabel?: string;
  danger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(webhookAction, INITIAL);
  return (
    <form action={formAction} className="inline-flex flex-wrap items-center gap-2">
      <input type="hidden" name="webhookId" value={webhookId} />
      <input type="hidden" name="intent" value={intent} />
      {deliveryId ? <input type="hidden" name="deliveryId" value={deliveryId} /> : null}
      <button
        type="submit"
        disabled={pending}
        aria-label={accessibleLabel}
        className={`rounded border px-3 py-1 text-sm font-semibold disabled:opacity-60 ${danger ? "border-[var(--accent)] text-[var(--accent)]" : "border-[var(--ink)]"}`}
      >
        {label}
      </button>
      <span role="status" aria-live="polite" className={`text-sm ${state.status === "refused" ? "font-semibold text-[var(--accent)]" : ""}`}>
        {state.status === "idle" ? null : state.message}
      </span>
    </form>
  );
}
