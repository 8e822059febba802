import { describe, expect, it } from "vitest";

import { DEFAULT_DATE_STYLE, formatDate, formatDateTime } from "@/lib/format";
import { buildSiteJsonLd, organizationJsonLd } from "@/lib/feeds/json-ld";
import {
  DEFAULT_SITE_SETTINGS,
  DEFAULT_STORED_SITE_SETTINGS,
  localeLanguage,
  readStoredSiteSettings,
  siteSettingsInputSchema,
  socialProfileUrl,
  toFormValues,
} from "@/lib/settings/schemas";
import { siteInfo } from "@/lib/site";

describe("socialProfileUrl", () => {
  it("turns a handle into the profile's address", () => {
    expect(socialProfileUrl("x", "@harbourpost")).toBe("https://x.com/harbourpost");
    expect(socialProfileUrl("x", "harbour_post")).toBe("https://x.com/harbour_post");
    expect(socialProfileUrl("bluesky", "@HarbourPost.bsky.social")).toBe("https://bsky.app/profile/harbourpost.bsky.social");
    expect(socialProfileUrl("mastodon", "@post@Harbour.Social")).toBe("https://harbour.social/@post");
    expect(socialProfileUrl("instagram", "harbour.post")).toBe("https://www.instagram.com/harbour.post");
    expect(socialProfileUrl("youtube", "@harbourpost")).toBe("https://www.youtube.com/@harbourpost");
    expect(socialProfileUrl("linkedin", "harbour-media")).toBe("https://www.linkedin.com/company/harbour-media");
  });

  it("keeps a profile address on the service's own host, as https and without its fragment", () => {
    expect(socialProfileUrl("x", "https://twitter.com/harbourpost")).toBe("https://twitter.com/harbourpost");
    expect(socialProfileUrl("facebook", "http://m.facebook.com/harbourpost#about")).toBe("https://m.facebook.com/harbourpost");
    expect(socialProfileUrl("mastodon", "https://harbour.social/@post")).toBe("https://harbour.social/@post");
  });

  it("refuses anything else", () => {
    for (const [service, text] of [
      ["x", "https://evil.example/harbourpost"],
      ["x", "https://x.com.evil.example/harbourpost"],
      ["x", "https://x.com/"],
      ["x", "javascript:alert(1)"],
      ["x", "harbour post"],
      ["x", "a_handle_far_too_long_for_x"],
      ["facebook", "https://user:pass@facebook.com/harbour"],
      ["mastodon", "@post"],
      ["mastodon", "https://harbour.social/about"],
      ["bluesky", "not a domain"],
      ["myspace", "@harbour"],
      ["x", ""],
    ] as const) {
      expect(socialProfileUrl(service, text), `${service}: ${text}`).toBeNull();
    }
  });
});

describe("the site settings form", () => {
  const valid = toFormValues(DEFAULT_STORED_SITE_SETTINGS);

  it("reads a valid form into what is stored", () => {
    const parsed = siteSettingsInputSchema.parse({ ...valid, name: "  Harbour   Post ", social_x: "@harbourpost", social_threads: "" });
    expect(parsed).toEqual({ ...DEFAULT_STORED_SITE_SETTINGS, name: "Harbour Post", social: { x: "https://x.com/harbourpost" } });
  });

  it("names each field at fault", () => {
    const result = siteSettingsInputSchema.safeParse({ ...valid, name: "", locale: "xx", organizationUrl: "ftp://files.example/", social_mastodon: "@nobody" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error!.issues.map((issue) => String(issue.path[0])));
    expect([...fields].sort()).toEqual(["locale", "name", "organizationUrl", "social_mastodon"]);
  });
});

describe("a stored row", () => {
  it("falls back field by field and takes an old install's name", () => {
    expect(readStoredSiteSettings(undefined)).toEqual(DEFAULT_STORED_SITE_SETTINGS);
    expect(readStoredSiteSettings(undefined, "Newshub").name).toBe("Newshub");
    expect(readStoredSiteSettings({ name: "Kept", locale: 3 }, "Newshub")).toMatchObject({ name: "Kept", locale: "en-GB" });
    expect(readStoredSiteSettings(["not", "an", "object"])).toEqual(DEFAULT_STORED_SITE_SETTINGS);
  });
});

describe("the site as pages see it", () => {
  it("is neutral by default: Newsdesk, the site itself as publisher, no sameAs", () => {
    const site = siteInfo(DEFAULT_SITE_SETTINGS, "https://news.example");
    expect(site).toMatchObject({ name: "Newsdesk", language: "en" });
    expect(organizationJsonLd(site)).toEqual({ "@type": "Organization", name: "Newsdesk", url: "https://news.example/" });
  });

  it("gives the organisation, its logo and social accounts to JSON-LD, and the locale's language", () => {
    const site = siteInfo(
      {
        ...DEFAULT_SITE_SETTINGS,
        name: "La Gazette",
        locale: "fr-FR",
        organization: { name: "Gazette SA", url: "https://gazette.example/", logo: { id: "x", url: "/media/x/480", width: 480, height: 120, mimeType: "image/webp" } },
        social: [{ service: "mastodon", label: "Mastodon", url: "https://gazette.social/@gazette" }],
      },
      "https://news.example",
    );
    expect(site.language).toBe("fr");
    const [website, organization] = buildSiteJsonLd(site);
    expect(website).toMatchObject({ "@type": "WebSite", name: "La Gazette", url: "https://news.example/", inLanguage: "fr" });
    expect(organization).toEqual({
      "@context": "https://schema.org",
      "@type": "Organization",
      name: "Gazette SA",
      url: "https://gazette.example/",
      logo: { "@type": "ImageObject", url: "https://news.example/media/x/480", width: 480, height: 120 },
      sameAs: ["https://gazette.social/@gazette"],
    });
  });

  it("writes dates in the locale", () => {
    const date = new Date("2026-11-04T09:30:00Z");
    const style = (locale: string) => ({ locale, timeZone: "UTC" });
    expect(formatDate(date, DEFAULT_DATE_STYLE)).toBe("4 November 2026");
    expect(formatDate(date, style("en-GB"))).toBe("4 November 2026");
    expect(formatDate(date, style("en-US"))).toBe("November 4, 2026");
    expect(formatDate(date, style("fr-FR"))).toBe("4 novembre 2026");
    expect(formatDate(date, style("de-DE"))).toBe("4. November 2026");
    expect(formatDateTime(date, style("en-US"))).toMatch(/^November 4, 2026 at 09:30 (AM )?UTC$/);
    expect(localeLanguage("pt-BR")).toBe("pt");
  });

  it("writes dates in the newsroom's time zone", () => {
    const late = new Date("2026-11-04T23:30:00Z");
    expect(formatDate(late, { locale: "en-GB", timeZone: "UTC" })).toBe("4 November 2026");
    expect(formatDate(late, { locale: "en-GB", timeZone: "Asia/Singapore" })).toBe("5 November 2026");
    expect(formatDateTime(late, { locale: "en-GB", timeZone: "America/New_York" })).toMatch(/^4 November 2026 at 18:30 /);
  });
});
