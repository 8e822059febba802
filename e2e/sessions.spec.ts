import { randomUUID } from "node:crypto";

import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";

import { signUpReader } from "@/lib/accounts/signup";
import { authenticate, MAX_PAIR_FAILURES } from "@/lib/auth/sign-in";
import { db } from "@/lib/db";
import { addressLimitKey } from "@/lib/http/forwarded.mjs";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, publishTestStory } from "./seed";
import { freshAddress as freshTestAddress } from "../tests/addresses";

// Sessions are rows: signing out, ending a session on /account, changing the password and an
// admin's "Sign out everywhere" end them, and a copy of the cookie stops working with them. Every
// account here is a reader this spec signs up through the app's own function.

const PASSWORD = "a long enough password 2";

const freshAddress = () => freshTestAddress("5e");

async function makeReader(name: string) {
  assertLocalDatabase();
  const tag = randomUUID().slice(0, 8);
  return signUpReader({ displayName: `${name} ${tag}`, email: `${name.toLowerCase().replaceAll(" ", "-")}-${tag}@example.test`, password: PASSWORD }, { address: freshAddress() });
}

/** A browser of its own (no stored cookies), from an address of its own, signed in through the form. */
async function signIn(browser: Browser, email: string, options: { password?: string; address?: string; userAgent?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, ...(options.userAgent ? { userAgent: options.userAgent } : {}) });
  await context.setExtraHTTPHeaders({ "x-forwarded-for": options.address ?? freshAddress() });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(options.password ?? PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  return page;
}

async function expectSignedOut(page: Page): Promise<void> {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Faccount/);
}

async function copyOf(context: BrowserContext, browser: Browser): Promise<Page> {
  const copy = await browser.newContext({ storageState: await context.storageState() });
  return copy.newPage();
}

test.afterAll(async () => {
  await db.$disconnect();
});

test("a cookie copied before signing out no longer works afterwards, on pages and on the comment endpoint", async ({ browser }) => {
  const reader = await makeReader("Replay");
  const page = await signIn(browser, reader.email);
  const story = await publishTestStory({ prefix: "sessions-e2e", headline: "The ferry timetable changes" });
  const copy = await copyOf(page.context(), browser);
  // The copy works while the session stands.
  await copy.goto("/account");
  await expect(copy.getByRole("definition").filter({ hasText: reader.email })).toBeVisible();

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  await expectSignedOut(copy);
  const origin = new URL(copy.url()).origin;
  const posted = await copy.request.post(`/api/stories/${story.id}/comments`, { headers: { Origin: origin }, data: { body: "Posted with a copied cookie" } });
  expect(posted.status()).toBe(401);
  expect(await db.comment.count({ where: { authorId: reader.id } })).toBe(0);
  expect(await db.session.findMany({ where: { userId: reader.id }, select: { revokedWhy: true } })).toEqual([{ revokedWhy: "sign-out" }]);
  await page.context().close();
  await copy.context().close();
});

