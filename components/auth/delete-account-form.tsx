"use client";

import { useActionState } from "react";

import { deleteAccountAction, type DeleteAccountState } from "@/lib/actions/accounts";
import { FieldError } from "@/components/ui/field-error";

const INITIAL: DeleteAccountState = { message: null, fieldErrors: {}, comments: "" };

export function DeleteAccountForm() {
  const [state, formAction, pending] = useActionState<DeleteAccountState, FormData>(deleteAccountAction, INITIAL);
  const errors = state.fieldErrors;
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      {state.message ? (
        <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </p>
      ) : null}
      <fieldset aria-describedby={errors.comments ? "comments-error" : undefined}>
        <legend className="font-semibold">What happens to your comments</legend>
        <div className="mt-2 space-y-2">
          <label className="flex items-start gap-2">
            <input type="radio" name="comments" value="keep" defaultChecked={state.comments === "keep"} className="mt-1" />
            <span>
              Keep my comments, without my name
              <span className="block text-sm text-[var(--muted)]">They stay under the stories; your name and email are gone from them.</span>
            </span>
          </label>
          <label className="flex items-start gap-2">
            <input type="radio" name="comments" value="remove" defaultChecked={state.comments === "remove"} className="mt-1" />
            <span>
              Remove my comments
              <span className="block text-sm text-[var(--muted)]">Their text is removed; replies other readers wrote to them stay.</span>
            </span>
          </label>
        </div>
        <FieldError id="comments-error" errors={errors.comments} />
      </fieldset>
      <div>
        <label htmlFor="delete-password" className="block text-sm font-semibold">
          Password
        </label>
        <p id="delete-password-hint" className="text-sm text-[var(--muted)]">
          Enter your password to confirm. This cannot be undone.
        </p>
        <input
          id="delete-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={errors.password ? "delete-password-hint delete-password-error" : "delete-password-hint"}
          className="mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2"
        />
        <FieldError id="delete-password-error" errors={errors.password} />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-[var(--accent)] px-4 py-2 font-semibold text-[var(--accent)] hover:bg-[var(--accent)] hover:text-[var(--paper)] disabled:opacity-60"
      >
        {pending ? "Deleting your account…" : "Delete my account"}
      </button>
    </form>
  );
}
