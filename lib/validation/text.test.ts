import { describe, expect, it } from "vitest";

import { plainText, singleLine, textProblem } from "@/lib/validation/text";

describe("textProblem", () => {
  it("refuses NUL, the other C0 controls, DEL and C1 controls, naming the field and the character", () => {
    expect(textProblem("a\u0000b", "The headline", "line")).toBe("The headline contains a NUL character (U+0000): remove it and try again.");
    for (const control of ["\u0001", "\u0007", "\u001b", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f", "\u000b", "\u000c"]) {
      expect(textProblem(`a${control}b`, "Your comment", "lines"), `U+${control.charCodeAt(0).toString(16)}`).toMatch(/^Your comment contains an invisible control character \(U\+00[0-9A-F]{2}\)/);
    }
  });

  it("allows tabs and line breaks only in text of several lines", () => {
    expect(textProblem("first\r\nsecond\tthird\n", "Your report", "lines")).toBeNull();
    expect(textProblem("first\nsecond", "The headline", "line")).toBe("The headline must be on one line: remove the line break.");
    expect(textProblem("first\tsecond", "The headline", "line")).toBe("The headline must be on one line: remove the tab.");
  });

  it("refuses a lone surrogate half, and keeps whole emoji and every script", () => {
    expect(textProblem("ok \uD83D", "The name", "line")).toMatch(/broken character/);
    expect(textProblem("\uDC4D ok", "The name", "line")).toMatch(/broken character/);
    expect(textProblem("Zoë 👍 日本語 مرحبا \u200B", "The name", "line")).toBeNull();
  });
});

describe("singleLine and plainText", () => {
  it("trim, refuse with the field's message, and let the field's own rules follow", () => {
    const headline = singleLine("The headline").min(1, "Write a headline.").max(5, "Too long.");
    expect(headline.parse("  Hi  ")).toBe("Hi");
    expect(headline.safeParse("H\u0000i").error?.issues.map((issue) => issue.message)).toEqual([
      "The headline contains a NUL character (U+0000): remove it and try again.",
    ]);
    expect(headline.safeParse("   ").error?.issues.map((issue) => issue.message)).toEqual(["Write a headline."]);
    expect(headline.safeParse(42).error?.issues.map((issue) => issue.message)).toEqual(["The headline must be text."]);
    expect(plainText("The bio").parse(" one\ntwo ")).toBe("one\ntwo");
    expect(plainText("The bio").safeParse("one\u0000").success).toBe(false);
  });
});
