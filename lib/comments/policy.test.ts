import { describe, expect, it } from "vitest";

import { effectiveCommentPolicy, type StoryCommentRules } from "@/lib/comments/policy";

const now = new Date("2026-12-18T12:00:00Z");
const GB = { locale: "en-GB", timeZone: "UTC" };
const published: StoryCommentRules = {
  status: "PUBLISHED",
  commentPolicy: "OPEN",
  commentsClosedAt: null,
  publishedAt: new Date("2026-11-20T09:00:00Z"),
  commentsCloseAfterDays: null,
};

describe("effectiveCommentPolicy", () => {
  it("is open with nothing to say for a published open story", () => {
    expect(effectiveCommentPolicy(published, GB, now)).toEqual({ policy: "OPEN", reason: null, closesAt: null });
  });

  it("says a pre-moderated story's comments are checked first", () => {
    expect(effectiveCommentPolicy({ ...published, commentPolicy: "PREMODERATED" }, GB, now)).toEqual({
      policy: "PREMODERATED",
      reason: "Comments on this story are checked by a moderator before they appear.",
      closesAt: null,
    });
  });

  it("closes a story its section closes after some days, saying when", () => {
    const rules = { ...published, publishedAt: new Date("2026-11-20T09:00:00Z"), commentsCloseAfterDays: 14 };
    expect(effectiveCommentPolicy(rules, GB, now)).toEqual({ policy: "CLOSED", reason: "Comments closed on 4 December, 14 days after publication.", closesAt: null });
    const early = new Date("2026-12-01T00:00:00Z");
    expect(effectiveCommentPolicy(rules, GB, early)).toEqual({ policy: "OPEN", reason: null, closesAt: new Date("2026-12-04T09:00:00Z") });
    expect(effectiveCommentPolicy({ ...rules, commentsCloseAfterDays: 1 }, GB, now).reason).toBe("Comments closed on 21 November, 1 day after publication.");
  });

  it("closes by hand, by time and when the story is not published", () => {
    expect(effectiveCommentPolicy({ ...published, commentPolicy: "CLOSED" }, GB, now)).toMatchObject({ policy: "CLOSED", reason: "Comments on this story are closed." });
    expect(effectiveCommentPolicy({ ...published, commentsClosedAt: new Date("2026-12-02T10:00:00Z") }, GB, now)).toMatchObject({ policy: "CLOSED", reason: "Comments closed on 2 December." });
    expect(effectiveCommentPolicy({ ...published, commentsClosedAt: new Date("2026-12-20T10:00:00Z") }, GB, now)).toMatchObject({ policy: "OPEN", closesAt: new Date("2026-12-20T10:00:00Z") });
    for (const status of ["DRAFT", "IN_REVIEW", "SCHEDULED", "UNPUBLISHED"] as const) {
      expect(effectiveCommentPolicy({ ...published, status }, GB, now)).toMatchObject({ policy: "CLOSED", reason: "Comments are open only on published stories." });
    }
  });

  it("dates the closing in the newsroom's locale and time zone", () => {
    // 2 December, 20:00 UTC is already 3 December in Singapore.
    const closed = { ...published, commentsClosedAt: new Date("2026-12-02T20:00:00Z") };
    expect(effectiveCommentPolicy(closed, { locale: "en-US", timeZone: "Asia/Singapore" }, now).reason).toBe("Comments closed on December 3.");
    expect(effectiveCommentPolicy(closed, { locale: "fr-FR", timeZone: "UTC" }, now).reason).toBe("Comments closed on 2 décembre.");
  });
});
