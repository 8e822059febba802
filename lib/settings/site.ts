// The site settings an admin sets at /desk/settings: the site's name and description, its logo and
// favicon (from the media library), the locale every date is written in, the organisation behind
// it (JSON-LD) and its social accounts. One row of the Setting table ("site.settings"), validated
// on the way in (lib/settings/schemas.ts) and read leniently on the way out. Reader pages read it
// through the reader cache (getSiteSettings, lib/cache/reader.ts); a change stamps `reader`, since
// every reader page shows the name (docs/caching.md).

import "server-only";

import { recordAudit } from "@/lib/audit";
import { assertCan, type Actor } from "@/lib/auth/actor";
import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { writeThrough } from "@/lib/cache/write-through";
import { db, type Tx } from "@/lib/db";
import { AppError, type FieldErrors } from "@/lib/errors";
import { listMedia } from "@/lib/media/queries";
import { mediaUrl } from "@/lib/media/urls";
import { NEWSROOM_TIME_ZONE_KEY } from "@/lib/time-zone";
import { parseInput } from "@/lib/validation/parse-input";

import {
  readStoredSiteSettings,
  SITE_SETTINGS_KEY,
  siteSettingsInputSchema,
  socialList,
  type SiteImage,
  type SiteSettings,
  type StoredSiteSettings,
} from "./schemas";
import { dateStyleFrom } from "./dates";
import { IMAGE_GONE, SITE_SETTINGS_ADMINS_ONLY, SITE_SETTINGS_NOT_SAVED, SITE_SETTINGS_SEE_ADMINS_ONLY } from "./sentences";

export { SITE_SETTINGS_KEY };
/** Where installs before the site settings kept the name (prisma/seed.ts wrote "Newshub" there). */
const LEGACY_NAME_KEY = "site.name";

/** The width of the variant the logo and favicon are served at (a WebP variant, lib/media/urls.ts). */
const SITE_IMAGE_WIDTH = 480;

async function readStoredRows(): Promise<Map<string, unknown>> {
  const rows = await db.setting.findMany({ where: { key: { in: [SITE_SETTINGS_KEY, LEGACY_NAME_KEY, NEWSROOM_TIME_ZONE_KEY] } }, select: { key: true, value: true } });
  return new Map(rows.map((row) => [row.key, row.value]));
}

function storedFrom(byKey: Map<string, unknown>): StoredSiteSettings {
  return readStoredSiteSettings(byKey.get(SITE_SETTINGS_KEY), byKey.get(LEGACY_NAME_KEY));
}

async function readStored(): Promise<StoredSiteSettings> {
  return storedFrom(await readStoredRows());
}

async function resolveImages(ids: ReadonlyArray<string | null>): Promise<Map<string, SiteImage>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.media.findMany({
    where: { id: { in: wanted } },
    select: { id: true, width: true, height: true, version: true, cropWidth: true, cropHeight: true },
  });
  return new Map(
    rows.map((row) => {
      const width = row.cropWidth ?? row.width;
      const height = row.cropHeight ?? row.height;
      const shown = Math.min(width, SITE_IMAGE_WIDTH);
      const image: SiteImage = {
        id: row.id,
        url: mediaUrl(row.id, SITE_IMAGE_WIDTH, row.version),
        width: shown,
        height: Math.max(1, Math.round((height * shown) / width)),
        mimeType: "image/webp",
      };
      return [row.id, image];
    }),
  );
}

/**
 * The site settings as pages show them. No actor: what it returns is on every reader page. Reader
 * pages call it through the reader cache (lib/cache/reader.ts), never directly.
 */
export async function readSiteSettings(): Promise<SiteSettings> {
  const rows = await readStoredRows();
  const stored = storedFrom(rows);
  const images = await resolveImages([stored.logoMediaId, stored.faviconMediaId, stored.organizationLogoMediaId]);
  const logo = stored.logoMediaId ? (images.get(stored.logoMediaId) ?? null) : null;
  return {
    name: stored.name,
    description: stored.description,
    locale: stored.locale,
    dates: dateStyleFrom(rows.get(SITE_SETTINGS_KEY), rows.get(NEWSROOM_TIME_ZONE_KEY)),
    logo,
    favicon: stored.faviconMediaId ? (images.get(stored.faviconMediaId) ?? null) : null,
    organization: {
      name: stored.organizationName || stored.name,
      url: stored.organizationUrl || null,
      logo: (stored.organizationLogoMediaId ? images.get(stored.organizationLogoMediaId) : null) ?? logo,
    },
    social: socialList(stored.social),
  };
}

