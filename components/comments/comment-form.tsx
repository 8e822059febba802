interface Props {
  action: (formData: FormData) => Promise<void>;
  storyId: string;
  /** For a reply: the comment answered. */
  parentId?: string;
  /** Unique per page: ids of the fields. */
  idPrefix: string;
  label?: string;
  submitLabel?: string;
  error?: string | null;
}

/**
 * The post (or reply) form: a plain form posting to a server action, so it works without
 * JavaScript. The "website" field is a honeypot: hidden from people (off-screen, aria-hidden, out
 * of the tab order, no autofill), filled only by bots.
 */
export function CommentForm({ action, storyId, parentId, idPrefix, label = "Comment", submitLabel = "Post comment", error }: Props) {
  const errorId = `${idPrefix}-error`;
  return (
    <form action={action} className="mt-4 space-y-3" id={`${idPrefix}-form`}>
      <input type="hidden" name="storyId" value={storyId} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      <div>
        <label htmlFor={`${idPrefix}-body`} className="block font-semibold">
          {label}
        </label>
        <textarea
          id={`${idPrefix}-body`}
          name="body"
          required
          rows={parentId ? 3 : 5}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          className="mt-1 block w-full rounded border border-[var(--rule)] bg-transparent p-2"
        />
        {error ? (
          <p id={errorId} role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {error}
          </p>
        ) : null}
      </div>
      <div aria-hidden="true" className="absolute -left-[10000px] top-auto h-px w-px overflow-hidden">
        <label htmlFor={`${idPrefix}-website`}>Leave this field empty</label>
        <input id={`${idPrefix}-website`} type="text" name="website" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <button type="submit" className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
        {submitLabel}
      </button>
    </form>
  );
}
