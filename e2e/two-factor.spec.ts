import { randomUUID } from "node:crypto";

import { expect, test, type Browser, type Page } from "@playwright/test";

import { signUpReader } from "@/lib/accounts/signup";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase } from "./seed";
import { enrolTwoFactor, nextCode, wrongCode } from "./two-factor";
import { freshAddress as freshTestAddress } from "../tests/addresses";

// Two-factor sign-in for staff, in a real browser: enrol on /account, sign out, sign in with a code
// computed here from the key the page showed, a recovery code once, a wrong code refused; and the
// admins' setting that makes it required. Every account is this spec's own (signed up through the
// app's function, then given a staff role): the demo admin has two-factor on since auth.setup.ts,
// so turning the requirement on never locks out the admin other specs use.

const PASSWORD = "a long enough password 3";

const freshAddress = () => freshTestAddress("2f");

async function makeStaff(role: Role) {
  assertLocalDatabase();
  const tag = randomUUID().slice(0, 8);
  const account = await signUpReader({ displayName: `Desk member ${tag}`, email: `desk-${tag}@example.test`, password: PASSWORD }, { address: freshAddress() });
  await db.user.update({ where: { id: account.id }, data: { role }, select: { id: true } });
  return account;
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await context.setExtraHTTPHeaders({ "x-forwarded-for": freshAddress() });
  return context.newPage();
}

async function enterPassword(page: Page, email: string, callbackUrl = "/account"): Promise<void> {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Two-factor code").fill(code);
  await page.getByRole("button", { name: "Verify code" }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.goto("/account");
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
}

test.afterAll(async () => {
  await db.$disconnect();
});

test("a reporter turns on two-factor sign-in, then signs in with a code, a recovery code once, and a wrong code is refused", async ({ browser }) => {
  const staff = await makeStaff("REPORTER");
  const page = await freshPage(browser);
  await enterPassword(page, staff.email);
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const enrolment = await enrolTwoFactor(page);
  expect(new Set(enrolment.recoveryCodes).size).toBe(10);
  const stored = await db.twoFactor.findUniqueOrThrow({ where: { userId: staff.id }, select: { secretEncrypted: true } });
  expect(stored.secretEncrypted).not.toContain(enrolment.secret);
  await page.reload();
  // Shown once: the page no longer lists them.
  await expect(page.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
  await expect(page.getByText("Two-factor sign-in is on")).toBeVisible();
  await signOut(page);

  // The password alone is not enough: the form asks for the code, and a wrong one is refused.
  await enterPassword(page, staff.email, "/desk");
  await expect(page.getByLabel("Two-factor code")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await enterCode(page, wrongCode(enrolment));
  await expect(page.getByRole("alert").filter({ hasText: "code" })).toHaveText("That code is not right.");
  await page.goto("/desk");
  await expect(page).toHaveURL(/\/login/);

  await enterPassword(page, staff.email, "/desk");
  await enterCode(page, nextCode(enrolment));
  await expect(page).toHaveURL(/\/desk$/);
  await expect(page.getByRole("heading", { name: "Stories", level: 1 })).toBeVisible();
  await signOut(page);

  // A recovery code works once.
  const recovery = enrolment.recoveryCodes[0]!;
  await enterPassword(page, staff.email);
  await enterCode(page, recovery);
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await expect(page.getByText("9 of 10 recovery codes left.")).toBeVisible();
  await signOut(page);
  await enterPassword(page, staff.email);
  await enterCode(page, recovery);
  await expect(page.getByRole("alert").filter({ hasText: "code" })).toHaveText("That code is not right.");
  // Wrong codes count as failed sign-ins, like wrong passwords.
  expect(await db.rateLimit.count({ where: { key: { startsWith: `signin-fail:email-ip:${staff.email}|` }, count: { gte: 1 } } })).toBeGreaterThan(0);
  await page.context().close();
});

test("turning two-factor off needs the password and a code", async ({ browser }) => {
  const staff = await makeStaff("MODERATOR");
  const page = await freshPage(browser);
  await enterPassword(page, staff.email);
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const enrolment = await enrolTwoFactor(page);
  await page.reload();
  const security = page.getByRole("region", { name: "Security: two-factor sign-in" });
  await security.getByLabel("Password").fill(PASSWORD);
  await security.getByLabel("Code from your app, or a recovery code").fill(wrongCode(enrolment));
  await security.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(security.getByRole("alert")).toContainText("That code is not right.");
  await security.getByLabel("Password").fill(PASSWORD);
  await security.getByLabel("Code from your app, or a recovery code").fill(enrolment.recoveryCodes[4]!);
  await security.getByRole("button", { name: "Turn off two-factor sign-in" }).click();
  await expect(security.getByRole("button", { name: "Set up two-factor sign-in" })).toBeVisible();
  expect(await db.twoFactor.count({ where: { userId: staff.id } })).toBe(0);
  await page.context().close();
});

test("readers are not offered two-factor sign-in", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("reader") });
  const page = await context.newPage();
  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Security: two-factor sign-in" })).toHaveCount(0);
  await context.close();
});

test.describe("required for admins", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("an admin without it is sent to set it up before any desk page, and the desk refuses their changes until they have", async ({ page, browser }) => {
    const admin = await makeStaff("ADMIN");
    const newcomer = await freshPage(browser);
    await enterPassword(newcomer, admin.email);
    await expect(newcomer.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();

    // Without two-factor of their own, an admin cannot turn the requirement on.
    await newcomer.goto("/desk/settings");
    const mine = newcomer.getByRole("form", { name: "Sign-in settings" });
    await mine.getByLabel("Require two-factor sign-in for admins").check();
    await mine.getByRole("button", { name: "Save sign-in settings" }).click();
    await expect(mine.getByRole("alert")).toContainText("Turn on two-factor sign-in for your own account first");

    // The demo admin, who has it, turns it on.
    await page.goto("/desk/settings");
    const form = page.getByRole("form", { name: "Sign-in settings" });
    try {
      await form.getByLabel("Require two-factor sign-in for admins").check();
      await form.getByRole("button", { name: "Save sign-in settings" }).click();
      await expect(form.getByRole("status")).toContainText("Sign-in settings saved. Admins without two-factor sign-in must set it up");

      for (const path of ["/desk", "/desk/people", "/desk/settings"]) {
        await newcomer.goto(path);
        await expect(newcomer).toHaveURL(/\/account\?twoFactor=required#security$/);
      }
      await expect(newcomer.getByRole("alert").filter({ hasText: "requires two-factor sign-in for admins" })).toBeVisible();
      // Not only the pages: a change through the desk's own endpoints is refused too.
      const upload = await newcomer.request.post("/api/media", { multipart: { file: { name: "x.png", mimeType: "image/png", buffer: Buffer.from("not read") } } });
      expect(upload.status()).toBe(403);
      expect(((await upload.json()) as { error: string }).error).toMatch(/requires two-factor sign-in for admins/);

      await enrolTwoFactor(newcomer);
      await newcomer.goto("/desk/people");
      await expect(newcomer.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
    } finally {
      await page.goto("/desk/settings");
      await page.getByRole("form", { name: "Sign-in settings" }).getByLabel("Require two-factor sign-in for admins").uncheck();
      await page.getByRole("form", { name: "Sign-in settings" }).getByRole("button", { name: "Save sign-in settings" }).click();
      await expect(page.getByRole("form", { name: "Sign-in settings" }).getByRole("status")).toContainText("Two-factor sign-in is up to each admin.");
      await newcomer.context().close();
    }
  });
});
