import { expect, test } from "@playwright/test";

test.use({ javaScriptEnabled: false });

test("the front page leads with the newest demo story and links to every section", async ({ page }) => {
  await page.goto("/");
  const sections = page.getByRole("navigation", { name: "Sections" });
  for (const name of ["World", "Asia", "Technology", "Business", "Opinion"]) {
    await expect(sections.getByRole("link", { name, exact: true })).toBeVisible();
  }
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
});

test("a demo story reads like a news story, server-rendered", async ({ page }) => {
  await page.goto("/asia");
  await page.getByRole("main").getByRole("article").first().getByRole("heading").getByRole("link").click();
  const article = page.getByRole("article");
  await expect(article.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await article.getByRole("heading", { level: 2 }).count()).toBeGreaterThanOrEqual(2);
  await expect(article.locator("figure.pull-quote blockquote")).toHaveCount(1);
  await expect(article.locator("figure.pull-quote figcaption")).not.toBeEmpty();
  await expect(article.locator("header").getByText("Newshub Editorial")).toBeVisible();
  await expect(article.locator("header time[datetime]").first()).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
});

// Story pages, the long tail, are kept a day (every change stamps them; comments closing by the
// clock expire them); lists refresh their comment counts every five minutes. A page keeps the
// shortest revalidate time of everything it loads, so one loader with five minutes on the story
// page would bring the whole long tail back to five minutes (docs/caching.md, "Age").
test("a story page is kept a day, a list five minutes", async ({ request }) => {
  const maxAge = async (path: string) => {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const found = /s-maxage=(\d+)/.exec(response.headers()["cache-control"] ?? "");
    return found ? Number(found[1]) : null;
  };
  expect(await maxAge("/world/coastal-states-agree-undersea-cable-accord")).toBe(86_400);
  expect(await maxAge("/world")).toBe(300);
  expect(await maxAge("/")).toBe(300);
});

test("an unknown story or section is a 404", async ({ page }) => {
  expect((await page.goto("/world/no-such-story"))?.status()).toBe(404);
  expect((await page.goto("/no-such-section"))?.status()).toBe(404);
});

test("a top-level page with ?page=N in its address is that page, not a section's page N", async ({ page }) => {
  // next.config.ts rewrites /<section>?page=N to the section's page N; the site's own top-level
  // pages are kept out of that by the list section slugs are checked against (lib/sections/reserved.ts).
  for (const [path, heading] of [
    ["/signup?page=2", "Create an account"],
    ["/login?page=2", "Sign in"],
    ["/corrections?page=2", "Corrections and clarifications"],
  ] as const) {
    expect((await page.goto(path))?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(heading);
  }
});
