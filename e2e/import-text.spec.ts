import { expect, test } from "@playwright/test";

import { storageStateFor } from "./fixtures";

// An invented wire story as a news site shows it: navigation, a section label, a read time, a
// byline, a wire dateline, a photo caption with its credit, a credit line and the agency's
// standards line at the foot, then a cookie prompt.
const WIRE_PAGE = [
  "Menu",
  "World | Business | Markets | Coast",
  "#World News",
  "Ferry crews at Calder Point agree a winter timetable",
  "By Lena Morrow",
  "2 min read",
  "",
  "CALDER POINT (Harbour Wire) - Ferry crews at Calder Point agreed a winter timetable with the island council on Tuesday, ending a month of cancelled sailings that left three islands without a daily boat.",
  "",
  "The Aster leaves the south basin on its first winter run.",
  "Photo: Ines Varga/Harbour Wire",
  "",
  "Under the deal the first boat leaves at seven every morning and the last returns before dark, and crews will get a rest day after every five days at sea, the council said.",
  "",
  "“We can plan the winter now, and so can everyone on the islands,” said Oren Talvik, who speaks for the crews.",
  "",
  "Reporting by Lena Morrow; Editing by Ada Finch",
  "Our Standards: The Harbour Wire Trust Principles.",
  "We use cookies to improve your experience. By continuing you accept our cookie policy.",
].join("\n");

test.describe("plain-text import of a wire story", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("fills headline, byline, dateline place, credit and body, and says what it dropped", async ({ page }) => {
    await page.goto("/desk/stories/new");
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await page.getByRole("button", { name: "Import text" }).click();
    await page.getByLabel("Plain text").fill(WIRE_PAGE);
    await page.getByRole("button", { name: "Import", exact: true }).click();

    await expect(page.getByLabel("Headline")).toHaveValue("Ferry crews at Calder Point agree a winter timetable");
    const body = page.getByRole("textbox", { name: "Body" });
    await expect(body.locator("p").first()).toHaveText(/^Ferry crews at Calder Point agreed a winter timetable with the island council on Tuesday/);
    for (const gone of ["Menu", "#World News", "2 min read", "CALDER POINT (Harbour Wire)", "Photo: Ines Varga", "Reporting by", "Our Standards", "cookies"]) {
      await expect(body).not.toContainText(gone);
    }
    await expect(body.getByRole("heading")).toHaveCount(0);

    const panel = page.getByRole("region", { name: "Imported from text" });
    await expect(panel.getByTestId("imported-dateline-place")).toHaveText("CALDER POINT");
    await expect(panel.getByTestId("imported-credit")).toHaveText("Reporting by Lena Morrow; Editing by Ada Finch");
    await expect(panel).toContainText('The wire dateline "CALDER POINT (Harbour Wire) -" was taken off the first paragraph');
    await expect(panel).toContainText('Dropped site chrome before the story: "Menu", "World | Business | Markets | Coast", "#World News", "2 min read".');
    await expect(panel).toContainText("Dropped the agency's standards line at the end");
    await expect(panel).toContainText("Dropped a cookie prompt at the end");
    const caption = panel.getByRole("listitem").filter({ has: page.getByRole("button", { name: "Copy caption 1" }) });
    await expect(caption).toContainText("The Aster leaves the south basin on its first winter run. — Credit: Ines Varga/Harbour Wire");
    await expect(panel.getByRole("button", { name: "Insert as pull quote" })).toBeVisible();
  });

  test("refuses JSON and a PDF file with a clear message and leaves the draft empty", async ({ page }) => {
    await page.goto("/desk/stories/new");
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await page.getByRole("button", { name: "Import text" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a story from text" });
    await dialog.getByLabel("Plain text").fill('{"type":"text","headline":"Not a story"}');
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText("This is JSON data, not a story's text: wire items in JSON go through the wire queue.");

    await dialog.getByLabel("Or open a text file").setInputFiles({ name: "story.txt", mimeType: "text/plain", buffer: Buffer.from("%PDF-1.7\n1 0 obj\n") });
    await expect(dialog.getByRole("alert")).toHaveText("This is a PDF file, not text: copy the story's text out of it and paste that.");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(page.getByLabel("Headline")).toHaveValue("");
    await expect(page.getByRole("region", { name: "Imported from text" })).toHaveCount(0);
  });

  test("fits a phone: no sideways scrolling with the dialog open", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/desk/stories/new");
    await page.getByRole("button", { name: "Import text" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a story from text" });
    await expect(dialog.getByLabel("Plain text")).toBeFocused();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  });
});
