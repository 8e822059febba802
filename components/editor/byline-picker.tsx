"use client";

import { useState, useTransition } from "react";

import { createBylineAction } from "@/lib/actions/stories";

export interface BylineChoice {
  id: string;
  name: string;
  kind: "PERSON" | "ORGANISATION";
}

const buttonClass = "rounded border border-[var(--rule)] px-2 py-0.5 text-xs disabled:opacity-40";
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5";

/** Bylines in reading order: add from the byline records, reorder, remove, or create a new one. */
export function BylinePicker({
  options,
  value,
  onChange,
  canCreate,
  onCreated,
  errorId,
  errors,
  disabled,
}: {
  options: BylineChoice[];
  value: string[];
  onChange: (ids: string[]) => void;
  canCreate: boolean;
  onCreated: (byline: BylineChoice) => void;
  errorId: string;
  errors?: string[];
  disabled?: boolean;
}) {
  const [toAdd, setToAdd] = useState("");
  const [newName, setNewName] = useState("");
  const [newKind, setNewKind] = useState<"PERSON" | "ORGANISATION">("PERSON");
  const [createError, setCreateError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [pending, startTransition] = useTransition();
  const byId = new Map(options.map((option) => [option.id, option]));
  const chosen = value.map((id) => byId.get(id)).filter((b): b is BylineChoice => Boolean(b));
  const available = options.filter((option) => !value.includes(option.id));

  function move(index: number, delta: number) {
    const next = [...value];
    const [item] = next.splice(index, 1);
    if (!item) return;
    next.splice(index + delta, 0, item);
    onChange(next);
    setAnnouncement(`${byId.get(item)?.name ?? "Byline"} moved to position ${index + delta + 1}.`);
  }

  function create() {
    setCreateError(null);
    startTransition(async () => {
      const result = await createBylineAction({ name: newName, kind: newKind });
      if (!result.ok) {
        setCreateError(result.fieldErrors?.name?.join(" ") ?? result.message);
        return;
      }
      onCreated(result.data);
      onChange([...value, result.data.id]);
      setNewName("");
      setAnnouncement(`Created and added the byline ${result.data.name}.`);
    });
  }

  return (
    <fieldset disabled={disabled} aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="text-sm font-semibold">Bylines</legend>
      {chosen.length === 0 ? <p className="mt-1 text-sm text-[var(--muted)]">No bylines yet.</p> : null}
      <ol className="mt-1 space-y-1">
        {chosen.map((byline, index) => (
          <li key={byline.id} className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{byline.name}</span>
            <span className="text-[var(--muted)]">{byline.kind === "ORGANISATION" ? "organisation" : "person"}</span>
            <button type="button" className={buttonClass} disabled={index === 0} onClick={() => move(index, -1)} aria-label={`Move ${byline.name} up`}>
              Up
            </button>
            <button type="button" className={buttonClass} disabled={index === chosen.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${byline.name} down`}>
              Down
            </button>
            <button
              type="button"
              className={buttonClass}
              onClick={() => {
                onChange(value.filter((id) => id !== byline.id));
                setAnnouncement(`Removed ${byline.name}.`);
              }}
              aria-label={`Remove ${byline.name}`}
            >
              Remove
            </button>
          </li>
        ))}
      </ol>
      <div className="mt-2 flex flex-wrap items-end gap-2 text-sm">
        <div>
          <label htmlFor="add-byline" className="block">
            Add byline
          </label>
          <select id="add-byline" value={toAdd} onChange={(event) => setToAdd(event.target.value)} className={inputClass}>
            <option value="">Choose…</option>
            {available.map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
                {option.kind === "ORGANISATION" ? " (organisation)" : ""}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          disabled={!toAdd}
          onClick={() => {
            onChange([...value, toAdd]);
            setAnnouncement(`Added ${byId.get(toAdd)?.name ?? "byline"}.`);
            setToAdd("");
          }}
          className="rounded border border-[var(--ink)] px-3 py-1.5 disabled:opacity-40"
        >
          Add
        </button>
      </div>
      {canCreate ? (
        <div className="mt-3 flex flex-wrap items-end gap-2 text-sm">
          <div>
            <label htmlFor="new-byline-name" className="block">
              New byline name
            </label>
            <input
              id="new-byline-name"
              value={newName}
              maxLength={120}
              onChange={(event) => setNewName(event.target.value)}
              aria-invalid={createError ? true : undefined}
              aria-describedby={createError ? "new-byline-error" : undefined}
              className={inputClass}
            />
          </div>
          <div>
            <label htmlFor="new-byline-kind" className="block">
              Byline type
            </label>
            <select id="new-byline-kind" value={newKind} onChange={(event) => setNewKind(event.target.value as "PERSON" | "ORGANISATION")} className={inputClass}>
              <option value="PERSON">Person</option>
              <option value="ORGANISATION">Organisation</option>
            </select>
          </div>
          <button type="button" disabled={pending || newName.trim() === ""} onClick={create} className="rounded border border-[var(--ink)] px-3 py-1.5 disabled:opacity-40">
            Create byline
          </button>
          {createError ? (
            <p id="new-byline-error" className="w-full font-semibold text-[var(--accent)]">
              {createError}
            </p>
          ) : null}
        </div>
      ) : null}
      {errors?.length ? (
        <p id={errorId} className="mt-1 text-sm font-semibold text-[var(--accent)]">
          {errors.join(" ")}
        </p>
      ) : null}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </fieldset>
  );
}
