import { describe, expect, it } from "vitest";

import { formatDateTime } from "@/lib/format";
import { describeAuditEntry, foldAutosaves, type TimelineEntry } from "@/lib/stories/timeline";

const who = "Marguerite Vell";
const UTC_GB = { locale: "en-GB", timeZone: "UTC" };
const say = (action: string, data: unknown = null, actorName: string | null = who) => describeAuditEntry({ action, actorName, data }, UTC_GB);

describe("describeAuditEntry", () => {
  it("names creating and importing a story", () => {
    expect(say("story.create", { headline: "Sea wall" })).toBe("Marguerite Vell created the story");
    expect(say("story.import")).toBe("Marguerite Vell imported the story");
  });

  it("names the version a save produced, and a changed address", () => {
    expect(say("story.save", { version: 4 })).toBe("Marguerite Vell saved version 4");
    expect(say("story.save", { version: 5, oldSlug: "sea-wall", slug: "sea-wall-vote" })).toBe(
      "Marguerite Vell saved version 5 and changed its address to “sea-wall-vote”",
    );
    expect(say("story.save", {})).toBe("Marguerite Vell saved the story");
    expect(say("story.save", { version: 6, autosave: true })).toBe("Marguerite Vell autosaved version 6");
  });

  it("says which status a workflow move went from and to", () => {
    expect(say("story.submit", { from: "DRAFT", to: "IN_REVIEW" })).toBe("Marguerite Vell moved it from Draft to In review");
    expect(say("story.return", { from: "IN_REVIEW", to: "DRAFT" })).toBe("Marguerite Vell moved it from In review to Draft");
    expect(say("story.redraft", { from: "UNPUBLISHED", to: "DRAFT" })).toBe("Marguerite Vell moved it from Unpublished to Draft");
    expect(say("story.unschedule", { from: "SCHEDULED", to: "IN_REVIEW" })).toBe(
      "Marguerite Vell cancelled the schedule and moved it from Scheduled to In review",
    );
  });

  it("falls back to the action's meaning when a workflow record lacks its statuses", () => {
    expect(say("story.submit")).toBe("Marguerite Vell submitted it for review");
    expect(say("story.return", { from: "NOT_A_STATUS", to: "DRAFT" })).toBe("Marguerite Vell sent it back to draft");
    expect(say("story.redraft", {})).toBe("Marguerite Vell moved it back to draft");
    expect(say("story.unschedule", [])).toBe("Marguerite Vell cancelled the schedule and moved it back to review");
  });

  it("describes publishing, including a seeded record, a republish and the scheduler", () => {
    expect(say("story.publish", { from: "IN_REVIEW", to: "PUBLISHED" })).toBe("Marguerite Vell published the story");
    expect(say("story.publish", { seeded: true })).toBe("Marguerite Vell published the story");
    expect(say("story.publish", { from: "UNPUBLISHED", to: "PUBLISHED" })).toBe("Marguerite Vell published the story again");
    expect(say("story.publish", { from: "SCHEDULED", to: "PUBLISHED", bySchedule: true }, null)).toBe(
      "Newsdesk published the story at its scheduled time",
    );
  });

  it("gives the time a story is scheduled for", () => {
    const at = "2026-11-04T09:30:00.000Z";
    expect(say("story.schedule", { from: "DRAFT", to: "SCHEDULED", scheduledFor: at })).toBe(
      `Marguerite Vell scheduled it for ${formatDateTime(new Date(at), UTC_GB)}`,
    );
    expect(formatDateTime(new Date(at), UTC_GB)).toBe("4 November 2026 at 09:30 UTC");
    expect(describeAuditEntry({ action: "story.schedule", actorName: who, data: { scheduledFor: at } }, { locale: "en-US", timeZone: "Asia/Singapore" })).toBe(
      "Marguerite Vell scheduled it for November 4, 2026 at 05:30 PM GMT+8",
    );
    expect(say("story.schedule", { scheduledFor: "not a date" })).toBe("Marguerite Vell scheduled the story");
  });

  it("describes unpublishing", () => {
    expect(say("story.unpublish", { from: "PUBLISHED", to: "UNPUBLISHED" })).toBe("Marguerite Vell unpublished the story");
  });

  it("names the version a restore brought back", () => {
    expect(say("story.restore", { restoredVersion: 2, version: 7 })).toBe("Marguerite Vell restored version 2");
    expect(say("story.restore", { fromVersion: 3 })).toBe("Marguerite Vell restored version 3");
    expect(say("story.restore")).toBe("Marguerite Vell restored an earlier version");
  });

  it("tells a correction from a clarification", () => {
    expect(say("story.correct", { kind: "CORRECTION", text: "We misspelt the mayor’s name." })).toBe("Marguerite Vell added a correction");
    expect(say("story.correct", { kind: "CLARIFICATION" })).toBe("Marguerite Vell added a clarification");
    expect(say("story.correct")).toBe("Marguerite Vell added a correction");
  });

  it("describes a byline change", () => {
    expect(say("story.bylines", { bylineIds: [] })).toBe("Marguerite Vell changed the bylines");
  });

  it("describes pinning and unpinning the front page's lead, and why a pin went", () => {
    expect(say("story.pin", {})).toBe("Marguerite Vell pinned it as the front page's lead");
    expect(say("story.commentsClose", { before: "OPEN", after: "CLOSED" })).toBe("Marguerite Vell closed comments on the story");
    expect(say("story.unpin", {})).toBe("Marguerite Vell unpinned it from the front page");
    expect(say("story.unpin", { reason: "unpublish" })).toBe("Marguerite Vell unpinned it from the front page as it came off the site");
  });

  it("falls back to a generic sentence for an action it does not know", () => {
    expect(say("story.archive", { anything: 1 })).toBe("Marguerite Vell made a change (story.archive)");
  });

  it("says Someone when the person's account is gone", () => {
    expect(say("story.save", { version: 2 }, null)).toBe("Someone saved version 2");
  });
});

describe("foldAutosaves", () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 27, 9, minute));
  const entry = (id: number, action: string, data: unknown, actorName: string | null = who): TimelineEntry => ({
    id: String(id),
    action,
    actorName,
    data,
    createdAt: at(id),
  });

  it("folds a run of one person's autosaves into one entry, keeping the newest time", () => {
    const entries = [
      entry(9, "story.publish", { from: "IN_REVIEW", to: "PUBLISHED" }),
      entry(8, "story.save", { version: 7, autosave: true }),
      entry(7, "story.save", { version: 6, autosave: true }),
      entry(6, "story.save", { version: 5, autosave: true }),
      entry(5, "story.save", { version: 4 }),
      entry(4, "story.save", { version: 3, autosave: true }),
      entry(3, "story.save", { version: 2, autosave: true }, "Ines Harrow"),
    ];
    const folded = foldAutosaves(entries);
    expect(folded.map((e) => describeAuditEntry(e, UTC_GB))).toEqual([
      "Marguerite Vell published the story",
      "Marguerite Vell autosaved versions 5 to 7",
      "Marguerite Vell saved version 4",
      "Marguerite Vell autosaved version 3",
      "Ines Harrow autosaved version 2",
    ]);
    expect(folded[1]?.createdAt).toEqual(at(8));
    expect(entries).toHaveLength(7);
  });
});
