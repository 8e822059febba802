"use client";

import { useActionState } from "react";

import { saveSignInSettingsAction, type SignInSettingsFormState } from "@/lib/actions/settings";

const INITIAL: SignInSettingsFormState = { status: "idle", attempt: 0 };

/** The admin's sign-in rules: for now, whether admins must use two-factor sign-in. */
export function SignInSettingsForm({ requireTwoFactorForAdmins }: { requireTwoFactorForAdmins: boolean }) {
  const [state, formAction, pending] = useActionState(saveSignInSettingsAction, INITIAL);
  const checked = state.status === "refused" ? state.requireTwoFactorForAdmins : requireTwoFactorForAdmins;
  return (
    <form action={formAction} aria-label="Sign-in settings" className="mt-4 max-w-2xl space-y-4" noValidate>
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      {state.status === "refused" ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </div>
      ) : null}
      <div className="flex items-start gap-2">
        <input
          key={`require-${state.attempt}`}
          id="requireTwoFactorForAdmins"
          name="requireTwoFactorForAdmins"
          type="checkbox"
          defaultChecked={checked}
          className="mt-1 size-4"
          aria-describedby="requireTwoFactorForAdmins-hint"
        />
        <div>
          <label htmlFor="requireTwoFactorForAdmins" className="font-semibold">
            Require two-factor sign-in for admins
          </label>
          <p id="requireTwoFactorForAdmins-hint" className="text-sm text-[var(--muted)]">
            An admin without it is sent to set it up before any desk page, and every change they try in the desk is refused until they
            have. Turn it on for your own account first.
          </p>
        </div>
      </div>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Save sign-in settings
      </button>
    </form>
  );
}
