"use client";

// One form of the sections, bylines and tags pages (issue 15). The fields are the page's own
// (rendered on the server); this adds the action's answer: a status line when it is done, an alert
// with each field's problem when it is refused. Submitted through a transition rather than the
// form's action, so a refused form keeps what was typed (React resets a form after its action);
// without script the form still posts. `resetOnDone` clears it after a success (a create form).

import { startTransition, useActionState, useEffect, useRef } from "react";

import type { TaxonomyFormState } from "@/lib/actions/taxonomy";

const INITIAL: TaxonomyFormState = { status: "idle", attempt: 0 };

const FIELD_LABELS: Record<string, string> = {
  name: "Name",
  slug: "Slug",
  description: "Description",
  bio: "Bio",
  url: "Website",
  links: "Links",
  photoId: "Photo",
  userId: "Staff account",
  targetId: "Merge into",
  sourceId: "Merge",
  kind: "Kind",
};

function fieldLabel(path: string): string {
  const [field, index] = path.split(".");
  const label = FIELD_LABELS[field ?? ""] ?? field ?? "";
  return field === "links" && index !== undefined ? `Link ${Number(index) + 1}` : label;
}

export function TaxonomyForm({
  action,
  label,
  className,
  resetOnDone = false,
  children,
}: {
  action: (state: TaxonomyFormState, form: FormData) => Promise<TaxonomyFormState>;
  label: string;
  className?: string;
  resetOnDone?: boolean;
  children: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (resetOnDone && state.status === "done") formRef.current?.reset();
  }, [state, resetOnDone]);
  const problems = state.status === "refused" ? Object.entries(state.fieldErrors).flatMap(([field, messages]) => (messages ?? []).map((m) => ({ field, message: m }))) : [];
  return (
    <form
      ref={formRef}
      action={formAction}
      aria-label={label}
      className={className}
      aria-busy={pending || undefined}
      onSubmit={(event) => {
        event.preventDefault();
        const submitter = (event.nativeEvent as SubmitEvent).submitter;
        const data = new FormData(event.currentTarget, submitter);
        startTransition(() => formAction(data));
      }}
    >
      {children}
      <div role="status" aria-live="polite" className="text-sm font-semibold">
        {state.status === "done" ? state.message : null}
      </div>
      {state.status === "refused" ? (
        <div role="alert" className="text-sm font-semibold text-[var(--accent)]">
          <p>{state.message}</p>
          {problems.filter((p) => p.message !== state.message).length > 0 ? (
            <ul className="mt-1 list-disc pl-5">
              {problems
                .filter((p) => p.message !== state.message)
                .map((p) => (
                  <li key={`${p.field}:${p.message}`}>
                    {fieldLabel(p.field)}: {p.message}
                  </li>
                ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
