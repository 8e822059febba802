"use client";

import { useEffect, useRef, type ReactNode, type RefCallback } from "react";

import { ScheduledTime } from "@/components/desk/scheduled-time";
import { SearchPreview, SocialCardPreview } from "@/components/editor/search-preview";
import { FieldError } from "@/components/ui/field-error";
import type { LiveTextField } from "@/lib/collab/protocol";
import type { FieldErrors } from "@/lib/errors";
import type { DateStyle } from "@/lib/format";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { SEO_DESCRIPTION_TARGET, SEO_TITLE_TARGET } from "@/lib/stories/prepublish";
import { CREDIT_MAX, DATELINE_MAX, DATELINE_PLACE_MAX, SEO_DESCRIPTION_MAX, SEO_TITLE_MAX, SOCIAL_HEADLINE_MAX } from "@/lib/stories/schemas";
import { fromZonedInputValue, toZonedInputValue } from "@/lib/time-zone-format";
import { STATUS_LABELS, TRANSITIONS, type WorkflowAction } from "@/lib/stories/workflow";

const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-2 py-1.5 text-sm aria-[invalid=true]:border-[var(--accent)]";
const labelClass = "block text-sm font-semibold";
const groupClass = "space-y-3 border-t border-[var(--rule)] pt-4";

/** The rail's fields, as the editor holds them. */
export interface RailFields {
  sectionId: string;
  dateline: string;
  slug: string;
  commentPolicy: string;
  tags: string;
  seoTitle: string;
  seoDescription: string;
  socialHeadline: string;
  datelinePlace: string;
  credit: string;
  /** An ISO instant, or "" for none; shown and typed in the newsroom's time zone. */
  embargoUntil: string;
}

export interface FeaturedImage {
  id: string;
  url: string;
  alt: string;
  credit: string;
}

export interface WorkflowResult {
  kind: "ok" | "error";
  text: string;
}

/** The embargo (an ISO instant) as the time field shows it, in the newsroom's zone; a value being typed stays as it is. */
function embargoInputValue(value: string, zone: string): string {
  if (!value) return "";
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : toZonedInputValue(at, zone);
}

function Count({ id, length, target }: { id: string; length: number; target: number }) {
  const over = length > target;
  return (
    <p id={id} className={`mt-0.5 text-xs ${over ? "font-semibold text-[var(--accent)]" : "text-[var(--muted)]"}`}>
      {length} of {target} characters{over ? " — search results cut it" : ""}
    </p>
  );
}

/**
 * The side rail beside the writing canvas: status and schedule, Save and the workflow buttons
 * with their results, the story's placement, its featured image, how it shows in search and on
 * social cards, and its length. Sticky on a wide screen; on a phone it folds away behind a button
 * and opens as a panel over the page.
 */
