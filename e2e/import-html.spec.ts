// Importing a web page (HTML) into a new draft (issue 16, item 3): an uploaded .html file and a
// pasted page are read in the browser by parseHtmlStory (lib/stories/import-html.ts); a file of
// another format is refused; an image the page offers is fetched by the server into the media
// library with its caption and credit (served here by a local HTTP server, which the e2e server
// may reach because scripts/e2e.ts sets NEWSDESK_MEDIA_FETCH_ALLOW_PRIVATE=1).

import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";

import { storageStateFor } from "./fixtures";

test.use({ storageState: storageStateFor("editor") });

const CORPUS = path.join(import.meta.dirname, "../lib/stories/import-html-corpus");

async function openImport(page: Page) {
  await page.goto("/desk/stories/new");
  await expect(page.getByRole("toolbar", { name: "Formatting" })).toBeVisible();
  await page.getByRole("button", { name: "Import text" }).click();
  const dialog = page.getByRole("dialog", { name: "Import a story from text" });
  await expect(dialog).toBeVisible();
  return dialog;
}

test("an uploaded wire page fills the draft, with its dateline, credit and notes", async ({ page }) => {
  const dialog = await openImport(page);
  await dialog.getByLabel("Import an HTML file").setInputFiles(path.join(CORPUS, "02-wire-page.html"));
  const found = dialog.getByRole("region", { name: "Web page read" });
  await expect(found).toContainText("Port strike halts container traffic for second day");
  await expect(found).toContainText("BUSAN, South Korea");
  await dialog.getByRole("button", { name: "Import this page" }).click();
  await expect(dialog).toBeHidden();

  await expect(page.getByLabel("Headline")).toHaveValue("Port strike halts container traffic for second day");
  await expect(page.getByLabel("Dateline and desk")).toHaveValue("Asia");
  const body = page.getByRole("textbox", { name: "Body" });
  await expect(body.locator("p").first()).toHaveText(/^Dock workers at the country's largest container port/);
  await expect(body).toContainText("Shipping lines began diverting");
  for (const dropped of ["#World News", "Updated 2 days ago", "Our Standards", "Reporting by", "Markets"]) await expect(body).not.toContainText(dropped);
  const notes = page.getByRole("region", { name: "Imported from text" });
  await expect(notes).toContainText("Dateline BUSAN, South Korea (Northwire) taken from the first paragraph.");
  await expect(notes).toContainText('Credit line "Reporting by Min-jun Seo and Clara Oyelaran; Editing by Tomasz Wierzbicki" taken out of the body.');
  await expect(notes).toContainText("No byline record for Min-jun Seo yet.");
});

test("a file of another format renamed .html is refused and nothing is filled", async ({ page }) => {
  const dialog = await openImport(page);
  await dialog.getByLabel("Import an HTML file").setInputFiles({ name: "story.html", mimeType: "text/html", buffer: Buffer.from("%PDF-1.7\n%âãÏÓ\n1 0 obj") });
  await expect(dialog.getByRole("alert")).toHaveText("That file is a PDF, not a web page (HTML): nothing was imported.");
  await expect(dialog.getByRole("button", { name: "Import this page" })).toHaveCount(0);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByLabel("Headline")).toHaveValue("");
});

test("a pasted page offers its image: into the media library with caption and credit, and featured", async ({ page }) => {
  const stamp = Date.now();
  // A picture no other test has (the library would offer its copy of a known one).
  const png = await sharp({ create: { width: 320, height: 200, channels: 3, background: { r: stamp % 256, g: (stamp >> 8) % 256, b: 77 } } }).png().toBuffer();
  const server = http.createServer((request, response) => {
    if (request.url === "/photos/quay.png") {
      response.writeHead(200, { "content-type": "image/png", "content-length": png.length });
      response.end(png);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    const caption = `The quay after the storm ${stamp}.`;
    const html = `<html><head><meta property="og:title" content="Quay reopens"></head><body><nav><a href="/">Home</a></nav>
      <article><h1>Quay reopens after the storm</h1><p class="byline">By Rosa Delacroix</p>
      <figure><img src="http://127.0.0.1:${port}/photos/quay.png" alt="The quay at low tide"><figcaption>${caption} <span class="credit">Photo: Harbour Images</span></figcaption></figure>
      <p>The quay reopened on Friday after a week of repairs.</p><p>Fishing boats were back by noon.</p></article></body></html>`;
    const dialog = await openImport(page);
    await dialog.getByLabel("Plain text").evaluate((element, data) => {
      const transfer = new DataTransfer();
      transfer.setData("text/html", data);
      transfer.setData("text/plain", "Quay reopens after the storm");
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, html);
    const found = dialog.getByRole("region", { name: "Web page read" });
    await expect(found).toContainText("Quay reopens after the storm");
    await expect(found).toContainText(caption);
    await expect(found).toContainText("Credit: Harbour Images");
    await found.getByRole("button", { name: /Add to the media library/ }).click();
    await expect(found.getByRole("status")).toHaveText("Added to the media library.");
    await found.getByLabel("Use as the featured image").check();
    await dialog.getByRole("button", { name: "Import this page" }).click();
    await expect(page.getByLabel("Headline")).toHaveValue("Quay reopens after the storm");
    await expect(page.getByRole("img", { name: "The quay at low tide" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Change featured image" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Imported from text" })).toContainText(`Image "${caption}" added to the media library.`);

    await page.goto("/desk/media");
    await page.getByLabel("Search media", { exact: true }).fill(caption);
    const card = page.getByRole("list", { name: "Media" }).getByRole("listitem");
    await expect(card).toHaveCount(1);
    await expect(card).toContainText("Harbour Images");
    await expect(card.getByRole("img", { name: "The quay at low tide" })).toBeVisible();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
