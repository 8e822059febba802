import { expect, test } from "@playwright/test";

import { DEMO_PASSWORD } from "./fixtures";

test.describe("signing in", () => {
  test("a wrong password gets one generic message and no session", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("editor@demo.newsdesk");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "match" })).toHaveText("That email and password do not match an account.");
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdesk/);
  });

  test("an unknown email gets the same message as a wrong password", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("nobody@demo.newsdesk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "match" })).toHaveText("That email and password do not match an account.");
  });

  test("a moderator signs in, lands on their work (the desk holds no stories for them), and signs out", async ({ page }) => {
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill("moderator@demo.newsdesk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/desk\/moderation$/);
    await expect(page.getByRole("heading", { name: "Moderation", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a reader's account page says who is signed in, from any reader page's header", async ({ page }) => {
    await page.goto("/world");
    await page.getByRole("link", { name: "Your account" }).click();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
    await page.getByLabel("Email").fill("reader@demo.newsdesk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    await expect(page.getByRole("definition").filter({ hasText: "reader@demo.newsdesk" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open the desk" })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto("/account");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
  });
});
