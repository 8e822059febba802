import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

async function writeDraft(page: Page, headline: string): Promise<string> {
  await page.goto("/desk/stories/new");
  // The body editor only exists once the page has hydrated: type there first so nothing typed
  // into the other fields is lost to hydration.
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.type("The ferry company wants to double its summer crossings.");
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Standfirst").fill("The plan goes to a public vote next month.");
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  return new URL(page.url()).pathname.split("/").at(-1) ?? "";
}

// Any well-formed id: sign-in and role are checked before the story is looked up.
const SOME_ID = "00000000-0000-4000-8000-000000000000";

test.describe("an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("previews a draft as readers will see it, at a page only staff who may open the story can see", async ({ page, browser }) => {
    const headline = `Ferry timetable doubles in summer ${Date.now()}`;
    const id = await writeDraft(page, headline);

    await page.getByRole("navigation", { name: "Story" }).getByRole("link", { name: "Preview" }).click();
    await expect(page).toHaveURL(new RegExp(`/preview/${id}$`));
    await expect(page.getByRole("note")).toContainText("Preview — Draft. Readers cannot see this page.");
    const article = page.getByRole("article");
    await expect(article.getByRole("heading", { level: 1 })).toHaveText(headline);
    await expect(article.getByText("The plan goes to a public vote next month.")).toBeVisible();
    await expect(article.getByText("The ferry company wants to double its summer crossings.")).toBeVisible();
    await expect(article.getByText("Marguerite Vell")).toBeVisible();
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    // Never kept by a browser or a shared cache (the request carries this page's session).
    const direct = await page.request.get(`/preview/${id}`, { maxRedirects: 0 });
    expect(direct.status()).toBe(200);
    expect(direct.headers()["cache-control"]).toMatch(/private.*no-store|no-store.*private/);

    // The story is not on the reader site, and corrections wait until it is published.
    await page.goto("/");
    await expect(page.getByRole("link", { name: headline })).toHaveCount(0);
    await page.goto(`/desk/stories/${id}/corrections`);
    await expect(page.getByText("Corrections can only be added to a published story, and this story is a draft.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add correction" })).toHaveCount(0);

    // A reporter may only preview their own stories.
    const reporter = await browser.newContext({ storageState: storageStateFor("reporter"), baseURL: test.info().project.use.baseURL });
    const reporterPage = await reporter.newPage();
    expect((await reporterPage.goto(`/preview/${id}`))?.status()).toBe(403);
    await reporter.close();
  });
});

test.describe("a reader", () => {
  test.use({ storageState: storageStateFor("reader") });

  test("is refused a preview", async ({ page }) => {
    const response = await page.goto(`/preview/${SOME_ID}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  });
});

test("an anonymous visitor is sent to sign in from a preview", async ({ page }) => {
  await page.goto(`/preview/${SOME_ID}`);
  await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=%2Fpreview%2F${SOME_ID}$`));
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
