// The site settings (name, description, logo, favicon, locale, the organisation behind the site,
// its social accounts): their shape, their defaults and the zod schemas that read the desk form and
// the stored row. Pure: the desk form (a client component), the reader pages and the tests use it.

import { z } from "zod";

import type { DateStyle } from "@/lib/format";

import {
  CHOOSE_A_LOCALE,
  CHOOSE_AN_IMAGE,
  MASTODON_ACCOUNT_INVALID,
  ORGANIZATION_NAME_TOO_LONG,
  ORGANIZATION_URL_INVALID,
  SITE_DESCRIPTION_TOO_LONG,
  SITE_NAME_REQUIRED,
  SITE_NAME_TOO_LONG,
  SITE_TEXT_CONTROL_CHARACTERS,
  SOCIAL_ACCOUNT_INVALID,
} from "./sentences";

/** The name a fresh install shows until an admin names the site (the demo seed sets "Newshub"). */
export const DEFAULT_SITE_NAME = "Newsdesk";
export const DEFAULT_SITE_DESCRIPTION = "The latest news.";
export const DEFAULT_LOCALE = "en-GB";

export const SITE_NAME_MAX = 80;
export const SITE_DESCRIPTION_MAX = 300;
export const ORGANIZATION_NAME_MAX = 120;

/** The languages and regions dates are written in, readers' and staff's alike. */
export const SITE_LOCALES: ReadonlyArray<{ id: string; label: string }> = [
  { id: "en-GB", label: "English (United Kingdom): 4 November 2026" },
  { id: "en-US", label: "English (United States): November 4, 2026" },
  { id: "en-IE", label: "English (Ireland)" },
  { id: "en-AU", label: "English (Australia)" },
  { id: "en-CA", label: "English (Canada)" },
  { id: "en-IN", label: "English (India)" },
  { id: "fr-FR", label: "Français (France): 4 novembre 2026" },
  { id: "de-DE", label: "Deutsch (Deutschland): 4. November 2026" },
  { id: "es-ES", label: "Español (España)" },
  { id: "it-IT", label: "Italiano (Italia)" },
  { id: "nl-NL", label: "Nederlands (Nederland)" },
  { id: "pt-PT", label: "Português (Portugal)" },
  { id: "pt-BR", label: "Português (Brasil)" },
  { id: "sv-SE", label: "Svenska (Sverige)" },
  { id: "da-DK", label: "Dansk (Danmark)" },
  { id: "nb-NO", label: "Norsk bokmål (Norge)" },
  { id: "fi-FI", label: "Suomi (Suomi)" },
  { id: "pl-PL", label: "Polski (Polska)" },
];

export function isSiteLocale(value: string): boolean {
  return SITE_LOCALES.some((locale) => locale.id === value);
}

/** The language part of a locale ("en" of "en-GB"), for `<html lang>`, feeds and JSON-LD. */
export function localeLanguage(locale: string): string {
  return locale.split("-")[0] || "en";
}

// ---------------------------------------------------------------------------------------------
// Social accounts

interface SocialService {
  id: string;
  label: string;
  /** Hosts a profile address may be on (a subdomain such as www. or m. counts); null: any (Mastodon). */
  hosts: readonly string[] | null;
  /** A handle as people write it, captured without the "@". */
  handle: RegExp;
  profile: (match: RegExpExecArray) => string;
}

export const SOCIAL_SERVICES: readonly SocialService[] = [
  { id: "x", label: "X", hosts: ["x.com", "twitter.com"], handle: /^@?([A-Za-z0-9_]{1,15})$/, profile: (m) => `https://x.com/${m[1]}` },
  {
    id: "bluesky",
    label: "Bluesky",
    hosts: ["bsky.app"],
    handle: /^@?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i,
    profile: (m) => `https://bsky.app/profile/${m[1]!.toLowerCase()}`,
  },
  {
    id: "mastodon",
    label: "Mastodon",
    hosts: null,
    handle: /^@?([A-Za-z0-9_]{1,30})@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/i,
    profile: (m) => `https://${m[2]!.toLowerCase()}/@${m[1]}`,
  },
  { id: "facebook", label: "Facebook", hosts: ["facebook.com"], handle: /^@?([A-Za-z0-9.]{5,50})$/, profile: (m) => `https://www.facebook.com/${m[1]}` },
  { id: "instagram", label: "Instagram", hosts: ["instagram.com"], handle: /^@?([A-Za-z0-9._]{1,30})$/, profile: (m) => `https://www.instagram.com/${m[1]}` },
  { id: "threads", label: "Threads", hosts: ["threads.net", "threads.com"], handle: /^@?([A-Za-z0-9._]{1,30})$/, profile: (m) => `https://www.threads.net/@${m[1]}` },
  { id: "linkedin", label: "LinkedIn", hosts: ["linkedin.com"], handle: /^([A-Za-z0-9-]{2,100})$/, profile: (m) => `https://www.linkedin.com/company/${m[1]}` },
  { id: "youtube", label: "YouTube", hosts: ["youtube.com"], handle: /^@?([A-Za-z0-9._-]{3,30})$/, profile: (m) => `https://www.youtube.com/@${m[1]}` },
  { id: "tiktok", label: "TikTok", hosts: ["tiktok.com"], handle: /^@?([A-Za-z0-9._]{2,24})$/, profile: (m) => `https://www.tiktok.com/@${m[1]}` },
];

