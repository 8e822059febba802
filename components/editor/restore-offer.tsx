"use client";

import type { Backup } from "@/components/editor/local-backup";

function whenWritten(at: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  return date.toDateString() === new Date().toDateString() ? time : `${date.toLocaleDateString(undefined, { day: "numeric", month: "short" })}, ${time}`;
}

/** Offers back changes this browser kept but the server never got (local-backup.ts). */
export function RestoreOffer({ offer, onRestore, onDiscard }: { offer: Backup; onRestore: () => void; onDiscard: () => void }) {
  const headline = offer.fields.headline.trim();
  return (
    <section aria-labelledby="restore-offer-title" className="rounded border-2 border-[var(--accent)] p-3 text-sm">
      <h2 id="restore-offer-title" className="font-bold">
        Restore unsaved changes from {whenWritten(offer.at)}?
      </h2>
      <p className="mt-1">
        This browser kept changes that were never saved{headline ? ` (headline “${headline}”)` : ""}. Restoring puts them in the form; they are saved like any other change.
      </p>
      <div className="mt-2 flex flex-wrap gap-3">
        <button type="button" onClick={onRestore} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
          Restore
        </button>
        <button type="button" onClick={onDiscard} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold">
          Discard
        </button>
      </div>
    </section>
  );
}
