import { expect, test as setup } from "@playwright/test";

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { DEMO_PASSWORD, demoEmail, ROLES, storageStateFor, twoFactorStateFor } from "./fixtures";
import { enrolTwoFactor } from "./two-factor";

// Sign in once per role through the real form (asking for the account page, where every role can
// be seen signed in: without it each role lands on its own work, e2e/desk-board.spec.ts); specs
// reuse the stored cookies. The admin also
// turns on two-factor sign-in, so the spec that makes it required of admins (two-factor.spec.ts)
// never locks out the admin every other spec works as.
for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    await page.goto("/login?callbackUrl=%2Faccount");
    await page.getByLabel("Email").fill(demoEmail(role));
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    mkdirSync(path.dirname(storageStateFor(role)), { recursive: true });
    if (role === "admin") writeFileSync(twoFactorStateFor(role), JSON.stringify(await enrolTwoFactor(page)));
    await page.context().storageState({ path: storageStateFor(role) });
  });
}
