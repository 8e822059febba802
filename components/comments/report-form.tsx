import { REPORT_REASON_LABELS, REPORT_REASONS } from "@/lib/comments/schemas";

/** Reporting a comment: a reason (radio group) and "Tell us more" (required for Other, checked on the server). */
export function ReportForm({ action, commentId, authorName, error }: { action: (formData: FormData) => Promise<void>; commentId: string; authorName: string; error: string | null }) {
  const id = `report-${commentId}`;
  return (
    <form action={action} id={id} className="mt-3 space-y-3 rounded border border-[var(--rule)] p-3 scroll-mt-4">
      <input type="hidden" name="commentId" value={commentId} />
      <fieldset>
        <legend className="font-semibold">Why are you reporting {authorName}&rsquo;s comment?</legend>
        {REPORT_REASONS.map((reason) => (
          <div key={reason} className="mt-1">
            <input type="radio" id={`${id}-${reason}`} name="reason" value={reason} required />{" "}
            <label htmlFor={`${id}-${reason}`}>{REPORT_REASON_LABELS[reason]}</label>
          </div>
        ))}
      </fieldset>
      <div>
        <label htmlFor={`${id}-text`} className="block font-semibold">
          Tell us more
        </label>
        <p id={`${id}-hint`} className="text-sm text-[var(--muted)]">
          Required if you chose Other.
        </p>
        <textarea
          id={`${id}-text`}
          name="text"
          rows={3}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error ? true : undefined}
          className="mt-1 block w-full rounded border border-[var(--rule)] bg-transparent p-2"
        />
        {error ? (
          <p id={`${id}-error`} role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className="rounded bg-[var(--ink)] px-3 py-1 font-semibold text-[var(--paper)]">
        Send report
      </button>
    </form>
  );
}
