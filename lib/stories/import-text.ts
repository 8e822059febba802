// Turns a story pasted as plain text (a wire story or a web page) into the parts of a draft.
// Every rule here is a guess about layout, so each is conservative and what it decided is told to
// the editor in `notes`. Pure: no DB, no Node APIs, no HTML parsing (it runs in the browser too).

import type { BlockNode, StoryDocument } from "@/lib/stories/document";

export interface ImportedByline {
  name: string;
  kind: "PERSON" | "ORGANISATION";
}

export interface PullQuoteCandidate {
  text: string;
  attribution: string;
}

export interface ImportedStory {
  /** "" when the text has no headline: the editor writes one. */
  headline: string;
  /** "" unless the text clearly has one. */
  standfirst: string;
  /** Paragraphs and level-2 subheadings; pull quotes are only offered, never put in the body. */
  body: StoryDocument;
  bylines: ImportedByline[];
  /** The desk from the signature, e.g. "Asia"; "" if none. */
  dateline: string;
  /** ISO date ("2025-11-04") from the signature; null if there is none or it cannot be read. */
  signatureDate: string | null;
  /** Quotes found in the body, best first. */
  pullQuoteCandidates: PullQuoteCandidate[];
  /** The place of a wire dateline, e.g. "SEOUL" from "SEOUL (Reuters) -"; "" if none. The desk stays in `dateline`. */
  datelinePlace: string;
  /** Who reported and edited it ("Reporting by A; Editing by B") or the agency; "" if none. Never in the body. */
  credit: string;
  /** Photo captions and their credits found in the text: offered to the editor, never put in the body. */
  captions: ImportedCaption[];
  /** Plain-words notes for the editor about what the import decided. */
  notes: string[];
  /** Set when the input cannot be a story (too large, binary, another format): nothing is imported. */
  error: string | null;
}

export interface ImportedCaption {
  /** The caption's words; "" when the text only gave a credit. */
  text: string;
  /** "Jane Roe/Harbour Wire"; "" when none. */
  credit: string;
}

// Refusals: the dialog shows them and imports nothing.
export const IMPORT_TOO_LARGE = "The text is over 1 MB, longer than any story: paste one story at a time.";
export const IMPORT_BINARY = "This is not text (it holds binary data): paste or open the story's text.";
export const IMPORT_PDF = "This is a PDF file, not text: copy the story's text out of it and paste that.";
export const IMPORT_ARCHIVE = "This is a ZIP or Office file, not text: open it and paste the story's text.";
export const IMPORT_IMAGE = "This is an image file, not text: add images through the media library.";
export const IMPORT_JSON = "This is JSON data, not a story's text: wire items in JSON go through the wire queue.";
export const IMPORT_XML = "This is XML, not a story's text: wire items in XML go through the wire queue.";
/** The largest paste read at all; a story's body is cut at BODY_TEXT_LIMIT below. */
export const IMPORT_MAX_CHARS = 1_000_000;

interface Line {
  text: string;
  /** A blank line came before this one: the paste marks a paragraph break. */
  afterBlank: boolean;
  /** The line was indented, which in wrapped wire copy starts a paragraph. */
  indented: boolean;
  /** A "By …" line was removed just before this one. */
  afterByline: boolean;
}

interface Block {
  text: string;
  afterByline: boolean;
}

// parseStoryDocument refuses more than 200,000 characters or 20,000 nodes; each block is two nodes.
const BODY_TEXT_LIMIT = 200_000;
const BODY_BLOCK_LIMIT = 9_000;
const HEADLINE_MAX_CHARS = 140;
const STANDFIRST_MAX_CHARS = 300;
const SUBHEADING_MAX_CHARS = 90;
const SUBHEADING_MAX_WORDS = 12;
const PULL_QUOTE_MIN_WORDS = 4;
const PULL_QUOTE_MAX_WORDS = 40;
const MAX_CANDIDATES = 10;
// How far from either end of the text a byline or signature may stand.
const BYLINE_SEARCH_LINES = 4;
const SIGNATURE_SEARCH_LINES = 40;
const CLUTTER_HEADER_SEARCH_LINES = 15;

