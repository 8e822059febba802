import { describe, expect, it } from "vitest";

import { describeOwnCommentStatus } from "@/lib/accounts/comment-status";
import { signUpSchema } from "@/lib/accounts/schemas";
import { displayNameProblem, isPasswordTheEmail, normaliseDisplayName, passwordProblem } from "@/lib/accounts/validation";

describe("display names", () => {
  it("are trimmed, with runs of spaces joined", () => {
    expect(normaliseDisplayName("  Ada \t  Lovelace \n")).toBe("Ada Lovelace");
  });

  it("take 2 to 50 characters, counted as characters rather than UTF-16 units", () => {
    expect(displayNameProblem("A")).toMatch(/at least 2/);
    expect(displayNameProblem("Al")).toBeNull();
    expect(displayNameProblem("é".repeat(50))).toBeNull();
    expect(displayNameProblem("😀".repeat(49) + "a")).toBeNull();
    expect(displayNameProblem("a".repeat(51))).toMatch(/50 characters or fewer/);
  });

  it("refuse control characters and invisible direction overrides", () => {
    expect(displayNameProblem("Ada\u0000Lovelace")).toBe("Your display name contains a NUL character (U+0000): remove it and try again.");
    expect(displayNameProblem("Ada\u0007")).toMatch(/control character \(U\+0007\)/);
    expect(displayNameProblem("Ada \u202eecalevoL")).toMatch(/cannot be shown/);
    expect(displayNameProblem("---")).toMatch(/letter or digit/);
  });

  it("are text, so HTML in one is just characters", () => {
    expect(displayNameProblem("<b>Ada</b>")).toBeNull();
  });

  it("refuse names that pose as the newsroom, on whole words only", () => {
    for (const name of ["Admin", "Newshub Staff", "site moderator", "The Editor", "Deleted account", "A former reader", "NEWSDESK official"]) {
      expect(displayNameProblem(name), name).toMatch(/mistaken for the newsroom/);
    }
    for (const name of ["Badminton fan", "Modern reader", "Editorial cartoon lover", "Ed Itor"]) {
      expect(displayNameProblem(name), name).toBeNull();
    }
  });

  it("refuse newsroom names hidden with invisible characters, look-alike letters, marks or leetspeak", () => {
    const disguised = [
      "Ad\u200Bmin", // zero-width space
      "The Ed\u00ADitor", // soft hyphen
      "\u0410dmin", // Cyrillic A
      "Ad\u200Dmin", // zero-width joiner
      "Ad\u2060min", // word joiner
      "\u0391DMIN", // Greek capital Alpha
      "\u039C\u03BFderator", // Greek capital Mu, small omicron
      "\uFF21\uFF44\uFF4D\uFF49\uFF4E", // full-width
      "A\u0301dmin", // combining acute accent
      "St\u0430ff member", // Cyrillic a
      "4dm1n",
      "N\u0435wshub fan", // Cyrillic e
      "\u{1D5A0}\u{1D5BD}\u{1D5C6}\u{1D5C2}\u{1D5C7}", // mathematical sans-serif
    ];
    for (const name of disguised) expect(displayNameProblem(name), JSON.stringify(name)).toMatch(/mistaken for the newsroom/);
  });

  it("do not count invisible characters towards the least length", () => {
    expect(displayNameProblem("A\u200B")).toMatch(/at least 2/);
    expect(displayNameProblem("A\u00AD\u200D")).toMatch(/at least 2/);
  });

  it("refuse a lone surrogate half, which cannot be stored", () => {
    expect(displayNameProblem("Ada \uD800")).toMatch(/^Your display name contains a broken character/);
  });

  it("keep names in other scripts that only resemble nothing of the newsroom", () => {
    for (const name of ["\u0410\u0434\u043C\u0438\u043D \u0418\u0432\u0430\u043D\u043E\u0432", "\u0391\u03BB\u03AD\u03BE\u03B1\u03BD\u03B4\u03C1\u03BF\u03C2", "\u5C71\u7530 \u592A\u90CE", "Zo\u00EB \u00DCnal", "R2-D2 fan"]) {
      expect(displayNameProblem(name), name).toBeNull();
    }
  });
});

describe("passwords", () => {
  it("take 12 to 200 characters", () => {
    expect(passwordProblem("a1b2c3d4e5f")).toMatch(/at least 12/);
    expect(passwordProblem("a1b2c3d4e5f6")).toBeNull();
    expect(passwordProblem("x".repeat(150) + "y".repeat(50))).toBeNull();
    expect(passwordProblem("x".repeat(150) + "y".repeat(51))).toMatch(/200 characters or fewer/);
  });

  it("refuse very common ones and one character repeated, whatever the case", () => {
    expect(passwordProblem("Password1234")).toMatch(/too common/);
    expect(passwordProblem("123456789012")).toMatch(/too common/);
    expect(passwordProblem("zzzzzzzzzzzzzz")).toMatch(/too common/);
  });

  it("may not be the email or the part before the @", () => {
    expect(isPasswordTheEmail("Reader.Name@Example.test", "reader.name@example.test")).toBe(true);
    expect(isPasswordTheEmail("longreadername", "longreadername@example.test")).toBe(true);
    expect(isPasswordTheEmail("longreadername!", "longreadername@example.test")).toBe(false);
  });
});

describe("the sign-up schema", () => {
  it("gives each field its own message", () => {
    const result = signUpSchema.safeParse({ displayName: " ", email: "not an email", password: "short" });
    expect(result.success).toBe(false);
    const fields = new Set(result.error?.issues.map((issue) => issue.path[0]));
    expect(fields).toEqual(new Set(["displayName", "email", "password"]));
  });

  it("refuses the email as the password", () => {
    const result = signUpSchema.safeParse({ displayName: "Ada", email: "ada.lovelace.1815@example.test", password: "ada.lovelace.1815@example.test" });
    expect(result.error?.issues.map((issue) => [issue.path[0], issue.message])).toEqual([
      ["password", "Do not use your email address as your password."],
    ]);
  });

  it("hands back the stored forms: trimmed name, lower-cased email, the password untouched", () => {
    const result = signUpSchema.parse({ displayName: "  Ada  Lovelace ", email: " Ada@Example.TEST ", password: " spaces count here " });
    expect(result).toEqual({ displayName: "Ada Lovelace", email: "ada@example.test", password: " spaces count here " });
  });
});

describe("a comment's status, as its author is told it", () => {
  const base = { holdReasons: [] as string[], rejectReason: null, deletedAt: null };
  it("says in plain words whether readers see it and why not", () => {
    expect(describeOwnCommentStatus({ ...base, status: "APPROVED" })).toBe("Published");
    expect(describeOwnCommentStatus({ ...base, status: "PENDING" })).toBe("Waiting for a moderator: a moderator wants to look at it first");
    expect(describeOwnCommentStatus({ ...base, status: "PENDING", holdReasons: ["NEW_ACCOUNT_LINKS", "SUSPECT_WORD"] })).toBe(
      "Waiting for a moderator: it contains links and your account is less than a day old and it contains a word our moderators check before it is shown",
    );
    expect(describeOwnCommentStatus({ ...base, status: "REJECTED", rejectReason: "Personal attack" })).toBe("Not published: Personal attack");
    expect(describeOwnCommentStatus({ ...base, status: "SPAM" })).toBe("Removed as spam");
    expect(describeOwnCommentStatus({ ...base, status: "APPROVED", deletedAt: new Date() })).toBe("Deleted by you");
  });
});
