import { describe, expect, it } from "vitest";

import { bodyChanges, savedWhen, takeTheirsChange, timeAgo } from "@/lib/stories/conflict";

const p = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
const doc = (...texts: string[]) => ({ type: "doc", content: texts.map(p) });

describe("bodyChanges", () => {
  it("pairs changed paragraphs one to one, with the words that differ", () => {
    const mine = doc("Same start.", "The quick brown fox.", "Middle.", "Mine ends here.");
    const theirs = doc("Same start.", "The slow brown fox.", "Middle.", "Theirs ends here.", "An added paragraph.");
    const changes = bodyChanges(mine, theirs);
    expect(changes.map((c) => [c.mineStart, c.mineEnd, c.theirsStart, c.theirsEnd])).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
      [4, 4, 4, 5],
    ]);
    expect(changes[0]!.segments).toEqual([
      { kind: "same", text: "The " },
      { kind: "removed", text: "quick" },
      { kind: "added", text: "slow" },
      { kind: "same", text: " brown fox." },
    ]);
    expect(changes[2]!.segments).toEqual([{ kind: "added", text: "An added paragraph." }]);
  });

  it("takes one change from theirs and leaves the rest of yours", () => {
    const mine = doc("A one.", "B mine.", "C mine.");
    const theirs = doc("A one.", "B theirs.", "C theirs.");
    const [, second] = bodyChanges(mine, theirs);
    const merged = takeTheirsChange(mine, theirs, second!);
    expect(merged).toEqual(doc("A one.", "B mine.", "C theirs."));
    expect(bodyChanges(merged, theirs)).toHaveLength(1);
  });

  it("finds nothing between equal bodies and copes with empty ones", () => {
    expect(bodyChanges(doc("x"), doc("x"))).toEqual([]);
    expect(bodyChanges({ type: "doc" }, doc("new"))).toHaveLength(1);
    expect(takeTheirsChange(doc("gone"), { type: "doc", content: [] }, bodyChanges(doc("gone"), { type: "doc", content: [] })[0]!)).toEqual({
      type: "doc",
      content: [{ type: "paragraph" }],
    });
  });
});

describe("times in words", () => {
  const now = new Date("2026-12-06T10:45:10Z");
  it("says how long ago and at what time", () => {
    expect(timeAgo(new Date("2026-12-06T10:45:00Z"), now)).toBe("less than a minute ago");
    expect(savedWhen(new Date("2026-12-06T10:42:00Z"), now, "UTC")).toBe("3 minutes ago, at 10:42");
    expect(savedWhen(new Date("2026-12-06T08:40:00Z"), now, "Europe/Paris")).toBe("2 hours ago, at 09:40");
    expect(savedWhen(new Date("2026-12-04T10:42:00Z"), now, "UTC")).toBe("2 days ago, at 10:42 on 4 December 2026");
  });
});
