// Two-factor sign-in through the account page, for the specs and the admin's setup: the test
// reads the key the page shows and computes the codes from it, as an authenticator app would.

import { expect, type Page } from "@playwright/test";

import { totpCode, totpStep } from "@/lib/auth/totp";

export interface Enrolment {
  secret: string;
  recoveryCodes: string[];
  /** The time step of the code that turned it on: a code is only taken for a later step. */
  lastStep: number;
}

/** Sets up two-factor sign-in on /account (signed in as staff) and returns the key and recovery codes. */
export async function enrolTwoFactor(page: Page): Promise<Enrolment> {
  await page.goto("/account#security");
  const security = page.getByRole("region", { name: "Security: two-factor sign-in" });
  await security.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(security.getByRole("img", { name: "QR code of the key" })).toBeVisible();
  const uri = await security.locator("code").filter({ hasText: "otpauth://" }).textContent();
  const secret = new URL(uri ?? "").searchParams.get("secret") ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // The key as text is the same key, grouped for copying by hand.
  await expect(security.locator("code").first()).toHaveText(secret.replace(/(.{4})/g, "$1 ").trim());
  const now = Date.now();
  await security.getByLabel("Code from your app").fill(totpCode(secret, now));
  await security.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = security.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  return { secret, recoveryCodes: await codes.allTextContents(), lastStep: totpStep(now) };
}

/** A code for the step after the last one used (the server takes one step either side of its own). */
export function nextCode(enrolment: Enrolment): string {
  const step = Math.max(enrolment.lastStep + 1, totpStep(Date.now()));
  enrolment.lastStep = step;
  return totpCode(enrolment.secret, step * 30_000);
}

/** A code that is right for no step near now. */
export function wrongCode(enrolment: Enrolment): string {
  return totpCode(enrolment.secret, Date.now() + 20 * 30_000);
}
