// Finding the entries of a word list (the banned and suspect words an admin keeps) in a text: as
// whole words or phrases, ignoring case, spacing, invisible characters and look-alike letters. Both
// the text and the entries are folded with foldForMatching (lib/text/normalise.ts) before they are
// compared, so "scum\u200Bbag", "scum\u00ADbag" and "ѕcumbag" (Cyrillic ѕ) all contain "scumbag".
// Posting runs this on every comment, twice (banned, then suspect words): a list is compiled once
// and kept while the same array is in use (the settings cache keeps it for two seconds), and the
// text is folded once for both lists.

import { foldForMatching } from "@/lib/text/normalise";

interface CompiledList {
  /** Each entry with its whole-word pattern on folded text (spaces in a phrase match any run of whitespace). */
  entries: Array<{ word: string; pattern: RegExp }>;
  /** All entries in one pattern: most texts contain none, and one search says so. */
  any: RegExp | null;
}

const BEFORE = "(?<![\\p{L}\\p{N}])";
const AFTER = "(?![\\p{L}\\p{N}])";

const compiled = new WeakMap<readonly string[], CompiledList>();
let lastText: { text: string; key: string } | null = null;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function compile(words: readonly string[]): CompiledList {
  const known = compiled.get(words);
  if (known) return known;
  const sources = words.map((word) => escapeRegExp(foldForMatching(word).replace(/\s+/gu, " ").trim()).replaceAll(" ", "\\s+"));
  const entries = words.flatMap((word, index) => (sources[index] ? [{ word, pattern: new RegExp(`${BEFORE}${sources[index]}${AFTER}`, "u") }] : []));
  const alternatives = sources.filter(Boolean);
  const list = { entries, any: alternatives.length > 0 ? new RegExp(`${BEFORE}(?:${alternatives.join("|")})${AFTER}`, "u") : null };
  compiled.set(words, list);
  return list;
}

/** The folded text; posting asks for the banned and then the suspect words of one body. */
function foldedText(text: string): string {
  if (lastText?.text !== text) lastText = { text, key: foldForMatching(text) };
  return lastText.key;
}

/** The entries of `words` that `text` contains as whole words or phrases, in the list's order. */
export function findListedWords(text: string, words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const list = compile(words);
  if (!list.any) return [];
  const key = foldedText(text);
  if (!list.any.test(key)) return [];
  return list.entries.filter((entry) => entry.pattern.test(key)).map((entry) => entry.word);
}
