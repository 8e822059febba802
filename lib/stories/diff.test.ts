import { describe, expect, it } from "vitest";

import { diffWords, hasChanges, splitParagraphs, tokenize, type Segment } from "@/lib/stories/diff";

function side(segments: readonly Segment[], kind: "added" | "removed"): string {
  return segments.filter((s) => s.kind === "same" || s.kind === kind).map((s) => s.text).join("");
}

/** Every diff must give both texts back, and never leave two neighbours of one kind. */
function expectFaithful(oldText: string, newText: string, segments: readonly Segment[]) {
  expect(side(segments, "removed")).toBe(oldText);
  expect(side(segments, "added")).toBe(newText);
  for (let i = 1; i < segments.length; i += 1) expect(segments[i]!.kind).not.toBe(segments[i - 1]!.kind);
  for (const segment of segments) expect(segment.text).not.toBe("");
}

function check(oldText: string, newText: string): Segment[] {
  const segments = diffWords(oldText, newText);
  expectFaithful(oldText, newText, segments);
  return segments;
}

describe("tokenize", () => {
  it("splits words, spaces, punctuation and paragraph breaks, and joins back to the text", () => {
    const text = "Don't panic, it's 3.5 metres.\n\nNext — paragraph!";
    const tokens = tokenize(text);
    expect(tokens.join("")).toBe(text);
    expect(tokens).toEqual(["Don't", " ", "panic", ",", " ", "it's", " ", "3.5", " ", "metres", ".", "\n\n", "Next", " ", "—", " ", "paragraph", "!"]);
  });

  it("keeps emoji sequences and accented words whole", () => {
    expect(tokenize("Café 👍🏽 👩‍👩‍👧 naïve")).toEqual(["Café", " ", "👍🏽", " ", "👩‍👩‍👧", " ", "naïve"]);
  });
});

