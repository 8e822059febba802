"use client";

import { useEffect, useRef } from "react";

import { hasErrors, type PrepublishField, type PrepublishProblem } from "@/lib/stories/prepublish";

const FIELD_LABELS: Record<PrepublishField, string> = {
  headline: "Headline",
  seoTitle: "SEO title",
  seoDescription: "SEO description",
  bylineIds: "Bylines",
  sectionId: "Section",
  body: "Body",
  heroImageId: "Featured image",
  scheduledFor: "Publish at",
};

export interface PrepublishRequest {
  action: "publish" | "schedule";
  problems: PrepublishProblem[];
  /** A time the schedule will use, already formatted, for the confirmation. */
  when?: string;
}

/**
 * The pre-publish check: the problems found, each a link that takes the editor to its field.
 * Errors leave only "Go back"; warnings alone allow "Publish anyway" (or "Schedule anyway").
 */
export function PrepublishDialog({
  request,
  onConfirm,
  onClose,
  onGoToField,
}: {
  request: PrepublishRequest | null;
  onConfirm: (acknowledgeWarnings: boolean) => void;
  onClose: () => void;
  onGoToField: (field: PrepublishField) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (request && !element.open) element.showModal();
    if (!request && element.open) element.close();
  }, [request]);

  const problems = request?.problems ?? [];
  const blocked = hasErrors(problems);
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  const verb = request?.action === "schedule" ? "Schedule" : "Publish";

  function list(title: string, items: PrepublishProblem[], id: string) {
    if (items.length === 0) return null;
    return (
      <section aria-labelledby={id} className="mt-3">
        <h3 id={id} className="font-semibold">
          {title}
        </h3>
        <ul className="mt-1 space-y-1">
          {items.map((problem, index) => (
            <li key={`${problem.field}-${index}`}>
              <a
                href={`#${problem.field}`}
                className="underline"
                onClick={(event) => {
                  event.preventDefault();
                  onGoToField(problem.field);
                }}
              >
                {FIELD_LABELS[problem.field]}
              </a>
              : {problem.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="prepublish-title"
      onClose={onClose}
      className="m-auto w-[min(36rem,95vw)] rounded border border-[var(--rule)] bg-[var(--paper)] p-5 text-[var(--ink)] backdrop:bg-black/50"
    >
      <h2 id="prepublish-title" className="text-lg font-bold">
        {blocked ? `Not ready to ${verb.toLowerCase()}` : problems.length > 0 ? "Check before it goes out" : `Ready to ${verb.toLowerCase()}`}
      </h2>
      {problems.length === 0 ? (
        <p className="mt-2">No problems found.</p>
      ) : (
        <p className="mt-2 text-sm">
          {blocked ? "Fix the errors first: a story with errors cannot go out." : "Only warnings: look at them, then go ahead if the story is right as it is."}
        </p>
      )}
      {blocked ? null : <p className="mt-2 font-semibold">{request?.when ? `It goes out ${request.when}.` : "It goes live as soon as you confirm."}</p>}
      {list(errors.length === 1 ? "1 error" : `${errors.length} errors`, errors, "prepublish-errors")}
      {list(warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`, warnings, "prepublish-warnings")}
      <div className="mt-5 flex flex-wrap gap-3">
        {blocked ? null : (
          <button type="button" autoFocus onClick={() => onConfirm(warnings.length > 0)} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)]">
            {warnings.length > 0 ? `${verb} anyway` : `${verb} now`}
          </button>
        )}
        <button type="button" autoFocus={blocked} onClick={() => dialog.current?.close()} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold">
          Go back
        </button>
      </div>
    </dialog>
  );
}
