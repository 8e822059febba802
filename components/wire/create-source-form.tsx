"use client";

import { useActionState } from "react";

import { ShownOnceSecret } from "@/components/desk/shown-once-secret";
import { createWireSourceAction, type CreateWireSourceState } from "@/lib/actions/wire";

const INITIAL: CreateWireSourceState = { status: "idle", attempt: 0 };

/** Creates a wire source; its ingest key is shown once, here, right after. */
export function CreateWireSourceForm() {
  const [state, formAction, pending] = useActionState(createWireSourceAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const nameError = refused?.fieldErrors.name?.[0];
  const creditError = refused?.fieldErrors.credit?.[0];
  return (
    <form action={formAction} aria-label="New wire source" className="mt-4 max-w-2xl space-y-4" noValidate>
      {state.status === "created" ? (
        <ShownOnceSecret message={state.message} id="new-wire-key" testId="new-wire-key" secret={state.secret}>
          Ingest key for {state.name} (watched folder: <code>wire-inbox/{state.slug}/</code>)
        </ShownOnceSecret>
      ) : null}
      {refused && !nameError && !creditError ? (
        <p role="alert" className="font-semibold text-[var(--accent)]">
          {refused.message}
        </p>
      ) : null}
      <div>
        <label htmlFor="wire-source-name" className="block font-semibold">
          Source
        </label>
        <input
          key={`name-${state.attempt}`}
          id="wire-source-name"
          name="name"
          maxLength={80}
          defaultValue={refused?.values.name ?? ""}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "wire-source-name-error" : undefined}
          className="mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2"
        />
        {nameError ? (
          <p id="wire-source-name-error" role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {nameError}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor="wire-source-credit" className="block font-semibold">
          Credit
        </label>
        <input
          key={`credit-${state.attempt}`}
          id="wire-source-credit"
          name="credit"
          maxLength={120}
          defaultValue={refused?.values.credit ?? ""}
          aria-invalid={creditError ? true : undefined}
          aria-describedby={creditError ? "wire-source-credit-error wire-source-credit-hint" : "wire-source-credit-hint"}
          className="mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2"
        />
        {creditError ? (
          <p id="wire-source-credit-error" role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {creditError}
          </p>
        ) : null}
        <p id="wire-source-credit-hint" className="mt-1 text-sm text-[var(--muted)]">
          How stories opened from its copy credit it, for example “Reuters”. It becomes the story’s organisation byline.
        </p>
      </div>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Create source
      </button>
    </form>
  );
}