export interface SiteSettingsForDesk {
  stored: StoredSiteSettings;
  /** Images to choose from: the newest in the library, plus the ones chosen now. */
  images: Array<{ id: string; label: string; url: string }>;
}

/** The stored settings and the images to pick from, for the settings page (admins: settings.manage). */
export async function getSiteSettingsForDesk(actor: Actor | null): Promise<SiteSettingsForDesk> {
  const admin = assertCan(actor, "settings.manage", SITE_SETTINGS_SEE_ADMINS_ONLY);
  const [stored, library] = await Promise.all([readStored(), listMedia(admin, { limit: 100 })]);
  const images = library.items.map((item) => ({ id: item.id, label: imageLabel(item), url: mediaUrl(item.id, SITE_IMAGE_WIDTH, item.version) }));
  const chosen = [stored.logoMediaId, stored.faviconMediaId, stored.organizationLogoMediaId].filter(
    (id): id is string => id !== null && !images.some((image) => image.id === id),
  );
  if (chosen.length > 0) {
    const rows = await db.media.findMany({ where: { id: { in: chosen } }, select: { id: true, alt: true, caption: true, version: true } });
    for (const row of rows) images.push({ id: row.id, label: imageLabel(row), url: mediaUrl(row.id, SITE_IMAGE_WIDTH, row.version) });
  }
  return { stored, images };
}

function imageLabel(item: { alt: string; caption: string }): string {
  const words = item.alt.trim() || item.caption.trim() || "Untitled image";
  return words.length > 70 ? `${words.slice(0, 69)}…` : words;
}

/**
 * Saves the site settings (admins: settings.manage). Everything is checked before anything is
 * written: a field that does not parse, or an image no longer in the library, refuses the whole
 * form with each field's message and leaves the settings as they were. Audited when something
 * changed; then every reader page is refreshed (the `reader` tag) and the front page re-rendered.
 */
export async function updateSiteSettings(actor: Actor | null, input: unknown): Promise<StoredSiteSettings> {
  const admin = assertCan(actor, "settings.manage", SITE_SETTINGS_ADMINS_ONLY);
  const next = parseInput(siteSettingsInputSchema, input ?? {}, { message: SITE_SETTINGS_NOT_SAVED });

  const imageFields = ["logoMediaId", "faviconMediaId", "organizationLogoMediaId"] as const;
  const ids = imageFields.map((field) => next[field]).filter((id): id is string => id !== null);
  if (ids.length > 0) {
    const found = new Set((await db.media.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((row) => row.id));
    const fieldErrors: FieldErrors = {};
    for (const field of imageFields) {
      const id = next[field];
      if (id !== null && !found.has(id)) fieldErrors[field] = [IMAGE_GONE];
    }
    if (Object.keys(fieldErrors).length > 0) throw new AppError("INVALID_INPUT", SITE_SETTINGS_NOT_SAVED, { fieldErrors });
  }

  const changed = await db.$transaction(async (tx) => {
    // The row is locked while it is compared and written, so two admins saving at once are audited one after the other.
    const locked = await tx.$queryRaw<Array<{ value: unknown }>>`SELECT value FROM "Setting" WHERE key = ${SITE_SETTINGS_KEY} FOR UPDATE`;
    const before = locked[0] ? readStoredSiteSettings(locked[0].value) : await readLegacyIn(tx);
    // Written even when unchanged (the form was saved: updatedAt says when), audited and refreshed only when changed.
    await tx.setting.upsert({
      where: { key: SITE_SETTINGS_KEY },
      create: { key: SITE_SETTINGS_KEY, value: next },
      update: { value: next },
      select: { key: true },
    });
    if (JSON.stringify(before) === JSON.stringify(next)) return false;
    await recordAudit(tx, { actorId: admin.id, action: "setting.update", entityType: "setting", entityId: SITE_SETTINGS_KEY, data: { before, after: next } });
    return true;
  });

  if (changed) {
    try {
      await invalidateReaderCache([READER_TAG]);
      // The front page first, ahead of readers; every other page renders again on its next request.
      writeThrough(["/"]);
    } catch (error) {
      console.error("Could not refresh the reader cache after a change to the site settings; pages catch up on their revalidate time", error);
    }
  }
  return next;
}

async function readLegacyIn(tx: Tx): Promise<StoredSiteSettings> {
  const legacy = await tx.setting.findUnique({ where: { key: LEGACY_NAME_KEY }, select: { value: true } });
  return readStoredSiteSettings(undefined, legacy?.value);
}
