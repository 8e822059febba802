import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";

import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";

import { signUpReader } from "@/lib/accounts/signup";
import { loadActor } from "@/lib/auth/actor";
import { postComment } from "@/lib/comments/post";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { assertLocalDatabase, publishTestStory } from "./seed";

// Issue 13, "Media an editor can trust" and "People and settings": duplicates offered back, the
// focal point set by keyboard, confirmation before promotion to admin and bans, moderators
// suspending from the queue, and the people and media pages on a phone.

const PASSWORD = "a long enough password 1";

async function makeReader(name: string) {
  assertLocalDatabase();
  const tag = randomUUID().slice(0, 8);
  return signUpReader(
    { displayName: `${name} ${tag}`, email: `${name.toLowerCase()}-${tag}@example.test`, password: PASSWORD },
    { address: `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` },
  );
}

/** A PNG of its own: a random colour, so no other test's upload is the same file. */
async function pngFile(name: string, width: number, height: number): Promise<string> {
  const file = test.info().outputPath(name);
  const channel = () => Math.floor(Math.random() * 256);
  writeFileSync(file, await sharp({ create: { width, height, channels: 3, background: { r: channel(), g: channel(), b: channel() } } }).png().toBuffer());
  return file;
}

async function upload(page: Page, file: string, caption: string) {
  await page.getByLabel("Image file", { exact: true }).setInputFiles(file);
  await page.getByLabel("Caption", { exact: true }).fill(caption);
  await page.getByRole("button", { name: "Upload", exact: true }).click();
}

async function hasNoHorizontalOverflow(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ rule: violation.id, help: violation.help, nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")) }));
}

