import { describe, expect, it } from "vitest";
import * as Y from "yjs";

import { mapIndexThroughDelta, type TextDeltaStep } from "@/lib/collab/text-delta";

/** The delta another person's change makes to "SEOUL harbour" (a Y.Text's own, as an editor observes it). */
function deltaOf(change: (text: Y.Text) => void, initial = "SEOUL harbour"): TextDeltaStep[] {
  const doc = new Y.Doc();
  const text = doc.getText("datelinePlace");
  text.insert(0, initial);
  let delta: TextDeltaStep[] = [];
  text.observe((event) => {
    delta = event.delta as TextDeltaStep[];
  });
  change(text);
  return delta;
}

describe("a caret in a live text field, when another person's change arrives", () => {
  // The caret is after "SEOUL" (index 5) throughout.
  it("moves along with text inserted before it", () => {
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.insert(0, "NEAR ")))).toBe(10);
  });

  it("stays where it is for text inserted after it", () => {
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.insert(13, " at dawn")))).toBe(5);
  });

  it("stays before text inserted exactly at it, so the typist's own run stays whole", () => {
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.insert(5, ", KOREA")))).toBe(5);
  });

  it("moves back by text deleted before it, and to the start of a deletion around it", () => {
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.delete(0, 2)))).toBe(3);
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.delete(3, 6)))).toBe(3);
    expect(mapIndexThroughDelta(5, deltaOf((text) => text.delete(6, 7)))).toBe(5);
  });

  it("follows several changes in one update", () => {
    const delta = deltaOf((text) => {
      text.doc!.transact(() => {
        text.delete(0, 1);
        text.insert(0, "Se");
        text.insert(text.length, "!");
      });
    });
    expect(mapIndexThroughDelta(5, delta)).toBe(6);
  });
});
