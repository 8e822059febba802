"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

import { useHydrated } from "@/components/ui/use-hydrated";
import { restoreRevisionAction } from "@/lib/actions/revisions";

/**
 * "Restore" for one revision, confirmed inline ("Restore version 3? Confirm / Cancel") rather than
 * with a browser dialog. It sends the story version the page was rendered with, so a restore on
 * top of someone else's newer save is refused instead of overwriting it.
 */
export function RestoreRevisionButton({
  storyId,
  revisionId,
  revisionVersion,
  storyVersion,
}: {
  storyId: string;
  revisionId: string;
  revisionVersion: number;
  storyVersion: number;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const restoreRef = useRef<HTMLButtonElement>(null);
  const focusAfter = useRef<"confirm" | "restore" | null>(null);

  useEffect(() => {
    if (focusAfter.current === "confirm") confirmRef.current?.focus();
    if (focusAfter.current === "restore") restoreRef.current?.focus();
    focusAfter.current = null;
  }, [confirming]);

  function ask() {
    setNotice(null);
    focusAfter.current = "confirm";
    setConfirming(true);
  }

  function cancel() {
    focusAfter.current = "restore";
    setConfirming(false);
  }

  function restore() {
    startTransition(async () => {
      const result = await restoreRevisionAction({ storyId, revisionId, version: storyVersion });
      focusAfter.current = "restore";
      setConfirming(false);
      if (result.ok) {
        setNotice({ kind: "ok", text: `Restored version ${revisionVersion} as version ${result.data.version}.` });
        router.refresh();
      } else {
        setNotice({ kind: "error", text: result.message });
      }
    });
  }

  const buttonClass = "rounded border border-[var(--ink)] px-3 py-1 text-sm font-semibold disabled:opacity-60";
  return (
    <div className="space-y-1">
      {confirming ? (
        <div role="group" aria-labelledby={`restore-${revisionId}-question`} className="flex flex-wrap items-center gap-2">
          <span id={`restore-${revisionId}-question`} className="text-sm font-semibold">
            Restore version {revisionVersion}?
          </span>
          <button ref={confirmRef} type="button" onClick={restore} disabled={pending} className={`${buttonClass} bg-[var(--ink)] text-[var(--paper)]`}>
            Confirm
          </button>
          <button type="button" onClick={cancel} disabled={pending} className={buttonClass}>
            Cancel
          </button>
        </div>
      ) : (
        <button ref={restoreRef} type="button" onClick={ask} disabled={pending || !hydrated} className={buttonClass}>
          Restore<span className="sr-only"> version {revisionVersion}</span>
        </button>
      )}
      <p role="status" aria-live="polite" className="text-sm">
        {notice?.kind === "ok" ? notice.text : null}
      </p>
      {notice?.kind === "error" ? (
        <p role="alert" className="max-w-sm rounded border border-[var(--accent)] p-2 text-sm">
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}