test.describe("media, as an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("uploading the same file twice offers the image already in the library instead of a copy", async ({ page }) => {
    const file = await pngFile("pier.png", 900, 600);
    const caption = `Pier at low tide ${randomUUID().slice(0, 6)}`;
    await page.goto("/desk/media");
    await upload(page, file, caption);
    await expect(page.getByRole("status").filter({ hasText: "Uploaded" })).toHaveText("Uploaded pier.png. It is now first in the library.");
    const before = await db.media.count({ where: { caption } });
    expect(before).toBe(1);

    await upload(page, file, "A second caption for the same file");
    const offer = page.getByRole("group", { name: "This image is already in the library: use it?" });
    await expect(offer).toBeVisible();
    await expect(offer).toContainText(`pier.png is the same file as “${caption}”.`);
    await offer.getByRole("button", { name: "Use the existing image" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Using the image" })).toHaveText(`Using the image already in the library: ${caption}.`);
    await expect(page.getByRole("list", { name: "Media" }).getByRole("listitem").first()).toContainText(caption);
    // Nothing new was stored.
    expect(await db.media.count({ where: { caption } })).toBe(1);
    expect(await db.media.count({ where: { caption: "A second caption for the same file" } })).toBe(0);
  });

  test("the focal point is set with the keyboard and kept; the crop changes every size readers get", async ({ page, request }) => {
    const file = await pngFile("square.png", 1200, 800);
    const caption = `Market square ${randomUUID().slice(0, 6)}`;
    await page.goto("/desk/media");
    await upload(page, file, caption);
    await expect(page.getByRole("status").filter({ hasText: "Uploaded" })).toBeVisible();
    const media = await db.media.findFirstOrThrow({ where: { caption }, select: { id: true } });

    await page.getByRole("button", { name: `Crop ${caption}` }).click();
    const dialog = page.getByRole("dialog", { name: `Crop and focal point of ${caption}` });
    await expect(dialog).toBeVisible();
    const picture = dialog.getByRole("group", { name: /^Focal point:/ });
    await expect(picture).toHaveAccessibleName("Focal point: 50% across, 50% down");
    await picture.focus();
    // Shift+arrow is 10%, arrow 1%: 50 → 30 across, 50 → 61 down.
    await page.keyboard.press("Shift+ArrowLeft");
    await page.keyboard.press("Shift+ArrowLeft");
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("ArrowDown");
    await expect(picture).toHaveAccessibleName("Focal point: 30% across, 61% down");
    await expect(dialog.getByLabel("Across (%)")).toHaveValue("30");
    await expect(dialog.getByLabel("Down (%)")).toHaveValue("61");
    expect(await seriousViolations(page)).toEqual([]);
    // A square crop, centred on the focal point as far as the picture allows.
    await dialog.getByRole("radio", { name: "Square 1:1" }).check();
    await expect(dialog.getByLabel("Width (px)")).toHaveValue("800");
    await expect(dialog.getByLabel("Left (px)")).toHaveValue("0");
    await dialog.getByRole("button", { name: "Save crop and focal point" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("status").filter({ hasText: "Saved the crop" })).toHaveText(`Saved the crop and focal point of ${caption}.`);

    const row = await db.media.findUniqueOrThrow({ where: { id: media.id }, select: { focalX: true, focalY: true, cropX: true, cropY: true, cropWidth: true, cropHeight: true, version: true } });
    expect(row).toEqual({ focalX: 0.3, focalY: 0.61, cropX: 0, cropY: 0, cropWidth: 800, cropHeight: 800, version: 2 });
    const card = page.getByRole("list", { name: "Media" }).getByRole("listitem").filter({ hasText: caption });
    await expect(card).toContainText("Cropped to 800 × 800");
    const thumbnail = card.locator("img").first();
    await expect(thumbnail).toHaveAttribute("src", `/media/${media.id}/480?v=2`);
    await expect(thumbnail).toHaveCSS("object-position", "45% 61%");
    const served = await request.get(`/media/${media.id}/960?v=2`);
    expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const { width, height } = await sharp(await served.body()).metadata();
    expect({ width, height }).toEqual({ width: 800, height: 800 });

    // A focal point that is not a number is refused, and nothing changes.
    await page.getByRole("button", { name: `Crop ${caption}` }).click();
    await dialog.getByLabel("Across (%)").fill("");
    await dialog.getByRole("button", { name: "Save crop and focal point" }).click();
    await expect(dialog.getByRole("alert")).toHaveText("Set the focal point on the picture: across and down are each from 0 to 100%.");
    await expect(dialog.getByLabel("Across (%)")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await db.media.findUniqueOrThrow({ where: { id: media.id }, select: { focalX: true, version: true } }))).toEqual({ focalX: 0.3, version: 2 });
  });
});

