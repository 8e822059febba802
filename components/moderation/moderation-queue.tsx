"use client";

import { useActionState, useEffect, useRef } from "react";

import { moderateAction, type ModerationFormState } from "@/lib/actions/moderation";
import { FieldError } from "@/components/ui/field-error";
import { SUSPENSION_CHOICES } from "@/lib/people/suspension-choices";

import type { QueueItemView } from "./queue-view";
import { useQueueShortcuts } from "./use-queue-shortcuts";

const INITIAL: ModerationFormState = { status: "idle", attempt: 0 };
const buttonClass = "rounded border border-[var(--ink)] px-3 py-1 text-sm font-semibold disabled:opacity-60";
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1 text-sm aria-[invalid=true]:border-[var(--accent)]";

/**
 * The whole queue is one form posting to one server action; the pressed button says what to do.
 * So every decision works before (or without) JavaScript, and the shortcuts only press buttons.
 */
export function ModerationQueue({
  items,
  maxReason,
  emptyMessage,
  canSuspend = false,
}: {
  items: QueueItemView[];
  maxReason: number;
  emptyMessage: string;
  /** Whether the viewer may suspend readers ("people.suspend"): each comment then offers to suspend its author. */
  canSuspend?: boolean;
}) {
  const [state, formAction, pending] = useActionState(moderateAction, INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  const refused = state.status === "refused" ? state : null;
  useQueueShortcuts(formRef);

  // A refused reject puts the keyboard back in the reason it needs.
  useEffect(() => {
    if (refused?.commentId && refused.fieldErrors.reason) document.getElementById(`reason-${refused.commentId}`)?.focus();
  }, [refused]);

  const reasonError = (id: string | null) => (refused && refused.commentId === id ? refused.fieldErrors.reason : undefined);
  const bulkReasonError = reasonError(null);

  return (
    <form ref={formRef} action={formAction} aria-label="Moderation queue" className="mt-4" noValidate>
      {/* The default button, pressed by Enter in a field: disabled, so Enter never decides anything by itself. */}
      <button type="submit" disabled hidden aria-hidden="true" tabIndex={-1} />
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "done" && !state.commentId ? state.message : null}
      </div>
      {/* A refused suspension is told beside its own button. */}
      {refused && !refused.suspend ? (
        <div role="alert" className="mb-3 rounded border border-[var(--accent)] p-3 text-sm">
          {refused.message}
        </div>
      ) : null}

      {items.length === 0 ? <p className="mt-2 text-[var(--muted)]">{emptyMessage}</p> : null}
      {/* The confirmation above stays when the decision emptied the queue. */}
      {items.length === 0 ? null : (
        <fieldset className="flex flex-wrap items-end gap-3 rounded border border-[var(--rule)] p-3">
          <legend className="px-1 text-sm font-semibold">Selected comments</legend>
          <div className="min-w-64 flex-1">
            <label htmlFor="bulk-reason" className="text-sm font-semibold">
              Reason shown to the authors (for Reject selected)
            </label>
            <input
              key={`bulk-${state.attempt}`}
              id="bulk-reason"
              name="bulk-reason"
              maxLength={maxReason}
              defaultValue={refused && refused.commentId === null ? refused.reason : ""}
              className={inputClass}
              {...(bulkReasonError ? { "aria-invalid": true, "aria-describedby": "bulk-reason-error" } : {})}
            />
            <FieldError id="bulk-reason-error" errors={bulkReasonError} />
          </div>
          <button type="submit" name="intent" value="bulk:approve" disabled={pending} className={buttonClass}>
            Approve selected
          </button>
          <button type="submit" name="intent" value="bulk:reject" disabled={pending} className={buttonClass}>
            Reject selected
          </button>
          <button type="submit" name="intent" value="bulk:spam" disabled={pending} className={buttonClass}>
            Spam selected
          </button>
        </fieldset>
      )}

      <ol className="mt-4 space-y-4">
        {items.map((item) => (
          <li key={item.id}>
            <QueueItem item={item} pending={pending} attempt={state.attempt} refusedReason={refused?.commentId === item.id ? refused.reason : null} reasonErrors={reasonError(item.id)} maxReason={maxReason}>
              {/* Stays after the suspension (the author is no longer suspendable) to show its result. */}
              {canSuspend && item.author && (item.author.suspendable || (state.status === "done" && state.commentId === item.id)) ? (
                <SuspendAuthor item={item} pending={pending} maxReason={maxReason} state={state} />
              ) : null}
            </QueueItem>
          </li>
        ))}
      </ol>
    </form>
  );
}

