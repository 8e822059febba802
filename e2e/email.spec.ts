import { randomUUID } from "node:crypto";

import { expect, test } from "@playwright/test";

import { signUpReader } from "@/lib/accounts/signup";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { linkAfter, rawHeader, waitForMail } from "./mail";
import { publishTestStory } from "./seed";

// Email end to end: the app sends through a real SMTP server the run started (scripts/e2e.ts), and
// each test reads the link out of the message it received, as a person would.

async function newReader(name: string) {
  const run = randomUUID().slice(0, 8);
  const password = `a long first passphrase ${run}`;
  const account = await signUpReader({ displayName: `${name} ${run}`, email: `${name.toLowerCase()}-${run}@example.test`, password }, { address: `192.0.2.${Math.floor(Math.random() * 250) + 1}` });
  return { ...account, password };
}

test("a reader resets their password from the email's link", async ({ page }) => {
  const reader = await newReader("Forgetful");
  await page.goto("/login");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page.getByRole("heading", { name: "Forgot your password?" })).toBeVisible();
  await page.getByLabel("Email").fill(reader.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByRole("status")).toContainText("If that email has an account here, we have sent it a link");

  const mail = await waitForMail(reader.email, /Choose a new password/);
  expect(mail.html).toContain("/login/reset?token=");
  const link = linkAfter(mail, "Choose a new password");
  await page.goto(link);
  const newPassword = `a brand new passphrase ${randomUUID().slice(0, 6)}`;
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("The new password again").fill(newPassword);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password has been changed");

  // The link is spent.
  await page.goto(link);
  await expect(page.getByRole("alert").filter({ hasText: "That link does not work any more" })).toBeVisible();

  // The old password no longer opens the account; the new one does.
  await page.goto("/login?callbackUrl=%2Faccount");
  await page.getByLabel("Email").fill(reader.email);
  await page.getByLabel("Password").fill(reader.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
  await page.getByLabel("Password").fill(newPassword);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(reader.email)).toBeVisible();
});

test("a reply notification arrives and its unsubscribe link works", async ({ browser, page, request }) => {
  const author = await newReader("Commenter");
  const story = await publishTestStory({ prefix: "email-reply", headline: "Ferry fares rise in spring" });
  const parent = await db.comment.create({
    data: { storyId: story.id, authorId: author.id, body: "Will the fares go up for season tickets too?", bodyHash: randomUUID(), status: "APPROVED" },
    select: { id: true },
  });

  // The demo reader replies on the discussion page.
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL, storageState: storageStateFor("reader") });
  const replier = await context.newPage();
  await replier.goto(`${story.href}/comments?reply=${parent.id}`);
  const replyText = `Yes, by five per cent, says the operator. [${randomUUID().slice(0, 6)}]`;
  await replier.getByLabel(`Reply to ${author.displayName}`).fill(replyText);
  await replier.getByRole("button", { name: "Post reply" }).click();
  await expect(replier.getByRole("status")).toHaveText("Your reply is published.");
  await context.close();

  const mail = await waitForMail(author.email, /replied to your comment/);
  expect(mail.text).toContain(replyText);
  expect(mail.html).toContain("Read the reply");
  expect(rawHeader(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  const listUnsubscribe = rawHeader(mail, "List-Unsubscribe") ?? "";
  expect(listUnsubscribe).toMatch(/^<http.+\/account\/unsubscribe\/one-click\?token=.+>$/);

  // The link in the mail: one button, no sign-in.
  await page.goto(linkAfter(mail, "Stop emails about replies to your comments"));
  await expect(page.getByText("Stop the emails we send you about replies to your comments?")).toBeVisible();
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("status")).toContainText("we will not email you about replies to your comments any more");
  await expect.poll(async () => (await db.user.findUniqueOrThrow({ where: { id: author.id }, select: { emailOnReply: true } })).emailOnReply).toBe(false);
  expect((await db.user.findUniqueOrThrow({ where: { id: author.id }, select: { emailOnDecision: true } })).emailOnDecision).toBe(true);

  // A mail client's own one-click unsubscribe: a POST to the List-Unsubscribe address.
  const header = /<([^>]+)>/.exec(listUnsubscribe)?.[1] ?? "";
  const oneClick = await request.post(header, { form: { "List-Unsubscribe": "One-Click" } });
  expect(oneClick.status()).toBe(200);
});