test.describe("people, as an admin", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("promoting to admin asks first: Cancel changes nothing, confirming changes the role", async ({ page }) => {
    const reader = await makeReader("Pia");
    await page.goto(`/desk/people?q=${encodeURIComponent(reader.email)}`);
    const row = page.getByRole("row").filter({ hasText: reader.email });
    // The list has no controls on each row: the name opens the person's panel.
    await expect(row.getByRole("button")).toHaveCount(0);
    await row.getByRole("link", { name: reader.displayName }).click();
    await expect(page.getByRole("heading", { level: 1, name: reader.displayName })).toBeVisible();

    const role = page.getByRole("form", { name: "Role" });
    await role.getByLabel("New role").selectOption({ label: "Admin" });
    await role.getByRole("button", { name: "Change role" }).click();
    const dialog = page.getByRole("dialog", { name: `Make ${reader.displayName} an admin?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("change anyone's role, suspend and ban people");
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect((await loadActor(reader.id))?.role).toBe("READER");
    expect(await db.auditLog.count({ where: { entityId: reader.id, action: "user.role" } })).toBe(0);

    await role.getByRole("button", { name: "Change role" }).click();
    await dialog.getByRole("button", { name: `Make ${reader.displayName} an admin` }).click();
    await expect(role.getByRole("status")).toHaveText(`${reader.displayName} is now admin.`);
    expect((await loadActor(reader.id))?.role).toBe("ADMIN");
    // Back to reader, which needs no confirmation.
    await role.getByLabel("New role").selectOption({ label: "Reader" });
    await role.getByRole("button", { name: "Change role" }).click();
    await expect(role.getByRole("status")).toHaveText(`${reader.displayName} is now reader.`);
  });

  test("a ban asks first, naming the person and the consequence", async ({ page }) => {
    const reader = await makeReader("Quin");
    await page.goto(`/desk/people/${reader.id}`);
    const ban = page.getByRole("form", { name: "Ban" });
    await ban.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
    await expect(ban.getByText("Give a reason: the person is told it.")).toBeVisible();
    await expect(page.getByRole("dialog")).toBeHidden();

    await ban.getByLabel("Reason shown to the person").fill("Threats against another reader.");
    await ban.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
    const dialog = page.getByRole("dialog", { name: `Ban ${reader.displayName}?` });
    await expect(dialog).toContainText("signed out everywhere at once and cannot sign in again");
    await expect(dialog).toContainText("“Threats against another reader.”");
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect((await loadActor(reader.id))?.status).toBe("ACTIVE");

    await ban.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
    await dialog.getByRole("button", { name: `Ban ${reader.displayName}` }).click();
    await expect(ban.getByRole("status")).toHaveText(`${reader.displayName} is banned and can no longer sign in. They are told why.`);
    expect(await db.user.findUniqueOrThrow({ where: { id: reader.id }, select: { status: true, statusReason: true } })).toEqual({
      status: "BANNED",
      statusReason: "Threats against another reader.",
    });
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`the people pages fit a 390 px phone with no serious accessibility problems (${colorScheme})`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.emulateMedia({ colorScheme });
      const reader = await makeReader("Rue");
      for (const path of ["/desk/people", `/desk/people/${reader.id}`, "/desk/people/lockouts", "/desk/media", "/desk/moderation", "/desk/settings"]) {
        await page.goto(path);
        await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        expect(await hasNoHorizontalOverflow(page), `${path} overflows at 390 px`).toBe(true);
        const blocking = await seriousViolations(page);
        expect(blocking, `${path}: ${JSON.stringify(blocking, null, 2)}`).toEqual([]);
      }
    });
  }
});

test.describe("the moderation queue, as a moderator", () => {
  test.use({ storageState: storageStateFor("moderator") });

  test("a moderator suspends a comment's author from the queue, with the reason they are told", async ({ page }) => {
    const story = await publishTestStory({ prefix: "suspend-e2e", headline: "Ferry fares rise again", commentPolicy: "PREMODERATED" });
    const account = await makeReader("Sol");
    const author = await loadActor(account.id);
    if (!author) throw new Error("the reader could not be loaded");
    const body = `Buy cheap followers here ${randomUUID().slice(0, 6)}`;
    await postComment(author, { storyId: story.id, body });

    await page.goto("/desk/moderation");
    const item = page.getByRole("article").filter({ hasText: body });
    await item.getByText(`Suspend ${author.displayName}…`).click();
    await item.getByLabel("Suspend for").selectOption({ label: "3 days" });
    await item.getByLabel(`Reason shown to ${author.displayName}`).fill("Advertising in the comments.");
    await item.getByRole("button", { name: `Suspend ${author.displayName}` }).click();
    await expect(item.getByRole("status")).toContainText(`${author.displayName} is suspended until`);

    const person = await db.user.findUniqueOrThrow({ where: { id: author.id }, select: { status: true, statusReason: true, suspendedUntil: true } });
    expect(person).toMatchObject({ status: "SUSPENDED", statusReason: "Advertising in the comments." });
    expect(person.suspendedUntil!.getTime()).toBeGreaterThan(Date.now() + 71 * 3_600_000);
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: author.id, action: "user.suspend" }, select: { data: true, actorId: true } });
    expect(audit.data).toMatchObject({ after: { status: "SUSPENDED" }, reason: "Advertising in the comments." });
    // A moderator still cannot reach the people page, where bans and roles are.
    expect((await page.goto("/desk/people"))?.status()).toBe(403);
  });
});