/**
 * Suspends a comment's author (a reader) from the queue: a disclosure under the comment, so the
 * queue stays a list of decisions. The result shows beside its button.
 */
function SuspendAuthor({ item, pending, maxReason, state }: { item: QueueItemView; pending: boolean; maxReason: number; state: ModerationFormState }) {
  const prefix = `suspend-${item.id}`;
  const done = state.status === "done" && state.commentId === item.id ? state.message : null;
  const refused = state.status === "refused" && state.commentId === item.id && state.suspend ? state : null;
  const reasonErrors = refused?.fieldErrors.suspendReason;
  const durationErrors = refused?.fieldErrors.suspendDuration;
  const author = item.authorName;
  return (
    <div className="mt-3">
      {item.author?.suspendable ? (
        <details className="rounded border border-[var(--rule)] px-3 py-2" open={Boolean(refused) || undefined}>
          <summary className="cursor-pointer text-sm font-semibold">Suspend {author}…</summary>
          <input type="hidden" name={`suspend-author:${item.id}`} value={item.author.id} />
          <p className="mt-2 text-sm text-[var(--muted)]">
            A suspended reader can still sign in and read, but cannot comment until the time runs out. They are told the reason.
          </p>
          <div className="mt-2 flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor={`${prefix}-duration`} className="block text-sm font-semibold">
                Suspend for
              </label>
              <select
                id={`${prefix}-duration`}
                name={`suspend-duration:${item.id}`}
                defaultValue="24"
                className="mt-1 rounded border border-[var(--rule)] bg-transparent px-2 py-1 text-sm"
                {...(durationErrors ? { "aria-invalid": true, "aria-describedby": `${prefix}-duration-error` } : {})}
              >
                {SUSPENSION_CHOICES.map((choice) => (
                  <option key={choice.hours} value={choice.hours}>
                    {choice.label}
                  </option>
                ))}
              </select>
              <FieldError id={`${prefix}-duration-error`} errors={durationErrors} />
            </div>
            <div className="min-w-56 flex-1">
              <label htmlFor={`${prefix}-reason`} className="block text-sm font-semibold">
                Reason shown to {author}
              </label>
              <input
                id={`${prefix}-reason`}
                name={`suspend-reason:${item.id}`}
                maxLength={maxReason}
                defaultValue={refused?.reason ?? ""}
                className={inputClass}
                {...(reasonErrors ? { "aria-invalid": true, "aria-describedby": `${prefix}-reason-error` } : {})}
              />
              <FieldError id={`${prefix}-reason-error`} errors={reasonErrors} />
            </div>
            <button type="submit" name="intent" value={`suspend:${item.id}`} disabled={pending} className={buttonClass}>
              Suspend {author}
            </button>
          </div>
          {refused && !reasonErrors && !durationErrors ? (
            <p role="alert" className="mt-2 text-sm font-semibold text-[var(--accent)]">
              {refused.message}
            </p>
          ) : null}
        </details>
      ) : null}
      <p role="status" className="mt-2 text-sm font-semibold">
        {done}
      </p>
    </div>
  );
}

