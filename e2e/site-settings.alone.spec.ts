// The site settings (/desk/settings, admins): the name every reader page shows, the logo in the
// header, the favicon, the locale dates are written in and the social accounts in the footer. It
// changes what every page shows, so it runs alone (playwright.config.ts, project "alone"), and puts
// the demo's settings back at the end.

import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { SITE_SETTINGS_KEY } from "@/lib/settings/site";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, publishTestStory } from "./seed";

test.use({ storageState: storageStateFor("admin") });

let saved: Prisma.InputJsonValue | null = null;

test.beforeAll(async () => {
  assertLocalDatabase();
  const row = await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY }, select: { value: true } });
  saved = (row?.value ?? null) as Prisma.InputJsonValue | null;
});

test.afterAll(async () => {
  // The demo's settings again, and every reader page told, as the desk would.
  if (saved === null) await db.setting.deleteMany({ where: { key: SITE_SETTINGS_KEY } });
  else await db.setting.update({ where: { key: SITE_SETTINGS_KEY }, data: { value: saved } });
  await invalidateReaderCache([READER_TAG]);
});

function siteForm(page: Page) {
  return page.getByRole("form", { name: "Site settings" });
}

test("an admin renames the site, adds a logo, a locale and social accounts, and readers see them", async ({ page, browser }) => {
  const story = await publishTestStory({ prefix: "site-settings", headline: `Harbour settings story ${randomUUID().slice(0, 8)}` });
  const name = `Harbour Post ${randomUUID().slice(0, 6)}`;

  // A logo in the media library first.
  const png = await sharp({ create: { width: 600, height: 150, channels: 3, background: { r: 20, g: 40, b: 90 } } }).png().toBuffer();
  const upload = await page.request.post("/api/media", { multipart: { file: { name: "logo.png", mimeType: "image/png", buffer: png }, alt: "Harbour Post logo" } });
  expect(upload.status()).toBe(201);
  const logo = (await upload.json()) as { id: string };

  await page.goto("/desk/settings");
  const form = siteForm(page);
  await form.getByLabel("Site name").fill(name);
  await form.getByLabel("Description", { exact: true }).fill("News from the harbour, every day.");
  await form.getByLabel("Logo", { exact: true }).selectOption(logo.id);
  await form.getByLabel("Favicon").selectOption(logo.id);
  await form.getByLabel("Language and region for dates").selectOption("en-US");
  await form.getByLabel("Organisation name").fill("Harbour Media Ltd");
  await form.getByLabel("X", { exact: true }).fill("@harbourpost");
  await form.getByLabel("Mastodon").fill("@post@harbour.social");
  await form.getByRole("button", { name: "Save site settings" }).click();
  await expect(form.getByRole("status")).toHaveText("Site settings saved. Every reader page shows them within a few seconds.");
  // The form shows what was stored: the handle as the profile's address.
  await expect(form.getByLabel("X", { exact: true })).toHaveValue("https://x.com/harbourpost");

  // A reader, signed out: the front page and a story page show the new name, logo and accounts.
  const reader = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const home = await reader.newPage();
  await home.goto("/");
  const masthead = home.getByRole("banner").getByRole("link", { name });
  await expect(masthead).toBeVisible();
  await expect(home.getByRole("banner").getByRole("img", { name })).toHaveAttribute("src", `/media/${logo.id}/480`);
  await expect(home).toHaveTitle(name);
  await expect(home.locator('link[rel="icon"]')).toHaveAttribute("href", `/media/${logo.id}/480`);
  const footer = home.getByRole("contentinfo");
  await expect(footer).toContainText(`${name} — published with Newsdesk.`);
  await expect(footer.getByRole("link", { name: "X", exact: true })).toHaveAttribute("href", "https://x.com/harbourpost");
  await expect(footer.getByRole("link", { name: "Mastodon" })).toHaveAttribute("href", "https://harbour.social/@post");

  await home.goto(story.href);
  await expect(home.getByRole("banner").getByRole("img", { name })).toBeVisible();
  await expect(home).toHaveTitle(`${story.headline} · ${name}`);
  // Dates in the locale chosen: "December 6, 2026", not "6 December 2026".
  await expect(home.getByRole("article").locator("header time").first()).toHaveText(/^[A-Z][a-z]+ \d{1,2}, \d{4}$/);
  const jsonLd = JSON.parse((await home.locator('script[type="application/ld+json"]').first().textContent()) ?? "{}") as { publisher: unknown };
  expect(jsonLd.publisher).toMatchObject({
    "@type": "Organization",
    name: "Harbour Media Ltd",
    sameAs: ["https://x.com/harbourpost", "https://harbour.social/@post"],
  });
  await reader.close();

  // Audited.
  const audit = await db.auditLog.findFirst({ where: { entityId: SITE_SETTINGS_KEY, action: "setting.update" }, orderBy: { createdAt: "desc" }, select: { data: true } });
  expect(audit?.data).toMatchObject({ after: { name, locale: "en-US", logoMediaId: logo.id } });
});

test("bad input is refused with a message on each field, and nothing changes", async ({ page }) => {
  await page.goto("/desk/settings");
  const form = siteForm(page);
  const before = await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY }, select: { value: true, updatedAt: true } });
  const currentName = await form.getByLabel("Site name").inputValue();

  await form.getByLabel("Site name").fill("   ");
  await form.getByLabel("Organisation web address").fill("javascript:alert(1)");
  await form.getByLabel("Mastodon").fill("@nobody");
  await form.getByRole("button", { name: "Save site settings" }).click();

  await expect(form.getByRole("alert").first()).toHaveText("The site settings were not saved: check the highlighted fields. Nothing was changed.");
  await expect(form.getByLabel("Site name")).toHaveAttribute("aria-invalid", "true");
  // The first field at fault takes the focus, so its message is read and in sight.
  await expect(form.getByLabel("Site name")).toBeFocused();
  await expect(form.getByText("Give the site a name.")).toBeVisible();
  await expect(form.getByText("Give the organisation's web address in full, starting with https:// (or http://).")).toBeVisible();
  await expect(form.getByText("Give the account as @name@server.social or the full https:// address of the profile.")).toBeVisible();
  // What was typed stays, to be corrected.
  await expect(form.getByLabel("Mastodon")).toHaveValue("@nobody");

  expect(await db.setting.findUnique({ where: { key: SITE_SETTINGS_KEY }, select: { value: true, updatedAt: true } })).toEqual(before);
  await page.goto("/");
  await expect(page.getByRole("banner").getByRole("link").first()).toHaveAccessibleName(currentName);
});

test("an editor cannot open the settings", async ({ browser }) => {
  const editor = await browser.newContext({ storageState: storageStateFor("editor") });
  const page = await editor.newPage();
  const response = await page.goto("/desk/settings");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("form", { name: "Site settings" })).toHaveCount(0);
  await editor.close();
});
