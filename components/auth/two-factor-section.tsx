"use client";

import { useActionState } from "react";

import {
  beginTwoFactorAction,
  confirmTwoFactorAction,
  disableTwoFactorAction,
  type AccountFormState,
  type ConfirmTwoFactorState,
} from "@/lib/actions/account-security";
import { FieldError } from "@/components/ui/field-error";

export type TwoFactorView =
  | { status: "off" }
  | { status: "pending"; secret: string; uri: string; qrSvg: string | null }
  | { status: "on"; since: string; recoveryCodesLeft: number };

const INITIAL: AccountFormState = { status: "idle", attempt: 0 };
const CONFIRM_INITIAL: ConfirmTwoFactorState = { status: "idle", attempt: 0 };
const buttonClass = "rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60";
const inputClass = "mt-1 w-full max-w-xs rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

function Refusal({ state }: { state: { status: string; message?: string } }) {
  if (state.status !== "refused") return null;
  return (
    <p role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
      {state.message}
    </p>
  );
}

/** Groups a base32 key in fours, as people copy it by hand; apps ignore the spaces. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * Two-factor sign-in on the account page: set up (the key as text, as an otpauth URI and as a QR
 * code), confirm with a code, see the recovery codes once, turn off with password and code.
 */
export function TwoFactorSection({ view }: { view: TwoFactorView }) {
  const [begin, beginAction, beginPending] = useActionState(beginTwoFactorAction, INITIAL);
  const [confirm, confirmAction, confirmPending] = useActionState(confirmTwoFactorAction, CONFIRM_INITIAL);
  const [disable, disableAction, disablePending] = useActionState(disableTwoFactorAction, INITIAL);
  const confirmErrors = confirm.status === "refused" ? confirm.fieldErrors : {};
  const disableErrors = disable.status === "refused" ? disable.fieldErrors : {};

  if (view.status === "on") {
    return (
      <div className="mt-4 space-y-4">
        {confirm.status === "done" ? (
          <section aria-labelledby="recovery-codes" className="rounded border border-[var(--ink)] p-4">
            <h3 id="recovery-codes" className="font-semibold">
              Your recovery codes
            </h3>
            <p className="mt-1 text-sm">
              Two-factor sign-in is on. Keep these codes somewhere safe, away from your phone: each one signs you in once if you lose
              your authenticator app. They are shown only now.
            </p>
            <ol className="mt-3 grid grid-cols-2 gap-2 font-mono sm:grid-cols-5" aria-label="Recovery codes">
              {confirm.recoveryCodes.map((code) => (
                <li key={code}>{code}</li>
              ))}
            </ol>
          </section>
        ) : null}
        <p role="status">
          Two-factor sign-in is on (since {view.since}). {view.recoveryCodesLeft} of 10 recovery codes left.
        </p>
        <form action={disableAction} className="space-y-3" noValidate aria-labelledby="turn-off-heading">
          <h3 id="turn-off-heading" className="font-semibold">
            Turn off two-factor sign-in
          </h3>
          <Refusal state={disable} />
          <div>
            <label htmlFor="disable-password" className="block text-sm font-semibold">
              Password
            </label>
            <input
              key={`password-${disable.attempt}`}
              id="disable-password"
              name="password"
              type="password"
              autoComplete="current-password"
              className={inputClass}
              aria-invalid={disableErrors.password ? true : undefined}
              aria-describedby={disableErrors.password ? "disable-password-error" : undefined}
            />
            <FieldError id="disable-password-error" errors={disableErrors.password} />
          </div>
          <div>
            <label htmlFor="disable-code" className="block text-sm font-semibold">
              Code from your app, or a recovery code
            </label>
            <input
              key={`code-${disable.attempt}`}
              id="disable-code"
              name="code"
              type="text"
              autoComplete="one-time-code"
              autoCapitalize="none"
              spellCheck={false}
              maxLength={64}
              className={inputClass}
              aria-invalid={disableErrors.code ? true : undefined}
              aria-describedby={disableErrors.code ? "disable-code-error" : undefined}
            />
            <FieldError id="disable-code-error" errors={disableErrors.code} />
          </div>
          <button type="submit" disabled={disablePending} className={buttonClass}>
            Turn off two-factor sign-in
          </button>
        </form>
      </div>
    );
  }

  if (view.status === "pending") {
    return (
      <div className="mt-4 space-y-4">
        <Refusal state={begin} />
        <ol className="list-decimal space-y-4 pl-5">
          <li>
            <p>Add this key to an authenticator app (time-based, 6 digits, every 30 seconds).</p>
            {view.qrSvg ? (
              // The QR code is drawn on the server from the otpauth URI below; it carries nothing else.
              <div className="mt-2 w-48 bg-white p-2" role="img" aria-label="QR code of the key" dangerouslySetInnerHTML={{ __html: view.qrSvg }} />
            ) : null}
            <dl className="mt-2 space-y-2 text-sm">
              <dt className="font-semibold">Key</dt>
              <dd>
                <code className="break-all text-base">{grouped(view.secret)}</code>
              </dd>
              <dt className="font-semibold">Setup link (otpauth)</dt>
              <dd>
                <code className="break-all">{view.uri}</code>
              </dd>
            </dl>
          </li>
          <li>
            <form action={confirmAction} className="space-y-3" noValidate>
              <Refusal state={confirm} />
              <div>
                <label htmlFor="enrol-code" className="block text-sm font-semibold">
                  Code from your app
                </label>
                <input
                  key={`enrol-${confirm.attempt}`}
                  id="enrol-code"
                  name="code"
                  type="text"
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={64}
                  className={inputClass}
                  aria-invalid={confirmErrors.code ? true : undefined}
                  aria-describedby={confirmErrors.code ? "enrol-code-error" : undefined}
                />
                <FieldError id="enrol-code-error" errors={confirmErrors.code} />
              </div>
              <button type="submit" disabled={confirmPending} className={buttonClass}>
                Turn on two-factor sign-in
              </button>
            </form>
          </li>
        </ol>
        <form action={beginAction}>
          <button type="submit" disabled={beginPending} className="text-sm underline">
            Start again with a new key
          </button>
        </form>
      </div>
    );
  }

  return (
    <form action={beginAction} className="mt-4 space-y-3">
      <Refusal state={begin} />
      <p>
        With two-factor sign-in, signing in takes your password and a code from an authenticator app on your phone, so a stolen
        password alone is not enough.
      </p>
      <button type="submit" disabled={beginPending} className={buttonClass}>
        Set up two-factor sign-in
      </button>
    </form>
  );
}
