import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";

import { expect, test } from "@playwright/test";
import sharp from "sharp";

import { storageStateFor } from "./fixtures";

test.use({ storageState: storageStateFor("editor") });

test("an editor uploads an image from the story editor and readers get it with caption, credit and sizes", async ({ page, browser }) => {
  const file = test.info().outputPath("quay.png");
  // A colour of its own, so a repeated run's upload is not the library's duplicate of the last.
  const [r, g, b] = randomBytes(3);
  writeFileSync(file, await sharp({ create: { width: 1400, height: 900, channels: 3, background: { r, g, b } } }).png().toBuffer());
  const caption = `Boats at the quay ${Date.now()}`;

  await page.goto("/desk/stories/new");
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body).toBeVisible();
  await page.getByLabel("Headline").fill(`Quay reopens ${Date.now()}`);
  await page.getByLabel("Section").selectOption({ label: "Business" });
  await body.click();
  await page.keyboard.type("The quay reopened to traffic on Thursday.");
  await page.getByRole("toolbar", { name: "Formatting" }).getByRole("button", { name: "Image" }).click();

  const dialog = page.getByRole("dialog", { name: "Insert an image" });
  await dialog.getByLabel("Image file", { exact: true }).setInputFiles(file);
  await dialog.getByLabel("Alt text", { exact: true }).fill("Fishing boats moored along a stone quay");
  await dialog.getByLabel("Caption", { exact: true }).fill(caption);
  await dialog.getByLabel("Credit", { exact: true }).fill("Photo: R. Amsel");
  await dialog.getByRole("button", { name: "Upload", exact: true }).click();
  await dialog.getByRole("button", { name: `Insert ${caption}` }).click();
  await expect(dialog).toBeHidden();
  await expect(body.locator("figure[data-story-image] img")).toHaveAttribute("alt", "Fishing boats moored along a stone quay");

  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "now published" })).toBeVisible();
  const slug = await page.getByLabel("Slug").inputValue();

  const reader = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const site = await reader.newPage();
  await site.goto(`/business/${slug}`);
  const figure = site.getByRole("article").locator("figure.story-image");
  const image = figure.getByRole("img", { name: "Fishing boats moored along a stone quay" });
  await expect(image).toHaveAttribute("srcset", /\/media\/[0-9a-f-]{36}\/480 480w, .*\/960 960w, .*\/1600 1400w/);
  await expect(image).toHaveAttribute("width", "1400");
  await expect(figure.locator("figcaption")).toContainText(caption);
  await expect(figure.locator("figcaption")).toContainText("Photo: R. Amsel");
  const response = await site.request.get((await image.getAttribute("src"))!);
  expect(response.headers()["content-type"]).toBe("image/webp");
  await reader.close();
});
