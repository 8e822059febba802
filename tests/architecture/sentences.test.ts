// Each sentence shown to people is written once: a refusal and the message that repeats it share a
// constant (lib/comments/sentences.ts, say), so rewording one cannot leave the other behind. This
// reads the source files held to that rule and fails on a sentence literal (a capital, a space, a
// full stop, question or exclamation mark at the end) that appears more than once among them.
// It holds every source file of lib/, components/ and app/: a sentence more than one place uses
// lives in its domain's sentences.ts (lib/stories, lib/accounts, lib/media, …; no imports, so
// client components can use them) or beside the one file that repeats it.

import { readFileSync } from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { ROOT, sourceFiles } from "./sources";

/** The folders that write each sentence once: all the product's own code. */
const HELD = ["lib", "components", "app"];

/** The code without its comments (line and block), so sentences in comments do not count. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/[^\n]*/g, "$1");
}

/** String literals (double quotes, or backticks without a placeholder) that read as sentences. */
const SENTENCE = /"([A-Z][^"\\\n]*\s[^"\\\n]*[.!?])"|`([A-Z][^`\\\n$]*\s[^`\\\n$]*[.!?])`/g;

function sentenceLiterals(files: readonly string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    const lines = withoutComments(readFileSync(path.join(ROOT, file), "utf8")).split("\n");
    for (const [index, line] of lines.entries()) {
      for (const match of line.matchAll(SENTENCE)) {
        const sentence = match[1] ?? match[2]!;
        found.set(sentence, [...(found.get(sentence) ?? []), `${file}:${index + 1}`]);
      }
    }
  }
  return found;
}

describe("sentences shown to people", () => {
  it("are each written once in the parts of lib/ held to it", () => {
    // Test factories are test code kept beside the module they build for.
    const found = sentenceLiterals(HELD.flatMap(sourceFiles).filter((file) => !file.includes("test-factories")));
    // Sanity: the search finds sentences, so an empty search cannot pass.
    expect(found.has("Write something before posting: the comment is empty.")).toBe(true);
    const repeated = [...found].filter(([, places]) => places.length > 1).map(([sentence, places]) => `${sentence}  (${places.join(", ")})`);
    expect(repeated, "sentences written more than once: give each a constant and use it everywhere").toEqual([]);
  });
});
