// Pasting from web pages, Word and Google Docs into the story body: what the editor keeps, and the
// notice beside the body that says what changed (lib/stories/paste.ts). The paste is a real
// ClipboardEvent with a text/html DataTransfer, as Chromium fires it for Ctrl+V.

import { readFileSync } from "node:fs";
import path from "node:path";

import { expect, test, type Locator, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

test.use({ storageState: storageStateFor("editor") });

function fixture(name: string): string {
  return readFileSync(path.join(import.meta.dirname, "../tests/fixtures/paste", name), "utf8");
}

async function paste(body: Locator, html: string, plain = "") {
  await body.evaluate(
    (element, data) => {
      const transfer = new DataTransfer();
      if (data.html !== "") transfer.setData("text/html", data.html);
      if (data.plain !== "") transfer.setData("text/plain", data.plain);
      element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { html, plain },
  );
}

async function openNewStory(page: Page): Promise<Locator> {
  await page.goto("/desk/stories/new");
  const body = page.getByRole("textbox", { name: "Body" });
  // The events below are dispatched by script, so they need the editor itself, not the static box
  // drawn before it loads (which takes typing, and a real paste, as the browser's own contenteditable);
  // the toolbar appears when the editor has taken over.
  await expect(page.getByRole("toolbar", { name: "Formatting" })).toBeVisible();
  await expect(body).toBeVisible();
  await body.click();
  return body;
}

/** The text of each top-level block the editor shows, in order. */
async function blocks(body: Locator): Promise<string[]> {
  return body.evaluate((element) => Array.from(element.children, (child) => `${child.tagName.toLowerCase()}: ${(child.textContent ?? "").trim()}`));
}

test("a web page's tables, images, H1/H4 and &nbsp; lines are mapped and the notice says so", async ({ page }) => {
  const body = await openNewStory(page);
  await paste(body, fixture("web-article.html"), "Harbour reopens after storm Col ACol B12");

  await expect(body.getByRole("heading", { level: 2, name: "Harbour reopens after storm" })).toBeVisible();
  await expect(body.getByRole("heading", { level: 3, name: "Tonnage by berth" })).toBeVisible();
  await expect(body.getByRole("listitem")).toHaveText(["Col A — Col B", "1 — 2", "North berth — 12,400 t"]);
  await expect(body).not.toContainText("Col ACol B");
  expect(await blocks(body)).toEqual([
    "h2: Harbour reopens after storm",
    "p: The harbour at Port Ellis reopened on Tuesday, three days after the storm.",
    "p: Ships queued outside the breakwater. See the harbour authority and this.",
    "h3: Tonnage by berth",
    "ul: Col A — Col B1 — 2North berth — 12,400 t",
    "h2: What comes next",
    "p: Repairs to the outer wall begin next week.",
  ]);
  await expect(body.getByRole("link", { name: "harbour authority" })).toHaveAttribute("href", "https://example.org/harbour");

  const notice = page.getByRole("status").filter({ hasText: "Pasted with changes" });
  await expect(notice).toContainText(
    "Pasted with changes: 1 table turned into a list, 1 image to upload, 2 heading levels changed, 2 empty paragraphs removed, 1 link removed (not a web or email address).",
  );
  await expect(notice.getByRole("link", { name: "The harbour at dawn" })).toHaveAttribute("href", "https://images.example.org/harbour.jpg");
  // The server fetches an image only from a public address; this test machine reaches none, so
  // the import says why (the guard and a successful import: lib/media/remote.integration.test.ts).
  await notice.getByRole("button", { name: "Upload to the media library for The harbour at dawn" }).click();
  await expect(notice).toContainText(/The image's site \(images\.example\.org\) could not be found\.|The image's site took too long to answer/);
  await notice.getByRole("button", { name: "Open the media library" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");

  // What was pasted is saved as shown.
  await page.getByLabel("Headline").fill(`Pasted story ${Date.now()}`);
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
  await page.reload();
  await expect(page.getByRole("textbox", { name: "Body" }).getByRole("listitem")).toHaveText(["Col A — Col B", "1 — 2", "North berth — 12,400 t"]);
});

test("Word and Google Docs pastes keep their text and formatting without their markup", async ({ page }) => {
  const body = await openNewStory(page);
  await paste(body, fixture("word.html"));
  await expect(body.getByRole("heading", { level: 2, name: "Council budget vote" })).toBeVisible();
  await expect(body.locator("strong")).toHaveText("Thursday");
  await expect(body.getByRole("listitem")).toHaveText(["Schools get 4% more", "Roads get 2% less", "Party — Votes", "Greens — 7"]);
  await expect(page.getByRole("status").filter({ hasText: "Pasted with changes" })).toContainText("1 image left out (saved only on the author's computer)");
  await page.getByRole("button", { name: "Dismiss the paste notice" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Pasted with changes" })).toHaveCount(0);

  await body.press("Control+a");
  await body.press("Delete");
  await paste(body, fixture("google-docs.html"));
  await expect(body.getByRole("heading", { level: 2, name: "Festival draws record crowd" })).toBeVisible();
  // Google Docs wraps everything in <b style="font-weight:normal">: only the words set bold are bold.
  await expect(body.locator("strong")).toHaveText("40,000 people");
  await expect(body.locator("s")).toHaveText("Tickets sold out.");
  await expect(page.getByRole("status").filter({ hasText: "Pasted with changes" })).toContainText("1 table turned into a list, 1 image to upload");
});

test("a whole web page keeps only its article", async ({ page }) => {
  const body = await openNewStory(page);
  await paste(body, fixture("whole-page.html"));
  await expect(body.getByRole("heading", { level: 2, name: "Tram line opens to passengers" })).toBeVisible();
  await expect(body).toContainText("Fares are the same as on buses.");
  for (const furniture of ["Trending", "Privacy", "Sport", "Related", "trackPageView"]) await expect(body).not.toContainText(furniture);
  await expect(page.getByRole("status").filter({ hasText: "Pasted with changes" })).toContainText(
    "only the article kept (page navigation, header and footer left out)",
  );
});

test("an empty paste does nothing and a 10 MB paste is refused with a message", async ({ page }) => {
  const body = await openNewStory(page);
  await page.keyboard.type("Already written.");
  await paste(body, "", "");
  await expect(body).toHaveText("Already written.");
  await expect(page.getByRole("status").filter({ hasText: /paste/i })).toHaveCount(0);

  await body.evaluate((element) => {
    const html = `<p>${"word ".repeat(2_000_000)}</p>`;
    const transfer = new DataTransfer();
    transfer.setData("text/html", html);
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole("status").filter({ hasText: "That paste is too large (10.0 MB)" })).toContainText("Nothing was pasted.");
  await expect(body).toHaveText("Already written.");

  await body.evaluate((element) => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", "x".repeat(10_000_000));
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: transfer, bubbles: true, cancelable: true }));
  });
  await expect(page.getByRole("status").filter({ hasText: "That paste is too long (10,000,000 characters)" })).toBeVisible();
  await expect(body).toHaveText("Already written.");
});

test("Import text reads a pasted web page with its table rows and notes what the paste lost", async ({ page }) => {
  await page.goto("/desk/stories/new");
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  await page.getByRole("button", { name: "Import text" }).click();
  const box = page.getByLabel("Plain text");
  await box.focus();
  await paste(box, fixture("whole-page.html"), "Tram line opens to passengers StopFirst tram Depot05:30");
  await expect(box).toHaveValue(/Stop — First tram\nDepot — 05:30\nCentre — 05:42/);
  await expect(box).not.toHaveValue(/Trending|Privacy/);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const notes = page.getByRole("region", { name: "Imported from text" });
  await expect(notes).toContainText("From the pasted page: only the article kept (page navigation, header and footer left out), 1 table turned into a list, 1 image to upload");
  await expect(notes).toContainText("Image to upload to the media library: https://dailyexample.org/media/tram.jpg");
  await expect(page.getByRole("textbox", { name: "Body" })).toContainText("Depot — 05:30");
});

test("HTML dropped from another page is mapped like a paste", async ({ page }) => {
  const body = await openNewStory(page);
  await body.evaluate((element, html) => {
    const transfer = new DataTransfer();
    transfer.setData("text/html", html);
    const box = element.getBoundingClientRect();
    element.dispatchEvent(new DragEvent("drop", { dataTransfer: transfer, bubbles: true, cancelable: true, clientX: box.left + 20, clientY: box.top + 20 }));
  }, "<h1>Dropped title</h1><table><tr><td>Col A</td><td>Col B</td></tr><tr><td>1</td><td>2</td></tr></table>");
  await expect(body.getByRole("heading", { level: 2, name: "Dropped title" })).toBeVisible();
  await expect(body.getByRole("listitem")).toHaveText(["Col A — Col B", "1 — 2"]);
  await expect(page.getByRole("status").filter({ hasText: "Pasted with changes" })).toContainText("1 table turned into a list, 1 heading level changed");
});
