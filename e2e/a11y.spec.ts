import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";

import { expect, test, type Page } from "@playwright/test";

import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { publishTestStory } from "./seed";

// The reader site against WCAG 2.1 A and AA with axe, in the light and the dark scheme: no
// serious or critical violations on any of the pages readers land on.
const PAGES = [
  { name: "the front page", path: "/" },
  { name: "a section front", path: "/world" },
  { name: "a story", path: "/asia/typhoon-halden-floods-kestrel-delta" },
  { name: "search results", path: "/search?q=harbour" },
  { name: "a byline page", path: "/byline/newshub-editorial" },
  { name: "a tag page", path: "/tag/diplomacy" },
];

async function expectNoSeriousViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => `${node.target.join(" ")}: ${node.failureSummary ?? ""}`),
    }));
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

// One load per page, checked in both schemes: the scheme switches by media query.
for (const { name, path } of PAGES) {
  test(`${name} has no serious or critical accessibility violations, in the light and the dark scheme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: "light" });
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.locator("main")).toHaveCount(1);
    await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
    await expectNoSeriousViolations(page);
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(() => page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
    await expectNoSeriousViolations(page);
  });
}

test("the skip link is the first thing the keyboard reaches, is visible when focused and moves to the content", async ({ page }) => {
  await page.goto("/world");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  // Focus is shown with an outline, not left to the browser's default.
  expect(await skip.evaluate((element) => getComputedStyle(element).outlineStyle)).toBe("solid");
  await skip.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.keyboard.press("Tab");
  const focused = page.locator(":focus");
  // The next stop is inside the main content, not back in the header.
  expect(await focused.evaluate((element) => element.closest("main") !== null)).toBe(true);
});

// Every desk page, as the admin (who may open them all), against the same rules in both schemes,
// and at 390 px wide: nothing wider than the screen.
const DESK_PAGES = [
  { name: "the story board", path: "/desk" },
  { name: "a story in the editor", path: "story" },
  { name: "a new story", path: "/desk/stories/new" },
  { name: "a story's history", path: "story/history" },
  { name: "a story's corrections", path: "story/corrections" },
  { name: "a story's timeline", path: "story/timeline" },
  { name: "the media library", path: "/desk/media" },
  { name: "the moderation queue", path: "/desk/moderation" },
  { name: "the people list", path: "/desk/people" },
  { name: "the sign-in lockouts", path: "/desk/people/lockouts" },
  { name: "the settings", path: "/desk/settings" },
  { name: "the sections", path: "/desk/sections" },
  { name: "the bylines", path: "/desk/bylines" },
  { name: "the tags", path: "/desk/tags" },
  { name: "the webhooks", path: "/desk/webhooks" },
  { name: "the integrations (API keys)", path: "/desk/integrations" },
  { name: "the wire", path: "/desk/wire" },
  { name: "the wire sources", path: "/desk/wire-sources" },
] as const;

test.describe("the desk", () => {
  test.use({ storageState: storageStateFor("admin") });

  let storyPath = "";
  test.beforeAll(async () => {
    const story = await publishTestStory({ prefix: "a11y-desk", headline: "A story the accessibility checks open" });
    storyPath = `/desk/stories/${story.id}`;
    // Long unbroken runs of characters (a pasted address, a code) on the board and in the library:
    // they must break inside their cards, not widen the phone's page.
    const run = `harbour.example/${"0123456789".repeat(7)}`;
    const long = await publishTestStory({ prefix: "a11y-desk-long", headline: run });
    // Changed now, so it is on the board's first page.
    await db.story.update({ where: { id: long.id }, data: { updatedAt: new Date() } });
    await db.media.create({
      data: { storageKey: `a11y-long-${randomUUID()}.png`, mimeType: "image/png", width: 800, height: 600, bytes: 1, alt: run, caption: run, credit: run },
    });
  });
  test.afterAll(async () => {
    await db.$disconnect();
  });

  async function open(page: Page, path: string): Promise<void> {
    const url = path.startsWith("story") ? path.replace("story", storyPath) : path;
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(200);
    await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
    // The story editor's body mounts on the client: check the page as people use it.
    if (path === "story" || path === "/desk/stories/new") await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
  }

  // One load per page, checked three ways (the suite's time, issue 15): opened on a 390 px phone,
  // then widened to the desktop, where the schemes switch by media query.
  for (const { name, path } of DESK_PAGES) {
    test(`${name} fits a 390 px screen, and has no serious or critical accessibility violations in either scheme`, async ({ page }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await open(page, path);
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
      expect(scrollWidth, `${name} is ${scrollWidth} px wide on a ${clientWidth} px screen`).toBeLessThanOrEqual(clientWidth);

      await page.setViewportSize({ width: 1280, height: 720 });
      await page.emulateMedia({ colorScheme: "light" });
      await expectNoSeriousViolations(page);
      await page.emulateMedia({ colorScheme: "dark" });
      await expect.poll(() => page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
      await expectNoSeriousViolations(page);
    });
  }
});
