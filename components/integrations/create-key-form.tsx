"use client";

import { useActionState } from "react";

import { ShownOnceSecret } from "@/components/desk/shown-once-secret";
import { createApiKeyAction, type CreateKeyFormState } from "@/lib/actions/api-keys";
import { KEY_NAME_MAX, KEY_ROLE_LABELS, KEY_ROLES } from "@/lib/api-keys/schemas";

const INITIAL: CreateKeyFormState = { status: "idle", attempt: 0 };

/** Creates a key for a named integration; the key is shown once, here, right after. */
export function CreateKeyForm() {
  const [state, formAction, pending] = useActionState(createApiKeyAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const nameError = refused?.fieldErrors.name?.[0];
  const roleError = refused?.fieldErrors.role?.[0];
  return (
    <form action={formAction} aria-label="New API key" className="mt-4 max-w-2xl space-y-4" noValidate>
      {state.status === "created" ? (
        <ShownOnceSecret message={state.message} id="new-key" testId="new-api-key" secret={state.secret}>
          Key for {state.name}
        </ShownOnceSecret>
      ) : null}
      {refused && !nameError && !roleError ? (
        <p role="alert" className="font-semibold text-[var(--accent)]">
          {refused.message}
        </p>
      ) : null}
      <div>
        <label htmlFor="key-name" className="block font-semibold">
          Integration
        </label>
        <input
          key={`name-${state.attempt}`}
          id="key-name"
          name="name"
          maxLength={KEY_NAME_MAX}
          defaultValue={refused?.values.name ?? ""}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? "key-name-error key-name-hint" : "key-name-hint"}
          className="mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2"
        />
        {nameError ? (
          <p id="key-name-error" role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {nameError}
          </p>
        ) : null}
        <p id="key-name-hint" className="mt-1 text-sm text-[var(--muted)]">
          Who will use the key, for example “Mobile app” or “Wire importer”. The audit log names it.
        </p>
      </div>
      <fieldset aria-describedby={roleError ? "key-role-error" : undefined}>
        <legend className="font-semibold">What it may do</legend>
        {KEY_ROLES.map((role) => (
          <label key={role} className="mt-1 flex items-center gap-2">
            <input type="radio" name="role" value={role} defaultChecked={(refused?.values.role ?? "READER") === role} />
            {KEY_ROLE_LABELS[role]}
          </label>
        ))}
        {roleError ? (
          <p id="key-role-error" role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {roleError}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Create key
      </button>
    </form>
  );
}
