// The outcome keys of real refusals: each made by the lib code that makes it, so a change of
// words cannot change which key (and which message) a reader sees.

import { describe, expect, it } from "vitest";

import { DEFAULT_DATE_STYLE } from "@/lib/format";

import { AppError } from "@/lib/errors";
import { errorKeyOf, ERROR_MESSAGES, isDoneKey, isErrorKey } from "@/lib/comments/messages";
import { assertNoBannedWords } from "@/lib/comments/holds";
import { limitRefusal } from "@/lib/comments/limits";
import { effectiveCommentPolicy } from "@/lib/comments/policy";
import { closedRefusal, notFoundComment } from "@/lib/comments/refusals";
import { reportCommentSchema } from "@/lib/comments/schemas";
import { suspensionNotice } from "@/lib/comments/sentences";
import { commentRefusal } from "@/lib/comments/standing";
import { parseCommentBodyInput } from "@/lib/comments/text";
import { parseInput } from "@/lib/validation/parse-input";

const ID = "0b7c4a8e-3f1d-4c2a-9e6b-5d8f7a1c2b3e";

function thrown(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

const report = (input: Record<string, unknown>) =>
  thrown(() => parseInput(reportCommentSchema, { commentId: ID, ...input }, { reasons: { reason: "REPORT_REASON_MISSING", text: "REPORT_CONTROL_CHARACTER" } }));

describe("comment outcome keys", () => {
  it("follow the refusal's reason, whatever its words", () => {
    expect(errorKeyOf(thrown(() => parseCommentBodyInput(" \n ")))).toBe("empty");
    expect(errorKeyOf(thrown(() => parseCommentBodyInput("a".repeat(5001))))).toBe("too-long");
    // A control character is told as such, not as a banned word, though both start "Your comment contains".
    expect(errorKeyOf(thrown(() => parseCommentBodyInput("a\u0000")))).toBe("control");
    expect(errorKeyOf(thrown(() => parseCommentBodyInput("a\u0007")))).toBe("control");
    expect(errorKeyOf(thrown(() => parseCommentBodyInput("a\uD800")))).toBe("control");
    expect(errorKeyOf(thrown(() => assertNoBannedWords("a NUL character", ["NUL"])))).toBe("banned");
    const suspended = commentRefusal({ role: "READER", status: "SUSPENDED", suspendedUntil: new Date(Date.UTC(2031, 0, 2)), statusReason: "Insults." }, DEFAULT_DATE_STYLE);
    expect(suspended && errorKeyOf(suspended)).toBe("suspended");
    const published = { status: "PUBLISHED", commentPolicy: "OPEN", publishedAt: new Date(Date.UTC(2026, 0, 1)), commentsCloseAfterDays: 14 } as const;
    expect(errorKeyOf(closedRefusal(effectiveCommentPolicy({ ...published, commentsClosedAt: new Date(Date.UTC(2026, 0, 3)) }, DEFAULT_DATE_STYLE)))).toBe("closed");
    expect(errorKeyOf(closedRefusal(effectiveCommentPolicy({ ...published, commentsClosedAt: null }, DEFAULT_DATE_STYLE, new Date(Date.UTC(2026, 1, 1)))))).toBe("closed");
    expect(errorKeyOf(limitRefusal("RATE_LIMITED_COMMENTS", new Date(Date.now() + 30_000)))).toBe("rate");
    expect(errorKeyOf(report({ reason: "NONSENSE" }))).toBe("report-reason");
    expect(errorKeyOf(report({ reason: "OTHER", text: "" }))).toBe("report-text");
    expect(errorKeyOf(report({ reason: "SPAM", text: "a".repeat(1001) }))).toBe("report-long");
    expect(errorKeyOf(report({ reason: "SPAM", text: "a\u0000" }))).toBe("report-control");
    expect(errorKeyOf(notFoundComment())).toBe("not-found");
    expect(errorKeyOf(new AppError("INVALID_INPUT", "Anything at all."))).toBe("failed");
    expect(errorKeyOf({ code: "INTERNAL" })).toBe("internal");
  });

  it("say the same suspension notice the refusal does", () => {
    expect(ERROR_MESSAGES.suspended).toBe(suspensionNotice({ suspendedUntil: null, statusReason: null }, DEFAULT_DATE_STYLE));
  });

  it("accept only known keys from a URL", () => {
    expect(isErrorKey("too-long")).toBe(true);
    expect(isErrorKey("<script>")).toBe(false);
    expect(isErrorKey("toString")).toBe(false);
    expect(isDoneKey("held")).toBe(true);
    expect(isDoneKey("constructor")).toBe(false);
  });
});
