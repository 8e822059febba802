// Where a caret in a live text field goes when someone else's change to the field arrives
// (components/editor/live-story.ts): it stays beside the same characters, so the person typing
// goes on where they were. Text inserted exactly at the caret goes after it, as the body's carets
// are tied to the character on their left (docs/desk.md, "Typing at the same place"): each
// person's run of keystrokes stays whole. Pure: the browser loads it.

/** One step of a Yjs text change (Y.YTextEvent's delta). */
export interface TextDeltaStep {
  insert?: unknown;
  retain?: number;
  delete?: number;
}

/** The index in the changed text of what was at `index` (a caret, a selection's end) before the change. */
export function mapIndexThroughDelta(index: number, delta: readonly TextDeltaStep[]): number {
  let at = 0;
  let mapped = index;
  for (const step of delta) {
    if (step.retain !== undefined) {
      at += step.retain;
    } else if (step.delete !== undefined) {
      // The part of the deletion before the caret moves it back; one around it leaves it at the start.
      mapped -= Math.max(0, Math.min(step.delete, index - at));
      at += step.delete;
    } else if (step.insert !== undefined) {
      if (at < index) mapped += typeof step.insert === "string" ? step.insert.length : 1;
    }
  }
  return mapped;
}
