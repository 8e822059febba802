import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

async function writeStory(page: Page, headline: string) {
  await page.goto("/desk");
  await page.getByRole("link", { name: "New story" }).click();
  // The body editor mounts on the client: once it is there, the form is live.
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  await page.getByLabel("Headline").fill(headline);
  await page.getByLabel("Standfirst").fill("Councillors backed the plan after a four-hour debate.");
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByLabel("Dateline and desk").fill("Europe");
  const body = page.getByRole("textbox", { name: "Body" });
  await body.click();
  await page.keyboard.type("The harbour council voted on Tuesday to rebuild the old sea wall.");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Subheading", exact: true }).click();
  await page.keyboard.type("What the vote means");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Work is due to start in the spring.");
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Quote", exact: true }).click();
  await page.keyboard.type("We could not wait another winter.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
}

test.describe("an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("writes, saves and publishes a story that readers then see without JavaScript", async ({ page, browser }) => {
    const headline = `Harbour council backs new sea wall ${Date.now()}`;
    await writeStory(page, headline);
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
    await expect(page.getByRole("status").filter({ hasText: "now published" })).toBeVisible();

    const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
    const site = await reader.newPage();
    await site.goto("/");
    await site.getByRole("link", { name: headline }).click();
    const article = site.getByRole("article");
    // The story's own header: a story this test published before (a repeat) may be among the related stories.
    const header = article.locator("header").first();
    await expect(header.getByRole("heading", { level: 1 })).toHaveText(headline);
    await expect(header.getByText("Councillors backed the plan after a four-hour debate.")).toBeVisible();
    await expect(article.getByRole("heading", { level: 2, name: "What the vote means" })).toBeVisible();
    await expect(article.locator("blockquote")).toHaveText("We could not wait another winter.");
    await expect(header.getByText("Marguerite Vell")).toBeVisible();
    await expect(header.getByText("in Europe")).toBeVisible();
    const published = article.locator("header time[datetime]").first();
    const datetime = await published.getAttribute("datetime");
    expect(Date.now() - Date.parse(datetime ?? "")).toBeLessThan(10 * 60_000);
    await reader.close();
  });

  test("is told what is wrong with a story that cannot be saved", async ({ page }) => {
    // A draft needs nothing but some text: with none at all, Save says what is missing.
    await page.goto("/desk/stories/new");
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await page.getByLabel("Headline", { exact: true }).fill("   ");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "attention" })).toContainText("Some fields need attention.");
    await expect(page.getByLabel("Headline", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Write something first: a draft needs a headline, a standfirst or some body text.")).toBeVisible();
    await expect(page).toHaveURL(/\/desk\/stories\/new$/);
  });
});

test.describe("a reporter", () => {
  test.use({ storageState: storageStateFor("reporter") });

  test("can write and submit a story for review but has no Publish button", async ({ page }) => {
    const headline = `Reporter draft ${Date.now()}`;
    await writeStory(page, headline);
    await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page.getByRole("status").filter({ hasText: "now in review" })).toBeVisible();
    await page.goto("/desk");
    const row = page.getByRole("row").filter({ hasText: headline });
    await expect(row.getByRole("cell").nth(1)).toHaveText("In review");
    // The story is not on the reader site.
    await page.goto("/");
    await expect(page.getByRole("link", { name: headline })).toHaveCount(0);
  });
});

test.describe("a reader", () => {
  test.use({ storageState: storageStateFor("reader") });

  test("cannot open the desk", async ({ page }) => {
    const response = await page.goto("/desk");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
    const newStory = await page.goto("/desk/stories/new");
    expect(newStory?.status()).toBe(403);
  });
});

test("an anonymous visitor is sent to sign in", async ({ page }) => {
  await page.goto("/desk/stories/new");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdesk/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});
