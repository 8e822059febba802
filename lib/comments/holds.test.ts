import { describe, expect, it } from "vitest";

import { assertNoBannedWords, findListedWords, heldMessage, holdExplanation, holdReasons, type HoldContext } from "@/lib/comments/holds";
import { AppError } from "@/lib/errors";

const now = new Date("2026-11-27T12:00:00Z");
const base: HoldContext = {
  body: "A fair point about the sea wall.",
  hasLinks: false,
  policy: "OPEN",
  settings: { suspectWords: [], holdFirstComment: false },
  author: { createdAt: new Date("2026-01-01T00:00:00Z"), canModerate: false, hasApprovedComment: true, postedSameTextRecently: false },
  now,
};

describe("holdReasons", () => {
  it("holds nothing for an established reader's plain comment on an open story", () => {
    expect(holdReasons(base)).toEqual([]);
  });

  it("holds every comment on a pre-moderated story, a moderator's too", () => {
    expect(holdReasons({ ...base, policy: "PREMODERATED" })).toEqual(["PREMODERATED"]);
    expect(holdReasons({ ...base, policy: "PREMODERATED", author: { ...base.author, canModerate: true } })).toEqual(["PREMODERATED"]);
  });

  it("holds suspect words as whole words, ignoring case", () => {
    const settings = { suspectWords: ["crypto", "free money"], holdFirstComment: false };
    expect(holdReasons({ ...base, settings, body: "Buy CRYPTO now" })).toEqual(["SUSPECT_WORD"]);
    expect(holdReasons({ ...base, settings, body: "Free\u00a0money? Free\n  money." })).toEqual(["SUSPECT_WORD"]);
    expect(holdReasons({ ...base, settings, body: "free, money" })).toEqual([]);
    expect(holdReasons({ ...base, settings, body: "Get free money." })).toEqual(["SUSPECT_WORD"]);
    expect(holdReasons({ ...base, settings, body: "cryptography is maths" })).toEqual([]);
  });

  it("holds links from an account younger than a day, not from an older one", () => {
    const young = { ...base.author, createdAt: new Date(now.getTime() - 23 * 3600_000) };
    expect(holdReasons({ ...base, hasLinks: true, author: young })).toEqual(["NEW_ACCOUNT_LINKS"]);
    expect(holdReasons({ ...base, hasLinks: false, author: young })).toEqual([]);
    expect(holdReasons({ ...base, hasLinks: true, author: { ...young, createdAt: new Date(now.getTime() - 25 * 3600_000) } })).toEqual([]);
  });

  it("holds a repeat and, when the setting is on, a first comment; moderators are exempt", () => {
    expect(holdReasons({ ...base, author: { ...base.author, postedSameTextRecently: true } })).toEqual(["REPEATED"]);
    const newcomer = { ...base.author, hasApprovedComment: false };
    expect(holdReasons({ ...base, author: newcomer })).toEqual([]);
    expect(holdReasons({ ...base, author: newcomer, settings: { suspectWords: [], holdFirstComment: true } })).toEqual(["FIRST_COMMENT"]);
    expect(holdReasons({ ...base, author: { ...newcomer, canModerate: true, postedSameTextRecently: true }, settings: { suspectWords: [], holdFirstComment: true } })).toEqual([]);
  });
});

describe("the author's words", () => {
  it("explain one reason or several in one sentence", () => {
    expect(heldMessage(["NEW_ACCOUNT_LINKS"])).toBe("Your comment is waiting for a moderator because it contains links and your account is less than a day old.");
    expect(holdExplanation(["PREMODERATED", "REPEATED", "FIRST_COMMENT"])).toBe(
      "a moderator checks every comment on this story before it appears, you posted the same text recently and it is your first comment here, and a moderator reads every new reader's first comment",
    );
    expect(holdExplanation(["UNKNOWN"])).toBe("a moderator wants to look at it first");
  });
});

describe("banned words", () => {
  it("refuse the comment and name the words", () => {
    expect(findListedWords("Das ist Mist", ["mist", "nebel"])).toEqual(["mist"]);
    expect(() => assertNoBannedWords("A perfectly nice remark", ["mist"])).not.toThrow();
    try {
      assertNoBannedWords("What utter MIST.", ["mist"]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toBe('Your comment contains a word we do not allow ("mist"). Rephrase it and post again.');
    }
  });

  it("treats regular-expression characters in a listed word literally", () => {
    expect(findListedWords("a+b is fine", ["a.b"])).toEqual([]);
    expect(findListedWords("say a.b now", ["a.b"])).toEqual(["a.b"]);
  });

  it("cannot be hidden with invisible characters, look-alike letters, marks or leetspeak", () => {
    for (const disguised of ["scum\u200Bbag", "scum\u00ADbag", "\u0455cumbag", "SCUM\u200DBAG", "\uFF53\uFF43\uFF55\uFF4D\uFF42\uFF41\uFF47", "sc\u00FCmbag", "s\u0336cumbag", "scumb4g", "$cumbag", "\u0455\u0441umb\u0430g"]) {
      expect(findListedWords(`What a ${disguised}!`, ["scumbag"]), JSON.stringify(disguised)).toEqual(["scumbag"]);
      expect(() => assertNoBannedWords(`You ${disguised}.`, ["scumbag"]), JSON.stringify(disguised)).toThrow('("scumbag")');
    }
    // A listed word typed with a look-alike matches the plain word in a comment too.
    expect(findListedWords("what a scumbag", ["\u0455cumbag"])).toEqual(["\u0455cumbag"]);
  });

  it("still match whole words only, after folding", () => {
    expect(findListedWords("Scunthorpe and scumbags", ["scumbag", "cunt"])).toEqual([]);
    expect(findListedWords("free\u200B money now", ["free money"])).toEqual(["free money"]);
  });
});

describe("suspect words", () => {
  it("hold a disguised suspect word as they hold the plain one", () => {
    const settings = { suspectWords: ["crypto"], holdFirstComment: false };
    expect(holdReasons({ ...base, settings, body: "Buy cr\u200Bypto now" })).toEqual(["SUSPECT_WORD"]);
    expect(holdReasons({ ...base, settings, body: "Buy \u0441rypto now" })).toEqual(["SUSPECT_WORD"]);
  });
});
