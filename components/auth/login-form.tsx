"use client";

import Link from "next/link";
import { useActionState } from "react";

import { signInAction, type SignInState } from "@/lib/actions/sign-in";

const INITIAL: SignInState = { message: null, email: "", step: "password", offerCode: false };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2";
const buttonClass = "w-full rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60";

/** `callbackUrl`: the safe page asked for, or "" for none; `from`: the page the visitor came from, or "". */
export function LoginForm({ callbackUrl, from }: { callbackUrl: string; from: string }) {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, INITIAL);
  const alert = state.message ? (
    <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
      {state.message}
    </p>
  ) : null;

  if (state.step === "code") {
    return (
      <form action={formAction} className="mt-6 space-y-4" noValidate>
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <input type="hidden" name="from" value={from} />
        <input type="hidden" name="step" value="code" />
        <input type="hidden" name="email" value={state.email} />
        {alert}
        <div>
          <label htmlFor="code" className="block text-sm font-semibold">
            Two-factor code
          </label>
          <p id="code-hint" className="text-sm text-[var(--muted)]">
            The six-digit code your authenticator app shows for {state.email}, or one of your recovery codes.
          </p>
          <input
            key={state.message ?? "first"}
            id="code"
            name="code"
            type="text"
            autoComplete="one-time-code"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            maxLength={64}
            aria-describedby="code-hint"
            className={inputClass}
          />
        </div>
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking…" : "Verify code"}
        </button>
        <p className="text-sm">
          <Link href={!callbackUrl || callbackUrl === "/account" ? "/login" : `/login?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Start again</Link>
        </p>
      </form>
    );
  }

  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <input type="hidden" name="from" value={from} />
      {alert}
      <div>
        <label htmlFor="email" className="block text-sm font-semibold">
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="email" required defaultValue={state.email} className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className="block text-sm font-semibold">
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      {state.offerCode ? (
        <div>
          <label htmlFor="code" className="block text-sm font-semibold">
            Two-factor code
          </label>
          <p id="code-hint" className="text-sm text-[var(--muted)]">
            If your account has two-factor sign-in: the code from your app, or a recovery code.
          </p>
          <input id="code" name="code" type="text" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} maxLength={64} aria-describedby="code-hint" className={inputClass} />
        </div>
      ) : null}
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
