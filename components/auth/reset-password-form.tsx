"use client";

import Link from "next/link";
import { useActionState } from "react";

import { FieldError } from "@/components/ui/field-error";
import { resetPasswordAction, type EmailFormState } from "@/lib/actions/email";
import { PASSWORD_MIN } from "@/lib/accounts/limits";

const INITIAL: EmailFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

/** The new password, twice; the token comes from the link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(resetPasswordAction, INITIAL);
  const errors = state.status === "refused" ? state.fieldErrors : {};
  const described = (field: string, hint?: string) => ({
    "aria-invalid": errors[field] ? true : undefined,
    "aria-describedby": [hint, errors[field] ? `${field}-error` : ""].filter(Boolean).join(" ") || undefined,
  });
  if (state.status === "done") {
    return (
      <div className="mt-6 space-y-4">
        <p role="status" className="rounded border border-[var(--rule)] p-4">
          {state.message}
        </p>
        <p>
          <Link href="/login" className="font-semibold">
            Sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      {state.status === "refused" ? (
        <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </p>
      ) : null}
      <div>
        <label htmlFor="newPassword" className="block text-sm font-semibold">
          New password
        </label>
        <p id="newPassword-hint" className="text-sm text-[var(--muted)]">
          At least {PASSWORD_MIN} characters. Setting it signs you out everywhere.
        </p>
        <input key={`new-${state.attempt}`} id="newPassword" name="newPassword" type="password" autoComplete="new-password" required className={inputClass} {...described("newPassword", "newPassword-hint")} />
        <FieldError id="newPassword-error" errors={errors.newPassword} />
      </div>
      <div>
        <label htmlFor="confirmPassword" className="block text-sm font-semibold">
          The new password again
        </label>
        <input key={`again-${state.attempt}`} id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required className={inputClass} {...described("confirmPassword")} />
        <FieldError id="confirmPassword-error" errors={errors.confirmPassword} />
      </div>
      <button type="submit" disabled={pending} className="w-full rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
        {pending ? "Saving…" : "Set new password"}
      </button>
    </form>
  );
}
