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

  test("a moderator signs in, lands where they were going, and signs out", async ({ page }) => {
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill("moderator@demo.newsdesk");
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/desk$/);
    await expect(page.getByRole("heading", { name: "Stories", level: 1 })).toBeVisible();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
    await page.goto("/desk");
    await expect(page).toHaveURL(/\/login/);
  });
});