function QueueItem({
  item,
  pending,
  attempt,
  refusedReason,
  reasonErrors,
  maxReason,
  children,
}: {
  item: QueueItemView;
  pending: boolean;
  attempt: number;
  refusedReason: string | null;
  reasonErrors: string[] | undefined;
  maxReason: number;
  /** What else the viewer may do from here: suspending the author. */
  children?: React.ReactNode;
}) {
  const headingId = `comment-${item.id}-heading`;
  const reasonId = `reason-${item.id}`;
  return (
    <article
      aria-labelledby={headingId}
      data-comment-id={item.id}
      tabIndex={-1}
      className="rounded border border-[var(--rule)] p-4 focus:outline-2 focus:outline-[var(--accent)] data-[current=true]:border-[var(--ink)]"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="flex items-start gap-3">
          {item.isDeleted ? null : (
            <input
              type="checkbox"
              name="ids"
              value={item.id}
              aria-label={`Select comment by ${item.authorName}`}
              data-shortcut="select"
              className="mt-1.5 size-4"
            />
          )}
          <div>
            <h2 id={headingId} className="font-semibold">
              Comment by {item.authorName}
            </h2>
            <p className="text-sm text-[var(--muted)]">
              {item.status} · <time dateTime={item.created.iso}>{item.created.text}</time>
              {item.edited ? ` · edited ${item.edited}` : null}
              {item.deleted ? ` · deleted by its author ${item.deleted}` : null}
            </p>
          </div>
        </div>
        <p className="text-sm">
          On <a href={item.story.href} className="font-semibold underline">{item.story.headline}</a> · {item.story.policy}
        </p>
      </div>

      {item.parent ? (
        <blockquote className="mt-3 border-l-4 border-[var(--rule)] pl-3 text-sm text-[var(--muted)]">
          In reply to {item.parent.authorName}: {item.parent.deleted ? "(deleted)" : item.parent.excerpt}
        </blockquote>
      ) : null}

      {item.isDeleted ? (
        <p className="mt-3 italic text-[var(--muted)]">Its author deleted this comment.</p>
      ) : (
        <p className="mt-3 whitespace-pre-wrap break-words">{item.body}</p>
      )}

      {item.holdReasons.length > 0 || item.reports.length > 0 || item.rejectReason ? (
        <div className="mt-3 text-sm">
          {item.holdReasons.length > 0 ? <p>Held: {item.holdReasons.join(", ")}</p> : null}
          {item.reports.length > 0 ? (
            <>
              <p>
                {item.reports.length} open report{item.reports.length === 1 ? "" : "s"}:
              </p>
              <ul className="list-disc pl-5">
                {item.reports.map((report) => (
                  <li key={report.id}>
                    {report.reason}
                    {report.text ? `: ${report.text}` : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {item.rejectReason ? <p>Reason given to the author: {item.rejectReason}</p> : null}
        </div>
      ) : null}

      <p className="mt-3 text-sm text-[var(--muted)]">
        {item.author
          ? `Author: joined ${item.author.joined} (${item.author.age} ago) · ${item.author.approved} approved · ${item.author.rejected} rejected · ${item.author.spam} spam · ${item.author.status}`
          : "Author: the account was deleted."}
      </p>

      {item.isDeleted ? null : (
        <div className="mt-3 flex flex-wrap items-end gap-3">
          <button type="submit" name="intent" value={`approve:${item.id}`} aria-describedby={headingId} data-shortcut="approve" disabled={pending} className={buttonClass}>
            Approve
          </button>
          <div className="min-w-64 flex-1">
            <label htmlFor={reasonId} className="text-sm font-semibold">
              Reason shown to the author
            </label>
            <input
              key={`${reasonId}-${attempt}`}
              id={reasonId}
              name={`reason:${item.id}`}
              maxLength={maxReason}
              defaultValue={refusedReason ?? ""}
              data-shortcut="reason"
              className={inputClass}
              {...(reasonErrors ? { "aria-invalid": true, "aria-describedby": `${reasonId}-error` } : {})}
            />
            <FieldError id={`${reasonId}-error`} errors={reasonErrors} />
          </div>
          <button type="submit" name="intent" value={`reject:${item.id}`} aria-describedby={headingId} data-shortcut="reject" disabled={pending} className={buttonClass}>
            Reject
          </button>
          <button type="submit" name="intent" value={`spam:${item.id}`} aria-describedby={headingId} data-shortcut="spam" disabled={pending} className={buttonClass}>
            Spam
          </button>
          {item.story.isClosed ? null : (
            <button type="submit" name="intent" value={`close:${item.story.id}`} aria-describedby={headingId} disabled={pending} className={`${buttonClass} ml-auto`}>
              Close comments on this story
            </button>
          )}
        </div>
      )}
      {children}
    </article>
  );
}