// A sentence ends at . ! ? or …, perhaps followed by closing quotes or brackets.
const CLOSERS = `["'”’»)\\]]*`;
const SENTENCE_END = new RegExp(`[.!?…]${CLOSERS}$`, "u");
const FULL_STOP_END = new RegExp(`(?:\\.|…)${CLOSERS}$`, "u");
// A subheading never ends in punctuation that belongs to a sentence, a list or a dangling clause.
const SUBHEADING_BAD_END = new RegExp(`[.!?:;,…–—-]${CLOSERS}$`, "u");
// A line that opens or closes with a quotation mark is a quote, not a subheading.
const QUOTE_CHARS_AT_EDGE = /^["“”‘’'«»„]|["“”‘’'«»]$/u;
// Captions and credits sit between paragraphs like subheadings but are not.
const CAPTION_LINE = /^(?:photo|photograph|image|picture|pictured|credit|source|file photo|caption|video|watch)\b/iu;
const URL_LIKE = /https?:\/\/|www\./iu;

// Page furniture wherever it stands: no story has a paragraph that is only these words, or a "Read more:" link.
const CLUTTER_ANYWHERE =
  /^(?:advertisement|advertising|sponsored(?: content)?|(?:story|article) continues (?:below|after)(?: (?:this )?advertisement)?|scroll to continue(?: with content)?|skip to (?:main )?content|(?:read more|also read|read also|related|see also|recommended|more on this story)\s*:.*)[.:]?$/iu;

// Page furniture when it stands at the very end of the text, after the story's last paragraph.
const CLUTTER_AT_END =
  /^(?:recent comments|comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|post a comment|join the (?:conversation|discussion)|share(?: this)?(?: (?:article|story|post|page))?(?: (?:on|via) \p{L}+)?|related(?: (?:articles?|stories|posts|content|reading|topics|news))?|read more\b.*|read next|more (?:from|on|in) .{1,40}|you (?:may|might) also like|most (?:read|popular)|trending(?: now)?|subscribe\b.*|sign up\b.*|newsletters?|follow us\b.*|tags?:.*|topics?:.*|filed under\b.*|categor(?:y|ies):.*|posted in\b.*|print(?: this(?: article| story)?)?|e-?mail(?: this(?: article| story)?)?|copy link|tweet|facebook|twitter|x|whatsapp|linkedin|telegram|reddit|pinterest|back to top|(?:previous|next) (?:article|post|story)|©.*|copyright\b.*|all rights reserved\b.*)[.:!]?$/iu;
const CLUTTER_LINE_MAX = 80;

// Headings that open a block of page furniture (comment lists, related links) running to the end.
const CLUTTER_HEADER =
  /^(?:recent comments|comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|related(?: (?:articles?|stories|posts|content|reading|topics|news))?|read more|read next|more (?:from|on|in) .{1,40}|you (?:may|might) also like|most (?:read|popular)|trending(?: now)?)[.:]?$/iu;
// Furniture under such a heading is short (link titles, comment snippets); a long line is story.
const CLUTTER_UNDER_HEADER_MAX = 200;

// "Organisation in Desk – Date" with an en dash, an em dash, or a hyphen set off by spaces.
const SIGNATURE = /^(.+)\s+in\s+(.+?)(?:\s*[–—]\s*|\s+-\s+)(.+)$/u;
const SIGNATURE_MAX_CHARS = 160;
const DESK = /^[\p{Lu}\p{N}][\p{L}\p{M}\p{N} .’'&-]{0,59}$/u;

// "By Jane Doe" or "By: Jane Doe" near the top names the writers.
const BY_LINE = /^by[:\s]\s*(.+)$/iu;
const BY_LINE_MAX_CHARS = 150;
// "By Tuesday" or "By noon" starts a sentence about time, not a byline.
const TIME_WORD =
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|today|tomorrow|tonight|noon|midnight|now|then|dawn|dusk|night|morning|evening|afternoon|lunchtime|spring|summer|autumn|winter)$/iu;

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_WORD = /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b/iu;

// Words that make a byline an organisation rather than a person.
const ORGANISATION_WORDS = new Set([
  "editorial", "news", "desk", "agency", "press", "media", "staff", "newsroom", "times", "post", "herald", "wire",
  "group", "service", "services", "bureau", "team", "reporters", "correspondents", "journal", "gazette", "tribune",
  "chronicle", "telegraph", "daily", "weekly", "network", "radio", "television", "tv", "online", "digital", "magazine",
  "broadcasting", "associated", "inc", "ltd", "llc", "company", "foundation", "institute", "writers",
]);
// Words that make a comma part of a "By" line a job title rather than another name.
const ROLE_WORDS = new Set([
  "correspondent", "editor", "reporter", "writer", "columnist", "chief", "senior", "contributor", "analyst",
  "producer", "photographer", "critic", "journalist", "intern", "fellow",
]);
const NAME_PARTICLES = new Set(["de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn", "al", "el", "dos", "das", "y"]);
// Words that may join the capitalised words of an organisation's name.
const NAME_CONNECTORS = new Set(["of", "the", "and", "for", "on", "&", "de", "la", "du", "des", "der"]);
const CAPITALISED = /^(?:\p{Lu}[\p{L}\p{M}’'.-]*|(?:al|el|ibn|bin)-\p{Lu}[\p{L}\p{M}’'-]*)$/u;

// How a story says who spoke: a speech verb next to a capitalised name of one to three words.
const SPEECH_VERB =
  "(?:said|says|told|tells|added|adds|replied|asked|explained|warned|joked|quipped|noted|insisted|wrote|recalled|remarked|declared|stated|answered|responded|laughed|urged)";
const NAME_PATTERN = "\\p{Lu}[\\p{L}\\p{M}’'-]*\\.?(?:\\s\\p{Lu}[\\p{L}\\p{M}’'-]*\\.?){0,2}";
const SAID_NAME_AFTER = new RegExp(`^[,.!?]?\\s*${SPEECH_VERB}\\s+(${NAME_PATTERN})`, "u");
const NAME_SAID_AFTER = new RegExp(`^[,.!?]?\\s*(${NAME_PATTERN})\\s+(?:\\p{Ll}+\\s+)?${SPEECH_VERB}\\b`, "u");
const SAID_NAME_BEFORE = new RegExp(`${SPEECH_VERB}\\s+(${NAME_PATTERN})\\s*[:,]?\\s*$`, "u");
const NAME_SAID_BEFORE = new RegExp(`(${NAME_PATTERN})\\s+(?:\\p{Ll}+\\s+){0,2}?${SPEECH_VERB}\\b`, "gu");
const SPEECH_VERB_WORD = new RegExp(`\\b${SPEECH_VERB}\\b`, "u");
const NAME_ANYWHERE = new RegExp(NAME_PATTERN, "gu");
const ACCORDING_TO_BEFORE = new RegExp(`according to (${NAME_PATTERN})[^.!?]{0,40}[:,]?\\s*$`, "u");
// Capitalised words that start a sentence rather than a name ("But Varga said" is Varga).
const NOT_NAME_WORDS = new Set([
  "The", "A", "An", "This", "That", "These", "Those", "He", "She", "They", "It", "We", "I", "You", "His", "Her",
  "Their", "Its", "Our", "My", "But", "And", "Or", "So", "When", "While", "As", "After", "Before", "Then", "Later",
  "Asked", "Officials", "Critics", "Analysts", "Observers", "Residents", "Experts", "Reportedly", "Also", "Yet",
]);
// Typographic, straight and guillemet double quotes; single quotes are too often apostrophes.
const QUOTATION = /“([^“”\n]{1,600})”|"([^"\n]{1,600})"|«\s?([^«»\n]{1,600}?)\s?»/gu;

function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

function countWords(text: string): number {
  return text.split(" ").filter((word) => word.length > 0).length;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Line endings, odd spaces and invisible characters made plain, so every rule sees one shape of text. */
function normaliseLines(input: string): Line[] {
  const text = input
    // Windows and old Mac line endings, and Unicode line separators, become \n.
    .replace(/\r\n?|[\u2028\u2029\u0085]/gu, "\n")
    // Tabs, non-breaking and other wide spaces become ordinary spaces.
    .replace(/[\t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu, " ")
    // Zero-width spaces, word joiners, byte-order marks and soft hyphens only get in the way of matching.
    .replace(/[\u200b\u2060\ufeff\u00ad]/gu, "")
    // Other control characters cannot be typed and have no place in a story.
    .replace(/[\u0000-\u0008\u000e-\u001f\u007f]/gu, "");
  const lines: Line[] = [];
  let afterBlank = false;
  for (const raw of text.split("\n")) {
    const trimmed = raw.replace(/ {2,}/gu, " ").trim();
    // Whitespace-only lines are blank lines; a run of them is one paragraph break.
    if (trimmed.length === 0) {
      afterBlank = lines.length > 0;
      continue;
    }
    lines.push({ text: trimmed, afterBlank, indented: /^ {2,}\S/u.test(raw), afterByline: false });
    afterBlank = false;
  }
  return lines;
}

/** Removes lines[index], keeping the paragraph break it made. */
function removeLine(lines: Line[], index: number): void {
  const [removed] = lines.splice(index, 1);
  const next = lines[index];
  if (removed && next) {
    next.afterBlank = next.afterBlank || removed.afterBlank || index > 0;
    next.afterByline = next.afterByline || removed.afterByline;
  }
}

/** Drops lines that are page furniture wherever they stand; each leaves a paragraph break behind. */
function dropFurnitureLines(lines: Line[]): Line[] {
  const kept: Line[] = [];
  let pendingBreak = false;
  for (const line of lines) {
    if (line.text.length <= CLUTTER_LINE_MAX && CLUTTER_ANYWHERE.test(line.text)) {
      pendingBreak = kept.length > 0;
      continue;
    }
    kept.push(pendingBreak ? { ...line, afterBlank: true } : line);
    pendingBreak = false;
  }
  return kept;
}

function isAtEndClutter(text: string): boolean {
  return text.length <= CLUTTER_LINE_MAX && CLUTTER_AT_END.test(text);
}

/** Drops furniture at the end of the text; returns how many lines went. */
function dropTrailingClutter(lines: Line[]): number {
  let dropped = 0;
  for (;;) {
    const last = lines[lines.length - 1];
    // Lines that are furniture by themselves ("Share this", "Advertisement") go one by one from the end.
    if (last && isAtEndClutter(last.text)) {
      lines.pop();
      dropped += 1;
      continue;
    }
    // A furniture heading near the end ("Recent Comments", "Related") takes the short lines under it too.
    const from = Math.max(0, lines.length - CLUTTER_HEADER_SEARCH_LINES);
    let cut = -1;
    for (let i = lines.length - 1; i >= from; i -= 1) {
      const line = lines[i];
      if (!line || line.text.length > CLUTTER_UNDER_HEADER_MAX) break;
      if (CLUTTER_HEADER.test(line.text)) cut = i;
    }
    if (cut <= 0) return dropped;
    dropped += lines.length - cut;
    lines.length = cut;
  }
}

function stripPunctuation(word: string): string {
  return word.replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, "");
}

function hasOrganisationWord(name: string): boolean {
  return name.split(" ").some((word) => {
    const bare = stripPunctuation(word).toLowerCase();
    // "Newshub", "Newsline", "Newsday": a name built on "news" is a publication.
    return ORGANISATION_WORDS.has(bare) || bare.startsWith("news");
  });
}

function hasRoleWord(text: string): boolean {
  return text.split(" ").some((word) => ROLE_WORDS.has(stripPunctuation(word).toLowerCase()));
}

/** Two or three capitalised words (particles like "de" or "van" aside), no digits and no organisation word. */
function isPersonName(name: string): boolean {
  const words = name.split(" ").filter(Boolean);
  if (words.length < 2 || words.length > 5 || /\d/u.test(name) || hasOrganisationWord(name)) return false;
  let capitalised = 0;
  for (const word of words) {
    if (NAME_PARTICLES.has(word)) continue;
    if (!CAPITALISED.test(word)) return false;
    capitalised += 1;
  }
  return capitalised >= 2 && capitalised <= 3 && CAPITALISED.test(words[0] ?? "");
}

/** Capitalised words (or digits), joined only by connectors like "of" or "&": a name, not a sentence. */
function isOrganisationName(name: string): boolean {
  const words = name.split(" ").filter(Boolean);
  if (words.length === 0 || words.length > 8 || name.length > 80) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(name)) return false;
  return words.every(
    (word) =>
      /^[\p{Lu}\p{N}]/u.test(word) ||
      NAME_CONNECTORS.has(word.toLowerCase()) ||
      ORGANISATION_WORDS.has(stripPunctuation(word).toLowerCase()),
  );
}

