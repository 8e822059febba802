// Text a rule is checked against (staff names, the banned and suspect word lists, duplicate
// bylines) is first folded to a matching key, so that invisible characters and look-alike letters
// cannot slip a word past the rule: "Ad\u200Bmin", "The Ed\u00ADitor", "Аdmin" with a Cyrillic А,
// "ѕcumbag" with a Cyrillic ѕ all fold to the plain word. The key is only ever compared, never
// stored or shown: what the person typed is stored as typed. docs/security.md, "Look-alike and
// invisible characters", says why this table and what it costs.
//
// The fold, in order:
//   1. NFKC: full-width, mathematical, circled and other compatibility forms become the letter;
//   2. default-ignorable code points removed (zero-width spaces and joiners, soft hyphens, bidi
//      controls, variation selectors, the Hangul fillers);
//   3. combining diacritics removed (the generic blocks only, U+0300–036F and the like, and the
//      enclosing marks, so "fück" and "a\u0301dmin" lose their marks while the vowel signs of Indic
//      scripts stay);
//   4. each remaining letter mapped to the Latin letter it passes for, after Unicode's confusables
//      table (UTS #39), case folded: Cyrillic а, Greek α and full-width ａ become a;
//   5. common leetspeak undone inside words that mix letters and digits ("adm1n", "$cumbag");
//      numbers on their own are left alone.

import CONFUSABLES from "unhomoglyph/data.json" with { type: "json" };

const DEFAULT_IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const COMBINING_DIACRITICS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\p{Me}]/gu;

const CONFUSABLE: Readonly<Record<string, string>> = CONFUSABLES;

// Unicode maps a letter to the prototype it looks like at any size. Some prototypes are Latin small
// capitals (Cyrillic т is ᴛ, н is ʜ, в is ʙ), which in running text read as the letter itself: they
// fold to it. Cyrillic м's prototype is ʍ (a turned w), though it reads as a small capital M.
const SMALL_CAPITALS: Readonly<Record<string, string>> = {
  ᴀ: "a", ʙ: "b", ᴄ: "c", ᴅ: "d", ᴇ: "e", ꜰ: "f", ɢ: "g", ʜ: "h", ɪ: "i", ᴊ: "j", ᴋ: "k", ʟ: "l", ᴍ: "m",
  ɴ: "n", ᴏ: "o", ᴘ: "p", ꞯ: "q", ʀ: "r", ꜱ: "s", ᴛ: "t", ᴜ: "u", ᴠ: "v", ᴡ: "w", ʏ: "y", ᴢ: "z", ĸ: "k", м: "m",
};

// Leetspeak undone only in a word that has a letter in it, so "1984" and "4 x 4" stay numbers.
const LEET: Readonly<Record<string, string>> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };
const LEET_CHARACTER = /[013457@$]/;
const LEET_CHARACTERS = /[013457@$]/g;
const WORD = /[\p{L}\p{N}@$]+/gu;
const HAS_LETTER = /\p{L}/u;

const NON_ASCII = /[^\u0000-\u007f]/;
const NON_ASCII_CHARACTERS = /[^\u0000-\u007f]/gu;

function undoLeetspeak(word: string): string {
  return LEET_CHARACTER.test(word) && HAS_LETTER.test(word) ? word.replace(LEET_CHARACTERS, (character) => LEET[character] ?? character) : word;
}

const folded = new Map<string, string>();

function isUpperCase(character: string): boolean {
  return character !== character.toLowerCase();
}

/** The key of one non-ASCII character: the Latin letters it passes for, lower case. */
function foldCharacter(character: string): string {
  const known = folded.get(character);
  if (known !== undefined) return known;
  const lower = character.toLowerCase();
  const target = SMALL_CAPITALS[character] ?? CONFUSABLE[character] ?? SMALL_CAPITALS[lower] ?? CONFUSABLE[lower];
  let key: string;
  if (target === undefined) key = lower;
  // Unicode's prototype for I, l, 1 and | is "l"; a capital that looks like I is an i in lower case.
  else if (target === "l" && isUpperCase(character)) key = "i";
  else {
    key = Array.from(target.normalize("NFD").replace(COMBINING_DIACRITICS, "").toLowerCase(), (part) => SMALL_CAPITALS[part] ?? part).join("");
    // "rn" is Unicode's prototype for m and everything that looks like it.
    key = key.replaceAll("rn", "m");
  }
  folded.set(character, key);
  return key;
}

/** Removes the default-ignorable code points: zero-width characters, soft hyphens, bidi controls, variation selectors. */
export function removeInvisible(text: string): string {
  return text.replace(DEFAULT_IGNORABLE, "");
}

/**
 * The matching key of a text: what it looks like, in lower-case Latin letters where it passes for
 * them. Two texts that read alike to a person fold alike; the key is for comparing, never for showing.
 */
export function foldForMatching(text: string): string {
  // Most comments are plain ASCII, which NFKC, the invisible characters and the marks leave alone.
  const plain = NON_ASCII.test(text) ? removeInvisible(text.normalize("NFKC")).normalize("NFD").replace(COMBINING_DIACRITICS, "").normalize("NFC") : text;
  // Folded characters come back in lower case; lower-casing the whole afterwards reaches only ASCII.
  const folded = plain.replace(NON_ASCII_CHARACTERS, foldCharacter).toLowerCase();
  return LEET_CHARACTER.test(folded) ? folded.replace(WORD, undoLeetspeak) : folded;
}
