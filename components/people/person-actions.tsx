"use client";

import { useActionState, useId, useRef, useState } from "react";

import { personAction, type PersonFormState } from "@/lib/actions/people";
import { FieldError } from "@/components/ui/field-error";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";
import { GIVE_A_REASON } from "@/lib/people/sentences";
import { SUSPENSION_CHOICES } from "@/lib/people/suspension-choices";

const INITIAL: PersonFormState = { status: "idle", attempt: 0 };
const buttonClass = "rounded border border-[var(--ink)] px-3 py-1.5 text-sm font-semibold disabled:opacity-60";
const dangerButtonClass = "rounded bg-[var(--accent)] px-3 py-1.5 text-sm font-semibold text-white disabled:opacity-60";
const fieldClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5 text-sm aria-[invalid=true]:border-[var(--accent)]";
const sectionClass = "rounded border border-[var(--rule)] p-4";

interface Person {
  id: string;
  displayName: string;
  role: Role;
  status: UserStatus;
}

interface Confirmation {
  title: string;
  consequence: string;
  confirmLabel: string;
}

/**
 * A modal dialog that names the person and what will happen to them. Cancel (focused first, and
 * Escape) changes nothing; confirming submits the form with confirmed=yes, which the server action
 * requires for these changes.
 */
function ConfirmDialog({
  dialogRef,
  confirmation,
  onConfirm,
}: {
  dialogRef: React.RefObject<HTMLDialogElement | null>;
  confirmation: Confirmation | null;
  onConfirm: () => void;
}) {
  const id = useId();
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-consequence`}
      className="m-auto w-[calc(100%-2rem)] max-w-md rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/50"
    >
      <h2 id={`${id}-title`} className="text-lg font-bold">
        {confirmation?.title}
      </h2>
      <p id={`${id}-consequence`} className="mt-2 text-sm">
        {confirmation?.consequence}
      </p>
      <div className="mt-5 flex flex-wrap justify-end gap-3">
        <button type="button" autoFocus className={buttonClass} onClick={() => dialogRef.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className={dangerButtonClass}
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {confirmation?.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}

/**
 * One change to one person, as its own small form posting to the server action: its result shows
 * beside its own button. `confirm`, given the form's data, returns the confirmation to ask for
 * first, or null to go ahead; `check` refuses in the browser before asking (a ban without a reason).
 */
function ChangeForm({
  person,
  intent,
  label,
  heading,
  children,
  confirm,
  check,
  unavailable,
}: {
  person: Person;
  intent: string;
  label: string;
  heading: string;
  children?: (state: PersonFormState, localErrors: Record<string, string[]>) => React.ReactNode;
  confirm?: (data: FormData) => Confirmation | null;
  check?: (data: FormData) => Record<string, string[]> | null;
  /** Why this change does not apply to the person now; the section stays, so its last result does too. */
  unavailable?: string | null;
}) {
  const [state, formAction, pending] = useActionState(personAction, INITIAL);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [localErrors, setLocalErrors] = useState<Record<string, string[]>>({});
  const formRef = useRef<HTMLFormElement>(null);
  const confirmedRef = useRef<HTMLInputElement>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    if (confirmedRef.current?.value === "yes") return;
    const data = new FormData(form);
    const problems = check?.(data) ?? null;
    setLocalErrors(problems ?? {});
    if (problems) {
      event.preventDefault();
      return;
    }
    const asked = confirm?.(data) ?? null;
    if (asked) {
      event.preventDefault();
      setConfirmation(asked);
      dialogRef.current?.showModal();
    }
  }

  function onConfirm() {
    if (!confirmedRef.current || !formRef.current) return;
    confirmedRef.current.value = "yes";
    formRef.current.requestSubmit(formRef.current.querySelector<HTMLButtonElement>(`button[name="intent"]`));
    const input = confirmedRef.current;
    setTimeout(() => (input.value = ""), 0);
  }

  const refused = state.status === "refused" ? state : null;
  return (
    <section aria-labelledby={headingId} className={sectionClass}>
      <h2 id={headingId} className="font-semibold">
        {heading}
      </h2>
      <form ref={formRef} action={formAction} onSubmit={onSubmit} aria-labelledby={headingId} className="mt-2 space-y-3" noValidate>
        {/* Enter in a field presses this disabled default button: nothing happens by accident. */}
        <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />
        <input type="hidden" name="userId" value={person.id} />
        <input ref={confirmedRef} type="hidden" name="confirmed" defaultValue="" />
        {unavailable ? <p className="text-sm text-[var(--muted)]">{unavailable}</p> : children?.(state, localErrors)}
        <div className="flex flex-wrap items-center gap-3">
          {unavailable ? null : (
            <button type="submit" name="intent" value={intent} disabled={pending} className={buttonClass}>
              {label}
            </button>
          )}
          <p role="status" className="text-sm font-semibold">
            {state.status === "done" ? state.message : null}
          </p>
        </div>
        {refused ? (
          <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
            {refused.message}
          </p>
        ) : null}
      </form>
      <ConfirmDialog dialogRef={dialogRef} confirmation={confirmation} onConfirm={onConfirm} />
    </section>
  );
}

function errorsFor(state: PersonFormState, localErrors: Record<string, string[]>, field: string): string[] | undefined {
  return localErrors[field] ?? (state.status === "refused" ? state.fieldErrors[field] : undefined);
}

function ReasonField({
  person,
  name,
  label,
  hint,
  state,
  localErrors,
  maxReason,
}: {
  person: Person;
  name: string;
  label: string;
  hint: string;
  state: PersonFormState;
  localErrors: Record<string, string[]>;
  maxReason: number;
}) {
  const id = `${name}-${person.id}`;
  const errors = errorsFor(state, localErrors, "reason");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold">
        {label}
      </label>
      <p id={`${id}-hint`} className="text-sm text-[var(--muted)]">
        {hint}
      </p>
      <input
        key={`${id}-${state.attempt}`}
        id={id}
        name="reason"
        maxLength={maxReason}
        defaultValue={state.status === "refused" ? state.reason : ""}
        className={fieldClass}
        aria-describedby={[`${id}-hint`, errors ? `${id}-error` : ""].filter(Boolean).join(" ")}
        {...(errors ? { "aria-invalid": true } : {})}
      />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

const needsReason = (data: FormData) => (String(data.get("reason") ?? "").trim() ? null : { reason: [GIVE_A_REASON] });

/**
 * Everything an admin can change about one person, in one panel: role, suspension, ban,
 * reinstatement and signing out everywhere. Promotion to admin and a ban ask first, in a dialog
 * that names the person and says what will happen.
 */
export function PersonActions({ person, maxReason }: { person: Person; maxReason: number }) {
  const name = person.displayName;
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChangeForm
        person={person}
        intent="role"
        heading="Role"
        label="Change role"
        confirm={(data) =>
          data.get("role") === "ADMIN"
            ? {
                title: `Make ${name} an admin?`,
                consequence: `${name} will be able to change anyone's role, suspend and ban people, sign them out and change the newsroom's settings. Only another admin can undo it.`,
                confirmLabel: `Make ${name} an admin`,
              }
            : null
        }
      >
        {(state, localErrors) => (
          <>
            <div>
              <label htmlFor={`role-${person.id}`} className="block text-sm font-semibold">
                New role
              </label>
              <select
                key={`role-${state.attempt}`}
                id={`role-${person.id}`}
                name="role"
                defaultValue={person.role}
                className={fieldClass}
                {...(errorsFor(state, localErrors, "role") ? { "aria-invalid": true, "aria-describedby": `role-${person.id}-error` } : {})}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </select>
              <FieldError id={`role-${person.id}-error`} errors={errorsFor(state, localErrors, "role")} />
            </div>
            <ReasonField person={person} name="role-note" label="Note for the audit log (optional)" hint="Only admins see it." state={state} localErrors={localErrors} maxReason={maxReason} />
          </>
        )}
      </ChangeForm>

      <ChangeForm
          person={person}
          intent="suspend"
          heading="Suspend"
          label={`Suspend ${name}`}
          check={needsReason}
          unavailable={person.status === "BANNED" ? `${name} is banned: reinstate them first if a suspension is enough.` : null}
        >
          {(state, localErrors) => (
            <>
              <p className="text-sm text-[var(--muted)]">A suspended person can sign in and read, but cannot comment until the time runs out.</p>
              <div>
                <label htmlFor={`duration-${person.id}`} className="block text-sm font-semibold">
                  Suspend for
                </label>
                <select
                  id={`duration-${person.id}`}
                  name="duration"
                  defaultValue="24"
                  className={fieldClass}
                  {...(errorsFor(state, localErrors, "until") ? { "aria-invalid": true, "aria-describedby": `duration-${person.id}-error` } : {})}
                >
                  {SUSPENSION_CHOICES.map((choice) => (
                    <option key={choice.hours} value={choice.hours}>
                      {choice.label}
                    </option>
                  ))}
                </select>
                <FieldError id={`duration-${person.id}-error`} errors={errorsFor(state, localErrors, "until")} />
              </div>
              <ReasonField person={person} name="suspend-reason" label="Reason shown to the person" hint="Required: they see it when they try to comment." state={state} localErrors={localErrors} maxReason={maxReason} />
            </>
          )}
      </ChangeForm>

      <ChangeForm
          person={person}
          intent="ban"
          heading="Ban"
          label={`Ban ${name}`}
          check={needsReason}
          unavailable={person.status === "BANNED" ? `${name} is banned and cannot sign in.` : null}
          confirm={(data) => ({
            title: `Ban ${name}?`,
            consequence: `${name} will be signed out everywhere at once and cannot sign in again until an admin reinstates them. The reason they are told: “${String(data.get("reason") ?? "").trim()}”`,
            confirmLabel: `Ban ${name}`,
          })}
        >
          {(state, localErrors) => (
            <ReasonField person={person} name="ban-reason" label="Reason shown to the person" hint="Required: they see it when they try to sign in." state={state} localErrors={localErrors} maxReason={maxReason} />
          )}
      </ChangeForm>

      <ChangeForm
          person={person}
          intent="reinstate"
          heading="Reinstate"
          label={`Reinstate ${name}`}
          unavailable={person.status === "ACTIVE" ? `${name} is neither suspended nor banned.` : null}
        >
          {(state, localErrors) => (
            <ReasonField person={person} name="reinstate-note" label="Note for the audit log (optional)" hint="Lifts the suspension or ban at once." state={state} localErrors={localErrors} maxReason={maxReason} />
          )}
      </ChangeForm>

      <ChangeForm
          person={person}
          intent="signout"
          heading="Sessions"
          label="Sign out everywhere"
          unavailable={person.status === "BANNED" ? "The ban ended every session they had." : null}
        >
          {() => <p className="text-sm text-[var(--muted)]">Ends every session {name} has, on every device: they must sign in again.</p>}
      </ChangeForm>
    </div>
  );
}
