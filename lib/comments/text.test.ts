import { describe, expect, it } from "vitest";

import { bodyHash, commentBodyProblem, hasLinks, normaliseCommentBody, parseCommentBody, parseCommentBodyInput, segmentLine } from "@/lib/comments/text";
import { AppError } from "@/lib/errors";

describe("normaliseCommentBody", () => {
  it("trims, makes line ends LF and keeps at most one blank line between paragraphs", () => {
    expect(normaliseCommentBody("  \r\nFirst line\r\nsecond   \r\n\r\n\r\n\r\nNext\rpara \n\n")).toBe("First line\nsecond\n\nNext\npara");
    expect(normaliseCommentBody("a\n \t \n\t\nb")).toBe("a\n\nb");
  });

  it("drops control characters but keeps tabs inside a line", () => {
    expect(normaliseCommentBody("a\u0000b\u0007c\td")).toBe("abc\td");
  });
});

describe("commentBodyProblem / parseCommentBodyInput", () => {
  it("refuses empty and whitespace-only bodies", () => {
    expect(commentBodyProblem(normaliseCommentBody(" \n\t \r\n "))).toEqual({ message: "Write something before posting: the comment is empty.", reason: "COMMENT_EMPTY" });
    expect(() => parseCommentBodyInput("   ")).toThrow(AppError);
    expect(() => parseCommentBodyInput(undefined)).toThrow("the comment is empty");
  });

  it("refuses a NUL byte, other control characters and broken characters with the reason, and keeps tabs and line breaks", () => {
    expect(() => parseCommentBodyInput("a\u0000b")).toThrow("Your comment contains a NUL character (U+0000): remove it and try again.");
    expect(() => parseCommentBodyInput("a\u009bb")).toThrow("(U+009B)");
    expect(() => parseCommentBodyInput("a \uDE00")).toThrow("broken character");
    expect(parseCommentBodyInput("a\tb\r\nc")).toBe("a\tb\nc");
  });

  it("allows 5,000 characters and refuses 5,001, counting an emoji as one", () => {
    expect(commentBodyProblem("a".repeat(5000))).toBeNull();
    expect(commentBodyProblem("😀".repeat(5000))).toBeNull();
    expect(commentBodyProblem("a".repeat(5001))).toEqual({ message: "Comments can be at most 5,000 characters; this one has 5,001.", reason: "COMMENT_TOO_LONG" });
    try {
      parseCommentBodyInput("b".repeat(6000));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).fieldErrors?.body).toEqual(["Comments can be at most 5,000 characters; this one has 6,000."]);
    }
  });
});

describe("segmentLine", () => {
  it("links http and https URLs without the sentence's punctuation", () => {
    expect(segmentLine("See https://example.org/a?b=1. And http://x.test/y, too!")).toEqual([
      { kind: "text", text: "See " },
      { kind: "link", text: "https://example.org/a?b=1", href: "https://example.org/a?b=1" },
      { kind: "text", text: ". And " },
      { kind: "link", text: "http://x.test/y", href: "http://x.test/y" },
      { kind: "text", text: ", too!" },
    ]);
  });

  it("keeps a bracket the URL opened and drops one the sentence opened", () => {
    expect(segmentLine("(https://en.wikipedia.org/wiki/Mercury_(planet))")).toEqual([
      { kind: "text", text: "(" },
      { kind: "link", text: "https://en.wikipedia.org/wiki/Mercury_(planet)", href: "https://en.wikipedia.org/wiki/Mercury_(planet)" },
      { kind: "text", text: ")" },
    ]);
  });

  it("links nothing else: other schemes, bare domains, HTML", () => {
    for (const line of ["javascript:alert(1)", "ftp://example.org/file", "www.example.org", "mailto:a@b.test", "data:text/html,<script>alert(1)</script>"]) {
      expect(segmentLine(line)).toEqual([{ kind: "text", text: line }]);
    }
    expect(segmentLine('<a href="https://evil.test">x</a>')).toEqual([
      { kind: "text", text: '<a href="' },
      { kind: "link", text: "https://evil.test", href: "https://evil.test/" },
      { kind: "text", text: '">x</a>' },
    ]);
    expect(segmentLine("https://")).toEqual([{ kind: "text", text: "https://" }]);
  });
});

describe("parseCommentBody", () => {
  it("splits paragraphs on blank lines and lines on single breaks", () => {
    expect(parseCommentBody("One\ntwo\n\nThree")).toEqual([[[{ kind: "text", text: "One" }], [{ kind: "text", text: "two" }]], [[{ kind: "text", text: "Three" }]]]);
    expect(parseCommentBody("")).toEqual([]);
  });

  it("knows whether a body has links", () => {
    expect(hasLinks("see https://example.org")).toBe(true);
    expect(hasLinks("see example.org")).toBe(false);
  });
});

describe("bodyHash", () => {
  it("is the same for the same words whatever the case and spacing, and differs otherwise", () => {
    expect(bodyHash("Hello  there\nfriend")).toBe(bodyHash("hello there friend"));
    expect(bodyHash("Hello there")).not.toBe(bodyHash("Hello where"));
    expect(bodyHash("x")).toMatch(/^[0-9a-f]{64}$/);
  });
});
