import { describe, expect, it } from "vitest";

import { errorKeyOf, isDoneKey, isErrorKey } from "@/lib/comments/messages";
import { textProblem } from "@/lib/validation/text";

describe("comment outcome keys", () => {
  it("map refusals to keys and accept only known keys from a URL", () => {
    expect(errorKeyOf({ code: "INVALID_INPUT", message: "Comments can be at most 5,000 characters; this one has 5,001." })).toBe("too-long");
    expect(errorKeyOf({ code: "FORBIDDEN", message: "Comments closed on 4 December, 14 days after publication." })).toBe("closed");
    expect(errorKeyOf({ code: "RATE_LIMITED", message: "You are posting comments too quickly." })).toBe("rate");
    expect(errorKeyOf({ code: "INVALID_INPUT", message: "Your comment could not be posted." })).toBe("failed");
    // A control character is told as such, not as a banned word.
    expect(errorKeyOf({ code: "INVALID_INPUT", message: textProblem("a\u0000", "Your comment", "lines")! })).toBe("control");
    expect(errorKeyOf({ code: "INVALID_INPUT", message: textProblem("a\u0007", "Your comment", "lines")! })).toBe("control");
    expect(errorKeyOf({ code: "INVALID_INPUT", message: textProblem("a\uD800", "Your comment", "lines")! })).toBe("control");
    expect(errorKeyOf({ code: "INVALID_INPUT", message: textProblem("a\u0000", "Your report", "lines")! })).toBe("report-control");
    expect(errorKeyOf({ code: "INVALID_INPUT", message: 'Your comment contains a word we do not allow ("a NUL character"). Rephrase it and post again.' })).toBe("banned");
    expect(isErrorKey("too-long")).toBe(true);
    expect(isErrorKey("<script>")).toBe(false);
    expect(isErrorKey("toString")).toBe(false);
    expect(isDoneKey("held")).toBe(true);
    expect(isDoneKey("constructor")).toBe(false);
  });
});
