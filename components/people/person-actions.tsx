"use client";

import { useActionState } from "react";

import { personAction, type PersonFormState } from "@/lib/actions/people";
import { FieldError } from "@/components/ui/field-error";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import type { Role, UserStatus } from "@/lib/generated/prisma/enums";

import { SUSPENSION_CHOICES } from "@/lib/people/suspension-choices";

const INITIAL: PersonFormState = { status: "idle", attempt: 0 };
const buttonClass = "rounded border border-[var(--ink)] px-3 py-1 text-sm font-semibold disabled:opacity-60";
const fieldClass = "mt-1 rounded border border-[var(--rule)] bg-transparent px-2 py-1 text-sm aria-[invalid=true]:border-[var(--accent)]";

/**
 * One person's changes: role, suspend, ban, reinstate, sign out everywhere. A plain form posting to a server action, so
 * it works before (or without) JavaScript; the pressed button says which change.
 */
export function PersonActions({
  person,
  maxReason,
}: {
  person: { id: string; displayName: string; role: Role; status: UserStatus };
  maxReason: number;
}) {
  const [state, formAction, pending] = useActionState(personAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const prefix = `person-${person.id}`;
  const err = (field: string) => refused?.fieldErrors[field];
  const described = (field: string) => (err(field) ? { "aria-invalid": true, "aria-describedby": `${prefix}-${field}-error` } : {});

  return (
    <form action={formAction} aria-label={`Change ${person.displayName}`} className="space-y-2" noValidate>
      {/* Enter in a field presses this disabled default button: nothing happens by accident. */}
      <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />
      <input type="hidden" name="userId" value={person.id} />
      <div className="flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor={`${prefix}-role`} className="block text-xs font-semibold">
            Role
          </label>
          <select key={`role-${state.attempt}`} id={`${prefix}-role`} name="role" defaultValue={person.role} className={fieldClass} {...described("role")}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" name="intent" value="role" disabled={pending} className={buttonClass}>
          Change role
        </button>
      </div>
      <FieldError id={`${prefix}-role-error`} errors={err("role")} />
      <div>
        <label htmlFor={`${prefix}-reason`} className="block text-xs font-semibold">
          Reason shown to the person
        </label>
        <p id={`${prefix}-reason-hint`} className="text-xs text-[var(--muted)]">
          Needed to suspend or ban: the person sees it. With a role change or reinstatement it goes in the audit log only.
        </p>
        <input
          key={`reason-${state.attempt}`}
          id={`${prefix}-reason`}
          name="reason"
          maxLength={maxReason}
          defaultValue={refused?.reason ?? ""}
          className={`${fieldClass} w-full`}
          aria-describedby={[`${prefix}-reason-hint`, err("reason") ? `${prefix}-reason-error` : ""].filter(Boolean).join(" ")}
          {...(err("reason") ? { "aria-invalid": true } : {})}
        />
        <FieldError id={`${prefix}-reason-error`} errors={err("reason")} />
      </div>
      <div className="flex flex-wrap items-end gap-2">
        {person.status === "BANNED" ? null : (
        <div>
          <label htmlFor={`${prefix}-duration`} className="block text-xs font-semibold">
            Suspend for
          </label>
          <select id={`${prefix}-duration`} name="duration" defaultValue="24" className={fieldClass} {...described("until")}>
            {SUSPENSION_CHOICES.map((choice) => (
              <option key={choice.hours} value={choice.hours}>
                {choice.label}
              </option>
            ))}
          </select>
        </div>
        )}
        {person.status === "BANNED" ? null : (
          <button type="submit" name="intent" value="suspend" disabled={pending} className={buttonClass}>
            Suspend
          </button>
        )}
        {person.status === "BANNED" ? null : (
          <button type="submit" name="intent" value="ban" disabled={pending} className={buttonClass}>
            Ban
          </button>
        )}
        {person.status === "ACTIVE" ? null : (
          <button type="submit" name="intent" value="reinstate" disabled={pending} className={buttonClass}>
            Reinstate
          </button>
        )}
        {person.status === "BANNED" ? null : (
          <button type="submit" name="intent" value="signout" disabled={pending} className={buttonClass}>
            Sign out everywhere
          </button>
        )}
      </div>
      <FieldError id={`${prefix}-until-error`} errors={err("until")} />
      <div role="status" aria-live="polite" className="text-sm font-semibold">
        {state.status === "done" ? state.message : null}
      </div>
      {refused ? (
        <p role="alert" className="text-sm font-semibold text-[var(--accent)]">
          {refused.message}
        </p>
      ) : null}
    </form>
  );
}
