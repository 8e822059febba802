"use client";

import { useActionState } from "react";

import { toggleLeadAction, type LeadFormState } from "@/lib/actions/lead";
import type { LeadState } from "@/lib/stories/lead";

const INITIAL: LeadFormState = { status: "idle" };

/**
 * "Pin as lead" / "Unpin" for the front page. A plain form posting to a server action, so it works
 * before hydration; the page passes the state from getLeadState and re-renders after the action.
 */
export function LeadToggle({ storyId, state }: { storyId: string; state: LeadState }) {
  const [result, formAction, pending] = useActionState(toggleLeadAction, INITIAL);
  const pinned = state.isPinned && state.isPublished;
  let note: string;
  if (pinned) note = "This story leads the front page.";
  else if (!state.isPublished) note = "Only a published story can lead the front page.";
  else if (state.hasPinnedLead) note = "Another story is pinned as the lead; pinning this one replaces it.";
  else note = "The newest story leads the front page; pin this one to lead instead.";
  return (
    <form action={formAction} aria-label="Front page lead" className="flex flex-wrap items-center gap-3 text-sm">
      <input type="hidden" name="storyId" value={storyId} />
      <input type="hidden" name="intent" value={pinned ? "unpin" : "pin"} />
      <button
        type="submit"
        disabled={pending || (!pinned && !state.isPublished)}
        className="rounded border border-[var(--ink)] px-3 py-1 font-semibold disabled:opacity-60"
      >
        {pinned ? "Unpin" : "Pin as lead"}
      </button>
      <span className="text-[var(--muted)]">{note}</span>
      <span role="status" aria-live="polite">
        {result.status === "done" ? result.message : null}
      </span>
      {result.status === "refused" ? (
        <span role="alert" className="rounded border border-[var(--accent)] px-2 py-1">
          {result.message}
        </span>
      ) : null}
    </form>
  );
}