test("the account page lists where the person is signed in, ends one session, then every other one", async ({ browser }) => {
  const reader = await makeReader("Devices");
  const phone = await signIn(browser, reader.email, {
    userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  });
  const tablet = await signIn(browser, reader.email, { userAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0" });
  const laptopAddress = freshAddress();
  const laptop = await signIn(browser, reader.email, { address: laptopAddress });

  const sessions = laptop.getByRole("region", { name: "Where you are signed in" }).getByRole("listitem");
  await expect(sessions).toHaveCount(3);
  await expect(sessions.first()).toContainText("This device");
  // Addresses are kept as the limits key them: an IPv6 client as its /64 (lib/http/forwarded.mjs).
  await expect(sessions.first()).toContainText(addressLimitKey(laptopAddress));
  await expect(sessions.filter({ hasText: "Safari on iPhone" })).toHaveCount(1);
  await expect(sessions.filter({ hasText: "Firefox on Linux" })).toHaveCount(1);

  await sessions.filter({ hasText: "Safari on iPhone" }).getByRole("button", { name: /^End the session/ }).click();
  await expect(sessions).toHaveCount(2);
  await expectSignedOut(phone);
  await tablet.reload();
  await expect(tablet.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();

  await laptop.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(laptop.getByRole("status").filter({ hasText: "Signed out everywhere else (1 session)." })).toBeVisible();
  await expect(sessions).toHaveCount(1);
  await expectSignedOut(tablet);
  await laptop.reload();
  await expect(laptop.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  for (const page of [phone, tablet, laptop]) await page.context().close();
});

test("changing the password needs the current one, keeps the sign-up rules, and signs out every other session", async ({ browser }) => {
  const reader = await makeReader("Rekey");
  const elsewhere = await signIn(browser, reader.email);
  const here = await signIn(browser, reader.email);
  const form = here.getByRole("region", { name: "Change password" });

  await form.getByLabel("Current password").fill("not my password");
  await form.getByLabel("New password").fill("a fresh passphrase for me");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("alert")).toHaveText("That is not your current password.");

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password").fill("short");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.locator("#newPassword-error")).toHaveText("Use a password of at least 12 characters.");
  await elsewhere.reload();
  await expect(elsewhere.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();

  await form.getByLabel("Current password").fill(PASSWORD);
  await form.getByLabel("New password").fill("a fresh passphrase for me");
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Your password has been changed. Your other session has been signed out.");
  await expectSignedOut(elsewhere);
  await here.reload();
  await expect(here.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
  const again = await signIn(browser, reader.email, { password: "a fresh passphrase for me" });
  for (const page of [elsewhere, here, again]) await page.context().close();
});

test.describe("as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("“Sign out everywhere” on the people page ends every session of that person", async ({ page, browser }) => {
    const reader = await makeReader("Lost laptop");
    const first = await signIn(browser, reader.email);
    const second = await signIn(browser, reader.email);
    await page.goto(`/desk/people?q=${encodeURIComponent(reader.email)}`);
    // The person's own panel holds every change to them.
    await page.getByRole("row").filter({ hasText: reader.email }).getByRole("link", { name: reader.displayName }).click();
    const sessions = page.getByRole("form", { name: "Sessions" });
    await sessions.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(sessions.getByRole("status")).toHaveText(`${reader.displayName} is signed out everywhere (2 sessions).`);
    await expectSignedOut(first);
    await expectSignedOut(second);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: reader.id, action: "user.signOutEverywhere" }, select: { data: true } });
    expect(audit.data).toEqual({ ended: 2 });
    // They can sign in again.
    const back = await signIn(browser, reader.email);
    for (const p of [first, second, back]) await p.context().close();
  });

  test("failures from another address do not lock the owner out; the lockout shows on the admins' lockouts page", async ({ page, browser }) => {
    const reader = await makeReader("Target");
    const attacker = freshAddress();
    for (let i = 0; i < MAX_PAIR_FAILURES; i += 1) {
      expect((await authenticate({ email: reader.email, password: `guess ${i}` }, { address: addressLimitKey(attacker), sleep: async () => {} })).ok).toBe(false);
    }
    // From the attacker's address, even the right password is refused now.
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    await context.setExtraHTTPHeaders({ "x-forwarded-for": attacker });
    const refused = await context.newPage();
    await refused.goto("/login");
    await refused.getByLabel("Email").fill(reader.email);
    await refused.getByLabel("Password").fill(PASSWORD);
    await refused.getByRole("button", { name: "Sign in" }).click();
    await expect(refused.getByRole("alert").filter({ hasText: "Too many" })).toContainText("Too many failed sign-in attempts for this account from your network.");
    await expect(refused.getByLabel("Two-factor code")).toBeVisible();
    await context.close();

    // The owner, on their own address, signs in.
    const owner = await signIn(browser, reader.email);
    await owner.context().close();

    await page.goto("/desk/people");
    await page.getByRole("link", { name: "Recent sign-in lockouts" }).click();
    await expect(page.getByRole("heading", { name: "Sign-in lockouts", level: 1 })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: reader.email });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(addressLimitKey(attacker));
    await expect(row).toContainText("(in force)");
    await expect(row).toContainText("That account, from that address");
  });
});
