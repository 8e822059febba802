// Why a new or edited comment waits for a moderator instead of appearing at once. Each reason has a
// code, stored in Comment.holdReasons for the moderator, and a plain-words clause for its author
// ("Your comment is waiting for a moderator because it contains links and your account is less
// than a day old.").
//
// Banned words are not a hold: a comment containing one is refused at posting, with the word named
// so the author can rephrase, and nothing is stored. That is the difference between the two lists
// an admin keeps: banned words never appear (and no moderator has to read them), suspect words make
// a moderator look first. People who can moderate are not held by the automatic rules (they could
// approve their own comment anyway); on a pre-moderated story everyone's comment waits.

import { AppError } from "@/lib/errors";
import { findListedWords } from "@/lib/text/word-list";

import type { CommentSettings } from "./settings";

// The order reasons are stored and told in (holdReasons, and "post_comment" in SQL).
export const HOLD_CODES = ["PREMODERATED", "SUSPECT_WORD", "NEW_ACCOUNT_LINKS", "REPEATED", "FIRST_COMMENT", "REPORTED"] as const;
export type HoldCode = (typeof HOLD_CODES)[number];

/** Accounts younger than this may not post links without a moderator's look. */
export const NEW_ACCOUNT_MS = 24 * 60 * 60 * 1000;
/** The same text from the same author within this time is held as a repeat. */
export const REPEAT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** For the author: the clause after "because". */
export const HOLD_CLAUSES: Record<HoldCode, string> = {
  PREMODERATED: "a moderator checks every comment on this story before it appears",
  SUSPECT_WORD: "it contains a word our moderators check before it is shown",
  NEW_ACCOUNT_LINKS: "it contains links and your account is less than a day old",
  REPEATED: "you posted the same text recently",
  FIRST_COMMENT: "it is your first comment here, and a moderator reads every new reader's first comment",
  REPORTED: "several readers reported it",
};

/** For the moderator: a short label per code. */
export const HOLD_LABELS: Record<HoldCode, string> = {
  PREMODERATED: "Pre-moderated story",
  SUSPECT_WORD: "Suspect word",
  NEW_ACCOUNT_LINKS: "Links from a new account",
  REPEATED: "Repeated text",
  FIRST_COMMENT: "First comment",
  REPORTED: "Reported by readers",
};

export function isHoldCode(value: string): value is HoldCode {
  return (HOLD_CODES as readonly string[]).includes(value);
}

function joinClauses(clauses: string[]): string {
  if (clauses.length <= 1) return clauses[0] ?? "";
  return `${clauses.slice(0, -1).join(", ")} and ${clauses.at(-1)}`;
}

/** "it contains links and your account is less than a day old" (unknown codes are skipped). */
export function holdExplanation(codes: readonly string[]): string {
  const clauses = codes.filter(isHoldCode).map((code) => HOLD_CLAUSES[code]);
  return joinClauses(clauses.length > 0 ? clauses : ["a moderator wants to look at it first"]);
}

/** The sentence shown to the author right after posting. */
export function heldMessage(codes: readonly string[]): string {
  return `Your comment is waiting for a moderator because ${holdExplanation(codes)}.`;
}

export { findListedWords };

/**
 * Refuses a body with a banned word in it (nothing is stored). Words are found after folding case,
 * spacing, invisible characters and look-alike letters (lib/text/word-list.ts).
 */
export function assertNoBannedWords(body: string, bannedWords: readonly string[]): void {
  const found = findListedWords(body, bannedWords);
  if (found.length === 0) return;
  const list = found.map((w) => `"${w}"`).join(", ");
  const message = `Your comment contains ${found.length === 1 ? "a word" : "words"} we do not allow (${list}). Rephrase it and post again.`;
  throw new AppError("INVALID_INPUT", message, { reason: "COMMENT_BANNED_WORD", fieldErrors: { body: [message] } });
}

export interface HoldContext {
  body: string;
  hasLinks: boolean;
  policy: "OPEN" | "PREMODERATED";
  settings: Pick<CommentSettings, "suspectWords" | "holdFirstComment">;
  author: {
    createdAt: Date;
    /** May moderate comments: the automatic rules do not hold them. */
    canModerate: boolean;
    /** Whether any earlier comment of theirs was ever approved. */
    hasApprovedComment: boolean;
    /** Whether they posted the same text (bodyHash) within REPEAT_WINDOW_MS, other than this comment. */
    postedSameTextRecently: boolean;
  };
  now: Date;
}

/**
 * The reasons to hold this comment, in a stable order; empty means it is published at once.
 * Posting applies these rules in SQL, in the function "post_comment"
 * (prisma/migrations/20261127132700_post_comment_function), given the text-only facts (suspect
 * words, links) from here: a change here is a change there. lib/comments/post-sql.integration.test.ts
 * checks that the two agree.
 */
export function holdReasons(context: HoldContext): HoldCode[] {
  const reasons: HoldCode[] = [];
  if (context.policy === "PREMODERATED") reasons.push("PREMODERATED");
  if (context.author.canModerate) return reasons;
  if (findListedWords(context.body, context.settings.suspectWords).length > 0) reasons.push("SUSPECT_WORD");
  if (context.hasLinks && context.now.getTime() - context.author.createdAt.getTime() < NEW_ACCOUNT_MS) reasons.push("NEW_ACCOUNT_LINKS");
  if (context.author.postedSameTextRecently) reasons.push("REPEATED");
  if (context.settings.holdFirstComment && !context.author.hasApprovedComment) reasons.push("FIRST_COMMENT");
  return reasons;
}
