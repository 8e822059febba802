"use client";

import { useActionState } from "react";

import { revokeApiKeyAction, type RevokeKeyFormState } from "@/lib/actions/api-keys";

const INITIAL: RevokeKeyFormState = { status: "idle", attempt: 0, message: "" };

/** Revoking takes two steps, like deleting a webhook: open "Revoke…", read what it does, confirm. */
export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, formAction, pending] = useActionState(revokeApiKeyAction, INITIAL);
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-[var(--accent)]" aria-label={`Revoke the key of ${name}…`}>
        Revoke…
      </summary>
      <form action={formAction} className="mt-2">
        <p className="max-w-md text-sm">Every request with this key is refused from the next one on. This cannot be undone: the integration needs a new key.</p>
        <input type="hidden" name="keyId" value={keyId} />
        <button
          type="submit"
          disabled={pending}
          aria-label={`Revoke the key of ${name}`}
          className="mt-2 rounded border border-[var(--accent)] px-3 py-1 text-sm font-semibold text-[var(--accent)] disabled:opacity-60"
        >
          Revoke key
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
