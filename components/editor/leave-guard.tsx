"use client";

// Leaving with unsaved changes asks first, by any route: closing or reloading the tab (the
// browser's own prompt), the app's own links and the forms of the page's frame such as Sign out (a
// click or submit is held and this dialog asks), and Back (a guard entry in the history catches it).

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

const GUARD = "newsdeskLeaveGuard";

/**
 * Changes the page's address without a navigation (a new story, once created, is at its own
 * address), keeping the guard entry's mark. Next's router takes the new address as its own.
 */
export function replaceAddress(href: string): void {
  // Next's patched replaceState syncs its router only for a state without its own keys.
  window.history.replaceState({ [GUARD]: window.history.state?.[GUARD] === true }, "", href);
}

type Pending = { kind: "link"; href: string } | { kind: "back" } | { kind: "form"; form: HTMLFormElement };

/** An in-app link the click would follow, or null for anything the browser should handle itself. */
function followedLink(event: MouseEvent): string | null {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(anchor instanceof HTMLAnchorElement)) return null;
  if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download")) return null;
  const url = new URL(anchor.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  // A link to a place on this page leaves nothing.
  if (url.pathname === window.location.pathname && url.search === window.location.search && url.hash !== "") return null;
  return url.pathname + url.search + url.hash;
}

export function LeaveGuard({ unsaved, onSave }: { unsaved: boolean; onSave?: () => Promise<boolean> }) {
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const unsavedRef = useRef(unsaved);
  const leaving = useRef(false);
  useEffect(() => {
    unsavedRef.current = unsaved;
  });

  // Closing or reloading the tab, or typing another address: the browser asks.
  useEffect(() => {
    if (!unsaved) return;
    const warn = (event: BeforeUnloadEvent) => {
      if (leaving.current) return;
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsaved]);

  // The app's links: held before Next's router sees the click (capture, on window).
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (!unsavedRef.current || leaving.current) return;
      const href = followedLink(event);
      if (href === null) return;
      event.preventDefault();
      event.stopPropagation();
      setPending({ kind: "link", href });
    };
    // A form in the page's frame rather than its content (Sign out, in the header) leaves too.
    const onSubmit = (event: SubmitEvent) => {
      if (!unsavedRef.current || leaving.current) return;
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || form.closest("main")) return;
      event.preventDefault();
      event.stopPropagation();
      setPending({ kind: "form", form });
    };
    window.addEventListener("click", onClick, true);
    window.addEventListener("submit", onSubmit, true);
    return () => {
      window.removeEventListener("click", onClick, true);
      window.removeEventListener("submit", onSubmit, true);
    };
  }, []);

  // Back: once there is something unsaved, a guard entry for this same page goes on top of the
  // history. Back then lands on the entry below it (still this page) and the dialog asks.
  useEffect(() => {
    if (!unsaved || window.history.state?.[GUARD]) return;
    window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
  }, [unsaved]);
  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      if (leaving.current || event.state?.[GUARD]) return;
      if (unsavedRef.current) setPending({ kind: "back" });
      else {
        // Nothing to keep any more: carry on where Back was going.
        leaving.current = true;
        window.history.back();
      }
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (pending && !dialog.open) dialog.showModal();
    if (!pending && dialog.open) dialog.close();
  }, [pending]);

  function stay() {
    if (pending?.kind === "back") window.history.pushState({ ...window.history.state, [GUARD]: true }, "", window.location.href);
    setPending(null);
    setSaveFailed(false);
  }

  function leave() {
    const target = pending;
    leaving.current = true;
    setPending(null);
    if (target?.kind === "link") router.push(target.href);
    else if (target?.kind === "form") target.form.requestSubmit();
    else window.history.back();
  }

  async function saveAndLeave() {
    if (!onSave) return;
    setSaving(true);
    const saved = await onSave();
    setSaving(false);
    if (saved) leave();
    else setSaveFailed(true);
  }

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="leave-guard-title"
      aria-describedby="leave-guard-text"
      onCancel={(event) => {
        event.preventDefault();
        stay();
      }}
      className="m-auto w-[min(30rem,92vw)] rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/50"
    >
      <h2 id="leave-guard-title" className="text-lg font-bold">
        Leave with unsaved changes?
      </h2>
      <p id="leave-guard-text" className="mt-2 text-sm">
        {saveFailed
          ? "Saving did not work, so your changes are still only on this page (and kept in this browser)."
          : "Some of your changes are not saved yet. They are kept in this browser and offered back when you open the story again, but nobody else can see them."}
      </p>
      <div className="mt-4 flex flex-wrap gap-3">
        <button type="button" onClick={stay} autoFocus className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
          Stay
        </button>
        {onSave ? (
          <button type="button" onClick={() => void saveAndLeave()} disabled={saving} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
            {saving ? "Saving…" : "Save and leave"}
          </button>
        ) : null}
        <button type="button" onClick={leave} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold">
          Leave without saving
        </button>
      </div>
    </dialog>
  );
}
