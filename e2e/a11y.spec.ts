import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

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

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`in the ${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    for (const { name, path } of PAGES) {
      test(`${name} has no serious or critical accessibility violations`, async ({ page }) => {
        const response = await page.goto(path);
        expect(response?.status(), path).toBe(200);
        await expect(page.locator("main")).toHaveCount(1);
        await expect(page.getByRole("heading", { level: 1 })).toHaveCount(1);
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
      });
    }
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
