// The newsroom's time zone (issue 13, and issue 15: every date readers and staff see is written in
// it). Alone: it changes a setting every page reads, so no other spec runs while it is set.

import { expect, test } from "@playwright/test";

import { invalidateReaderCache } from "@/lib/cache/invalidate";
import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";

import { storageStateFor } from "./fixtures";
import { makeRailStory as makeStory, openStory } from "./rail-stories";
import { publishTestStory } from "./seed";

test.afterAll(async () => {
  await db.$disconnect();
});

test.describe("the newsroom's time zone", () => {
  test.use({ storageState: storageStateFor("admin"), timezoneId: "UTC" });

  test("an admin sets it on the settings page, and the editor schedules and shows times in it", async ({ page }) => {
    const at = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 6, 1, 7, 30));
    const story = await makeStory({ status: "SCHEDULED", scheduledFor: at });
    try {
      await page.goto("/desk/settings");
      const form = page.getByRole("form", { name: "Newsroom time zone" });
      await form.getByLabel("Time zone").selectOption("Europe/Berlin");
      await form.getByRole("button", { name: "Save time zone" }).click();
      await expect(form.getByRole("status")).toHaveText("Time zone saved: the desk schedules and shows times in Europe/Berlin.");

      await openStory(page, story.id);
      await expect(page.getByText("Newsroom time: Europe/Berlin")).toBeVisible();
      // 07:30 UTC is 09:30 in Berlin in July; the browser here is in UTC, so both show.
      await expect(page.getByTestId("rail-schedule")).toContainText(`1 July ${at.getUTCFullYear()}, 09:30 CEST`);
      await expect(page.getByTestId("rail-schedule")).toContainText(new RegExp(`Your time: 1 July ${at.getUTCFullYear()}, 07:30 UTC`));
      await expect(page.getByLabel("Publish at")).toHaveValue(`${at.getUTCFullYear()}-07-01T09:30`);

      // Readers see dates in it too: a story updated at 23:30 UTC on 4 November was updated on the
      // 5th in Singapore.
      await page.goto("/desk/settings");
      await form.getByLabel("Time zone").selectOption("Asia/Singapore");
      await form.getByRole("button", { name: "Save time zone" }).click();
      await expect(form.getByRole("status")).toContainText("Asia/Singapore");
      const published = await publishTestStory({ prefix: "time-zone", headline: "A story updated late at night" });
      await db.story.update({ where: { id: published.id }, data: { publishedAt: new Date("2026-11-04T23:30:00Z"), updatedAt: new Date("2026-11-04T23:45:00Z") } });
      await invalidateReaderCache([READER_TAG]);
      await expect(async () => {
        await page.goto(published.href);
        await expect(page.locator("article header time").first()).toHaveText("5 November 2026", { timeout: 1000 });
      }).toPass();
    } finally {
      // Every other spec schedules and reads dates in UTC.
      await db.setting.deleteMany({ where: { key: "newsroom.timeZone" } });
      await invalidateReaderCache([READER_TAG]);
    }
  });
});

