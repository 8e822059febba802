"use client";

import Link from "next/link";
import { useActionState } from "react";

import { DISPLAY_NAME_MAX, PASSWORD_MIN } from "@/lib/accounts/limits";
import { signUpAction, type SignUpState } from "@/lib/actions/accounts";
import { FieldError } from "@/components/ui/field-error";

const INITIAL: SignUpState = { message: null, isDuplicate: false, fieldErrors: {}, displayName: "", email: "" };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

function describedBy(...ids: Array<string | false>): string | undefined {
  const present = ids.filter((id): id is string => Boolean(id));
  return present.length > 0 ? present.join(" ") : undefined;
}

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, formAction, pending] = useActionState<SignUpState, FormData>(signUpAction, INITIAL);
  const errors = state.fieldErrors;
  const loginHref = callbackUrl === "/account" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      {state.message ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          <p>{state.message}</p>
          {state.isDuplicate ? (
            <p className="mt-2">
              <Link href={loginHref} className="font-semibold">
                Sign in
              </Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <div>
        <label htmlFor="displayName" className="block text-sm font-semibold">
          Display name
        </label>
        <p id="displayName-hint" className="text-sm text-[var(--muted)]">
          Shown beside your comments. {`2 to ${DISPLAY_NAME_MAX} characters.`}
        </p>
        <input
          id="displayName"
          name="displayName"
          type="text"
          autoComplete="nickname"
          required
          maxLength={200}
          defaultValue={state.displayName}
          aria-invalid={errors.displayName ? true : undefined}
          aria-describedby={describedBy("displayName-hint", Boolean(errors.displayName) && "displayName-error")}
          className={inputClass}
        />
        <FieldError id="displayName-error" errors={errors.displayName} />
      </div>
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
          defaultValue={state.email}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={describedBy(Boolean(errors.email) && "email-error")}
          className={inputClass}
        />
        <FieldError id="email-error" errors={errors.email} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-semibold">
          Password
        </label>
        <p id="password-hint" className="text-sm text-[var(--muted)]">
          At least {PASSWORD_MIN} characters. A few unrelated words make a good one.
        </p>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={describedBy("password-hint", Boolean(errors.password) && "password-error")}
          className={inputClass}
        />
        <FieldError id="password-error" errors={errors.password} />
      </div>
      {/* A field people never see or reach: only bots fill it in, and their form is quietly refused. */}
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label htmlFor="website">Leave this field empty</label>
        <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60"
      >
        {pending ? "Creating your account…" : "Create account"}
      </button>
      <p className="text-sm">
        Already have an account?{" "}
        <Link href={loginHref} className="font-semibold">
          Sign in
        </Link>
      </p>
    </form>
  );
}
