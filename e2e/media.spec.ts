import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";

import { expect, request as playwrightRequest, test } from "@playwright/test";
import sharp from "sharp";

import { env } from "@/lib/env.mjs";
import { S3Store } from "@/lib/media/s3-store";
import { getMediaStore } from "@/lib/media/storage";

import { storageStateFor } from "./fixtures";

async function pngFile(name: string, width: number, height: number): Promise<string> {
  const file = test.info().outputPath(name);
  // A colour of its own, so a repeated run's upload is not the library's duplicate of the last.
  const [r, g, b] = randomBytes(3);
  writeFileSync(file, await sharp({ create: { width, height, channels: 3, background: { r, g, b } } }).png().toBuffer());
  return file;
}

test.describe("the media library, as an editor", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("uploads a PNG with alt text, caption and credit, finds it again, and readers get WebP sizes", async ({ page, baseURL }) => {
    const file = await pngFile("harbour.png", 1200, 800);
    const caption = `Harbour wall at dusk ${Date.now()}`;
    const alt = "Waves breaking over a stone harbour wall";

    await page.goto("/desk/media");
    await expect(page.getByRole("heading", { level: 1, name: "Media library" })).toBeVisible();
    await page.getByLabel("Image file", { exact: true }).setInputFiles(file);
    await page.getByLabel("Alt text", { exact: true }).fill(alt);
    await page.getByLabel("Caption", { exact: true }).fill(caption);
    await page.getByLabel("Credit", { exact: true }).fill("Jo Bloggs / Newsdesk");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByRole("status").filter({ hasText: "Uploaded" })).toHaveText("Uploaded harbour.png. It is now first in the library.");

    const library = page.getByRole("list", { name: "Media" });
    const card = library.getByRole("listitem").filter({ hasText: caption });
    const image = card.getByRole("img", { name: alt });
    await expect(image).toBeVisible();
    await expect(card).toContainText("Jo Bloggs / Newsdesk");
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(480);
    const src = await image.getAttribute("src");
    expect(src).toMatch(/^\/media\/[0-9a-f-]{36}\/480$/);
    const id = src!.split("/")[2]!;

    // Still there after a reload, and found by searching its caption.
    await page.reload();
    await page.getByLabel("Search media", { exact: true }).fill(caption);
    await expect(page.getByRole("status").filter({ hasText: "match" })).toContainText(`Showing images that match “${caption}”`);
    await expect(library.getByRole("listitem")).toHaveCount(1);
    await expect(library.getByRole("listitem").getByRole("img", { name: alt })).toBeVisible();

    // The details can be corrected in place.
    await page.getByRole("button", { name: `Edit details of ${caption}` }).click();
    const details = page.getByRole("form", { name: `Details of ${caption}` });
    await expect(details.getByLabel("Alt text", { exact: true })).toBeFocused();
    await details.getByLabel("Credit", { exact: true }).fill("Jo Bloggs / Harbour Trust");
    await details.getByRole("button", { name: "Save details" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved the details" })).toBeVisible();
    await expect(card).toContainText("Jo Bloggs / Harbour Trust");

    // Readers, signed in or not, load the sizes; the URL is cacheable forever and only ever an image.
    const reader = await playwrightRequest.newContext({ baseURL });
    for (const [width, expected] of [["480", 480], ["960", 960], ["1600", 1200]] as const) {
      const response = await reader.get(`/media/${id}/${width}`);
      expect(response.status()).toBe(200);
      expect(response.headers()["content-type"]).toBe("image/webp");
      expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(response.headers()["x-content-type-options"]).toBe("nosniff");
      expect(response.headers()["content-security-policy"]).toBe("default-src 'none'");
      expect((await sharp(await response.body()).metadata()).width).toBe(expected);
    }
    const original = await reader.get(`/media/${id}/original`);
    expect(original.headers()["content-type"]).toBe("image/png");
    expect((await reader.get(`/media/${id}/700`)).status()).toBe(404);
    expect((await reader.get(`/media/00000000-0000-4000-8000-000000000000/480`)).status()).toBe(404);
    await reader.dispose();

    // The files are where the newsroom keeps them: the S3 bucket when one is set (the default; E2E_S3=0: the disk).
    const store = getMediaStore();
    expect(store instanceof S3Store).toBe(Boolean(env.MEDIA_S3_BUCKET));
    expect((await store.get(`${id}/w480.webp`))?.contentType).toBe("image/webp");
  });

  test("is told clearly when a file is not really an image, and nothing is added", async ({ page }) => {
    const file = test.info().outputPath("holiday.png");
    writeFileSync(file, "This is a text file wearing a .png name.\n");
    const caption = `Not a picture ${Date.now()}`;

    await page.goto("/desk/media");
    await page.getByLabel("Image file", { exact: true }).setInputFiles(file);
    await page.getByLabel("Caption", { exact: true }).fill(caption);
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not a JPEG" })).toHaveText(
      "That file is not a JPEG, PNG or WebP image. Choose a photo or graphic in one of those formats.",
    );
    await expect(page.getByLabel("Image file", { exact: true })).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Search media", { exact: true }).fill(caption);
    await expect(page.getByText("No images match that search.")).toBeVisible();
  });

  test("the upload endpoint refuses cross-site posts and bodies over the limit", async ({ request }) => {
    const small = { name: "tiny.png", mimeType: "image/png", buffer: await sharp({ create: { width: 4, height: 4, channels: 3, background: "#fff" } }).png().toBuffer() };
    const crossSite = await request.post("/api/media", { headers: { Origin: "https://attacker.example" }, multipart: { file: small } });
    expect(crossSite.status()).toBe(403);
    expect((await crossSite.json()).error).toMatch(/newsroom's own pages/);

    const tooBig = await request.post("/api/media", {
      multipart: { file: { name: "huge.png", mimeType: "image/png", buffer: Buffer.alloc(11 * 1024 * 1024, 1) } },
    });
    expect(tooBig.status()).toBe(413);
    expect((await tooBig.json()).error).toBe("That file is too big: images can be at most 10 MB.");

    const notImage = await request.post("/api/media", { multipart: { file: { name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("hello") } } });
    expect(notImage.status()).toBe(400);
  });
});

test.describe("the media library, as others", () => {
  test("anonymous visitors get 401 from the API and readers 403, from the API and the desk page", async ({ browser, baseURL }) => {
    const anonymous = await playwrightRequest.newContext({ baseURL });
    expect((await anonymous.get("/api/media")).status()).toBe(401);
    expect((await anonymous.post("/api/media", { multipart: { caption: "x" } })).status()).toBe(401);
    await anonymous.dispose();

    const readerContext = await browser.newContext({ storageState: storageStateFor("reader"), baseURL });
    expect((await readerContext.request.get("/api/media")).status()).toBe(403);
    const upload = await readerContext.request.post("/api/media", {
      multipart: { file: { name: "a.png", mimeType: "image/png", buffer: await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } }).png().toBuffer() } },
    });
    expect(upload.status()).toBe(403);
    const page = await readerContext.newPage();
    const response = await page.goto("/desk/media");
    expect(response?.status()).toBe(403);
    await readerContext.close();
  });
});