/**
 * Who wrote it: a list of personal names ("Maria Lopez and Tom Reed") becomes people; anything with
 * an organisation word, or a capitalised name that is not a personal name, is one organisation.
 */
function readNames(text: string): ImportedByline[] | null {
  const whole = text.trim();
  if (whole.length === 0) return null;
  const parts = whole.split(/\s*,\s*|\s+and\s+|\s*&\s*/u).filter(Boolean);
  const perPart: ImportedByline[] = [];
  for (const part of parts) {
    if (isPersonName(part)) perPart.push({ name: part, kind: "PERSON" });
    else if (hasOrganisationWord(part) && isOrganisationName(part)) perPart.push({ name: part, kind: "ORGANISATION" });
    else break;
  }
  if (perPart.length === parts.length && perPart.length > 0) return perPart;
  if (isOrganisationName(whole)) return [{ name: whole, kind: "ORGANISATION" }];
  return null;
}

/** "By Jane Doe", "By Jane Doe and Ali Reza", "By Jane Doe, Health Correspondent", "By Jane Doe in Lisbon". */
function readByLine(text: string): { bylines: ImportedByline[]; place: string } | null {
  if (text.length > BY_LINE_MAX_CHARS) return null;
  const match = BY_LINE.exec(text);
  if (!match?.[1]) return null;
  // "By noon the crowd had gone." is a sentence, not a byline.
  if (/\p{Ll}{2,}[.!?]["”’]*$/u.test(text)) return null;
  // A job title after a bar or dash ("By Jane Doe | Health reporter") is not part of the name.
  let rest = (match[1].split(/\s+[|·•–—]\s+/u)[0] ?? "").replace(/\.$/u, "").trim();
  let place = "";
  const located = /^(.+?)\s+in\s+(\p{Lu}[\p{L}\p{M} .’'-]{1,40})$/u.exec(rest);
  if (located?.[1] && located[2]) {
    rest = located[1];
    place = located[2].trim();
  }
  const [first = "", ...others] = rest.split(/\s*,\s*/u);
  const firstNames = readNames(first);
  if (!firstNames) return null;
  // "By Tuesday" and "By March" are times, not agencies: a lone word with no organisation word must not be one.
  const isLoneWord = firstNames.length === 1 && countWords(first) === 1 && !hasOrganisationWord(first);
  if (isLoneWord && (others.length > 0 || TIME_WORD.test(first) || NOT_NAME_WORDS.has(first))) return null;
  const bylines = [...firstNames];
  for (const other of others) {
    // Four lowercase words make a clause, so the line is a sentence after all.
    if ((other.match(/(?:^|\s)\p{Ll}+/gu) ?? []).length >= 4) return null;
    if (hasRoleWord(other)) continue;
    const more = readNames(other);
    if (more?.every((b) => b.kind === "PERSON")) bylines.push(...more);
  }
  return { bylines, place };
}

function isValidDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function toIsoDate(year: number, month: number, day: number): string | null {
  if (!isValidDate(year, month, day)) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** "4 November 2025", "4th Nov. 2025", "November 4, 2025", "Tuesday, 4 November 2025", "2025-11-04". */
function parseSignatureDate(raw: string): string | null {
  const text = raw
    .trim()
    .replace(/\.$/u, "")
    .replace(/^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/iu, "");
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(text);
  if (iso) return toIsoDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = /^(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(\p{L}+)\.?,?\s+(\d{4})$/iu.exec(text);
  if (dayFirst) {
    const month = MONTHS[(dayFirst[2] ?? "").toLowerCase()];
    return month ? toIsoDate(Number(dayFirst[3]), month, Number(dayFirst[1])) : null;
  }
  const monthFirst = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu.exec(text);
  if (monthFirst) {
    const month = MONTHS[(monthFirst[1] ?? "").toLowerCase()];
    return month ? toIsoDate(Number(monthFirst[3]), month, Number(monthFirst[2])) : null;
  }
  return null;
}

/** A date we may not be able to read still marks the line as a signature: a year or a month name, and a digit. */
function looksLikeDate(text: string): boolean {
  return text.length <= 40 && /\d/u.test(text) && (/\b(?:1[89]|2[01])\d{2}\b/u.test(text) || MONTH_WORD.test(text));
}

interface Signature {
  bylines: ImportedByline[];
  desk: string;
  dateText: string;
  date: string | null;
}

function readSignature(text: string): Signature | null {
  if (text.length > SIGNATURE_MAX_CHARS) return null;
  const match = SIGNATURE.exec(text);
  if (!match) return null;
  const [, who = "", desk = "", when = ""] = match;
  const dateText = when.trim();
  if (!looksLikeDate(dateText) || !DESK.test(desk.trim()) || countWords(desk) > 5) return null;
  const bylines = readNames(who.trim());
  if (!bylines) return null;
  return { bylines, desk: desk.trim(), dateText, date: parseSignatureDate(dateText) };
}

/** The last signature line among the last lines of the text, if any. */
function findSignature(lines: Line[]): { index: number; signature: Signature } | null {
  const from = Math.max(0, lines.length - SIGNATURE_SEARCH_LINES);
  for (let i = lines.length - 1; i >= from; i -= 1) {
    const signature = readSignature(lines[i]?.text ?? "");
    if (signature) return { index: i, signature };
  }
  return null;
}

/**
 * Wire copy is hard-wrapped at a fixed width: nearly every line is short and several stop mid-sentence.
 * Returns the wrap width, or 0 when the text is not wrapped.
 */
function measureWrapWidth(lines: Line[]): number {
  if (lines.length < 4) return 0;
  const shortLines = lines.filter((line) => line.text.length <= 100);
  if (shortLines.length < lines.length * 0.9) return 0;
  let midSentenceBreaks = 0;
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const line = lines[i];
    const next = lines[i + 1];
    if (line && next && !next.afterBlank && line.text.length >= 50 && !endsSentence(line.text)) midSentenceBreaks += 1;
  }
  if (midSentenceBreaks < 2 || midSentenceBreaks < lines.length * 0.15) return 0;
  return shortLines.reduce((widest, line) => Math.max(widest, line.text.length), 0);
}

// A line ending in one of these words has more of its sentence on the next line.
const DANGLING_END = /\b(?:the|a|an|and|or|but|of)$/iu;

function continuesOnNextLine(line: Line, next: Line, wrapWidth: number): boolean {
  if (next.afterBlank || next.afterByline) return false;
  const text = line.text;
  // A line that stops mid-sentence before a lowercase start is one sentence broken in two.
  if (!endsSentence(text) && /^\p{Ll}/u.test(next.text)) return true;
  // A trailing comma or semicolon, or a dangling "the"/"and"/"of", never ends a paragraph or subheading.
  if (/[,;]$/u.test(text) || (text.length >= 30 && DANGLING_END.test(text))) return true;
  if (wrapWidth > 0 && !next.indented) {
    // In wrapped copy a line that reaches near the wrap width was broken by the wrap, not by the writer;
    // one that stops well short (a paragraph's last line, a headline) ended where the writer ended it.
    if (!endsSentence(text) && text.length >= wrapWidth * 0.6) return true;
    if (endsSentence(text) && text.length >= wrapWidth * 0.85) return true;
  }
  return false;
}

/** Each line is a block, except lines of one wrapped paragraph, which are joined. */
function joinWrappedLines(lines: Line[]): { blocks: Block[]; joined: number } {
  const wrapWidth = measureWrapWidth(lines);
  const blocks: Block[] = [];
  let joined = 0;
  let current: Block | null = null;
  let previous: Line | null = null;
  for (const line of lines) {
    if (current && previous && continuesOnNextLine(previous, line, wrapWidth)) {
      // A word hyphenated across the break ("well-" / "known") keeps its hyphen but loses the space.
      const glue = /\p{L}-$/u.test(previous.text) && /^\p{Ll}/u.test(line.text) ? "" : " ";
      current.text += glue + line.text;
      joined += 1;
    } else {
      current = { text: line.text, afterByline: line.afterByline };
      blocks.push(current);
    }
    previous = line;
  }
  return { blocks, joined };
}

/** A headline is short, has at least two words and does not end like a sentence or a clause. */
function hasHeadlineShape(text: string): boolean {
  return (
    text.length <= HEADLINE_MAX_CHARS &&
    countWords(text) >= 2 &&
    /\p{L}/u.test(text) &&
    !FULL_STOP_END.test(text) &&
    !/[,;:–—-]$/u.test(text) &&
    !URL_LIKE.test(text)
  );
}

/** Short, capitalised, no closing punctuation, not a quotation, caption or link. */
function hasSubheadingShape(text: string): boolean {
  return (
    text.length <= SUBHEADING_MAX_CHARS &&
    countWords(text) <= SUBHEADING_MAX_WORDS &&
    /^[\p{Lu}\p{N}]/u.test(text) &&
    /\p{L}/u.test(text) &&
    !SUBHEADING_BAD_END.test(text) &&
    !QUOTE_CHARS_AT_EDGE.test(text) &&
    !CAPTION_LINE.test(text) &&
    !URL_LIKE.test(text)
  );
}

/**
 * A standfirst stands under the headline, is short, and has at least two paragraphs under it. We only
 * take it when the layout says so: a "By" line separates it from the body, or it has no closing full
 * stop (as decks usually do not) while the lede does.
 */
function isStandfirst(blocks: Block[]): boolean {
  const [candidate, next] = blocks;
  if (!candidate || !next || blocks.length < 3) return false;
  if (candidate.text.length > STANDFIRST_MAX_CHARS || countWords(candidate.text) < 3) return false;
  if (next.afterByline) return true;
  return !endsSentence(candidate.text) && endsSentence(next.text);
}

function cleanName(name: string): string {
  const words = name.trim().replace(/\.$/u, "").split(/\s+/u);
  while (words.length > 0 && NOT_NAME_WORDS.has(words[0] ?? "")) words.shift();
  return words.join(" ");
}

/** Who said the quotation that runs from start to end in the paragraph, from "said X", "X said", "X replied: …". */
function findAttribution(paragraph: string, start: number, end: number): string {
  const after = paragraph.slice(end, end + 120);
  const before = paragraph.slice(Math.max(0, start - 200), start);
  const afterMatch = SAID_NAME_AFTER.exec(after) ?? NAME_SAID_AFTER.exec(after);
  const fromAfter = cleanName(afterMatch?.[1] ?? "");
  if (fromAfter) return fromAfter;
  // "“…,” the harbour master, Ines Varga, said.": a name in the clause that carries the speech verb.
  const clause = /^[^.!?“”"]*/u.exec(after.replace(/^[,.!?]\s*/u, ""))?.[0] ?? "";
  if (SPEECH_VERB_WORD.test(clause)) {
    for (const match of clause.matchAll(NAME_ANYWHERE)) {
      const name = cleanName(match[0]);
      if (name) return name;
    }
  }
  const saidName = SAID_NAME_BEFORE.exec(before) ?? ACCORDING_TO_BEFORE.exec(before);
  const fromSaid = cleanName(saidName?.[1] ?? "");
  if (fromSaid) return fromSaid;
  // The speaker nearest the quotation, in the same sentence: "When Lee asked …, Xi replied with a smile: “…”".
  let nearest = "";
  for (const match of before.matchAll(NAME_SAID_BEFORE)) {
    const tail = before.slice((match.index ?? 0) + match[0].length);
    if (tail.length <= 80 && !/[.!?]\s/u.test(tail)) nearest = cleanName(match[1] ?? "");
  }
  return nearest;
}

/** Quotations of 4–40 words in the body's paragraphs, with who said them when the sentence says. */
function findPullQuoteCandidates(paragraphs: string[]): PullQuoteCandidate[] {
  const found: Array<PullQuoteCandidate & { score: number; order: number }> = [];
  const seen = new Set<string>();
  for (const paragraph of paragraphs) {
    for (const match of paragraph.matchAll(QUOTATION)) {
      const inner = (match[1] ?? match[2] ?? match[3] ?? "").trim().replace(/[,;:]$/u, "").trim();
      const words = countWords(inner);
      if (words < PULL_QUOTE_MIN_WORDS || words > PULL_QUOTE_MAX_WORDS || seen.has(inner)) continue;
      seen.add(inner);
      const start = match.index ?? 0;
      const attribution = findAttribution(paragraph, start, start + match[0].length);
      // An attributed quote of a readable length makes the best pull quote.
      const score = (attribution ? 2 : 0) + (words >= 8 && words <= 30 ? 1 : 0);
      found.push({ text: inner, attribution, score, order: found.length });
    }
  }
  return found
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, MAX_CANDIDATES)
    .map(({ text, attribution }) => ({ text, attribution }));
}

function mergeBylines(bylines: ImportedByline[]): ImportedByline[] {
  const seen = new Set<string>();
  return bylines.filter((byline) => {
    const key = byline.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describeBylines(bylines: ImportedByline[]): string {
  return bylines.map((b) => `${b.name} (${b.kind === "PERSON" ? "person" : "organisation"})`).join(", ");
}

// ── Refusing what is not a story's text ──────────────────────────────────

/** Why the input cannot be imported as text, or null when it can. Cheap: looks at the start only. */
export function refusePlainText(input: string): string | null {
  if (input.length > IMPORT_MAX_CHARS) return IMPORT_TOO_LARGE;
  const head = input.slice(0, 4096);
  if (head.startsWith("%PDF-")) return IMPORT_PDF;
  if (head.startsWith("PK\u0003\u0004") || head.startsWith("\u00d0\u00cf\u0011\u00e0")) return IMPORT_ARCHIVE;
  if (/^(?:\u0089PNG|GIF8[79]a|\u00ff\u00d8\u00ff|RIFF....WEBP)/su.test(head)) return IMPORT_IMAGE;
  // NUL bytes, runs of control characters or replacement characters: a binary file read as text.
  const controls = (head.match(/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/gu) ?? []).length;
  if (head.includes("\u0000") || controls > Math.max(8, head.length * 0.02)) return IMPORT_BINARY;
  const trimmed = head.trimStart();
  if (/^<\?xml\b/iu.test(trimmed)) return IMPORT_XML;
  if (/^[[{]/u.test(trimmed)) {
    try {
      JSON.parse(input);
      return IMPORT_JSON;
    } catch {
      // Text that starts with a bracket but is not JSON is read as text.
    }
  }
  return null;
}

// ── Site chrome, boilerplate and credits ─────────────────────────────────

// Lines of a web page around the headline: navigation, section labels, share buttons, read times and dates.
const CHROME_LINE =
  /^(?:#\S+(?: \S+){0,2}|menu|search|home|sign in|log ?in|register|subscribe(?: now)?|my account|skip to (?:main )?content|share(?: this)?(?: (?:article|story|post))?|save(?: article)?|listen(?: to this)?(?: article| story)?(?: \d+ min)?|gift (?:this )?article|copy link|print|follow|follow us|(?:share on )?(?:facebook|twitter|x|whatsapp|linkedin|email|telegram)(?:[ ,|·•]+(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|copy link|print))*|\d+\s*min(?:ute)?s?\.? read|(?:updated|published|posted)?\s*(?:just now|yesterday|(?:an?|one|\d+)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago)|breaking(?: news)?|live|exclusive|analysis|opinion|explainer)[.:]?$/iu;
// "Home | World | Asia", "World › Asia-Pacific", "News • Business • Markets": a menu or breadcrumb line.
const MENU_LINE = /^[^.!?]{1,30}(?:\s*[|›»>•·/]\s*[^.!?|›»>•·/]{1,30}){1,12}$/u;
// "Updated 4 November 2025, 10:32 GMT", "Nov 3, 2025 5:14 PM": a date line standing alone.
const DATE_LINE =
  /^(?:(?:last )?(?:updated|published|posted)(?: on)?:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,9}\.?,?\s+\d{4}|\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{2,4})(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,5}|\s+[A-Z]{3}[+-]\d{1,2})?)?(?:\s*[|·•]\s*.{1,30})?$/iu;
const CHROME_SEARCH_LINES = 30;
// A section label over the headline is a word or three with no sentence in it.
const SECTION_LABEL_MAX_WORDS = 3;

const RELATED_HEADING = /^related (?:coverage|stories|articles|content|reading|news)[.:]?$/iu;

// Lines after the story that belong to the page or the agency, each with the note that names it.
const BOILERPLATE: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /^\(?with (?:inputs|input|additional reporting) from (?:agencies|wires|.{1,60})\.?\)?\.?$/iu, what: "an agency-inputs line" },
  { pattern: /^our standards\s*:.{0,200}$/iu, what: "the agency's standards line" },
  { pattern: /^(?:this (?:story|article) (?:has not been|was not) edited by .{0,200}|(?:this is an? )?(?:auto-generated|syndicated) (?:story|feed|from a syndicated feed).{0,120})$/iu, what: "a syndication notice" },
  { pattern: /^(?=.{0,300}$).*\bcookies?\b.*\b(?:use|accept|consent|settings|preferences|policy|agree)\b.*$|^(?:accept(?: all)?|reject(?: all)?|manage(?: preferences| cookies)?|cookie settings)$/iu, what: "a cookie prompt" },
  { pattern: /^(?=.{0,300}$)(?:.*\bnewsletters?\b.*|(?:sign up|subscribe)\b.*|enter your e-?mail(?: address)?\b.*|get (?:the|our) .{1,60} in your inbox.*)$/iu, what: "a newsletter prompt" },
  { pattern: RELATED_HEADING, what: "a related-links heading" },
];

// "Reporting by A; Editing by B", "Additional reporting by C in Seoul", "(Writing by D)": the desk's credit.
const CREDIT_LINE =
  /^\(?(?:(?:additional |further )?reporting|writing|editing|compiled|compilation|produced|graphics|photos|photography|research|translated|translation|fact-checking) by\b.{2,300}$/iu;

// Photo credits: "Photo: Jane Roe/Harbour Wire", "(AP Photo/Lee Min)", "REUTERS/Kim Su", "Credit: …".
const CREDIT_ONLY =
  /^[([]?\s*(?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Ff]ile [Pp]hoto|[Pp]hoto [Cc]redit|[Ii]mage [Cc]redit|[Cc]redit|[Cc]ourtesy)s?(?:\s*[:：—–-]|\s+by\b|\s+of\b)\s*(.{2,90}?)\s*[)\]]?\.?$/u;
// "AP Photo/Lee Min", "HARBOURWIRE/Kim Sora": an agency, a slash and a person's name, alone on a line.
const AGENCY_SLASH_CREDIT = /^[([]?\s*((?:\p{Lu}{2,}|\p{Lu}[\p{L}]*\sPhoto)\s*\/\s*\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*){0,3})\s*[)\]]?\.?$/u;
const TRAILING_PHOTO_CREDIT =
  /^(.{8,400}?[.!?)\]])\s+[([]?((?:[Pp]hoto(?:graph)?|[Ii]mage|[Pp]icture|[Cc]redit)s?(?: by)?\s*[:：]\s*[^()[\]]{2,80}|\p{Lu}{2,}(?: Photo)?\s*\/\s*[^()[\]/]{2,60}|[^()[\].!?]{2,60} via Getty Images|Getty Images)\s*[)\]]?\.?$/u;
const CAPTION_PREFIX = /^(?:caption|photo caption|pictured|above|top|file photo)\s*[:：—–-]\s*(.{4,400})$/iu;
const CAPTION_MAX_CHARS = 300;
// A caption above a lone credit line is short; a longer line there is a paragraph of the story.
const CAPTION_ABOVE_CREDIT_MAX = 200;

// "SEOUL (Reuters) -", "WASHINGTON, Nov 3 (AP) —", "GYEONGJU, South Korea --", "Lisbon (Harbour Wire) –".
const DATELINE_DASH = "(?:--?|–|—)";
const DATELINE_DATE = "(?:\\p{L}{3,9}\\.?\\s+\\d{1,2}|\\d{1,2}\\s+\\p{L}{3,9}\\.?)";
const WIRE_DATELINE = new RegExp(
  `^((?:\\p{Lu}[\\p{Lu}\\p{M}.'’-]*)(?:\\s+\\p{Lu}[\\p{Lu}\\p{M}.'’-]*){0,3}(?:,\\s+\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}.'’-]*){0,2})?)` +
    `(?:,?\\s+(${DATELINE_DATE}))?` +
    `(?:\\s+\\(([^()]{2,40})\\))?` +
    `\\s*${DATELINE_DASH}\\s+(?=\\S)`,
  "u",
);
// The same with a place in ordinary capitals, only when an agency in brackets follows: "Lisbon (Reuters) -".
const AGENCY_DATELINE = new RegExp(
  `^(\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}.'’-]*){0,2}(?:,\\s+\\p{Lu}[\\p{L}\\p{M}.'’-]*(?:\\s+\\p{Lu}[\\p{L}\\p{M}.'’-]*){0,2})?)` +
    `(?:,?\\s+(${DATELINE_DATE}))?\\s+\\(([^()]{2,40})\\)\\s*${DATELINE_DASH}\\s+(?=\\S)`,
  "u",
);
const DATELINE_SEARCH_BLOCKS = 6;
// "By A and B" and "A, Staff Reporter" may stand on two or three lines; never more.
const MAX_BYLINE_LINES = 3;
// Link titles and comment snippets under a furniture heading at the end are shorter than a paragraph.
const RELATED_TITLE_MAX = 120;

function isChromeLine(text: string): boolean {
  if (text.length > 120 || BY_LINE.test(text)) return false;
  if (CHROME_LINE.test(text) || DATE_LINE.test(text)) return true;
  // A menu has several short items between bars or arrows and no sentence.
  return text.length <= 160 && MENU_LINE.test(text) && /[|›»>•·]/u.test(text) && !endsSentence(text);
}

function quote(text: string, max = 60): string {
  return `"${text.length > max ? `${text.slice(0, max - 3)}…` : text}"`;
}

function quoteAll(texts: string[], max = 60): string {
  const shown = texts.slice(0, 6).map((text) => quote(text, max)).join(", ");
  return texts.length > 6 ? `${shown} and ${texts.length - 6} more` : shown;
}

/**
 * The page before the story: navigation, section labels, share, read-time and date lines among the
 * first lines, until the first paragraph of the story. Returns what went.
 */
function dropLeadingChrome(lines: Line[]): string[] {
  const dropped: string[] = [];
  // Each line looked at counts, removed or not: chrome is only searched among the first lines.
  for (let i = 0, seen = 0; seen < CHROME_SEARCH_LINES && i < lines.length; seen += 1) {
    const line = lines[i];
    if (!line) break;
    // The first long sentence is the story's: nothing after it is chrome.
    if (line.text.length > 160 && endsSentence(line.text)) break;
    if (isChromeLine(line.text)) {
      dropped.push(line.text);
      removeLine(lines, i);
      continue;
    }
    i += 1;
  }
  // Section labels ("World", "Asia Pacific") over the headline: short lines before a longer headline-shaped one.
  while (lines.length >= 3) {
    const [label, headline, lede] = lines;
    if (!label || !headline || !lede) break;
    const labelWords = countWords(label.text);
    const isLabel =
      labelWords <= SECTION_LABEL_MAX_WORDS &&
      label.text.length <= 40 &&
      !/[.!?,;:]$/u.test(label.text) &&
      !BY_LINE.test(label.text) &&
      hasHeadlineShape(headline.text) &&
      countWords(headline.text) > labelWords &&
      (lede.text.length > headline.text.length || BY_LINE.test(lede.text) || readBareByline(lede.text) !== null);
    if (!isLabel) break;
    dropped.push(label.text);
    removeLine(lines, 0);
    lines[0] = { ...headline, afterBlank: false };
  }
  return dropped;
}

interface TailResult {
  credits: string[];
  dropped: Map<string, string[]>;
}

/** Credit lines and agency or page boilerplate among the last lines: credits are kept, the rest goes with a note. */
function takeTail(lines: Line[]): TailResult {
  const credits: string[] = [];
  const dropped = new Map<string, string[]>();
  const drop = (what: string, text: string) => dropped.set(what, [...(dropped.get(what) ?? []), text]);
  for (let guard = 0; guard < 40 && lines.length > 0; guard += 1) {
    const last = lines[lines.length - 1];
    if (!last) break;
    const text = last.text;
    if (CREDIT_LINE.test(text)) {
      credits.unshift(text.replace(/^\(|\)\.?$/gu, "").replace(/\.$/u, "").trim());
      lines.pop();
      continue;
    }
    const boilerplate = BOILERPLATE.find((entry) => entry.pattern.test(text));
    if (boilerplate) {
      drop(boilerplate.what, text);
      lines.pop();
      continue;
    }
    if (isAtEndClutter(text)) {
      drop("page furniture", text);
      lines.pop();
      continue;
    }
    // Link titles under a "Related coverage" heading: short lines with no full stop, up to that heading.
    let heading = -1;
    for (let i = lines.length - 1; i >= Math.max(0, lines.length - 8); i -= 1) {
      const candidate = lines[i]?.text ?? "";
      if (RELATED_HEADING.test(candidate) || CLUTTER_HEADER.test(candidate)) {
        heading = i;
        break;
      }
      if (candidate.length > RELATED_TITLE_MAX) break;
    }
    if (heading > 0) {
      for (const line of lines.splice(heading)) drop("a related-links block", line.text);
      continue;
    }
    break;
  }
  return { credits, dropped };
}

/** A "Related coverage" heading and the link titles under it, in the middle of the story. */
function dropRelatedBlocks(lines: Line[]): string[] {
  const dropped: string[] = [];
  const kept: Line[] = [];
  let pendingBreak = false;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (!line) continue;
    if (!RELATED_HEADING.test(line.text)) {
      kept.push(pendingBreak ? { ...line, afterBlank: true } : line);
      pendingBreak = false;
      continue;
    }
    dropped.push(line.text);
    // Link titles are headline-shaped and have five words or more; a subheading or paragraph ends the block.
    for (let taken = 0; taken < 5 && i + 1 < lines.length; taken += 1) {
      const text = lines[i + 1]?.text ?? "";
      if (!hasHeadlineShape(text) || countWords(text) < 5 || text.length > 160) break;
      dropped.push(text);
      i += 1;
    }
    pendingBreak = true;
  }
  lines.length = 0;
  lines.push(...kept);
  return dropped;
}

/** Bylines without "By": "Mira Sandoval, Staff Reporter", "Harbour Wire staff writers", "Agency Staff". */
function readBareByline(text: string): ImportedByline[] | null {
  if (text.length > BY_LINE_MAX_CHARS || endsSentence(text)) return null;
  const staff = /^([^,\s]+(?:\s[^,\s]+){0,3}?)\s+(?:staff(?: writers?| reporters?)?|correspondents|reporters)$/iu.exec(text);
  if (staff?.[1] && isOrganisationName(staff[1])) return [{ name: text, kind: "ORGANISATION" }];
  const [name = "", ...roles] = text.split(/\s*,\s*|\s+[|–—]\s+/u);
  if (roles.length > 0 && roles.every(hasRoleWord) && roles.every((role) => countWords(role) <= 5)) {
    const names = readNames(name);
    if (names?.every((byline) => byline.kind === "PERSON")) return names;
  }
  return null;
}

export interface Dateline {
  /** The words taken off the paragraph: "SEOUL (Reuters) -". */
  text: string;
  place: string;
  agency: string;
  rest: string;
}

/** A wire dateline at the start of a paragraph, split from the rest; null if it has none. The HTML import reads with it too. */
export function readWireDateline(text: string): Dateline | null {
  const match = WIRE_DATELINE.exec(text) ?? AGENCY_DATELINE.exec(text);
  if (!match) return null;
  const place = (match[1] ?? "").trim();
  // The first word of the place is in capitals (or an agency follows); a lone capital letter is not a place.
  const firstWord = place.split(/[\s,]/u)[0] ?? "";
  if (firstWord.replace(/[^\p{L}]/gu, "").length < 2) return null;
  const agency = (match[3] ?? "").trim();
  const rest = text.slice(match[0].length).trim();
  if (rest.length === 0 || (!agency && !/\p{Ll}/u.test(rest))) return null;
  return { text: match[0].trim(), place, agency, rest };
}

/** A caption with a photo credit, a credit alone, or a "Caption:" line; null for an ordinary block. */
function readCaption(text: string): ImportedCaption | null {
  if (text.length > CAPTION_MAX_CHARS + 100) return null;
  const only = CREDIT_ONLY.exec(text) ?? AGENCY_SLASH_CREDIT.exec(text);
  if (only?.[1] && countWords(only[1]) <= 10 && !endsSentence(only[1].replace(/\.$/u, ""))) {
    return { text: "", credit: only[1].replace(/[)\]]$/u, "").trim() };
  }
  const prefixed = CAPTION_PREFIX.exec(text);
  if (prefixed?.[1]) {
    const inner = TRAILING_PHOTO_CREDIT.exec(prefixed[1]);
    return inner ? { text: (inner[1] ?? "").trim(), credit: cleanCredit(inner[2] ?? "") } : { text: prefixed[1].trim(), credit: "" };
  }
  if (text.length > CAPTION_MAX_CHARS) return null;
  const trailing = TRAILING_PHOTO_CREDIT.exec(text);
  if (trailing?.[1] && trailing[2]) return { text: trailing[1].trim(), credit: cleanCredit(trailing[2]) };
  return null;
}

