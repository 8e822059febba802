"use client";

import type { JSONContent } from "@tiptap/core";
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import { changeStoryStatusAction, createStoryAction, saveStoryAction } from "@/app/(desk)/desk/actions";
import { BodyEditor } from "@/components/editor/body-editor";
import type { ActionResult } from "@/lib/actions/safe-action";
import type { FieldErrors } from "@/lib/errors";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import type { SavedStory } from "@/lib/stories/mutations";
import { HEADLINE_MAX, STANDFIRST_MAX, DATELINE_MAX } from "@/lib/stories/schemas";
import { STATUS_LABELS, TRANSITIONS, type WorkflowAction } from "@/lib/stories/workflow";

export interface EditorStory {
  id: string;
  headline: string;
  standfirst: string;
  dateline: string;
  slug: string;
  sectionId: string;
  commentPolicy: "OPEN" | "PREMODERATED" | "CLOSED";
  body: JSONContent;
  status: StoryStatus;
  version: number;
  bylineIds: string[];
  canEdit: boolean;
  actions: WorkflowAction[];
  updatedBy: string | null;
  updatedAt: string;
  publicHref: string | null;
}

interface Option {
  id: string;
  name: string;
}

// Errors for these fields appear beside them; any other error is listed in the alert.
const SHOWN_BESIDE_FIELD = new Set(["headline", "standfirst", "sectionId", "dateline", "slug", "bylineIds", "body", "scheduledFor"]);

const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

function FieldError({ id, errors }: { id: string; errors: string[] | undefined }) {
  if (!errors || errors.length === 0) return null;
  return (
    <p id={id} className="mt-1 text-sm font-semibold text-[var(--accent)]">
      {errors.join(" ")}
    </p>
  );
}