export function EditorRail({
  open,
  onClose,
  status,
  versionText,
  saveText,
  viewHref,
  previewHref,
  scheduledFor,
  newsroomZone,
  dates,
  editable,
  busy,
  actions,
  onAction,
  workflowResult,
  publishAt,
  onPublishAtChange,
  fields,
  onFieldChange,
  textControl,
  errors,
  sections,
  sectionOptional,
  bylinePicker,
  featuredImage,
  onPickFeaturedImage,
  onRemoveFeaturedImage,
  headline,
  standfirst,
  siteName,
  siteUrl,
  wordCount,
  readingMinutes,
  isNew,
  review,
}: {
  open: boolean;
  onClose: () => void;
  /** Notes and suggestions (components/editor/editorial-review.tsx). */
  review?: ReactNode;
  status: StoryStatus;
  versionText: string;
  saveText: string;
  viewHref: string | null;
  previewHref: string | null;
  scheduledFor: string | null;
  newsroomZone: string;
  dates: DateStyle;
  editable: boolean;
  busy: boolean;
  actions: WorkflowAction[];
  onAction: (action: WorkflowAction) => void;
  workflowResult: WorkflowResult | null;
  publishAt: string;
  onPublishAtChange: (value: string) => void;
  fields: RailFields;
  onFieldChange: (key: keyof RailFields, value: string) => void;
  /** The ref for a text field's control, in a live story (components/editor/live-story.ts, useLiveTextFields). */
  textControl?: (field: LiveTextField) => RefCallback<HTMLInputElement | HTMLTextAreaElement>;
  errors: FieldErrors;
  sections: Array<{ id: string; name: string }>;
  sectionOptional: boolean;
  bylinePicker: ReactNode;
  featuredImage: FeaturedImage | null;
  onPickFeaturedImage: () => void;
  onRemoveFeaturedImage: () => void;
  headline: string;
  standfirst: string;
  siteName: string;
  siteUrl: string;
  wordCount: number;
  readingMinutes: number;
  isNew: boolean;
}) {
  const closeButton = useRef<HTMLButtonElement>(null);
  // Opened on a phone: focus moves into the panel; Escape folds it away again.
  useEffect(() => {
    if (open && closeButton.current?.offsetParent) closeButton.current.focus();
  }, [open]);
  const err = (field: string) => errors[field];
  const described = (field: string, hint?: string) => {
    const ids = [hint, err(field) ? `${field}-error` : null].filter(Boolean).join(" ");
    return { ...(err(field) ? { "aria-invalid": true } : {}), ...(ids ? { "aria-describedby": ids } : {}) };
  };
  const searchTitle = fields.seoTitle.trim() || headline.trim();
  const searchDescription = fields.seoDescription.trim() || standfirst.trim();
  const slugPath = fields.slug.trim() || "story-address";
  const host = siteUrl.replace(/^https?:\/\//, "");

  return (
    <aside
      id="story-rail"
      aria-label="Story settings"
      onKeyDown={(event) => {
        if (open && event.key === "Escape") onClose();
      }}
      className={`${open ? "fixed inset-0 z-40 block overflow-y-auto bg-[var(--paper)] p-4" : "hidden"} lg:sticky lg:top-4 lg:z-auto lg:block lg:max-h-[calc(100vh-2rem)] lg:overflow-y-auto lg:bg-transparent lg:p-0 lg:pr-1`}
    >
      <div className="mb-3 flex items-center justify-between lg:hidden">
        <h2 className="text-lg font-bold">Story settings</h2>
        <button ref={closeButton} type="button" onClick={onClose} className="rounded border border-[var(--ink)] px-3 py-1.5 font-semibold">
          Close settings
        </button>
      </div>

      <section aria-labelledby="rail-status-heading" className="space-y-3">
        <h2 id="rail-status-heading" className="sr-only">
          Status
        </h2>
        <p className="text-sm">
          <span className="rounded bg-[var(--rule)] px-2 py-0.5 font-semibold" data-testid="rail-status">
            {STATUS_LABELS[status]}
          </span>
          <span className="ml-2 text-[var(--muted)]">{versionText}</span>
        </p>
        {fields.embargoUntil && !Number.isNaN(Date.parse(fields.embargoUntil)) ? (
          <p className="text-sm" data-testid="rail-embargo">
            <span className="rounded border border-[var(--accent)] px-1.5 py-0.5 font-semibold text-[var(--accent)]">Embargoed</span>{" "}
            <span className="font-semibold">until </span>
            <ScheduledTime at={fields.embargoUntil} newsroomZone={newsroomZone} dates={dates} />
          </p>
        ) : null}
        {status === "SCHEDULED" && scheduledFor ? (
          <p className="text-sm" data-testid="rail-schedule">
            <span className="font-semibold">Goes out </span>
            <ScheduledTime at={scheduledFor} newsroomZone={newsroomZone} dates={dates} />
          </p>
        ) : null}
        <p className="min-h-5 text-sm text-[var(--muted)]" aria-live="polite">
          {saveText}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {editable ? (
            <button type="submit" disabled={busy} className="rounded bg-[var(--ink)] px-4 py-2 font-semibold text-[var(--paper)] disabled:opacity-60">
              Save
            </button>
          ) : null}
          {previewHref ? (
            <a href={previewHref} className="text-sm underline">
              Preview
            </a>
          ) : null}
          {viewHref ? (
            <a href={viewHref} className="text-sm underline">
              View on site
            </a>
          ) : null}
        </div>
      </section>

      {review}

      {actions.length > 0 ? (
        <section aria-labelledby="workflow-heading" className={`mt-4 ${groupClass}`}>
          <h2 id="workflow-heading" className="text-sm font-bold uppercase tracking-wider">
            Workflow
          </h2>
          {actions.includes("schedule") ? (
            <div>
              <label htmlFor="scheduledFor" className={labelClass}>
                Publish at
              </label>
              <input
                id="scheduledFor"
                type="datetime-local"
                step={1}
                value={publishAt}
                onChange={(event) => onPublishAtChange(event.target.value)}
                className={inputClass}
                {...described("scheduledFor", "scheduledFor-zone")}
              />
              <p id="scheduledFor-zone" className="mt-0.5 text-xs text-[var(--muted)]">
                Newsroom time: {newsroomZone.replaceAll("_", " ")}
              </p>
              <FieldError id="scheduledFor-error" errors={err("scheduledFor")} />
            </div>
          ) : null}
          <div className="flex flex-wrap gap-2">
            {actions.map((action) => (
              <button
                key={action}
                type="button"
                disabled={busy}
                onClick={() => onAction(action)}
                aria-describedby="workflow-result"
                className="rounded border border-[var(--ink)] px-3 py-1.5 text-sm font-semibold disabled:opacity-60"
              >
                {TRANSITIONS[action].label}
              </button>
            ))}
          </div>
          <p
            id="workflow-result"
            role="status"
            data-testid="workflow-result"
            className={`min-h-5 text-sm ${workflowResult?.kind === "error" ? "font-semibold text-[var(--accent)]" : ""}`}
          >
            {workflowResult?.text ?? ""}
          </p>
        </section>
      ) : null}

      <fieldset disabled={!editable} className={`mt-4 min-w-0 ${groupClass}`}>
        <legend className="sr-only">Placement</legend>
        <div>
          <label htmlFor="sectionId" className={labelClass}>
            Section
          </label>
          <select id="sectionId" value={fields.sectionId} onChange={(e) => onFieldChange("sectionId", e.target.value)} className={inputClass} {...described("sectionId")}>
            <option value="">{sectionOptional ? "No section yet" : "Choose a section"}</option>
            {sections.map((section) => (
              <option key={section.id} value={section.id}>
                {section.name}
              </option>
            ))}
          </select>
          <FieldError id="sectionId-error" errors={err("sectionId")} />
        </div>
        {bylinePicker}
        <div>
          <label htmlFor="dateline" className={labelClass}>
            Dateline and desk
          </label>
          <input ref={textControl?.("dateline")} id="dateline" placeholder="e.g. Asia" value={fields.dateline} onChange={(e) => onFieldChange("dateline", e.target.value)} maxLength={DATELINE_MAX} className={inputClass} {...described("dateline")} />
          <FieldError id="dateline-error" errors={err("dateline")} />
        </div>
        <div>
          <label htmlFor="datelinePlace" className={labelClass}>
            Dateline place
          </label>
          <input
            ref={textControl?.("datelinePlace")}
            id="datelinePlace"
            placeholder="e.g. SEOUL"
            value={fields.datelinePlace}
            onChange={(e) => onFieldChange("datelinePlace", e.target.value)}
            maxLength={DATELINE_PLACE_MAX}
            className={inputClass}
            {...described("datelinePlace", "datelinePlace-hint")}
          />
          <p id="datelinePlace-hint" className="mt-0.5 text-xs text-[var(--muted)]">
            Where the story was filed: it opens the first paragraph (“SEOUL — …”).
          </p>
          <FieldError id="datelinePlace-error" errors={err("datelinePlace")} />
        </div>
        <div>
          <label htmlFor="credit" className={labelClass}>
            Credit line
          </label>
          <input
            ref={textControl?.("credit")}
            id="credit"
            placeholder="e.g. Reporting by A; Editing by B"
            value={fields.credit}
            onChange={(e) => onFieldChange("credit", e.target.value)}
            maxLength={CREDIT_MAX}
            className={inputClass}
            {...described("credit", "credit-hint")}
          />
          <p id="credit-hint" className="mt-0.5 text-xs text-[var(--muted)]">
            In small type at the foot of the story.
          </p>
          <FieldError id="credit-error" errors={err("credit")} />
        </div>
        <div>
          <label htmlFor="tags" className={labelClass}>
            Tags
          </label>
          <input id="tags" value={fields.tags} onChange={(e) => onFieldChange("tags", e.target.value)} placeholder="Separated by commas, e.g. trade, climate" className={inputClass} {...described("tags")} />
          <FieldError id="tags-error" errors={err("tags")} />
        </div>
        <div>
          <label htmlFor="slug" className={labelClass}>
            Slug
          </label>
          <input id="slug" value={fields.slug} onChange={(e) => onFieldChange("slug", e.target.value)} placeholder="Made from the headline" className={inputClass} {...described("slug")} />
          <FieldError id="slug-error" errors={err("slug")} />
        </div>
        <div>
          <label htmlFor="commentPolicy" className={labelClass}>
            Comments
          </label>
          <select id="commentPolicy" value={fields.commentPolicy} onChange={(e) => onFieldChange("commentPolicy", e.target.value)} className={inputClass}>
            {isNew ? <option value="">Section default</option> : null}
            <option value="OPEN">Open</option>
            <option value="PREMODERATED">Pre-moderated</option>
            <option value="CLOSED">Closed</option>
          </select>
        </div>
      </fieldset>

      <fieldset disabled={!editable} className={`mt-4 min-w-0 ${groupClass}`}>
        <legend className="text-sm font-bold uppercase tracking-wider">Embargo</legend>
        <div>
          <label htmlFor="embargoUntil" className={labelClass}>
            Embargoed until
          </label>
          <input
            id="embargoUntil"
            type="datetime-local"
            step={60}
            value={embargoInputValue(fields.embargoUntil, newsroomZone)}
            onChange={(event) => onFieldChange("embargoUntil", event.target.value ? (fromZonedInputValue(event.target.value, newsroomZone)?.toISOString() ?? event.target.value) : "")}
            className={inputClass}
            {...described("embargoUntil", "embargoUntil-hint")}
          />
          <p id="embargoUntil-hint" className="mt-0.5 text-xs text-[var(--muted)]">
            In the newsroom’s time ({newsroomZone.replaceAll("_", " ")}). Until then the story cannot be published, or scheduled earlier, and no reader sees it.
          </p>
          <FieldError id="embargoUntil-error" errors={err("embargoUntil")} />
        </div>
        {fields.embargoUntil && editable ? (
          <button type="button" onClick={() => onFieldChange("embargoUntil", "")} className="rounded border border-[var(--rule)] px-3 py-1.5 text-sm">
            Clear embargo
          </button>
        ) : null}
      </fieldset>

      <section aria-labelledby="featured-heading" className={`mt-4 ${groupClass}`}>
        <h2 id="featured-heading" className="text-sm font-semibold">
          Featured image
        </h2>
        {featuredImage ? (
          <div className="space-y-1 text-sm">
            {/* eslint-disable-next-line @next/next/no-img-element -- a library image at a size the media route serves */}
            <img src={featuredImage.url} alt={featuredImage.alt} className="w-full rounded border border-[var(--rule)]" />
            <p>{featuredImage.alt ? `Alt text: ${featuredImage.alt}` : <span className="font-semibold text-[var(--accent)]">No alt text yet</span>}</p>
            <p className="text-[var(--muted)]">{featuredImage.credit ? `Credit: ${featuredImage.credit}` : "No credit"}</p>
          </div>
        ) : (
          <p className="text-sm text-[var(--muted)]">None: feeds and cards use the first image in the body.</p>
        )}
        {editable ? (
          <div className="flex flex-wrap gap-2">
            <button id="heroImageId" type="button" onClick={onPickFeaturedImage} aria-describedby={err("heroImageId") ? "heroImageId-error" : undefined} className="rounded border border-[var(--ink)] px-3 py-1.5 text-sm font-semibold">
              {featuredImage ? "Change featured image" : "Choose featured image"}
            </button>
            {featuredImage ? (
              <button type="button" onClick={onRemoveFeaturedImage} className="rounded border border-[var(--rule)] px-3 py-1.5 text-sm">
                Remove featured image
              </button>
            ) : null}
          </div>
        ) : null}
        <FieldError id="heroImageId-error" errors={err("heroImageId")} />
      </section>

      <fieldset disabled={!editable} className={`mt-4 min-w-0 ${groupClass}`}>
        <legend className="text-sm font-bold uppercase tracking-wider">Search and social</legend>
        <div>
          <label htmlFor="seoTitle" className={labelClass}>
            SEO title
          </label>
          <input ref={textControl?.("seoTitle")} id="seoTitle" value={fields.seoTitle} onChange={(e) => onFieldChange("seoTitle", e.target.value)} maxLength={SEO_TITLE_MAX} placeholder="The headline" className={inputClass} {...described("seoTitle", "seoTitle-count")} />
          <Count id="seoTitle-count" length={fields.seoTitle.trim().length} target={SEO_TITLE_TARGET} />
          <FieldError id="seoTitle-error" errors={err("seoTitle")} />
        </div>
        <div>
          <label htmlFor="seoDescription" className={labelClass}>
            SEO description
          </label>
          <textarea
            ref={textControl?.("seoDescription")}
            id="seoDescription"
            rows={3}
            value={fields.seoDescription}
            onChange={(e) => onFieldChange("seoDescription", e.target.value.replace(/[\r\n]+/g, " "))}
            maxLength={SEO_DESCRIPTION_MAX}
            placeholder="The standfirst"
            className={inputClass}
            {...described("seoDescription", "seoDescription-count")}
          />
          <Count id="seoDescription-count" length={fields.seoDescription.trim().length} target={SEO_DESCRIPTION_TARGET} />
          <FieldError id="seoDescription-error" errors={err("seoDescription")} />
        </div>
        <div>
          {/* Not "…headline": the canvas's Headline is the one field that name finds. */}
          <label htmlFor="socialHeadline" className={labelClass}>
            Social card title
          </label>
          <input
            ref={textControl?.("socialHeadline")}
            id="socialHeadline"
            value={fields.socialHeadline}
            onChange={(e) => onFieldChange("socialHeadline", e.target.value)}
            maxLength={SOCIAL_HEADLINE_MAX}
            placeholder="The SEO title or headline"
            className={inputClass}
            {...described("socialHeadline")}
          />
          <FieldError id="socialHeadline-error" errors={err("socialHeadline")} />
        </div>
        <SearchPreview title={searchTitle} description={searchDescription} url={`${host} › ${slugPath}`} siteName={siteName} />
        <SocialCardPreview
          title={fields.socialHeadline.trim() || searchTitle}
          description={searchDescription}
          imageUrl={featuredImage?.url ?? null}
          imageAlt=""
          host={host}
        />
      </fieldset>

      <section aria-labelledby="length-heading" className={`mt-4 mb-4 ${groupClass}`}>
        <h2 id="length-heading" className="text-sm font-semibold">
          Length
        </h2>
        <p className="text-sm" data-testid="word-count">
          {wordCount === 1 ? "1 word" : `${wordCount.toLocaleString("en-GB")} words`} · {readingMinutes === 0 ? "nothing to read yet" : `${readingMinutes} min read`}
        </p>
      </section>
    </aside>
  );
}
