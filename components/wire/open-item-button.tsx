"use client";

import { useActionState } from "react";

import { openWireItemAction, type WireFormState } from "@/lib/actions/wire";

const INITIAL: WireFormState = { status: "idle", attempt: 0, message: "" };

/** Opens the item as a new draft and goes to it. */
export function OpenWireItemButton({ itemId }: { itemId: string }) {
  const [state, formAction, pending] = useActionState(openWireItemAction, INITIAL);
  return (
    <form action={formAction}>
      <input type="hidden" name="itemId" value={itemId} />
      <button type="submit" disabled={pending} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
        Open as draft
      </button>
      {state.status === "refused" ? (
        <p role="alert" className="mt-2 text-sm font-semibold text-[var(--accent)]">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
