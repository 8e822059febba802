import { afterAll, beforeEach, describe, expect, it } from "vitest";

import { invalidateStoriesShowingMedia } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { DEFAULT_SITE_SETTINGS, DEFAULT_STORED_SITE_SETTINGS, toFormValues } from "@/lib/settings/schemas";
import { getSiteSettingsForDesk, readSiteSettings, SITE_SETTINGS_KEY, updateSiteSettings } from "@/lib/settings/site";
import { siteInfo } from "@/lib/site";
import { buildNewsArticleJsonLd } from "@/lib/feeds/json-ld";
import { makeActor, makeMedia } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

// The settings are global: this is the only file that changes them, and it removes them at the end.
const KEYS = [SITE_SETTINGS_KEY, "site.name"];
afterAll(async () => {
  await db.setting.deleteMany({ where: { key: { in: KEYS } } });
});
beforeEach(async () => {
  await db.setting.deleteMany({ where: { key: { in: KEYS } } });
});

const invalidations = recordInvalidations();

/** A full, valid form: the defaults with what the test changes. */
function form(changes: Record<string, string> = {}): Record<string, string> {
  return { ...toFormValues(DEFAULT_STORED_SITE_SETTINGS), ...changes };
}

describe("the site settings", () => {
  it("are neutral on a fresh install: the site is called Newsdesk", async () => {
    const settings = await readSiteSettings();
    expect(settings).toEqual(DEFAULT_SITE_SETTINGS);
    expect(settings.name).toBe("Newsdesk");
  });

  it("take the name an older install kept under site.name", async () => {
    await db.setting.create({ data: { key: "site.name", value: "Newshub" } });
    expect((await readSiteSettings()).name).toBe("Newshub");
  });

  it("are saved by an admin, audited with before and after, and stamp every reader page", async () => {
    const admin = await makeActor("ADMIN");
    const logo = await makeMedia({ widths: [480, 960] });
    const saved = await updateSiteSettings(
      admin,
      form({
        name: "  The   Harbour Post ",
        description: "News from the harbour.",
        locale: "fr-FR",
        logoMediaId: logo.id,
        organizationName: "Harbour Media Ltd",
        organizationUrl: "https://harbour.example/about",
        social_x: "@harbourpost",
        social_mastodon: "@post@harbour.social",
        social_bluesky: "harbourpost.bsky.social",
      }),
    );
    expect(saved).toMatchObject({ name: "The Harbour Post", locale: "fr-FR", logoMediaId: logo.id });

    const settings = await readSiteSettings();
    expect(settings.name).toBe("The Harbour Post");
    expect(settings.description).toBe("News from the harbour.");
    expect(settings.locale).toBe("fr-FR");
    expect(settings.logo).toMatchObject({ id: logo.id, url: `/media/${logo.id}/480`, width: 480, height: 320 });
    expect(settings.organization).toMatchObject({ name: "Harbour Media Ltd", url: "https://harbour.example/about" });
    expect(settings.organization.logo?.id).toBe(logo.id);
    expect(settings.social).toEqual([
      { service: "x", label: "X", url: "https://x.com/harbourpost" },
      { service: "bluesky", label: "Bluesky", url: "https://bsky.app/profile/harbourpost.bsky.social" },
      { service: "mastodon", label: "Mastodon", url: "https://harbour.social/@post" },
    ]);

    const audit = await db.auditLog.findMany({ where: { actorId: admin.id, entityId: SITE_SETTINGS_KEY }, select: { action: true, data: true } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "setting.update", data: { before: { name: "Newsdesk" }, after: { name: "The Harbour Post", locale: "fr-FR" } } });
    expect(invalidations.tags).toEqual([READER_TAG]);

    // Saving the same again changes nothing: no audit row, no stamp.
    invalidations.clear();
    await updateSiteSettings(admin, toFormValues(saved));
    expect(await db.auditLog.count({ where: { actorId: admin.id, entityId: SITE_SETTINGS_KEY } })).toBe(1);
    expect(invalidations.tags).toEqual([]);
  });

  it("reach the JSON-LD: the organisation publishes every story, with its logo and social accounts as sameAs", async () => {
    const admin = await makeActor("ADMIN");
    const logo = await makeMedia({ widths: [480] });
    await updateSiteSettings(admin, form({ name: "Harbour Post", organizationName: "Harbour Media", logoMediaId: logo.id, social_x: "https://twitter.com/harbourpost" }));
    const site = siteInfo(await readSiteSettings(), "https://news.example");
    const story = {
      href: "/world/a-story",
      headline: "A story",
      standfirst: "",
      dateline: "",
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      updatedAt: new Date("2026-01-01T00:00:00Z"),
      bylines: [],
      section: { name: "World", slug: "world" },
      tags: [],
      image: null,
    };
    const jsonLd = buildNewsArticleJsonLd(story as unknown as Parameters<typeof buildNewsArticleJsonLd>[0], site);
    expect(jsonLd.publisher).toEqual({
      "@type": "Organization",
      name: "Harbour Media",
      url: "https://news.example/",
      logo: { "@type": "ImageObject", url: `https://news.example/media/${logo.id}/480`, width: 480, height: 320 },
      sameAs: ["https://twitter.com/harbourpost"],
    });
  });

  it("refuse bad input with each field's message and change nothing", async () => {
    const admin = await makeActor("ADMIN");
    await updateSiteSettings(admin, form({ name: "Harbour Post" }));
    const before = await db.setting.findUniqueOrThrow({ where: { key: SITE_SETTINGS_KEY } });
    invalidations.clear();

    const cases: Array<[Record<string, string>, string]> = [
      [{ name: "   " }, "name"],
      [{ name: "x".repeat(81) }, "name"],
      [{ name: "Tab\there" }, "name"],
      [{ description: "y".repeat(301) }, "description"],
      [{ locale: "xx-YY" }, "locale"],
      [{ logoMediaId: "not-an-id" }, "logoMediaId"],
      [{ organizationUrl: "javascript:alert(1)" }, "organizationUrl"],
      [{ organizationUrl: "harbour.example" }, "organizationUrl"],
      [{ social_x: "https://evil.example/harbourpost" }, "social_x"],
      [{ social_x: "not a handle at all" }, "social_x"],
      [{ social_mastodon: "@post" }, "social_mastodon"],
      [{ social_facebook: "javascript:alert(1)" }, "social_facebook"],
    ];
    for (const [changes, field] of cases) {
      const refusal = await updateSiteSettings(admin, form({ name: "Harbour Post", ...changes })).catch((error: unknown) => error);
      expect(refusal, JSON.stringify(changes)).toMatchObject({
        code: "INVALID_INPUT",
        message: "The site settings were not saved: check the highlighted fields. Nothing was changed.",
      });
      expect(Object.keys((refusal as { fieldErrors: Record<string, string[]> }).fieldErrors), JSON.stringify(changes)).toEqual([field]);
    }

    // An image that is not (or no longer) in the library.
    const gone = await makeMedia();
    await db.media.delete({ where: { id: gone.id } });
    await expect(updateSiteSettings(admin, form({ name: "Renamed", faviconMediaId: gone.id }))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      fieldErrors: { faviconMediaId: ["That image is no longer in the media library: choose another, or none."] },
    });

    const after = await db.setting.findUniqueOrThrow({ where: { key: SITE_SETTINGS_KEY } });
    expect(after).toEqual(before);
    expect(invalidations.tags).toEqual([]);
  });

  it("may be changed by admins only: an editor is refused and nothing changes", async () => {
    for (const role of ["EDITOR", "REPORTER", "MODERATOR", "READER"] as const) {
      const actor = await makeActor(role);
      await expect(updateSiteSettings(actor, form({ name: "Taken over" }))).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(getSiteSettingsForDesk(actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(updateSiteSettings(null, form({ name: "Taken over" }))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect((await readSiteSettings()).name).not.toBe("Taken over");
    expect(invalidations.tags).toEqual([]);
  });

  it("read a damaged row leniently: each bad field falls back to its default", async () => {
    await db.setting.create({
      data: { key: SITE_SETTINGS_KEY, value: { name: "Kept", locale: "zz", logoMediaId: "nope", social: { x: "https://x.com/kept", myspace: "https://myspace.com/a", bluesky: "javascript:alert(1)" } } },
    });
    const settings = await readSiteSettings();
    expect(settings).toMatchObject({ name: "Kept", locale: "en-GB", logo: null, description: DEFAULT_SITE_SETTINGS.description });
    expect(settings.social).toEqual([{ service: "x", label: "X", url: "https://x.com/kept" }]);
  });

  it("refresh every reader page when the logo's crop or details change", async () => {
    const admin = await makeActor("ADMIN");
    const logo = await makeMedia();
    const other = await makeMedia();
    await updateSiteSettings(admin, form({ name: "Harbour Post", logoMediaId: logo.id }));
    invalidations.clear();
    await invalidateStoriesShowingMedia(other.id);
    expect(invalidations.tags).not.toContain(READER_TAG);
    await invalidateStoriesShowingMedia(logo.id);
    expect(invalidations.tags).toEqual([READER_TAG]);
  });

  it("offer the library's images to an admin, with the chosen ones", async () => {
    const admin = await makeActor("ADMIN");
    const logo = await makeMedia();
    await updateSiteSettings(admin, form({ name: "Harbour Post", logoMediaId: logo.id }));
    const desk = await getSiteSettingsForDesk(admin);
    expect(desk.stored.logoMediaId).toBe(logo.id);
    expect(desk.images.find((image) => image.id === logo.id)).toMatchObject({ label: "Library alt", url: `/media/${logo.id}/480` });
  });
});
