import { expect, test } from "@playwright/test";

import { db } from "@/lib/db";

import { ROLES, storageStateFor, type DemoRole } from "./fixtures";
import { publishTestStory } from "./seed";

// Every desk page, opened by every role: the page itself, the 403 page or the sign-in page, never a
// server error. A moderator opening a story used to get a 500: the byline list refused them and
// nothing turned that refusal into the 403 page.

type Expected = 200 | 403;

const PAGES = ["/desk", "/desk/stories/new", "story", "story/history", "story/corrections", "story/timeline", "/desk/media", "/desk/moderation", "/desk/people", "/desk/settings"] as const;

// The story is a spec's own, by Newshub Editorial, so it is no reporter's own story.
const EXPECTED: Record<DemoRole, Record<(typeof PAGES)[number], Expected>> = {
  admin: { "/desk": 200, "/desk/stories/new": 200, story: 200, "story/history": 200, "story/corrections": 200, "story/timeline": 200, "/desk/media": 200, "/desk/moderation": 200, "/desk/people": 200, "/desk/settings": 200 },
  editor: { "/desk": 200, "/desk/stories/new": 200, story: 200, "story/history": 200, "story/corrections": 200, "story/timeline": 200, "/desk/media": 200, "/desk/moderation": 200, "/desk/people": 403, "/desk/settings": 403 },
  reporter: { "/desk": 200, "/desk/stories/new": 200, story: 403, "story/history": 403, "story/corrections": 403, "story/timeline": 403, "/desk/media": 200, "/desk/moderation": 403, "/desk/people": 403, "/desk/settings": 403 },
  moderator: { "/desk": 200, "/desk/stories/new": 403, story: 403, "story/history": 403, "story/corrections": 403, "story/timeline": 403, "/desk/media": 403, "/desk/moderation": 200, "/desk/people": 403, "/desk/settings": 403 },
  reader: { "/desk": 403, "/desk/stories/new": 403, story: 403, "story/history": 403, "story/corrections": 403, "story/timeline": 403, "/desk/media": 403, "/desk/moderation": 403, "/desk/people": 403, "/desk/settings": 403 },
};

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

for (const role of ROLES) {
  test(`every desk page answers a ${role} with the page or the 403 page`, async ({ browser }) => {
    const context = await browser.newContext({ storageState: storageStateFor(role) });
    const page = await context.newPage();
    const seen: Record<string, number | undefined> = {};
    for (const name of PAGES) {
      const path = name.startsWith("story") ? name.replace("story", storyPath) : name;
      seen[name] = (await page.goto(path))?.status();
    }
    expect(seen).toEqual(EXPECTED[role]);
    await context.close();
  });
}
