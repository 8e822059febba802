"use client";

import { useActionState } from "react";

import { saveSectionCommentRulesAction, type SectionRulesFormState } from "@/lib/actions/settings";
import { FieldError } from "@/components/ui/field-error";

const INITIAL: SectionRulesFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

const POLICIES = [
  { value: "OPEN", label: "Open (published at once, moderated after)" },
  { value: "PREMODERATED", label: "Pre-moderated (held until approved)" },
  { value: "CLOSED", label: "Closed" },
] as const;

/** One section's comment rules: a plain form posting to a server action, so it works without JavaScript. */
export function SectionCommentRulesForm({
  section,
  maxDays,
}: {
  section: { id: string; name: string; slug: string; commentPolicy: string; commentsCloseAfterDays: number | null };
  maxDays: number;
}) {
  const [state, formAction, pending] = useActionState(saveSectionCommentRulesAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const policy = refused?.values.commentPolicy ?? section.commentPolicy;
  const days = refused?.values.closeAfterDays ?? (section.commentsCloseAfterDays === null ? "" : String(section.commentsCloseAfterDays));
  const id = (field: string) => `${section.slug}-${field}`;
  const daysError = refused?.fieldErrors.closeAfterDays;

  return (
    <form action={formAction} aria-label={`Comment rules for ${section.name}`} className="rounded border border-[var(--rule)] p-4" noValidate>
      <input type="hidden" name="sectionId" value={section.id} />
      <h3 className="font-semibold">{section.name}</h3>
      <div className="mt-2 flex flex-wrap items-end gap-4">
        {/* Its longest option is wider than a phone: the list shrinks to fit and wraps the rest. */}
        <div className="min-w-0 max-w-full">
          <label htmlFor={id("policy")} className="block text-sm font-semibold">
            New stories’ comments
          </label>
          <select key={`policy-${state.attempt}`} id={id("policy")} name="commentPolicy" defaultValue={policy} className={`${inputClass} max-w-full`}>
            {POLICIES.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={id("days")} className="block text-sm font-semibold">
            Close comments after (days)
          </label>
          <input
            key={`days-${state.attempt}`}
            id={id("days")}
            name="closeAfterDays"
            type="number"
            min={1}
            max={maxDays}
            step={1}
            inputMode="numeric"
            defaultValue={days}
            className={`${inputClass} w-28`}
            aria-describedby={[id("days-hint"), daysError ? id("days-error") : ""].filter(Boolean).join(" ")}
            {...(daysError ? { "aria-invalid": true } : {})}
          />
        </div>
        <button type="submit" disabled={pending} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
          Save {section.name}
        </button>
      </div>
      <p id={id("days-hint")} className="mt-1 text-sm text-[var(--muted)]">
        Blank: comments stay open until someone closes them. Readers are told when and why comments closed.
      </p>
      <FieldError id={id("days-error")} errors={daysError} />
      <div role="status" aria-live="polite" className="mt-1 min-h-5 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      {refused && !daysError ? (
        <p role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
          {refused.message}
        </p>
      ) : null}
    </form>
  );
}