const SOCIAL_IDS = SOCIAL_SERVICES.map((service) => service.id);

function onHost(host: string, hosts: readonly string[]): boolean {
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/**
 * The profile address an account on that service names: a handle ("@newsroom", "newsroom.bsky.social",
 * "@news@mastodon.social") or the profile's full http(s) address on the service's own host. Null
 * when it is neither. Addresses lose their fragment; http becomes https.
 */
export function socialProfileUrl(serviceId: string, text: string): string | null {
  const service = SOCIAL_SERVICES.find((candidate) => candidate.id === serviceId);
  const value = text.trim();
  if (!service || value === "" || value.length > 300) return null;
  const handle = service.handle.exec(value);
  if (handle) return service.profile(handle);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.port) return null;
  const host = url.hostname.toLowerCase();
  if (service.hosts ? !onHost(host, service.hosts) : !host.includes(".")) return null;
  if (url.pathname === "/" || url.pathname === "") return null;
  if (service.id === "mastodon" && !/^\/@[A-Za-z0-9_]{1,30}\/?$/.test(url.pathname)) return null;
  url.protocol = "https:";
  url.hash = "";
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Stored shape (the Setting row "site.settings")

/** The Setting row the site settings are kept in. */
export const SITE_SETTINGS_KEY = "site.settings";

const mediaId = z.uuid().nullable();

/** What the Setting row holds: ids, not images, so a picture's crop or removal shows everywhere. */
export const storedSiteSettingsSchema = z.object({
  name: z.string().min(1).max(SITE_NAME_MAX),
  description: z.string().max(SITE_DESCRIPTION_MAX),
  locale: z.string().refine(isSiteLocale),
  logoMediaId: mediaId,
  faviconMediaId: mediaId,
  organizationName: z.string().max(ORGANIZATION_NAME_MAX),
  organizationUrl: z.string().max(2000),
  organizationLogoMediaId: mediaId,
  social: z.record(z.string(), z.string()),
});
export type StoredSiteSettings = z.infer<typeof storedSiteSettingsSchema>;

export const DEFAULT_STORED_SITE_SETTINGS: StoredSiteSettings = {
  name: DEFAULT_SITE_NAME,
  description: DEFAULT_SITE_DESCRIPTION,
  locale: DEFAULT_LOCALE,
  logoMediaId: null,
  faviconMediaId: null,
  organizationName: "",
  organizationUrl: "",
  organizationLogoMediaId: null,
  social: {},
};

/**
 * The stored row read leniently: each field that does not parse (an older or hand-edited row)
 * falls back to its default, so a bad value never takes the reader site down.
 */
export function readStoredSiteSettings(value: unknown, legacyName?: unknown): StoredSiteSettings {
  const row = value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...DEFAULT_STORED_SITE_SETTINGS };
  if (typeof legacyName === "string" && legacyName.trim()) result.name = legacyName.trim().slice(0, SITE_NAME_MAX);
  const shape = storedSiteSettingsSchema.shape;
  for (const key of Object.keys(shape) as Array<keyof typeof shape>) {
    const parsed = shape[key].safeParse(row[key]);
    if (parsed.success) result[key] = parsed.data;
  }
  const social: Record<string, string> = {};
  for (const [id, url] of Object.entries(result.social as Record<string, string>)) {
    const normal = SOCIAL_IDS.includes(id) ? socialProfileUrl(id, url) : null;
    if (normal) social[id] = normal;
  }
  result.social = social;
  return result as StoredSiteSettings;
}

// ---------------------------------------------------------------------------------------------
// The desk form

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const oneLine = (max: number, tooLong: string) =>
  z
    .string()
    .transform((text) => text.trim().replace(/ {2,}/g, " "))
    .pipe(z.string().max(max, tooLong).refine((text) => !CONTROL.test(text), SITE_TEXT_CONTROL_CHARACTERS));

const imageChoice = z
  .string({ error: CHOOSE_AN_IMAGE })
  .trim()
  .refine((value) => value === "" || z.uuid().safeParse(value).success, CHOOSE_AN_IMAGE)
  .transform((value) => (value === "" ? null : value.toLowerCase()));

