import { randomUUID } from "node:crypto";

import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";

import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import type { StoryStatus } from "@/lib/generated/prisma/enums";
import { documentToPlainText, parseStoryDocument } from "@/lib/stories/document";

import { DEMO_PASSWORD, demoEmail, storageStateFor, type DemoRole } from "./fixtures";
import { assertLocalDatabase, publishTestStory, TEST_STORY_SECTION } from "./seed";

// The story board at /desk (issue 13): the New story button shows its label, the board fits a
// phone as cards, each role lands on its own work after signing in, who has a story open shows on
// the board without a reload, the saved views and the pages.

const PHONE = { width: 390, height: 844 };

test.afterAll(async () => {
  await db.$disconnect();
});

/**
 * Draft stories of this spec's own, straight into the database, each `<prefix> <n>`, in Opinion,
 * last changed in 2016 (a minute apart, in order) so no other spec finds its own stories pushed
 * off the board's first page by these.
 */
async function makeStories(prefix: string, stories: Array<{ status?: StoryStatus; by?: DemoRole; scheduledFor?: Date; text?: string }>): Promise<string[]> {
  assertLocalDatabase();
  const section = await db.section.findUniqueOrThrow({ where: { slug: TEST_STORY_SECTION }, select: { id: true } });
  const byline = await db.byline.findUniqueOrThrow({ where: { slug: "newshub-editorial" }, select: { id: true } });
  const ids: string[] = [];
  for (const [index, story] of stories.entries()) {
    const body = parseStoryDocument({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: story.text ?? "The council met on Tuesday." }] }] });
    const author = story.by ? await db.user.findUniqueOrThrow({ where: { email: demoEmail(story.by) }, select: { id: true } }) : null;
    const created = await db.story.create({
      data: {
        slug: `${prefix.toLowerCase().replaceAll(" ", "-")}-${index}-${randomUUID().slice(0, 6)}`,
        headline: `${prefix} ${index}`,
        body: body as object,
        bodyText: documentToPlainText(body),
        status: story.status ?? "DRAFT",
        scheduledFor: story.scheduledFor ?? null,
        sectionId: section.id,
        createdById: author?.id ?? null,
        createdAt: new Date(Date.UTC(2016, 0, 1, 0, index)),
        updatedAt: new Date(Date.UTC(2016, 0, 1, 0, index)),
        bylines: { create: [{ bylineId: byline.id, position: 0 }] },
      },
      select: { id: true },
    });
    ids.push(created.id);
  }
  return ids;
}

function uniquePrefix(name: string): string {
  return `${name} ${randomUUID().slice(0, 8)}`;
}

/** The text's contrast against what is behind it: the element's own background, or the nearest ancestor's. */
async function contrastOf(locator: Locator): Promise<{ color: string; background: string; ratio: number }> {
  return locator.evaluate((element) => {
    const parse = (value: string) => {
      const match = /rgba?\(([^)]+)\)/.exec(value);
      if (!match) throw new Error(`Unreadable colour: ${value}`);
      const [r = 0, g = 0, b = 0, a = 1] = match[1]!.split(/[\s,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    let holder: Element | null = element;
    let background = parse(getComputedStyle(element).backgroundColor);
    while (background.a === 0 && holder.parentElement) {
      holder = holder.parentElement;
      background = parse(getComputedStyle(holder).backgroundColor);
    }
    const color = parse(getComputedStyle(element).color);
    const luminance = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const channel = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const [light, dark] = [luminance(color), luminance(background)].sort((x, y) => y - x) as [number, number];
    return { color: getComputedStyle(element).color, background: getComputedStyle(holder).backgroundColor, ratio: (light + 0.05) / (dark + 0.05) };
  });
}

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, `the page is ${scrollWidth} px wide on a ${clientWidth} px screen`).toBeLessThanOrEqual(clientWidth);
}

