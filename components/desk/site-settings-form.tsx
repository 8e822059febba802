"use client";

import { useActionState, useEffect, useRef } from "react";

import { FieldError } from "@/components/ui/field-error";
import { saveSiteSettingsAction, type SiteSettingsFormState, type SiteSettingsValues } from "@/lib/actions/settings";
import { ORGANIZATION_NAME_MAX, SITE_DESCRIPTION_MAX, SITE_LOCALES, SITE_NAME_MAX, SOCIAL_SERVICES } from "@/lib/settings/schemas";

const INITIAL: SiteSettingsFormState = { status: "idle", attempt: 0 };
const inputClass = "mt-1 w-full rounded border border-[var(--rule)] bg-transparent px-3 py-2 aria-[invalid=true]:border-[var(--accent)]";

export interface SiteImageChoice {
  id: string;
  label: string;
  url: string;
}

const SOCIAL_EXAMPLES: Record<string, string> = {
  x: "@newsroom or https://x.com/newsroom",
  bluesky: "newsroom.bsky.social",
  mastodon: "@newsroom@mastodon.social",
  facebook: "https://www.facebook.com/newsroom",
  instagram: "@newsroom",
  threads: "@newsroom",
  linkedin: "https://www.linkedin.com/company/newsroom",
  youtube: "@newsroom",
  tiktok: "@newsroom",
};

/**
 * The site's identity (admins): name, description, logo and favicon from the media library, the
 * locale dates are written in, the organisation for search engines and the social accounts shown
 * in the footer. A plain form posting to a server action: it works without JavaScript. On a
 * refusal nothing is saved, the fields keep what was typed and each says what is wrong.
 */
export function SiteSettingsForm({ current, images }: { current: SiteSettingsValues; images: SiteImageChoice[] }) {
  const [state, formAction, pending] = useActionState(saveSiteSettingsAction, INITIAL);
  const refused = state.status === "refused" ? state : null;
  const values = state.status === "idle" ? current : state.values;
  const err = (field: string) => refused?.fieldErrors[field];
  const described = (field: string, hint?: string) => ({
    ...(err(field) ? { "aria-invalid": true } : {}),
    "aria-describedby": [hint, err(field) ? `${field}-error` : ""].filter(Boolean).join(" ") || undefined,
  });
  const key = (field: string) => `${field}-${state.attempt}`;
  const formRef = useRef<HTMLFormElement>(null);
  // A long form: on a refusal, the first field at fault takes the focus (and is scrolled to), its message read with it.
  useEffect(() => {
    if (state.status === "refused") formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [state]);

  const text = (field: string, label: string, options: { hint?: string; maxLength?: number; type?: string; autoComplete?: string } = {}) => (
    <div>
      <label htmlFor={`site-${field}`} className="block font-semibold">
        {label}
      </label>
      {options.hint ? (
        <p id={`${field}-hint`} className="text-sm text-[var(--muted)]">
          {options.hint}
        </p>
      ) : null}
      <input
        key={key(field)}
        id={`site-${field}`}
        name={field}
        type={options.type ?? "text"}
        defaultValue={values[field] ?? ""}
        maxLength={options.maxLength}
        autoComplete={options.autoComplete ?? "off"}
        className={inputClass}
        {...described(field, options.hint ? `${field}-hint` : undefined)}
      />
      <FieldError id={`${field}-error`} errors={err(field)} />
    </div>
  );

  const image = (field: string, label: string, hint: string, none: string) => {
    const chosen = images.find((candidate) => candidate.id === values[field]);
    return (
      <div>
        <label htmlFor={`site-${field}`} className="block font-semibold">
          {label}
        </label>
        <p id={`${field}-hint`} className="text-sm text-[var(--muted)]">
          {hint}
        </p>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <select key={key(field)} id={`site-${field}`} name={field} defaultValue={values[field] ?? ""} className={`${inputClass} mt-0 max-w-md`} {...described(field, `${field}-hint`)}>
            <option value="">{none}</option>
            {images.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label}
              </option>
            ))}
            {values[field] && !chosen ? <option value={values[field]}>{values[field]}</option> : null}
          </select>
          {chosen ? (
            // eslint-disable-next-line @next/next/no-img-element -- a preview of the library's own image
            <img src={chosen.url} alt="" className="h-10 w-auto max-w-32 rounded border border-[var(--rule)] object-contain" />
          ) : null}
        </div>
        <FieldError id={`${field}-error`} errors={err(field)} />
      </div>
    );
  };

  return (
    <form ref={formRef} action={formAction} aria-label="Site settings" className="mt-4 max-w-2xl space-y-5" noValidate>
      <div role="status" aria-live="polite" className="min-h-6 text-sm font-semibold">
        {state.status === "saved" ? state.message : null}
      </div>
      {refused ? (
        <div role="alert" className="rounded border border-[var(--accent)] p-3 text-sm font-semibold">
          {refused.message}
        </div>
      ) : null}
      {text("name", "Site name", { hint: "Shown in the header of every page, in page titles, feeds and search results.", maxLength: SITE_NAME_MAX })}
      {text("description", "Description", { hint: "One sentence about the site, for search engines, social cards and the feeds.", maxLength: SITE_DESCRIPTION_MAX })}
      {image("logoMediaId", "Logo", "Shown in the header in place of the name (the name is its alt text). Upload it to the media library first.", "No logo: show the name")}
      {image("faviconMediaId", "Favicon", "The small icon browsers show in tabs and bookmarks; a square image works best.", "The standard icon")}
      <div>
        <label htmlFor="site-locale" className="block font-semibold">
          Language and region for dates
        </label>
        <p id="locale-hint" className="text-sm text-[var(--muted)]">
          How every date readers and staff see is written, in the newsroom’s time zone.
        </p>
        <select key={key("locale")} id="site-locale" name="locale" defaultValue={values.locale} className={`${inputClass} max-w-md`} {...described("locale", "locale-hint")}>
          {SITE_LOCALES.map((locale) => (
            <option key={locale.id} value={locale.id}>
              {locale.label}
            </option>
          ))}
        </select>
        <FieldError id="locale-error" errors={err("locale")} />
      </div>
      <fieldset className="space-y-4 rounded border border-[var(--rule)] p-4">
        <legend className="px-1 font-semibold">Organisation, for search engines</legend>
        <p className="text-sm text-[var(--muted)]">The publisher named in every story’s structured data. Blank fields use the site’s own name, address and logo.</p>
        {text("organizationName", "Organisation name", { maxLength: ORGANIZATION_NAME_MAX, autoComplete: "organization" })}
        {text("organizationUrl", "Organisation web address", { type: "url", hint: "In full, e.g. https://example.org/about", autoComplete: "url" })}
        {image("organizationLogoMediaId", "Organisation logo", "Search engines show it beside the stories.", "The site’s logo")}
      </fieldset>
      <fieldset className="space-y-4 rounded border border-[var(--rule)] p-4">
        <legend className="px-1 font-semibold">Social accounts</legend>
        <p className="text-sm text-[var(--muted)]">Linked from the foot of every page and given to search engines as the site’s other profiles. Leave blank the ones you do not use.</p>
        <div className="grid gap-4 sm:grid-cols-2">
          {SOCIAL_SERVICES.map((service) => (
            <div key={service.id}>{text(`social_${service.id}`, service.label, { hint: `e.g. ${SOCIAL_EXAMPLES[service.id] ?? "a handle or address"}` })}</div>
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={pending} className="rounded border border-[var(--ink)] px-4 py-2 font-semibold disabled:opacity-60">
        Save site settings
      </button>
    </form>
  );
}
