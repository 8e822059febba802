"use client";

import { useActionState } from "react";

import { changePasswordAction, type AccountFormState } from "@/lib/actions/account-security";
import { FieldError } from "@/components/ui/field-error";
import { PASSWORD_MIN } from "@/lib/accounts/validation";

const INITIAL: AccountFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

/** Current and new password; a change signs out every other session (lib/accounts/password.ts). */
export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, INITIAL);
  const errors = state.status === "refused" ? state.fieldErrors : {};
  const invalid = (field: string, hint?: string) => ({
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": [hint, errors[field] ? `${field}-error` : ""].filter(Boolean).join(" ") || undefined,
  });
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      {state.status === "refused" ? (
        <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </p>
      ) : null}
      <p role="status" className="text-sm font-semibold">
        {state.status === "done" ? state.message : null}
      </p>
      <div>
        <label htmlFor="currentPassword" className="block text-sm font-semibold">
          Current password
        </label>
        <input key={`current-${state.attempt}`} id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required className={inputClass} {...invalid("currentPassword")} />
        <FieldError id="currentPassword-error" errors={errors.currentPassword} />
      </div>
      <div>
        <label htmlFor="newPassword" className="block text-sm font-semibold">
          New password
        </label>
        <p id="newPassword-hint" className="text-sm text-[var(--muted)]">
          At least {PASSWORD_MIN} characters. Changing it signs you out everywhere else.
        </p>
        <input key={`new-${state.attempt}`} id="newPassword" name="newPassword" type="password" autoComplete="new-password" required className={inputClass} {...invalid("newPassword", "newPassword-hint")} />
        <FieldError id="newPassword-error" errors={errors.newPassword} />
      </div>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        {pending ? "Changing your password…" : "Change password"}
      </button>
    </form>
  );
}
