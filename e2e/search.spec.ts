import { expect, test } from "@playwright/test";

// Search works as a plain GET form: no JavaScript needed.
test.use({ javaScriptEnabled: false });

const TYPHOON_HEADLINE = "Typhoon Halden forces 60,000 from their homes as seawater floods the Kestrel delta";

test("a reader searches from the header, sees the match highlighted and opens the story", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("banner").getByRole("link", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole("status")).toHaveCount(0);

  const form = page.getByRole("search");
  // "flooding" finds "floods": the search is by word stem.
  await form.getByRole("searchbox", { name: "Search" }).fill("typhoon flooding");
  await form.getByRole("button", { name: "Search" }).click();

  await expect(page).toHaveURL(/\/search\?q=typhoon(\+|%20)flooding$/);
  await expect(page).toHaveTitle(/^Search: typhoon flooding/);
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(page.getByRole("status")).toContainText(/\d+ results? for “typhoon flooding”/);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("typhoon flooding");

  const result = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: TYPHOON_HEADLINE }) });
  await expect(result).toHaveCount(1);
  await expect(result.getByRole("heading", { level: 2 }).locator("mark")).toHaveText(["Typhoon", "floods"]);
  await expect(result.getByText("Asia", { exact: true })).toBeVisible();
  await expect(result.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
  // The snippet quotes the story with its matches marked.
  await expect(result.locator("p mark").first()).toBeVisible();

  await result.getByRole("link", { name: TYPHOON_HEADLINE }).click();
  await expect(page).toHaveURL(/\/asia\/typhoon-halden-floods-kestrel-delta$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TYPHOON_HEADLINE);
});

test("a search with no matches says so", async ({ page }) => {
  const response = await page.goto("/search?q=zzqxjv");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("status")).toHaveText("No stories match “zzqxjv”.");
  await expect(page.getByRole("main").getByRole("list")).toHaveCount(0);
});

test("a 10 KB query and operator soup give an ordinary page, never an error", async ({ page }) => {
  const long = "typhoon ".repeat(1_280);
  const longResponse = await page.goto(`/search?q=${encodeURIComponent(long)}`);
  expect(longResponse?.status()).toBe(200);
  // Cut to 200 characters and searched: still the typhoon story.
  await expect(page.getByRole("link", { name: TYPHOON_HEADLINE })).toBeVisible();
  expect((await page.getByRole("searchbox", { name: "Search" }).inputValue()).length).toBeLessThanOrEqual(200);

  const soup = `"AND OR NOT - :* \\ '; DROP TABLE "Story"; -- <script>alert(1)</script> ) ( 🌊 "`;
  const soupResponse = await page.goto(`/search?q=${encodeURIComponent(soup)}`);
  expect(soupResponse?.status()).toBe(200);
  await expect(page.getByRole("status")).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue(soup.trim().replace(/\s+/g, " "));
  // The query is shown as text, never as markup.
  await expect(page.locator("main script")).toHaveCount(0);

  for (const odd of ['"', "%00", ":*", "\\", "🌀"]) {
    const response = await page.goto(`/search?q=${encodeURIComponent(odd)}`);
    expect(response?.status(), odd).toBe(200);
  }
});

test("odd page numbers give page 1 or an empty page", async ({ page }) => {
  for (const odd of ["abc", "-1", "0", "1.5", "%00"]) {
    const response = await page.goto(`/search?q=typhoon&page=${odd}`);
    expect(response?.status(), odd).toBe(200);
    await expect(page.getByRole("link", { name: TYPHOON_HEADLINE })).toBeVisible();
  }
  const past = await page.goto("/search?q=typhoon&page=999999");
  expect(past?.status()).toBe(200);
  await expect(page.getByRole("status")).toHaveText("There are no more results for “typhoon”.");
  await page.getByRole("link", { name: "Back to the first page of results" }).click();
  await expect(page).toHaveURL(/\/search\?q=typhoon$/);
  await expect(page.getByRole("link", { name: TYPHOON_HEADLINE })).toBeVisible();
});