test.describe("the New story button", () => {
  test.use({ storageState: storageStateFor("editor") });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const [screen, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", PHONE]] as const) {
      test(`shows its label in the ${colorScheme} scheme on a ${screen}, and every control on the board reads at 4.5:1`, async ({ page }) => {
        await page.setViewportSize(viewport);
        await page.emulateMedia({ colorScheme });
        await page.goto("/desk");
        const button = page.getByRole("link", { name: "New story" });
        await expect(button).toBeVisible();
        const label = await contrastOf(button);
        expect(label.color, "the label is not the colour of its own fill").not.toBe(label.background);
        expect(label.ratio, JSON.stringify(label)).toBeGreaterThanOrEqual(4.5);
        for (const control of await page.locator("main").getByRole("button").all()) {
          if (!(await control.isVisible())) continue;
          const seen = await contrastOf(control);
          expect(seen.ratio, `${await control.textContent()}: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(4.5);
        }
      });
    }
  }
});

test.describe("on a phone", () => {
  test.use({ storageState: storageStateFor("editor"), viewport: PHONE });

  test("the board is a list of story cards that fits the screen, with no table", async ({ page }) => {
    const prefix = uniquePrefix("Phone card");
    await makeStories(prefix, [{ by: "editor", text: "Four words in here." }]);
    await page.goto("/desk");
    await expectNoHorizontalOverflow(page);
    const cards = page.getByRole("list", { name: "Stories in All" });
    await expect(cards).toBeVisible();
    await expect(cards.getByRole("article").first()).toBeVisible();
    await expect(page.getByRole("table")).toBeHidden();
    await page.getByLabel("Search headlines").fill(prefix);
    await page.getByRole("button", { name: "Filter" }).click();
    await expect(cards.getByRole("article")).toHaveCount(1);
    const card = cards.getByRole("article", { name: `${prefix} 0` });
    await expect(card).toBeVisible();
    await expect(card).toContainText("Draft · Opinion");
    await expect(card).toContainText("4 words");
    await expectNoHorizontalOverflow(page);
  });
});

/** Signs in through the form with no page asked for, in a browser of its own; returns the page. */
async function signInFresh(browser: Browser, email: string, password: string, comeFrom?: string): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  if (comeFrom) {
    // Arrive at the sign-in page from a reader page, as a link would bring them (with a Referer).
    await page.goto(comeFrom);
    await page.goto("/login", { referer: page.url() });
  } else {
    await page.goto("/login");
  }
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

test.describe("after signing in, with no page asked for", () => {
  test("a reporter lands on their drafts, an editor on what waits for review", async ({ browser }) => {
    const reporter = await signInFresh(browser, demoEmail("reporter"), DEMO_PASSWORD);
    await expect(reporter).toHaveURL(/\/desk\?view=mine$/);
    await expect(reporter.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: "My drafts" })).toHaveAttribute("aria-current", "page");
    await reporter.context().close();

    const editor = await signInFresh(browser, demoEmail("editor"), DEMO_PASSWORD);
    await expect(editor).toHaveURL(/\/desk\?view=review$/);
    await expect(editor.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: "Waiting for review" })).toHaveAttribute("aria-current", "page");
    await editor.context().close();
  });

  test("a moderator lands on the moderation queue, and the desk's story list sends them there too", async ({ browser }) => {
    const moderator = await signInFresh(browser, demoEmail("moderator"), DEMO_PASSWORD);
    await expect(moderator).toHaveURL(/\/desk\/moderation$/);
    await expect(moderator.getByRole("heading", { name: "Moderation", level: 1 })).toBeVisible();
    await expect(moderator.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Stories" })).toHaveCount(0);
    await moderator.goto("/desk");
    await expect(moderator).toHaveURL(/\/desk\/moderation$/);
    await moderator.context().close();
  });

  test("an admin lands on the whole board", async ({ browser }) => {
    // An admin of the test's own, without two-factor sign-in (the demo admin has it on).
    const email = `admin-${randomUUID().slice(0, 8)}@example.test`;
    const password = "a long enough test passphrase";
    await db.user.create({ data: { email, displayName: `Board Admin ${randomUUID().slice(0, 6)}`, role: "ADMIN", passwordHash: await hashPassword(password) } });
    const admin = await signInFresh(browser, email, password);
    await expect(admin).toHaveURL(/\/desk$/);
    await expect(admin.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "page");
    await admin.context().close();
  });

  test("a reader goes back to the page they came from, or to the front page", async ({ browser }) => {
    const fromSection = await signInFresh(browser, demoEmail("reader"), DEMO_PASSWORD, "/world");
    await expect(fromSection).toHaveURL(/\/world$/);
    await fromSection.context().close();
    const direct = await signInFresh(browser, demoEmail("reader"), DEMO_PASSWORD);
    await expect(direct).toHaveURL(/\/$/);
    await direct.goto("/account");
    await expect(direct.getByRole("heading", { name: "Your account", level: 1 })).toBeVisible();
    await direct.context().close();
  });

  test("a page that was asked for still wins, and one off the site does not", async ({ browser }) => {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${encodeURIComponent("/desk/media")}`);
    await page.getByLabel("Email").fill(demoEmail("editor"));
    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/desk\/media$/);
    await context.close();

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] }, baseURL: test.info().project.use.baseURL });
    const phished = await other.newPage();
    await phished.goto(`/login?callbackUrl=${encodeURIComponent("//evil.test/phish")}`);
    await phished.getByLabel("Email").fill(demoEmail("editor"));
    await phished.getByLabel("Password").fill(DEMO_PASSWORD);
    await phished.getByRole("button", { name: "Sign in" }).click();
    await expect(phished).toHaveURL(/\/desk\?view=review$/);
    await other.close();
  });
});

