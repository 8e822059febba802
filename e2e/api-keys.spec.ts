import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

import { storageStateFor } from "./fixtures";
import { publishTestStory } from "./seed";

// An admin makes an API key at /desk/integrations, an integration reads the Content API with it,
// the desk shows when it was last used, and once revoked the key is refused.

test.use({ storageState: storageStateFor("admin") });

test("an admin creates a key in the desk, the key reads the Content API, and revoking it shuts it out", async ({ page, request }) => {
  const story = await publishTestStory({ prefix: "api-e2e", headline: "The ferry timetable changes", paragraph: "Ferries leave every hour." });
  const name = `Wire partner ${story.slug.slice(-8)}`;

  await page.goto("/desk");
  await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Settings" }).click();
  await page.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Integrations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Integrations" })).toBeVisible();
  await page.getByLabel("Integration", { exact: true }).fill(name);
  await page.getByLabel("Read only (Content API)").check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Copy it now: it is shown only once.")).toBeVisible();
  const key = await page.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^nd_/);
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText("Never used");
  await expect(row).toContainText(key.slice(0, 10));

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = axe.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => violation.id);
  expect(blocking).toEqual([]);

  // The integration reads the story, with its body as HTML, and revalidates with the ETag.
  const one = await request.get(`/api/content/v1/stories/${story.slug}?fields=id,headline,publishedAt,bodyHtml&include=section`, { headers: { authorization: `Bearer ${key}` } });
  expect(one.status()).toBe(200);
  const { data } = (await one.json()) as { data: { id: string; headline: string; publishedAt: string; bodyHtml: string; section: { slug: string } } };
  expect(data).toMatchObject({ id: story.id, headline: story.headline, bodyHtml: "<p>Ferries leave every hour.</p>" });
  const day = data.publishedAt.slice(0, 10);
  const list = await request.get(`/api/content/v1/stories?section=${data.section.slug}&from=${day}&to=${day}&limit=100&fields=id`, { headers: { "x-api-key": key } });
  expect(list.status()).toBe(200);
  expect(((await list.json()) as { data: Array<{ id: string }> }).data.map((item) => item.id)).toContain(story.id);
  const etag = list.headers()["etag"];
  expect(etag).toBeTruthy();
  const again = await request.get(`/api/content/v1/stories?section=${data.section.slug}&from=${day}&to=${day}&limit=100&fields=id`, { headers: { "x-api-key": key, "if-none-match": etag! } });
  expect(again.status()).toBe(304);
  const unknownField = await request.get("/api/content/v1/stories?fields=secret", { headers: { "x-api-key": key } });
  expect(unknownField.status()).toBe(400);
  expect(((await unknownField.json()) as { error: { code: string } }).error.code).toBe("INVALID_PARAMETER");

  // Use is recorded by the app every 200 ms, not per request: look again until it shows.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Last used", { timeout: 1000 });
  }).toPass();

  await page.getByTestId("api-key-row").filter({ hasText: name }).getByText("Revoke…", { exact: true }).click();
  await page.getByRole("button", { name: `Revoke the key of ${name}` }).click();
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("Revoked");
  const refused = await request.get(`/api/content/v1/stories/${story.slug}`, { headers: { authorization: `Bearer ${key}` } });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("KEY_REVOKED");
});
