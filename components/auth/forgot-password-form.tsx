"use client";

import { useActionState } from "react";

import { FieldError } from "@/components/ui/field-error";
import { requestPasswordResetAction, type EmailFormState } from "@/lib/actions/email";

const INITIAL: EmailFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

/** Asks for a reset link; the answer is the same whether or not the email has an account. */
export function ForgotPasswordForm() {
  const [state, formAction, pending] = useActionState(requestPasswordResetAction, INITIAL);
  const errors = state.status === "refused" ? state.fieldErrors : {};
  if (state.status === "done") {
    return (
      <p role="status" className="mt-6 rounded border border-[var(--rule)] p-4">
        {state.message}
      </p>
    );
  }
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      {state.status === "refused" ? (
        <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {state.message}
        </p>
      ) : null}
      <div>
        <label htmlFor="email" className="block text-sm font-semibold">
          Email
        </label>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          required
          className={inputClass}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? "email-error" : undefined}
        />
        <FieldError id="email-error" errors={errors.email} />
      </div>
      <button type="submit" disabled={pending} className="w-full rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
        {pending ? "Sending…" : "Send me a link"}
      </button>
    </form>
  );
}
