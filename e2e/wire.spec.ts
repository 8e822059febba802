import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

// The incoming wire end to end (docs/wire.md): an admin creates a wire source and gets its key, an
// agency posts a ninjs item to the running app's ingest endpoint, an editor finds it in the Wire
// view, opens it as a draft and publishes it, and readers see it credited to the agency. A newer
// version of the item then flags the draft.

test.use({ storageState: storageStateFor("admin") });

async function publishedUrl(page: Page): Promise<string> {
  const slug = await page.getByLabel("Slug").inputValue();
  return `/world/${slug}`;
}

test("a wire item goes from the ingest endpoint to a published, credited story, and a newer version flags the draft", async ({ page, request, browser }) => {
  const tag = Date.now().toString(36);
  const agency = `Coastline Wire ${tag}`;

  await page.goto("/desk/settings");
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Wire sources" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Wire sources" })).toBeVisible();
  await page.getByLabel("Source", { exact: true }).fill(agency);
  await page.getByLabel("Credit", { exact: true }).fill(agency);
  await page.getByRole("button", { name: "Create source" }).click();
  const key = await page.getByTestId("new-wire-key").inputValue();
  expect(key).toMatch(/^nd_/);

  const guid = `urn:e2e:wire:${tag}`;
  const item = (version: number, headline: string) => ({
    uri: guid,
    version: String(version),
    type: "text",
    urgency: 2,
    slugline: `TIDES-${tag}/`,
    located: "Aberdeen",
    by: "Isla Brodie",
    headlines: [{ role: "main", value: headline }],
    descriptions: [{ role: "summary", value: "Harbour masters moved the morning sailings." }],
    bodies: [{ contentType: "text/html", value: "<p>The spring tide reached the quay wall before dawn.</p><p>Sailings resume at noon.</p>" }],
  });
  const headline = `Spring tide reaches the quay wall ${tag}`;
  const created = await request.post("/api/wire/v1/items", { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, data: JSON.stringify(item(1, headline)) });
  expect(created.status()).toBe(201);
  const duplicate = await request.post("/api/wire/v1/items", { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, data: JSON.stringify(item(1, headline)) });
  expect(duplicate.status()).toBe(200);
  const unknown = await request.post("/api/wire/v1/items", { headers: { authorization: "Bearer nd_nobody", "content-type": "application/json" }, data: JSON.stringify(item(1, headline)) });
  expect(unknown.status()).toBe(401);

  await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Wire" }).click();
  const row = page.getByTestId("wire-item").filter({ hasText: headline });
  await expect(row).toContainText(agency);
  await expect(row).toContainText(`TIDES-${tag}/`);
  await expect(row).toContainText("v1");
  await expect(row).toContainText("Urgency 2");
  await row.getByRole("link", { name: headline }).click();
  await expect(page.getByRole("heading", { level: 1, name: headline })).toBeVisible();
  await expect(page.getByTestId("wire-copy")).toContainText("The spring tide reached the quay wall before dawn.");
  await page.getByRole("button", { name: "Open as draft" }).click();

  await expect(page.getByLabel("Headline")).toHaveValue(headline);
  await expect(page.getByLabel("Standfirst")).toHaveValue("Harbour masters moved the morning sailings.");
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "now published" })).toBeVisible();
  const storyUrl = page.url();

  const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const site = await reader.newPage();
  await site.goto(await publishedUrl(page));
  await expect(site.getByRole("heading", { level: 1, name: headline })).toBeVisible();
  await expect(site.getByRole("article").locator("header .byline")).toHaveText(agency);
  await expect(site.getByRole("article").first()).toContainText("Sailings resume at noon.");
  await reader.close();

  // The agency sends version 3: the Wire view shows it, and the draft's editor says so.
  const update = await request.post("/api/wire/v1/items", { headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, data: JSON.stringify(item(3, `${headline}, update`)) });
  expect(update.status()).toBe(201);
  await page.goto("/desk/wire");
  await expect(page.getByTestId("wire-item").filter({ hasText: `${headline}, update` })).toContainText("v3");
  await page.goto(storyUrl);
  const banner = page.getByTestId("wire-update");
  await expect(banner).toContainText("The agency sent version 3");
  await banner.getByRole("link", { name: "See version 3" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `${headline}, update` })).toBeVisible();
});
