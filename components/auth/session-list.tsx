"use client";

import { useActionState } from "react";

import { endOtherSessionsAction, endSessionAction, type AccountFormState } from "@/lib/actions/account-security";

const INITIAL: AccountFormState = { status: "idle", attempt: 0 };
const buttonClass = "rounded border border-[var(--ink)] px-3 py-1 text-sm font-semibold disabled:opacity-60";

export interface SessionItem {
  id: string;
  device: string;
  address: string | null;
  /** Already formatted on the server, so the client renders the same words. */
  signedIn: string;
  signedInIso: string;
  lastSeen: string;
  lastSeenIso: string;
  isCurrent: boolean;
}

function EndSessionButton({ session }: { session: SessionItem }) {
  const [state, formAction, pending] = useActionState(endSessionAction, INITIAL);
  return (
    <form action={formAction} className="mt-2">
      <input type="hidden" name="sessionId" value={session.id} />
      <button type="submit" disabled={pending} className={buttonClass} aria-label={`End the session on ${session.device}, signed in ${session.signedIn}`}>
        End
      </button>
      {state.status === "refused" ? (
        <p role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

/** The person's sessions, "This device" first, each other one with its own End button. */
export function SessionList({ sessions }: { sessions: SessionItem[] }) {
  const [state, formAction, pending] = useActionState(endOtherSessionsAction, INITIAL);
  const others = sessions.filter((session) => !session.isCurrent).length;
  return (
    <>
      <ul className="mt-4 space-y-3">
        {sessions.map((session) => (
          <li key={session.id} className="rounded border border-[var(--rule)] p-3 text-sm" aria-label={session.isCurrent ? `${session.device}, this device` : session.device}>
            <p className="font-semibold">
              {session.device}
              {session.isCurrent ? <span className="ml-2 rounded bg-[var(--ink)] px-1.5 py-0.5 text-xs text-[var(--paper)]">This device</span> : null}
            </p>
            <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-[var(--muted)]">
              <dt>Address</dt>
              <dd className="break-all">{session.address ?? "unknown"}</dd>
              <dt>Signed in</dt>
              <dd>
                <time dateTime={session.signedInIso}>{session.signedIn}</time>
              </dd>
              <dt>Last seen</dt>
              <dd>
                <time dateTime={session.lastSeenIso}>{session.lastSeen}</time>
              </dd>
            </dl>
            {session.isCurrent ? null : <EndSessionButton session={session} />}
          </li>
        ))}
      </ul>
      <form action={formAction} className="mt-4">
        {others > 0 ? (
          <button type="submit" disabled={pending} className={buttonClass}>
            Sign out everywhere else
          </button>
        ) : state.status === "idle" ? (
          <p className="text-sm text-[var(--muted)]">You are not signed in anywhere else.</p>
        ) : null}
        <p role="status" className="mt-2 text-sm font-semibold">
          {state.status === "done" ? state.message : null}
        </p>
        {state.status === "refused" ? (
          <p role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {state.message}
          </p>
        ) : null}
      </form>
    </>
  );
}
