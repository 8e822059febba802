"use client";

// Small forms of email and one-time links: each one button (and for preferences, two or three boxes), the
// answer said in a live region. They work without JavaScript too (useActionState posts the form).

import { useActionState } from "react";

import {
  confirmEmailAction,
  resendConfirmationAction,
  saveEmailConfirmationSettingAction,
  saveEmailPreferencesAction,
  unsubscribeAction,
  type EmailFormState,
} from "@/lib/actions/email";

const INITIAL: EmailFormState = { status: "idle", attempt: 0 };
const primary = "rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60";
const secondary = "rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60";

function Outcome({ state }: { state: EmailFormState }) {
  return (
    <>
      <p role="status" aria-live="polite" className={state.status === "done" ? "rounded border border-[var(--rule)] p-3 font-semibold" : "sr-only"}>
        {state.status === "done" ? state.message : ""}
      </p>
      {state.status === "refused" ? (
        <p role="alert" className="rounded border border-[var(--accent)] p-3">
          {state.message}
        </p>
      ) : null}
    </>
  );
}

/** "Confirm my email" from the link in the confirmation email. */
export function ConfirmEmailForm({ token }: { token: string }) {
  const [state, formAction, pending] = useActionState(confirmEmailAction, INITIAL);
  return (
    <form action={formAction} className="mt-6 space-y-4">
      <input type="hidden" name="token" value={token} />
      <Outcome state={state} />
      {state.status !== "done" ? (
        <button type="submit" disabled={pending} className={primary}>
          {pending ? "Confirming…" : "Confirm my email"}
        </button>
      ) : null}
    </form>
  );
}

/** On /account, for a reader who has not confirmed: a new link. */
export function ResendConfirmationForm() {
  const [state, formAction, pending] = useActionState(resendConfirmationAction, INITIAL);
  return (
    <form action={formAction} className="mt-3 space-y-3">
      <Outcome state={state} />
      <button type="submit" disabled={pending} className={secondary}>
        {pending ? "Sending…" : "Send a new confirmation link"}
      </button>
    </form>
  );
}

/** On /account: which notification emails the person wants (mentions: staff only, `emailOnMention` given). */
export function EmailPreferencesForm({ emailOnReply, emailOnDecision, emailOnMention }: { emailOnReply: boolean; emailOnDecision: boolean; emailOnMention?: boolean }) {
  const [state, formAction, pending] = useActionState(saveEmailPreferencesAction, INITIAL);
  return (
    <form action={formAction} aria-label="Email notifications" className="mt-4 space-y-4">
      <Outcome state={state} />
      <div className="flex items-start gap-2">
        <input id="emailOnReply" name="emailOnReply" type="checkbox" defaultChecked={emailOnReply} className="mt-1 size-4" />
        <label htmlFor="emailOnReply">Email me when someone replies to my comment</label>
      </div>
      <div className="flex items-start gap-2">
        <input id="emailOnDecision" name="emailOnDecision" type="checkbox" defaultChecked={emailOnDecision} className="mt-1 size-4" />
        <label htmlFor="emailOnDecision">Email me when a moderator decides on my held comment</label>
      </div>
      {emailOnMention === undefined ? null : (
        <div className="flex items-start gap-2">
          <input type="hidden" name="mentionChoice" value="1" />
          <input id="emailOnMention" name="emailOnMention" type="checkbox" defaultChecked={emailOnMention} className="mt-1 size-4" />
          <label htmlFor="emailOnMention">Email me when I am mentioned in a note</label>
        </div>
      )}
      <button type="submit" disabled={pending} className={secondary}>
        {pending ? "Saving…" : "Save email choices"}
      </button>
    </form>
  );
}

/** The one button of an unsubscribe link. */
export function UnsubscribeForm({ token, label }: { token: string; label: string }) {
  const [state, formAction, pending] = useActionState(unsubscribeAction, INITIAL);
  return (
    <form action={formAction} className="mt-6 space-y-4">
      <input type="hidden" name="token" value={token} />
      <Outcome state={state} />
      {state.status !== "done" ? (
        <button type="submit" disabled={pending} className={primary}>
          {pending ? "Unsubscribing…" : label}
        </button>
      ) : null}
    </form>
  );
}

/** On /desk/settings: whether new readers must confirm their email before commenting. */
export function EmailConfirmationSettingForm({ requireEmailConfirmation }: { requireEmailConfirmation: boolean }) {
  const [state, formAction, pending] = useActionState(saveEmailConfirmationSettingAction, INITIAL);
  return (
    <form action={formAction} aria-label="Email confirmation setting" className="mt-4 max-w-2xl space-y-4">
      <Outcome state={state} />
      <div className="flex items-start gap-2">
        <input
          key={`confirm-${state.attempt}`}
          id="requireEmailConfirmation"
          name="requireEmailConfirmation"
          type="checkbox"
          defaultChecked={requireEmailConfirmation}
          className="mt-1 size-4"
          aria-describedby="requireEmailConfirmation-hint"
        />
        <div>
          <label htmlFor="requireEmailConfirmation" className="font-semibold">
            Confirm new readers&rsquo; email
          </label>
          <p id="requireEmailConfirmation-hint" className="text-sm text-[var(--muted)]">
            A new reader gets a link by email and can comment once they have followed it; until then they can read. Readers who signed up
            before stay as they are.
          </p>
        </div>
      </div>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Save email setting
      </button>
    </form>
  );
}
