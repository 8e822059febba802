import { afterAll, describe, expect, it } from "vitest";

import { READER_TAG } from "@/lib/cache/tags";
import { db } from "@/lib/db";
import { formatDate, SITE_TIME_ZONE } from "@/lib/format";
import { readSiteSettings } from "@/lib/settings/site";
import { getNewsroomTimeZone, NEWSROOM_TIME_ZONE_KEY, updateNewsroomTimeZone } from "@/lib/time-zone";
import { makeActor } from "@/tests/integration/factories";
import { recordInvalidations } from "@/tests/integration/invalidations";

const invalidations = recordInvalidations();

// The setting is global: this is the only file that changes it, and it removes it at the end.
afterAll(async () => {
  await db.setting.deleteMany({ where: { key: NEWSROOM_TIME_ZONE_KEY } });
});

describe("the newsroom's time zone", () => {
  it("is NEWSDESK_TIME_ZONE (UTC by default) until an admin sets one", async () => {
    await db.setting.deleteMany({ where: { key: NEWSROOM_TIME_ZONE_KEY } });
    expect(await getNewsroomTimeZone()).toBe(SITE_TIME_ZONE);
  });

  it("is set by an admin, stored, and audited", async () => {
    const admin = await makeActor("ADMIN");
    expect(await updateNewsroomTimeZone(admin, { timeZone: " Europe/Berlin " })).toBe("Europe/Berlin");
    expect(await getNewsroomTimeZone()).toBe("Europe/Berlin");
    const audit = await db.auditLog.findFirst({ where: { actorId: admin.id, entityId: NEWSROOM_TIME_ZONE_KEY }, select: { data: true } });
    expect(audit?.data).toEqual({ before: SITE_TIME_ZONE, after: "Europe/Berlin" });
  });

  it("refuses a zone that does not exist, and keeps the one stored", async () => {
    const admin = await makeActor("ADMIN");
    await updateNewsroomTimeZone(admin, { timeZone: "Asia/Tokyo" });
    for (const timeZone of ["Mars/Olympus_Mons", "", "Europe/London; DROP TABLE", 42, "x".repeat(500)]) {
      await expect(updateNewsroomTimeZone(admin, { timeZone })).rejects.toMatchObject({
        code: "INVALID_INPUT",
        message: "Choose a time zone from the list, e.g. Europe/London.",
      });
    }
    expect(await getNewsroomTimeZone()).toBe("Asia/Tokyo");
  });

  it("may be changed by admins only", async () => {
    for (const role of ["EDITOR", "REPORTER", "MODERATOR", "READER"] as const) {
      await expect(updateNewsroomTimeZone(await makeActor(role), { timeZone: "Europe/Paris" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    await expect(updateNewsroomTimeZone(null, { timeZone: "Europe/Paris" })).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    expect(await getNewsroomTimeZone()).toBe("Asia/Tokyo");
  });

  it("is the zone every reader page writes dates in, and a change refreshes them all", async () => {
    const admin = await makeActor("ADMIN");
    await updateNewsroomTimeZone(admin, { timeZone: "Asia/Singapore" });
    const { dates } = await readSiteSettings();
    expect(dates.timeZone).toBe("Asia/Singapore");
    expect(formatDate(new Date("2026-11-04T23:30:00Z"), dates)).toBe("5 November 2026");
    expect(invalidations.tags).toEqual([READER_TAG]);

    // The same zone again: nothing to refresh.
    invalidations.clear();
    await updateNewsroomTimeZone(admin, { timeZone: "Asia/Singapore" });
    expect(invalidations.tags).toEqual([]);
  });

  it("reads a stored zone this runtime does not know as unset", async () => {
    await db.setting.update({ where: { key: NEWSROOM_TIME_ZONE_KEY }, data: { value: "Nowhere/Atlantis" } });
    expect(await getNewsroomTimeZone()).toBe(SITE_TIME_ZONE);
    expect((await readSiteSettings()).dates.timeZone).toBe(SITE_TIME_ZONE);
  });
});
