import { describe, expect, it } from "vitest";

import { foldForMatching, removeInvisible } from "@/lib/text/normalise";

describe("foldForMatching", () => {
  it("folds the disguises of issue 11 to the plain word", () => {
    expect(foldForMatching("Ad\u200Bmin")).toBe("admin");
    expect(foldForMatching("The Ed\u00ADitor")).toBe("the editor");
    expect(foldForMatching("\u0410dmin")).toBe("admin"); // Cyrillic capital A
    expect(foldForMatching("scum\u200Bbag")).toBe("scumbag");
    expect(foldForMatching("scum\u00ADbag")).toBe("scumbag");
    expect(foldForMatching("\u0455cumbag")).toBe("scumbag"); // Cyrillic dze
  });

  it("removes every invisible character: zero-width space, joiner and non-joiner, word joiner, BOM, bidi controls, variation selectors, Hangul filler", () => {
    for (const invisible of ["\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u200E", "\u200F", "\u202A", "\u202E", "\u2066", "\u2069", "\u061C", "\uFE0F", "\u034F", "\u3164", "\u{E0061}"]) {
      expect(foldForMatching(`ad${invisible}min`), `U+${invisible.codePointAt(0)!.toString(16)}`).toBe("admin");
    }
  });

  it("reads Cyrillic and Greek look-alikes, capital and small, as the Latin letters they pass for", () => {
    expect(foldForMatching("\u0430dmin")).toBe("admin"); // Cyrillic small a
    expect(foldForMatching("\u0391\u0394MIN".replace("\u0394", "D"))).toBe("admin"); // Greek capital Alpha
    expect(foldForMatching("\u0391D\u039C\u0399\u039D")).toBe("admin"); // Greek capitals Alpha, Mu, Iota, Nu
    expect(foldForMatching("\u03B1dm\u03B9n")).toBe("admin"); // Greek small alpha and iota
    expect(foldForMatching("\u0455\u0441\u0443m")).toBe("scym"); // Cyrillic s, c, y
    expect(foldForMatching("\u0440\u0430\u0443\u0440\u0430l")).toBe("paypal");
    expect(foldForMatching("\u0442\u043E\u043A\u0435\u043D")).toBe("tokeh"); // т, к, н read as the small capitals T, K, H
    expect(foldForMatching("\u0410\u0414\u041C\u0418\u041D")).not.toBe("admin"); // Russian АДМИН does not look like ADMIN
  });

  it("reads full-width, mathematical, circled and small-capital letters as plain ones", () => {
    expect(foldForMatching("\uFF41\uFF44\uFF4D\uFF49\uFF4E")).toBe("admin");
    expect(foldForMatching("\uFF21\uFF24\uFF2D\uFF29\uFF2E")).toBe("admin");
    expect(foldForMatching("\u{1D41A}\u{1D41D}\u{1D426}\u{1D422}\u{1D427}")).toBe("admin");
    expect(foldForMatching("\u24D0\u24D3\u24DC\u24D8\u24DD")).toBe("admin");
    expect(foldForMatching("\u1D00\u1D05\u1D0D\u026A\u0274")).toBe("admin");
  });

  it("drops combining diacritics, composed or not, and zalgo", () => {
    expect(foldForMatching("a\u0301dmin")).toBe("admin");
    expect(foldForMatching("\u00E1dm\u00EFn")).toBe("admin");
    expect(foldForMatching("f\u00FCck")).toBe("fuck");
    expect(foldForMatching("s\u0336c\u0336u\u0336m\u0336b\u0336a\u0336g\u0336")).toBe("scumbag");
    expect(foldForMatching("a\u0363\u036Bd\u0489min")).toBe("admin");
    expect(foldForMatching("\u0130stanbul")).toBe("istanbul");
  });

  it("undoes common leetspeak inside words, and leaves numbers alone", () => {
    expect(foldForMatching("4dm1n")).toBe("admin");
    expect(foldForMatching("$cumb4g")).toBe("scumbag");
    expect(foldForMatching("m0d3r4t0r")).toBe("moderator");
    expect(foldForMatching("1984, 4 x 4 and 3.5")).toBe("1984, 4 x 4 and 3.5");
  });

  it("folds case, and keeps words that merely contain a listed one apart", () => {
    expect(foldForMatching("ADMIN")).toBe("admin");
    expect(foldForMatching("Badminton fan")).toBe("badminton fan");
    expect(foldForMatching("Modern reader")).toBe("modern reader");
  });

  it("leaves other scripts' own letters as they are, so their words still match themselves", () => {
    expect(foldForMatching("\u65E5\u672C\u8A9E")).toBe("\u65E5\u672C\u8A9E");
    expect(foldForMatching("\u0645\u0631\u062D\u0628\u0627")).toBe(foldForMatching("\u0645\u0631\u062D\u0628\u0627"));
    expect(foldForMatching("\u0928\u092E\u0938\u094D\u0924\u0947")).toBe(foldForMatching("\u0928\u092E\u0938\u094D\u0924\u0947"));
  });
});

describe("removeInvisible", () => {
  it("removes zero-width and bidi characters and keeps everything visible", () => {
    expect(removeInvisible("A\u200Bd\u200Dm\u202Ei\u00ADn \uD83D\uDC4D")).toBe("Admin \uD83D\uDC4D");
  });
});