export function StoryEditor({
  story,
  sections,
  bylines,
  defaultBylineIds,
}: {
  story: EditorStory | null;
  sections: Option[];
  bylines: Array<Option & { kind: "PERSON" | "ORGANISATION" }>;
  defaultBylineIds: string[];
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [version, setVersion] = useState(story?.version ?? 0);
  // Read at call time: a save just before a workflow action advances it within the same click.
  const versionRef = useRef(story?.version ?? 0);
  const [status, setStatus] = useState<StoryStatus>(story?.status ?? "DRAFT");
  const [body, setBody] = useState<JSONContent>(story?.body ?? { type: "doc", content: [{ type: "paragraph" }] });
  const [bylineIds, setBylineIds] = useState<string[]>(story?.bylineIds ?? defaultBylineIds);
  const [dirty, setDirty] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [scheduledFor, setScheduledFor] = useState("");
  const editable = story?.canEdit ?? true;

  function collect(form: HTMLFormElement) {
    const data = new FormData(form);
    return {
      headline: String(data.get("headline") ?? ""),
      standfirst: String(data.get("standfirst") ?? ""),
      sectionId: String(data.get("sectionId") ?? ""),
      dateline: String(data.get("dateline") ?? ""),
      slug: String(data.get("slug") ?? ""),
      commentPolicy: data.get("commentPolicy") ? String(data.get("commentPolicy")) : undefined,
      bylineIds,
      // As a string: ProseMirror's attribute objects have no prototype, and React's action
      // serialisation drops such objects, which would strip every heading of its level.
      body: JSON.stringify(body),
    };
  }

  function show(result: ActionResult<SavedStory>, success: string): result is { ok: true; data: SavedStory } {
    if (result.ok) {
      setFieldErrors({});
      setNotice({ kind: "ok", text: success });
      setVersion(result.data.version);
      versionRef.current = result.data.version;
      setStatus(result.data.status);
      return true;
    }
    setFieldErrors(result.fieldErrors ?? {});
    setNotice({ kind: "error", text: result.message });
    return false;
  }

  async function save(form: HTMLFormElement): Promise<boolean> {
    const input = collect(form);
    if (!story) {
      const result = await createStoryAction(input);
      if (show(result, "Saved.")) {
        router.push(`/desk/stories/${result.data.id}`);
        return true;
      }
      return false;
    }
    const result = await saveStoryAction(story.id, version, input);
    if (show(result, `Saved at ${new Date().toLocaleTimeString()}.`)) {
      setDirty(false);
      return true;
    }
    return false;
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    startTransition(async () => {
      await save(form);
    });
  }

  function runWorkflow(action: WorkflowAction, form: HTMLFormElement | null) {
    if (!story) return;
    startTransition(async () => {
      // Unsaved edits go out with the action, never silently left behind.
      if (dirty && editable && form && !(await save(form))) return;
      const result = await changeStoryStatusAction({
        storyId: story.id,
        version: versionRef.current,
        action,
        ...(action === "schedule" ? { scheduledFor: scheduledFor ? new Date(scheduledFor).toISOString() : undefined } : {}),
      });
      if (show(result, `${TRANSITIONS[action].label}: done. The story is now ${STATUS_LABELS[result.ok ? result.data.status : status].toLowerCase()}.`)) {
        router.refresh();
      }
    });
  }

  const err = (field: string) => fieldErrors[field];
  const described = (field: string) => (err(field) ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});

  return (
    <form onSubmit={onSubmit} onChange={() => setDirty(true)} className="space-y-5" aria-label="Story" noValidate>
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-[var(--rule)] pb-3">
        <p className="text-sm">
          <span className="rounded bg-[var(--rule)] px-2 py-0.5 font-semibold">{STATUS_LABELS[status]}</span>
          {story ? (
            <span className="ml-2 text-[var(--muted)]">
              Version {version}
              {story.updatedBy ? ` · last saved by ${story.updatedBy}` : null}
            </span>
          ) : (
            <span className="ml-2 text-[var(--muted)]">New story</span>
          )}
          {story?.publicHref && status === "PUBLISHED" ? (
            <a className="ml-3 underline" href={story.publicHref}>
              View on site
            </a>
          ) : null}
        </p>
        <div className="flex flex-wrap gap-2">
          {editable ? (
            <button type="submit" disabled={pending} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
              Save
            </button>
          ) : null}
        </div>
      </div>

      <div aria-live="polite" role="status" className="min-h-6 text-sm">
        {notice?.kind === "ok" ? notice.text : null}
      </div>
      {notice?.kind === "error" ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm">
          <p>{notice.text}</p>
          {Object.entries(fieldErrors)
            .filter(([field]) => !SHOWN_BESIDE_FIELD.has(field))
            .map(([field, messages]) => (
              <p key={field}>{messages?.join(" ")}</p>
            ))}
        </div>
      ) : null}

      <fieldset disabled={!editable} className="space-y-5">
        <div>
          <label htmlFor="headline" className="block text-sm font-semibold">
            Headline
          </label>
          <input id="headline" name="headline" defaultValue={story?.headline ?? ""} maxLength={HEADLINE_MAX} className={`${inputClass} font-serif text-2xl`} {...described("headline")} />
          <FieldError id="headline-error" errors={err("headline")} />
        </div>
        <div>
          <label htmlFor="standfirst" className="block text-sm font-semibold">
            Standfirst
          </label>
          <textarea id="standfirst" name="standfirst" rows={2} defaultValue={story?.standfirst ?? ""} maxLength={STANDFIRST_MAX} className={inputClass} {...described("standfirst")} />
          <FieldError id="standfirst-error" errors={err("standfirst")} />
        </div>
        <div className="grid gap-4 md:grid-cols-3">
          <div>
            <label htmlFor="sectionId" className="block text-sm font-semibold">
              Section
            </label>
            <select id="sectionId" name="sectionId" defaultValue={story?.sectionId ?? ""} className={inputClass} {...described("sectionId")}>
              <option value="">Choose a section</option>
              {sections.map((section) => (
                <option key={section.id} value={section.id}>
                  {section.name}
                </option>
              ))}
            </select>
            <FieldError id="sectionId-error" errors={err("sectionId")} />
          </div>
          <div>
            <label htmlFor="dateline" className="block text-sm font-semibold">
              Dateline
            </label>
            <input id="dateline" name="dateline" placeholder="e.g. Asia" defaultValue={story?.dateline ?? ""} maxLength={DATELINE_MAX} className={inputClass} {...described("dateline")} />
            <FieldError id="dateline-error" errors={err("dateline")} />
          </div>
          <div>
            <label htmlFor="commentPolicy" className="block text-sm font-semibold">
              Comments
            </label>
            <select id="commentPolicy" name="commentPolicy" defaultValue={story?.commentPolicy ?? ""} className={inputClass}>
              {story ? null : <option value="">Section default</option>}
              <option value="OPEN">Open</option>
              <option value="PREMODERATED">Pre-moderated</option>
              <option value="CLOSED">Closed</option>
            </select>
          </div>
        </div>
        <div>
          <label htmlFor="slug" className="block text-sm font-semibold">
            Slug
          </label>
          <input id="slug" name="slug" defaultValue={story?.slug ?? ""} placeholder="Made from the headline" className={inputClass} {...described("slug")} />
          <FieldError id="slug-error" errors={err("slug")} />
        </div>
        <fieldset>
          <legend className="text-sm font-semibold">Bylines</legend>
          <div className="mt-1 flex flex-wrap gap-x-5 gap-y-1" {...(err("bylineIds") ? { "aria-describedby": "bylineIds-error" } : {})}>
            {bylines.map((byline) => (
              <label key={byline.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={bylineIds.includes(byline.id)}
                  onChange={(event) =>
                    setBylineIds((ids) => (event.target.checked ? [...ids, byline.id] : ids.filter((id) => id !== byline.id)))
                  }
                />
                {byline.name}
                {byline.kind === "ORGANISATION" ? <span className="text-[var(--muted)]">(organisation)</span> : null}
              </label>
            ))}
          </div>
          <FieldError id="bylineIds-error" errors={err("bylineIds")} />
        </fieldset>
        <div>
          <span id="body-label" className="block text-sm font-semibold">
            Body
          </span>
          <div className="mt-1">
            <BodyEditor
              initialContent={body}
              editable={editable}
              invalid={Boolean(err("body"))}
              describedBy={err("body") ? "body-error" : undefined}
              onChange={(content) => {
                setBody(content);
                setDirty(true);
              }}
            />
          </div>
          <FieldError id="body-error" errors={err("body")} />
        </div>
      </fieldset>

      {story && story.actions.length > 0 ? (
        <section aria-labelledby="workflow-heading" className="border-t border-[var(--rule)] pt-4">
          <h2 id="workflow-heading" className="text-sm font-bold uppercase tracking-wider">
            Workflow
          </h2>
          <div className="mt-3 flex flex-wrap items-end gap-3">
            {story.actions.includes("schedule") ? (
              <div>
                <label htmlFor="scheduledFor" className="block text-sm font-semibold">
                  Publish at
                </label>
                <input id="scheduledFor" type="datetime-local" value={scheduledFor} onChange={(e) => setScheduledFor(e.target.value)} className={inputClass} {...described("scheduledFor")} />
                <FieldError id="scheduledFor-error" errors={err("scheduledFor")} />
              </div>
            ) : null}
            {story.actions.map((action) => (
              <button
                key={action}
                type="button"
                disabled={pending}
                onClick={(event) => runWorkflow(action, event.currentTarget.form)}
                className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60"
              >
                {TRANSITIONS[action].label}
              </button>
            ))}
          </div>
        </section>
      ) : null}
    </form>
  );
}
