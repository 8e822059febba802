"use client";

import { useActionState } from "react";

import { renderAllAgainAction, type ReaderFillFormState } from "@/lib/actions/settings";

const INITIAL: ReaderFillFormState = { status: "idle", attempt: 0 };

/** The admin's button to render every reader page of this build again (lib/cache/fill.ts). */
export function ReaderFillForm() {
  const [state, formAction, pending] = useActionState(renderAllAgainAction, INITIAL);
  return (
    <form action={formAction} aria-label="Render reader pages" className="mt-3 max-w-2xl space-y-3">
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      {state.status === "refused" ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </div>
      ) : null}
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Render all again
      </button>
    </form>
  );
}