function cleanCredit(credit: string): string {
  return credit
    .replace(/^(?:photo(?:graph)?|image|picture|credit)s?(?: by)?\s*[:：]\s*/iu, "")
    .replace(/[)\].]+$/u, "")
    .trim();
}

function isRepeat(a: string, b: string): boolean {
  const bare = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return bare(a) === bare(b);
}

function emptyStory(notes: string[], error: string | null = null): ImportedStory {
  return {
    headline: "",
    standfirst: "",
    body: { type: "doc", content: [{ type: "paragraph" }] },
    bylines: [],
    dateline: "",
    datelinePlace: "",
    credit: "",
    captions: [],
    signatureDate: null,
    pullQuoteCandidates: [],
    notes,
    error,
  };
}

/**
 * Reads a pasted wire or web story into a draft's headline, standfirst, body, bylines, dateline
 * place, desk, credit, captions and date. Input that is not a story's text comes back with `error`.
 */
export function parsePlainTextStory(input: string): ImportedStory {
  const raw = typeof input === "string" ? input : "";
  const refusal = refusePlainText(raw);
  if (refusal) return emptyStory([refusal], refusal);
  const normalised = normaliseLines(raw);
  if (normalised.length === 0) return emptyStory(["The text was empty: paste the story's text."]);
  const notes: string[] = [];

  const lines = dropFurnitureLines(normalised);
  const furnitureLines = normalised.length - lines.length;
  const chrome = dropLeadingChrome(lines);

  // Everything after the signature is the page around the story, not the story.
  const found = findSignature(lines);
  let afterSignature = 0;
  if (found) {
    afterSignature = lines.length - found.index - 1;
    lines.length = found.index;
  }
  const tail = takeTail(lines);
  const atEnd = dropTrailingClutter(lines);
  const related = dropRelatedBlocks(lines);

  // "By" lines and staff bylines near the top name the writers and leave the body.
  const byLineBylines: ImportedByline[] = [];
  let byLinePlace = "";
  const bylineTexts: string[] = [];
  for (let i = 0; i < Math.min(BYLINE_SEARCH_LINES + 2, lines.length) && bylineTexts.length < MAX_BYLINE_LINES; i += 1) {
    const text = lines[i]?.text ?? "";
    const bare = i > 0 ? readBareByline(text) : null;
    const read = readByLine(text) ?? (bare ? { bylines: bare, place: "" } : null);
    if (!read) {
      // Byline lines stand together: the first line after them that is not one ends the search.
      if (bylineTexts.length > 0) break;
      continue;
    }
    byLineBylines.push(...read.bylines);
    byLinePlace ||= read.place;
    bylineTexts.push(text);
    const next = lines[i + 1];
    if (next) next.afterByline = true;
    removeLine(lines, i);
    i -= 1;
  }
  const byLine = bylineTexts.length > 0 ? { bylines: byLineBylines, place: byLinePlace } : null;

  const { blocks, joined } = joinWrappedLines(lines);

  // Captions and photo credits leave the body and are offered to the editor.
  // Built into a new list rather than spliced, so a paste of thousands of credits stays linear.
  const captions: ImportedCaption[] = [];
  const kept: Block[] = [];
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i];
    if (!block) continue;
    const caption = i > 0 ? readCaption(block.text) : null;
    if (!caption) {
      kept.push(block);
      continue;
    }
    const previous = kept[kept.length - 1];
    const next = blocks[i + 1];
    // A credit alone under a short line that is not a sentence of the story: that line is its caption.
    const captionAbove =
      !caption.text &&
      previous !== undefined &&
      kept.length > 1 &&
      previous.text.length <= CAPTION_ABOVE_CREDIT_MAX &&
      !/["“”]/u.test(previous.text) &&
      next !== undefined &&
      next.text.length > previous.text.length;
    if (captionAbove) {
      kept.pop();
      captions.push({ text: previous.text, credit: caption.credit });
    } else {
      captions.push(caption);
    }
  }
  blocks.length = 0;
  blocks.push(...kept);

  // A wire dateline ("SEOUL (Reuters) -") opens the lede; what stands above it is headline and standfirst.
  let datelinePlace = "";
  let datelineAgency = "";
  let datelineText = "";
  let ledeIndex = -1;
  for (let i = 0; i < Math.min(DATELINE_SEARCH_BLOCKS, blocks.length); i += 1) {
    const block = blocks[i];
    const dateline = block ? readWireDateline(block.text) : null;
    if (block && dateline) {
      datelinePlace = dateline.place;
      datelineAgency = dateline.agency;
      datelineText = dateline.text;
      block.text = dateline.rest;
      ledeIndex = i;
      break;
    }
  }

  // The page's title and the article's headline: the same words twice.
  let repeatedHeadline = 0;
  if (blocks[0] && hasHeadlineShape(blocks[0].text)) {
    const top = blocks[0].text;
    while (blocks[repeatedHeadline + 1] && isRepeat(top, blocks[repeatedHeadline + 1]?.text ?? "")) repeatedHeadline += 1;
    // One splice for the whole run, so a paste of one line many times stays linear.
    blocks.splice(1, repeatedHeadline);
    ledeIndex -= repeatedHeadline;
  }
  let headline = "";
  const [first, second] = blocks;
  if (first && second && hasHeadlineShape(first.text) && (second.text.length > first.text.length || ledeIndex > 0)) {
    headline = first.text;
    blocks.shift();
    ledeIndex -= 1;
  }
  while (headline && blocks[0] && isRepeat(blocks[0].text, headline)) {
    blocks.shift();
    ledeIndex -= 1;
    repeatedHeadline += 1;
  }
  let standfirst = "";
  if (headline && ledeIndex >= 1) {
    const candidate = blocks[0];
    if (candidate && candidate.text.length <= STANDFIRST_MAX_CHARS) {
      standfirst = candidate.text;
      blocks.shift();
    }
  } else if (headline && isStandfirst(blocks)) {
    standfirst = blocks.shift()?.text ?? "";
  }

  // The first paragraph is the lede; a subheading only stands between paragraphs.
  const content: BlockNode[] = [];
  const paragraphs: string[] = [];
  let bodyChars = 0;
  let isTruncated = false;
  let previousKind: "paragraph" | "heading" | null = null;
  for (let i = 0; i < blocks.length; i += 1) {
    const block = blocks[i];
    if (!block) continue;
    // The desk refuses a body past its size limits, so a longer paste is cut rather than refused whole.
    const room = BODY_TEXT_LIMIT - bodyChars;
    if (content.length >= BODY_BLOCK_LIMIT || room <= 0) {
      isTruncated = true;
      break;
    }
    let text = block.text;
    if (text.length > room) {
      // Never cut between the two halves of a surrogate pair (an emoji, a rare CJK character).
      text = text.slice(0, room).replace(/[\uD800-\uDBFF]$/u, "");
      isTruncated = true;
    }
    if (text.length === 0) break;
    const next = blocks[i + 1];
    const isHeading: boolean =
      previousKind === "paragraph" && next !== undefined && hasSubheadingShape(text) && !hasSubheadingShape(next.text);
    const inline = [{ type: "text" as const, text }];
    if (isHeading) {
      content.push({ type: "heading", attrs: { level: 2 }, content: inline });
    } else {
      content.push({ type: "paragraph", content: inline });
      paragraphs.push(text);
    }
    previousKind = isHeading ? "heading" : "paragraph";
    bodyChars += text.length;
    if (isTruncated) break;
  }

  const signature = found?.signature ?? null;
  const bylines = mergeBylines([...(byLine?.bylines ?? []), ...(signature?.bylines ?? [])]);
  const dateline = signature?.desk ?? byLine?.place ?? "";
  const credit = tail.credits.length > 0 ? tail.credits.join("; ") : datelineAgency;
  const pullQuoteCandidates = findPullQuoteCandidates(paragraphs);

  if (chrome.length > 0) notes.push(`Dropped site chrome before the story: ${quoteAll(chrome)}.`);
  notes.push(headline ? "The headline was taken from the first line: check it." : "No headline was found: write one.");
  if (repeatedHeadline > 0) notes.push("The headline was repeated under itself: the repeat was dropped.");
  if (standfirst) notes.push("The standfirst was taken from the paragraph under the headline: check it.");
  if (bylines.length > 0) notes.push(`Bylines from the text: ${describeBylines(bylines)}. Match them to the desk's bylines.`);
  else notes.push("No byline was found in the text: choose one.");
  if (bylineTexts.length > 0) notes.push(`Byline lines left the body: ${quoteAll(bylineTexts)}.`);
  if (datelinePlace) {
    notes.push(
      `The wire dateline "${datelineText}" was taken off the first paragraph: its place "${datelinePlace}" is the dateline place${datelineAgency ? ` and its agency is ${datelineAgency}` : ""}.`,
    );
  }
  if (signature) {
    notes.push(`The signature line gave the dateline "${signature.desk}"${signature.date ? ` and the date ${signature.date}` : ""}.`);
    if (!signature.date) notes.push(`The signature's date "${signature.dateText}" could not be read: check the date.`);
  } else if (byLine?.place) {
    notes.push(`The dateline "${byLine.place}" was taken from the "By" line.`);
  } else if (!datelinePlace) {
    notes.push('No signature line (like "Newsroom in Europe – 4 November 2025") was found, so there is no dateline.');
  }
  if (tail.credits.length > 0) notes.push(`The credit "${credit}" was taken from the end of the text, not put in the body.`);
  else if (credit) notes.push(`The credit was set to the agency "${credit}" from the dateline.`);
  if (captions.length > 0) {
    notes.push(
      `Found ${plural(captions.length, "photo caption or credit", "photo captions or credits")}; offered as captions, not put in the body: ${quoteAll(captions.map((c) => (c.credit ? `${c.text} (${c.credit})`.trim() : c.text)), 400)}.`,
    );
  }
  for (const [what, texts] of tail.dropped) notes.push(`Dropped ${what} at the end: ${quoteAll(texts)}.`);
  if (related.length > 0) notes.push(`Dropped a related-links block in the story: ${quoteAll(related)}.`);
  if (afterSignature > 0) notes.push(`Dropped ${plural(afterSignature, "line", "lines")} of page clutter after the signature.`);
  if (atEnd > 0) notes.push(`Dropped ${plural(atEnd, "line", "lines")} of page clutter at the end of the text.`);
  if (furnitureLines > 0) notes.push(`Dropped ${plural(furnitureLines, "line", "lines")} of page clutter (advertisements, "Read more" links).`);
  if (joined > 0) notes.push(`Joined ${plural(joined, "hard-wrapped line", "hard-wrapped lines")} into their paragraphs.`);
  if (pullQuoteCandidates.length > 0) {
    notes.push(`Found ${plural(pullQuoteCandidates.length, "quote", "quotes")} that could be a pull quote; none was added to the body.`);
  }
  if (isTruncated) {
    notes.push(`The text is too long for one story: only the first part was imported (${plural(content.length, "block", "blocks")}).`);
  }

  return {
    headline,
    standfirst,
    body: { type: "doc", content: content.length > 0 ? content : [{ type: "paragraph" }] },
    bylines,
    dateline,
    datelinePlace,
    credit,
    captions,
    signatureDate: signature?.date ?? null,
    pullQuoteCandidates,
    notes,
    error: null,
  };
}
