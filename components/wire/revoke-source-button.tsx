"use client";

import { useActionState } from "react";

import { revokeWireSourceAction, type WireFormState } from "@/lib/actions/wire";

const INITIAL: WireFormState = { status: "idle", attempt: 0, message: "" };

export function RevokeWireSourceButton({ sourceId, name }: { sourceId: string; name: string }) {
  const [state, formAction, pending] = useActionState(revokeWireSourceAction, INITIAL);
  return (
    <form action={formAction}>
      <input type="hidden" name="sourceId" value={sourceId} />
      <button type="submit" disabled={pending} aria-label={`Revoke ${name}`} className="rounded border border-[var(--accent)] px-3 py-1 text-sm font-semibold text-[var(--accent)] disabled:opacity-60">
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
