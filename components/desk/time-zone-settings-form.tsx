"use client";

import { useActionState } from "react";

import { saveNewsroomTimeZoneAction, type TimeZoneFormState } from "@/lib/actions/settings";

const INITIAL: TimeZoneFormState = { status: "idle", attempt: 0 };

/** The newsroom's time zone: the one "Publish at" is read in and scheduled times are shown in. */
export function TimeZoneSettingsForm({ timeZone, zones }: { timeZone: string; zones: string[] }) {
  const [state, formAction, pending] = useActionState(saveNewsroomTimeZoneAction, INITIAL);
  const current = state.status === "idle" ? timeZone : state.timeZone;
  const refused = state.status === "refused";
  return (
    <form action={formAction} aria-label="Newsroom time zone" className="mt-4 max-w-2xl space-y-3" noValidate>
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      <div>
        <label htmlFor="timeZone" className="block font-semibold">
          Time zone
        </label>
        <select
          key={`zone-${state.attempt}`}
          id="timeZone"
          name="timeZone"
          defaultValue={zones.includes(current) ? current : timeZone}
          aria-invalid={refused || undefined}
          aria-describedby={refused ? "timeZone-error timeZone-hint" : "timeZone-hint"}
          className="mt-1 w-full max-w-sm rounded border border-[var(--rule)] bg-transparent px-3 py-2"
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {refused ? (
          <p id="timeZone-error" role="alert" className="mt-1 text-sm font-semibold text-[var(--accent)]">
            {state.message}
          </p>
        ) : null}
        <p id="timeZone-hint" className="mt-1 text-sm text-[var(--muted)]">
          Every date readers and staff see is written in this zone. The desk reads “Publish at” in it and shows scheduled times in it, and in each person’s own zone where that differs.
        </p>
      </div>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Save time zone
      </button>
    </form>
  );
}