describe("diffWords", () => {
  it("gives one unchanged segment for identical texts, and nothing for two empty ones", () => {
    expect(check("The council voted.", "The council voted.")).toEqual([{ kind: "same", text: "The council voted." }]);
    expect(diffWords("", "")).toEqual([]);
    expect(hasChanges(diffWords("a b", "a b"))).toBe(false);
  });

  it("marks a pure insertion", () => {
    expect(check("The council voted.", "The harbour council voted.")).toEqual([
      { kind: "same", text: "The " },
      { kind: "added", text: "harbour " },
      { kind: "same", text: "council voted." },
    ]);
  });

  it("marks a pure deletion", () => {
    expect(check("The harbour council voted on Tuesday.", "The council voted.")).toEqual([
      { kind: "same", text: "The " },
      { kind: "removed", text: "harbour " },
      { kind: "same", text: "council voted" },
      { kind: "removed", text: " on Tuesday" },
      { kind: "same", text: "." },
    ]);
  });

  it("shows a replacement in the middle as the old words, then the new", () => {
    expect(check("The council voted on Tuesday to rebuild the wall.", "The council voted on Wednesday to rebuild the wall.")).toEqual([
      { kind: "same", text: "The council voted on " },
      { kind: "removed", text: "Tuesday" },
      { kind: "added", text: "Wednesday" },
      { kind: "same", text: " to rebuild the wall." },
    ]);
  });

  it("joins neighbouring changed words across the spaces between them", () => {
    expect(check("the quick brown fox", "the slow red fox")).toEqual([
      { kind: "same", text: "the " },
      { kind: "removed", text: "quick brown" },
      { kind: "added", text: "slow red" },
      { kind: "same", text: " fox" },
    ]);
  });

  it("shows punctuation changes without marking the words around them", () => {
    expect(check("Hello, world.", "Hello world!")).toEqual([
      { kind: "same", text: "Hello" },
      { kind: "removed", text: "," },
      { kind: "same", text: " world" },
      { kind: "removed", text: "." },
      { kind: "added", text: "!" },
    ]);
  });

  it("handles texts that start or end empty", () => {
    expect(check("", "New headline")).toEqual([{ kind: "added", text: "New headline" }]);
    expect(check("Old standfirst", "")).toEqual([{ kind: "removed", text: "Old standfirst" }]);
  });

  it("keeps an added paragraph apart from its neighbours", () => {
    const segments = check("First paragraph.\n\nLast paragraph.", "First paragraph.\n\nA new paragraph.\n\nLast paragraph.");
    expect(segments.filter((s) => s.kind !== "same")).toEqual([{ kind: "added", text: "A new paragraph.\n\n" }]);
    expect(splitParagraphs(segments)).toEqual([
      { segments: [{ kind: "same", text: "First paragraph." }] },
      { segments: [{ kind: "added", text: "A new paragraph." }] },
      { segments: [{ kind: "same", text: "Last paragraph." }] },
    ]);
  });

  it("notes a paragraph split in two", () => {
    const segments = check("One sentence. Another sentence.", "One sentence.\n\nAnother sentence.");
    expect(splitParagraphs(segments)).toEqual([
      { segments: [{ kind: "same", text: "One sentence." }, { kind: "removed", text: " " }] },
      { segments: [{ kind: "same", text: "Another sentence." }], breakBefore: "added" },
    ]);
  });

  it("compares unicode and emoji as whole characters", () => {
    expect(check("Café opens 🎉 today", "Café opens 🎊 today")).toEqual([
      { kind: "same", text: "Café opens " },
      { kind: "removed", text: "🎉" },
      { kind: "added", text: "🎊" },
      { kind: "same", text: " today" },
    ]);
    expect(check("Thumbs 👍🏽 up", "Thumbs 👍🏿 up").filter((s) => s.kind !== "same")).toEqual([
      { kind: "removed", text: "👍🏽" },
      { kind: "added", text: "👍🏿" },
    ]);
    expect(check("日本語のテキスト", "日本語の文章")).toEqual([
      { kind: "same", text: "日本語の" },
      { kind: "removed", text: "テキスト" },
      { kind: "added", text: "文章" },
    ]);
  });

  describe("long stories", () => {
    const words = ["harbour", "council", "wall", "storm", "vote", "tide", "winter", "mayor", "budget", "repair"];
    function story(paragraphs: number, wordsPerParagraph: number, seed: number): string[] {
      return Array.from({ length: paragraphs }, (_, p) =>
        Array.from({ length: wordsPerParagraph }, (_, w) => words[(p * 7 + w * 3 + seed * (w % 5)) % words.length]).join(" ") + ".",
      );
    }

    it("diffs a 10,000-word story with scattered edits paragraph by paragraph, and gets it right", () => {
      const before = story(200, 50, 1);
      const after = [...before];
      after[10] = after[10]!.replace("harbour", "HARBOUR");
      after.splice(100, 1); // a paragraph removed
      after.splice(150, 0, "An entirely new paragraph about the storm."); // and one added
      after[190] = after[190]!.replace(/\.$/, "!");
      const oldText = before.join("\n\n");
      const newText = after.join("\n\n");
      // The changes are far apart, so the word table would be far over the limit: the paragraph route is taken.
      expect(tokenize(oldText).length).toBeGreaterThan(20_000);

      const segments = diffWords(oldText, newText);
      expectFaithful(oldText, newText, segments);
      const changes = segments.filter((s) => s.kind !== "same");
      expect(changes).toContainEqual({ kind: "removed", text: "harbour" });
      expect(changes).toContainEqual({ kind: "added", text: "HARBOUR" });
      expect(changes).toContainEqual({ kind: "removed", text: `${before[100]}\n\n` });
      expect(changes).toContainEqual({ kind: "added", text: "An entirely new paragraph about the storm.\n\n" });
      expect(changes.map((s) => s.text)).toEqual(expect.arrayContaining([".", "!"]));
      expect(changes).toHaveLength(6);
    });

    it("finishes on two entirely different long texts", () => {
      const oldText = story(100, 100, 2).join("\n\n");
      const newText = story(100, 100, 3).join(" ");
      expectFaithful(oldText, newText, diffWords(oldText, newText));
    });

    it("falls back to comparing paragraphs when the word table would be too large", () => {
      const oldText = "Alpha beta gamma.\n\nDelta epsilon.\n\nZeta eta.";
      const newText = "Alpha beta GAMMA.\n\nDelta epsilon.\n\nZeta theta.";
      const segments = diffWords(oldText, newText, { maxCells: 30 });
      expectFaithful(oldText, newText, segments);
      expect(segments.filter((s) => s.kind !== "same")).toEqual([
        { kind: "removed", text: "gamma" },
        { kind: "added", text: "GAMMA" },
        { kind: "removed", text: "eta" },
        { kind: "added", text: "theta" },
      ]);
    });
  });
});
