"use client";

import { useActionState } from "react";

import { revokeApiKeyAction, type RevokeKeyFormState } from "@/lib/actions/api-keys";

const INITIAL: RevokeKeyFormState = { status: "idle", attempt: 0, message: "" };

export function RevokeKeyButton({ keyId, name }: { keyId: string; name: string }) {
  const [state, formAction, pending] = useActionState(revokeApiKeyAction, INITIAL);
  return (
    <form action={formAction}>
      <input type="hidden" name="keyId" value={keyId} />
      <button type="submit" disabled={pending} aria-label={`Revoke the key of ${name}`} className="rounded border border-[var(--accent)] px-3 py-1 text-sm font-semibold text-[var(--accent)] disabled:opacity-60">
        Revoke
      </button>
      {state.status === "refused" ? (
        <p role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
