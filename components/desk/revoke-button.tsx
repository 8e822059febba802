"use client";

import { useActionState } from "react";

/** What a revoke action answers: only a refusal is shown here; the page itself shows the revoked state. */
export interface RevokeState {
  status: string;
  attempt: number;
  message: string;
}

/**
 * Revoking a key takes two steps, like deleting a webhook: open "Revoke…", read what it does,
 * confirm. The form posts `field`=`id` to `action`, which checks who is asking.
 */
export function RevokeButton({
  action,
  field,
  id,
  label,
  consequence,
}: {
  /** A revoke server action: it is handed back the state it last answered. */
  action: (previous: never, form: FormData) => Promise<RevokeState>;
  field: string;
  id: string;
  /** What is revoked, for the accessible name: "the key of Mobile app". */
  label: string;
  consequence: string;
}) {
  // Each action's own state type narrows RevokeState; it only ever receives what it answered.
  const run = action as (previous: RevokeState, form: FormData) => Promise<RevokeState>;
  const [state, formAction, pending] = useActionState(run, { status: "idle", attempt: 0, message: "" });
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-[var(--accent)]" aria-label={`Revoke ${label}…`}>
        Revoke…
      </summary>
      <form action={formAction} className="mt-2">
        <p className="max-w-md text-sm">{consequence}</p>
        <input type="hidden" name={field} value={id} />
        <button
          type="submit"
          disabled={pending}
          aria-label={`Revoke ${label}`}
          className="mt-2 rounded border border-[var(--accent)] px-3 py-1 text-sm font-semibold text-[var(--accent)] disabled:opacity-60"
        >
          Revoke
        </button>
        {state.status === "refused" ? (
          <p role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {state.message}
          </p>
        ) : null}
      </form>
    </details>
  );
}