const socialFields = Object.fromEntries(
  SOCIAL_SERVICES.map((service) => [
    `social_${service.id}`,
    z
      .string()
      .optional()
      .transform((text) => (text ?? "").trim())
      .refine((text) => text === "" || socialProfileUrl(service.id, text) !== null, service.id === "mastodon" ? MASTODON_ACCOUNT_INVALID : SOCIAL_ACCOUNT_INVALID),
  ]),
) as Record<`social_${string}`, z.ZodType<string, string | undefined>>;

/** The desk form's fields, as sent (every one a string; social accounts as social_<service>). */
export const siteSettingsInputSchema = z
  .object({
    name: z
      .string({ error: SITE_NAME_REQUIRED })
      .transform((text) => text.trim().replace(/ {2,}/g, " "))
      .pipe(
        z
          .string()
          .min(1, SITE_NAME_REQUIRED)
          .max(SITE_NAME_MAX, SITE_NAME_TOO_LONG)
          .refine((text) => !CONTROL.test(text), SITE_TEXT_CONTROL_CHARACTERS),
      ),
    description: oneLine(SITE_DESCRIPTION_MAX, SITE_DESCRIPTION_TOO_LONG),
    locale: z.string({ error: CHOOSE_A_LOCALE }).trim().refine(isSiteLocale, CHOOSE_A_LOCALE),
    logoMediaId: imageChoice,
    faviconMediaId: imageChoice,
    organizationName: oneLine(ORGANIZATION_NAME_MAX, ORGANIZATION_NAME_TOO_LONG),
    organizationUrl: z
      .string()
      .trim()
      .max(2000, ORGANIZATION_URL_INVALID)
      .refine((text) => text === "" || isWebAddress(text), ORGANIZATION_URL_INVALID),
    organizationLogoMediaId: imageChoice,
    ...socialFields,
  })
  .transform((input): StoredSiteSettings => {
    const social: Record<string, string> = {};
    for (const service of SOCIAL_SERVICES) {
      const text = (input as Record<string, string | undefined>)[`social_${service.id}`] ?? "";
      const url = text === "" ? null : socialProfileUrl(service.id, text);
      if (url) social[service.id] = url;
    }
    return {
      name: input.name,
      description: input.description,
      locale: input.locale,
      logoMediaId: input.logoMediaId,
      faviconMediaId: input.faviconMediaId,
      organizationName: input.organizationName,
      organizationUrl: input.organizationUrl === "" ? "" : new URL(input.organizationUrl).toString(),
      organizationLogoMediaId: input.organizationLogoMediaId,
      social,
    };
  });
export type SiteSettingsInput = z.input<typeof siteSettingsInputSchema>;

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname.includes(".") && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The form's values for stored settings (what the desk form shows). */
export function toFormValues(settings: StoredSiteSettings): Record<string, string> {
  const values: Record<string, string> = {
    name: settings.name,
    description: settings.description,
    locale: settings.locale,
    logoMediaId: settings.logoMediaId ?? "",
    faviconMediaId: settings.faviconMediaId ?? "",
    organizationName: settings.organizationName,
    organizationUrl: settings.organizationUrl,
    organizationLogoMediaId: settings.organizationLogoMediaId ?? "",
  };
  for (const service of SOCIAL_SERVICES) values[`social_${service.id}`] = settings.social[service.id] ?? "";
  return values;
}

// ---------------------------------------------------------------------------------------------
// What pages use

/** An image the site shows (logo, favicon): its address and size. */
export interface SiteImage {
  id: string;
  /** The path that serves it (/media/<id>/original?v=…). */
  url: string;
  width: number;
  height: number;
  mimeType: string;
}

/** The site settings as pages use them: images resolved, social accounts in the services' order. */
export interface SiteSettings {
  name: string;
  description: string;
  locale: string;
  /** The locale and the newsroom's time zone (its own setting, lib/time-zone.ts): how every date is written. */
  dates: DateStyle;
  logo: SiteImage | null;
  favicon: SiteImage | null;
  organization: { name: string; url: string | null; logo: SiteImage | null };
  social: Array<{ service: string; label: string; url: string }>;
}

export function socialList(social: Record<string, string>): SiteSettings["social"] {
  return SOCIAL_SERVICES.filter((service) => social[service.id]).map((service) => ({ service: service.id, label: service.label, url: social[service.id]! }));
}

/** The settings of a fresh install, resolved (also what `next build`, with no database, renders with). */
export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  name: DEFAULT_SITE_NAME,
  description: DEFAULT_SITE_DESCRIPTION,
  locale: DEFAULT_LOCALE,
  // Only what `next build` renders with; a running site falls back to NEWSDESK_TIME_ZONE (lib/settings/site.ts).
  dates: { locale: DEFAULT_LOCALE, timeZone: "UTC" },
  logo: null,
  favicon: null,
  organization: { name: DEFAULT_SITE_NAME, url: null, logo: null },
  social: [],
};
