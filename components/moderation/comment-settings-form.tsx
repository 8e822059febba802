"use client";

import { useActionState } from "react";

import { saveCommentSettingsAction, type SettingsFormState, type SettingsValues } from "@/lib/actions/settings";
import { FieldError } from "@/components/ui/field-error";

const INITIAL: SettingsFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

/** The admin's comment rules. A plain form posting to a server action: it works without JavaScript. */
export function CommentSettingsForm({ current, limits }: { current: SettingsValues; limits: { maxWords: number; minReports: number; maxReports: number } }) {
  const [state, formAction, pending] = useActionState(saveCommentSettingsAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const values = refused?.values ?? current;
  const err = (field: string) => refused?.fieldErrors[field];
  const described = (field: string, hint: string) => ({
    ...(err(field) ? { "aria-invalid": true } : {}),
    "aria-describedby": [hint, err(field) ? `${field}-error` : ""].filter(Boolean).join(" "),
  });

  return (
    <form action={formAction} aria-label="Comment settings" className="mt-4 max-w-2xl space-y-5" noValidate>
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      {refused ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          {refused.message}
        </div>
      ) : null}
      <div>
        <label htmlFor="bannedWords" className="block font-semibold">
          Banned words
        </label>
        <p id="bannedWords-hint" className="text-sm text-[var(--muted)]">
          One word or phrase per line. A comment containing one is refused, and its author is told which word.
        </p>
        <textarea key={`banned-${state.attempt}`} id="bannedWords" name="bannedWords" rows={6} defaultValue={values.bannedWords} className={inputClass} {...described("bannedWords", "bannedWords-hint")} />
        <FieldError id="bannedWords-error" errors={err("bannedWords")} />
      </div>
      <div>
        <label htmlFor="suspectWords" className="block font-semibold">
          Suspect words
        </label>
        <p id="suspectWords-hint" className="text-sm text-[var(--muted)]">
          One word or phrase per line (at most {limits.maxWords}). A comment containing one waits for a moderator.
        </p>
        <textarea key={`suspect-${state.attempt}`} id="suspectWords" name="suspectWords" rows={6} defaultValue={values.suspectWords} className={inputClass} {...described("suspectWords", "suspectWords-hint")} />
        <FieldError id="suspectWords-error" errors={err("suspectWords")} />
      </div>
      <div className="flex items-start gap-2">
        <input key={`first-${state.attempt}`} id="holdFirstComment" name="holdFirstComment" type="checkbox" defaultChecked={values.holdFirstComment} className="mt-1 size-4" aria-describedby="holdFirstComment-hint" />
        <div>
          <label htmlFor="holdFirstComment" className="font-semibold">
            Hold a new account’s first comment
          </label>
          <p id="holdFirstComment-hint" className="text-sm text-[var(--muted)]">
            Until a moderator has approved one of their comments, a reader’s comments wait.
          </p>
        </div>
      </div>
      <div>
        <label htmlFor="reportsToHold" className="block font-semibold">
          Reports before a comment is held
        </label>
        <p id="reportsToHold-hint" className="text-sm text-[var(--muted)]">
          Reports from this many different readers take a comment off the story until a moderator decides ({limits.minReports}–{limits.maxReports}).
        </p>
        <input
          key={`reports-${state.attempt}`}
          id="reportsToHold"
          name="reportsToHold"
          type="number"
          min={limits.minReports}
          max={limits.maxReports}
          step={1}
          defaultValue={values.reportsToHold}
          className={`${inputClass} max-w-32`}
          {...described("reportsToHold", "reportsToHold-hint")}
        />
        <FieldError id="reportsToHold-error" errors={err("reportsToHold")} />
      </div>
      <button type="submit" disabled={pending} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
        Save settings
      </button>
    </form>
  );
}
