"use client";

import { useActionState } from "react";

import { rotateWebhookSecretAction, type RotateSecretFormState } from "@/lib/actions/webhooks";

const INITIAL: RotateSecretFormState = { status: "idle", attempt: 0 };

/** "Rotate secret": a new signing secret, shown here once; the old one stops signing at once. */
export function RotateSecretForm({ webhookId }: { webhookId: string }) {
  const [state, formAction, pending] = useActionState(rotateWebhookSecretAction, INITIAL);
  return (
    <div className="mt-2 max-w-2xl space-y-3">
      {state.status === "rotated" ? (
        <div role="status" className="rounded border-2 border-[var(--ink)] p-4" data-testid="webhook-secret">
          <p className="font-semibold">{state.message}</p>
          <p className="mt-2 text-sm">New signing secret:</p>
          <p className="mt-1 rounded bg-[var(--ink)] px-3 py-2 font-mono text-sm break-all text-[var(--paper)]">{state.secret}</p>
        </div>
      ) : (
        <p className="text-sm">
          The receiver must be given the new secret: from the moment you rotate, every delivery (retries of earlier events included) is
          signed with it, and signatures made with the old one stop.
        </p>
      )}
      {state.status === "refused" ? (
        <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
          {state.message}
        </p>
      ) : null}
      <form action={formAction}>
        <input type="hidden" name="webhookId" value={webhookId} />
        <button type="submit" disabled={pending} className="rounded border border-[var(--accent)] px-3 py-1 text-sm font-semibold text-[var(--accent)] disabled:opacity-60">
          {state.status === "rotated" ? "Rotate again" : "Rotate secret"}
        </button>
      </form>
    </div>
  );
}
