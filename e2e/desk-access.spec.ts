import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { ROLES, storageStateFor, type DemoRole } from "./fixtures";
import { publishTestStory } from "./seed";

// Every desk page, opened by every role: the page itself, the 403 page or the sign-in page, never a
// server error. A moderator opening a story used to get a 500: the byline list refused them and
// nothing turned that refusal into the 403 page.

type Expected = 200 | 403;

const STAFF: DemoRole[] = ["admin", "editor", "reporter", "moderator"];
const EDITORS: DemoRole[] = ["admin", "editor"];
const ADMINS: DemoRole[] = ["admin"];

// Who may open each page; everyone else gets the 403 page. "story…" is a spec's own story, by
// Newshub Editorial, so it is no reporter's own story.
const ALLOWED = {
  "/desk": STAFF,
  "/desk/stories/new": ["admin", "editor", "reporter"],
  story: EDITORS,
  "story/history": EDITORS,
  "story/corrections": EDITORS,
  "story/timeline": EDITORS,
  "/desk/media": ["admin", "editor", "reporter"],
  "/desk/moderation": ["admin", "editor", "moderator"],
  "/desk/sections": EDITORS,
  "/desk/bylines": EDITORS,
  "/desk/tags": EDITORS,
  "/desk/people": ADMINS,
  "/desk/settings": ADMINS,
  "/desk/outbox": ADMINS,
  "/desk/webhooks": ADMINS,
  "/desk/integrations": ADMINS,
  "/desk/wire": ["admin", "editor", "reporter"],
  "/desk/wire-sources": ADMINS,
} satisfies Record<string, DemoRole[]>;

const PAGES = Object.keys(ALLOWED) as Array<keyof typeof ALLOWED>;

function expectedFor(role: DemoRole): Record<string, Expected> {
  return Object.fromEntries(PAGES.map((name) => [name, (ALLOWED[name] as DemoRole[]).includes(role) ? 200 : 403]));
}

let storyPath = "";

test.beforeAll(async () => {
  const story = await publishTestStory({ prefix: "desk-access", headline: "A story every role tries to open" });
  storyPath = `/desk/stories/${story.id}`;
});

test.afterAll(async () => {
  await db.$disconnect();
});

test("a moderator opening a story in the desk gets the 403 page, not a server error", async ({ browser }) => {
  const context = await browser.newContext({ storageState: storageStateFor("moderator") });
  const page = await context.newPage();
  const response = await page.goto(storyPath);
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page", level: 1 })).toBeVisible();
  await context.close();
});

// The statuses only, asked as the browser asks for a page (with the role's cookies) but without
// laying each page out: 5 roles × 18 desk pages loaded in Chromium took a minute of the suite.
for (const role of ROLES) {
  test(`every desk page answers a ${role} with the page or the 403 page`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor(role) });
    const seen: Record<string, number | undefined> = {};
    for (const name of PAGES) {
      const path = name.startsWith("story") ? name.replace("story", storyPath) : name;
      seen[name] = (await context.request.get(path, { headers: { accept: "text/html" } })).status();
    }
    expect(seen).toEqual(expectedFor(role));
    await context.close();
  });
}
