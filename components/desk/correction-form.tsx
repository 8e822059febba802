"use client";

import { useActionState } from "react";

import { addCorrectionAction, type CorrectionFormState } from "@/lib/actions/corrections";
import { FieldError } from "@/components/ui/field-error";

const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

// Errors for these fields appear beside them; any other error is listed in the alert.
const SHOWN_BESIDE_FIELD = new Set(["kind", "text"]);

const INITIAL: CorrectionFormState = { status: "idle", attempt: 0 };

/**
 * Adds a correction to a published story. A plain form posting to a server action, so a click
 * before the page has hydrated still submits. React resets the form after each submission: a
 * refused one is refilled from the state (the fields are keyed on the attempt), an accepted one
 * is left empty.
 */
export function CorrectionForm({ storyId, textMin, textMax }: { storyId: string; textMin: number; textMax: number }) {
  const [state, formAction, pending] = useActionState(addCorrectionAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const err = (field: string) => refused?.fieldErrors[field];
  const described = (field: string, hint?: string) => {
    const ids = [hint, err(field) ? `${field}-error` : undefined].filter(Boolean).join(" ");
    return { ...(err(field) ? { "aria-invalid": true } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
  };

  return (
    <form action={formAction} aria-label="Add a correction" className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="storyId" value={storyId} />
      <div aria-live="polite" role="status" className="min-h-6 text-sm">
        {state.status === "added" ? state.message : null}
      </div>
      {refused ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          <p>{refused.message}</p>
          {Object.entries(refused.fieldErrors)
            .filter(([field]) => !SHOWN_BESIDE_FIELD.has(field))
            .map(([field, messages]) => (
              <p key={field}>{messages?.join(" ")}</p>
            ))}
        </div>
      ) : null}
      <div>
        <label htmlFor="correction-kind" className="block text-sm font-semibold">
          Type
        </label>
        <select
          key={`kind-${state.attempt}`}
          id="correction-kind"
          name="kind"
          defaultValue={refused?.kind ?? "CORRECTION"}
          className={`${inputClass} max-w-xs`}
          {...described("kind")}
        >
          <option value="CORRECTION">Correction</option>
          <option value="CLARIFICATION">Clarification</option>
        </select>
        <FieldError id="kind-error" errors={err("kind")} />
      </div>
      <div>
        <label htmlFor="correction-text" className="block text-sm font-semibold">
          Correction text
        </label>
        <p id="correction-text-hint" className="text-sm text-[var(--muted)]">
          Say what was wrong and what is right, as readers will read it ({textMin}–{textMax} characters).
        </p>
        <textarea
          key={`text-${state.attempt}`}
          id="correction-text"
          name="text"
          rows={4}
          maxLength={textMax}
          defaultValue={refused?.text ?? ""}
          className={inputClass}
          {...described("text", "correction-text-hint")}
        />
        <FieldError id="text-error" errors={err("text")} />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
        Add correction
      </button>
    </form>
  );
}