test.describe("the board", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("shows who has a story open, without a reload, keeping what is typed and where the keyboard is", async ({ page, browser }) => {
    const prefix = uniquePrefix("Open elsewhere");
    const [storyId] = await makeStories(prefix, [{ by: "editor" }]);
    await page.goto(`/desk?q=${encodeURIComponent(prefix)}`);
    const row = page.getByRole("row").filter({ hasText: `${prefix} 0` });
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell").nth(5)).toHaveText("");
    const search = page.getByLabel("Search headlines");
    await search.click();
    await search.press("End");
    await search.pressSequentially(" typed");

    const adminName = (await db.user.findUniqueOrThrow({ where: { email: demoEmail("admin") }, select: { displayName: true } })).displayName;
    const other = await browser.newContext({ storageState: storageStateFor("admin"), baseURL: test.info().project.use.baseURL });
    const editor = await other.newPage();
    await editor.goto(`/desk/stories/${storyId}`);
    await expect(editor.getByRole("textbox", { name: "Body" })).toBeVisible();

    // The board refreshes itself while the tab is visible.
    await expect(row.getByRole("cell").nth(5)).toHaveText(`Open now by ${adminName}`);
    await expect(search).toBeFocused();
    await expect(search).toHaveValue(`${prefix} typed`);
    expect(new URL(page.url()).searchParams.get("q")).toBe(prefix);
    await other.close();
  });

  test("saved views show the right stories, with scheduled time and word count", async ({ page }) => {
    const prefix = uniquePrefix("Views");
    const scheduledFor = new Date(Date.UTC(2030, 5, 1, 9, 30));
    await makeStories(prefix, [
      { by: "editor", text: "One two three four five six." },
      { by: "reporter" },
      { status: "IN_REVIEW", by: "reporter" },
      { status: "SCHEDULED", scheduledFor },
    ]);
    const old = await publishTestStory({ prefix: "views-old", headline: `${prefix} published` });

    const shown = async (view: string): Promise<string[]> => {
      await page.goto("/desk");
      await page.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: view, exact: true }).click();
      await expect(page.getByRole("navigation", { name: "Saved views" }).getByRole("link", { name: view, exact: true })).toHaveAttribute("aria-current", "page");
      await page.getByLabel("Search headlines").fill(prefix);
      await page.getByRole("button", { name: "Filter" }).click();
      await expect(page.getByLabel("Search headlines")).toHaveValue(prefix);
      await expect(page).toHaveURL(/q=/);
      if (await page.getByText("No stories match these filters.").isVisible()) return [];
      await expect(page.getByRole("table")).toBeVisible();
      return (await page.getByRole("table").getByRole("row").getByRole("link").allTextContents()).sort();
    };
    expect(await shown("My drafts")).toEqual([`${prefix} 0`]);
    expect(await shown("Waiting for review")).toEqual([`${prefix} 2`]);
    expect(await shown("Scheduled")).toEqual([`${prefix} 3`]);
    const scheduledRow = page.getByRole("row").filter({ hasText: `${prefix} 3` });
    await expect(scheduledRow.getByRole("cell").nth(4)).toContainText("Goes out 1 June 2030");
    expect(await shown("Published today")).toEqual([]);
    expect(await shown("All")).toEqual([`${prefix} 0`, `${prefix} 1`, `${prefix} 2`, `${prefix} 3`, old.headline].sort());
    const draftRow = page.getByRole("row").filter({ hasText: `${prefix} 0` });
    await expect(draftRow.getByRole("cell").nth(6)).toHaveText("6");
    await expect(draftRow.getByRole("cell").nth(7)).toContainText("1 January 2016");
  });

  test("a reporter's board holds only their own stories", async ({ browser }) => {
    const prefix = uniquePrefix("Reporter only");
    await makeStories(prefix, [{ by: "reporter" }, { by: "editor" }]);
    const context = await browser.newContext({ storageState: storageStateFor("reporter"), baseURL: test.info().project.use.baseURL });
    const page = await context.newPage();
    await page.goto(`/desk?q=${encodeURIComponent(prefix)}`);
    await expect(page.getByRole("table").getByRole("row").getByRole("link")).toHaveText([`${prefix} 0`]);
    await context.close();
  });

  test("pages through the stories, fifty at a time, with the total, keeping the search", async ({ page }) => {
    const prefix = uniquePrefix("Paged");
    await makeStories(prefix, Array.from({ length: 55 }, () => ({ by: "editor" as const })));
    await page.goto(`/desk?q=${encodeURIComponent(prefix)}`);
    await expect(page.getByText("All: 1–50 of 55 stories.")).toBeVisible();
    const links = page.getByRole("table").getByRole("row").getByRole("link");
    await expect(links).toHaveCount(50);
    const first = await links.allTextContents();
    const pages = page.getByRole("navigation", { name: "Pages" });
    await expect(pages).toContainText("Page 1 of 2");
    await expect(pages.getByRole("link", { name: "Previous page" })).toHaveCount(0);
    await pages.getByRole("link", { name: "Next page" }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText("All: 51–55 of 55 stories.")).toBeVisible();
    await expect(links).toHaveCount(5);
    const second = await links.allTextContents();
    expect(new Set([...first, ...second]).size).toBe(55);
    await expect(page.getByLabel("Search headlines")).toHaveValue(prefix);
    await pages.getByRole("link", { name: "Previous page" }).click();
    await expect(page.getByText("All: 1–50 of 55 stories.")).toBeVisible();
  });
});
