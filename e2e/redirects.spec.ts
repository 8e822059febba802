import { expect, test } from "@playwright/test";

import { OPEN_REDIRECTS } from "@/tests/security/open-redirects";

import { storageStateFor } from "./fixtures";

// A signed-in visitor opening /login?callbackUrl=… is sent straight on: to the path when it is one
// on this site, to their account page otherwise. None of the known bypasses may take them off the
// site (lib/auth/callback.ts; docs/security.md, "Open redirects").

test.use({ storageState: storageStateFor("reader") });

function loginWith(value: string): string {
  return `/login?callbackUrl=${encodeURIComponent(value)}`;
}

test("no known open-redirect bypass sends a signed-in visitor off the site", async ({ request, baseURL }) => {
  const site = new URL(baseURL!).origin;
  // A lone surrogate cannot be put in a URL at all (lib/auth/callback.test.ts covers it).
  for (const { value, why } of OPEN_REDIRECTS.filter((entry) => entry.value.isWellFormed())) {
    const response = await request.get(loginWith(value), { maxRedirects: 0 });
    expect(response.status(), why).toBeGreaterThanOrEqual(300);
    expect(response.status(), why).toBeLessThan(400);
    const location = response.headers().location ?? "";
    expect(new URL(location, `${site}/login`).origin, `${why}: ${location}`).toBe(site);
  }
});

test("in the browser, the tab, backslash, encoded and dot-segment tricks land on the site", async ({ page, context, baseURL }) => {
  const site = new URL(baseURL!).origin;
  const leftTheSite: string[] = [];
  await context.route((url) => url.hostname.endsWith("evil.test"), async (route) => {
    leftTheSite.push(route.request().url());
    await route.fulfill({ status: 200, contentType: "text/html", body: "<h1>Phished</h1>" });
  });
  const tricks = ["/\t/evil.test/phish", "/\t\\evil.test/phish", "/%09/evil.test/phish", "/\\/evil.test/phish", "/.//evil.test/phish", "//evil.test@newsdesk.test/phish", "https:evil.test/phish", "/\uFF0F\uFF0Fevil.test/phish"];
  for (const trick of tricks) {
    await page.goto(loginWith(trick));
    expect(new URL(page.url()).origin, JSON.stringify(trick)).toBe(site);
    await expect(page.getByRole("heading", { name: "Phished" })).toHaveCount(0);
  }
  expect(leftTheSite).toEqual([]);
  // And a path on the site is kept.
  await page.goto(loginWith("/search?q=flood"));
  await expect(page).toHaveURL(`${site}/search?q=flood`);
});

test("a callback outside Latin-1 is a redirect, not a server error", async ({ page, baseURL }) => {
  const site = new URL(baseURL!).origin;
  for (const value of ["\u3000", "/\u3000", "/\u00e9t\u00e9"]) {
    const response = await page.goto(loginWith(value));
    expect(response?.status(), JSON.stringify(value)).toBeLessThan(500);
    expect(new URL(page.url()).origin).toBe(site);
  }
  await page.goto(loginWith("\u3000"));
  await expect(page).toHaveURL(`${site}/account`);
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
});
