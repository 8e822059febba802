import { expect, test as setup } from "@playwright/test";

import { DEMO_PASSWORD, demoEmail, ROLES, storageStateFor } from "./fixtures";

// Sign in once per role through the real form; specs reuse the stored cookies.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(demoEmail(role));
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
