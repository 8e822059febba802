// The rules a new reader account must meet, pure so the form, the server and the tests share them.
// Display names are shown as text beside comments, so the rules are about honesty and legibility
// (no control characters, nobody posing as the newsroom), not about HTML. The newsroom rule is
// checked on the name's matching key (lib/text/normalise.ts), so "Ad\u200Bmin", "The Ed\u00ADitor"
// and "Аdmin" with a Cyrillic А are refused like "Admin"; the name is stored as typed.

import { DISPLAY_NAME_MAX, DISPLAY_NAME_MIN, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/accounts/limits";
import { foldForMatching, removeInvisible } from "@/lib/text/normalise";
import { textProblem } from "@/lib/validation/text";

export { DISPLAY_NAME_MAX, DISPLAY_NAME_MIN, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN } from "@/lib/accounts/limits";

// The invisible direction overrides that can make a name read as another (U+202A–U+202E,
// U+2066–U+2069, U+200E/U+200F). Control characters and lone surrogates are textProblem's.
const DIRECTION_OVERRIDES = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

// Words that would make a reader's name look like the newsroom speaking. Whole words only, so
// "Badminton fan" and "Modern reader" are fine.
const STAFF_WORDS = new Set(["admin", "administrator", "moderator", "newshub", "newsdesk", "staff", "official"]);
// Also the names comments without an author are shown under, so nobody can pass for one.
const STAFF_NAMES = new Set(["editor", "the editor", "reporter", "deleted account", "a former reader", "former reader", "anonymous", "system"]);

/** Trims, joins runs of spaces into one and normalises to NFC, the form a name is stored and compared in. */
export function normaliseDisplayName(raw: string): string {
  return raw.normalize("NFC").replace(/\s+/gu, " ").trim();
}

/** Why a (normalised) display name cannot be used, or null when it can. */
export function displayNameProblem(name: string): string | null {
  // Invisible characters do not count towards the least length: "a" and a zero-width space is one.
  if ([...removeInvisible(name)].length < DISPLAY_NAME_MIN) return `Enter a display name of at least ${DISPLAY_NAME_MIN} characters.`;
  if ([...name].length > DISPLAY_NAME_MAX) return `Keep your display name to ${DISPLAY_NAME_MAX} characters or fewer.`;
  const textual = textProblem(name, "Your display name", "line");
  if (textual) return textual;
  if (DIRECTION_OVERRIDES.test(name)) return "Your display name contains characters that cannot be shown.";
  if (!/[\p{L}\p{N}]/u.test(name)) return "Your display name needs at least one letter or digit.";
  const words = foldForMatching(name).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (STAFF_NAMES.has(words.join(" ")) || words.some((word) => STAFF_WORDS.has(word))) {
    return "That display name could be mistaken for the newsroom's staff. Choose another.";
  }
  return null;
}

// Very common passwords of twelve characters or more, lower-cased: the ones a length rule lets
// through. A small list on purpose: it stops the obvious, the length does the rest.
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456123456",
  "123123123123",
  "111111111111",
  "000000000000",
  "121212121212",
  "qwertyuiopas",
  "qwertyuiop123",
  "qwerty123456",
  "qwertyqwerty",
  "1qaz2wsx3edc",
  "1q2w3e4r5t6y",
  "asdfghjkl123",
  "zxcvbnm12345",
  "password1234",
  "password12345",
  "password123456",
  "passwordpassword",
  "password1234567",
  "p@ssword1234",
  "p@ssw0rd1234",
  "passw0rd1234",
  "letmein12345",
  "letmeinletmein",
  "iloveyou1234",
  "iloveyouiloveyou",
  "welcome12345",
  "welcome123456",
  "changeme1234",
  "changemenow!",
  "administrator",
  "admin1234567",
  "sunshine1234",
  "football1234",
  "baseball1234",
  "princess1234",
  "dragon123456",
  "monkey123456",
  "abc123abc123",
  "abcdefghijkl",
  "abcdefgh1234",
  "trustno1trustno1",
  "correcthorsebatterystaple",
  "correct horse battery staple",
  "newshub12345",
  "newsdesk1234",
  "mypassword123",
  "thisismypassword",
]);

/** Why a password cannot be used (length, too common), or null when it can. Counted in characters. */
export function passwordProblem(password: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `Use a password of at least ${PASSWORD_MIN} characters.`;
  if (length > PASSWORD_MAX) return `Keep your password to ${PASSWORD_MAX} characters or fewer.`;
  const lower = password.trim().toLowerCase();
  if (COMMON_PASSWORDS.has(lower) || /^(.)\1+$/u.test(lower)) return "That password is too common. Choose one that is harder to guess.";
  return null;
}

/** Whether the password is the email address, or the part of it before the @. */
export function isPasswordTheEmail(password: string, email: string): boolean {
  const lower = password.trim().toLowerCase();
  const address = email.trim().toLowerCase();
  const localPart = address.split("@")[0] ?? "";
  return lower === address || (localPart.length > 0 && lower === localPart);
}
